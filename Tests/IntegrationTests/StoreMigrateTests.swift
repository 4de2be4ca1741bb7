import Foundation
import SyncEngine
import Testing

/// `ldapsync store migrate`: a synced SQLite state moved into PostgreSQL and back, verified, and
/// the engine carrying on from it as if nothing had happened.
@Suite struct StoreMigrateTests {
    @Test func aSyncedStateMovesToPostgresAndBackAndTheNextCycleIsQuiet() async throws {
        let fixture = try await SyncFixture(name: "migrate", settings: ["schedule": "{ passwordSync: off }"], store: .sqlite)
        defer { fixture.remove() }
        _ = try await fixture.cycle(initial: true)
        let settings = TestPostgres.settings()
        let options = [
            "--user", settings.user, "--password-file", settings.passwordFile, "--ca-file", settings.caFile ?? "",
        ]
        let destination = settings.url

        // A service running on the state: refused (what it writes after the snapshot would be lost).
        let service = try await RunningService(fixture: fixture, arguments: ["--interval", "1h"])
        let refused = try await CommandLine.run(["store", "migrate", "--to", destination] + options, config: fixture.configPath)
        #expect(refused.code != 0 && refused.stderr.contains("stop it before migrating"), "\(refused.stderr)")
        await service.stop()

        // Into PostgreSQL (a schema of its own, through the configuration's store: afterwards).
        let yaml = try String(contentsOfFile: fixture.configPath, encoding: .utf8)
        let withSchema = "\(fixture.stateDirectory)/pg.yaml"
        try (yaml + "\nstore: \(TestPostgres.flowYAML(settings))\n").write(toFile: withSchema, atomically: true, encoding: .utf8)
        // The destination is the configured PostgreSQL store: opened (created) by a read first.
        #expect(try await CommandLine.run(["runs"], config: withSchema).code == 0)
        let copied = try await CommandLine.run(
            ["store", "migrate", "--to", destination, "--schema", settings.schema] + options, config: fixture.configPath)
        #expect(copied.code == 0, "\(copied.stdout)\(copied.stderr)")
        #expect(copied.stdout.contains("verified"), "\(copied.stdout)")
        // The sealed credentials go into the store: the cycle below binds with them.
        #expect(
            copied.stdout.contains("Sealed credentials: \(destination), schema \(settings.schema), table credential_document"), "\(copied.stdout)")
        let csRows = copied.stdout.components(separatedBy: "\n").first { $0.contains("cs_object:") }
            .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
        #expect((csRows ?? 0) > 3_000, "\(copied.stdout)")  // both connector spaces: every source object and its target copy

        // The engine carries on from the copy: nothing to export, the runs are there.
        let quiet = try await CommandLine.run(["cycle"], config: withSchema)
        #expect(quiet.code == 0, "\(quiet.stdout)\(quiet.stderr)")
        #expect(quiet.stdout.contains("completed-no-objects"), "\(quiet.stdout)")
        let runs = try await CommandLine.run(["runs", "--last", "50"], config: withSchema)
        #expect(runs.stdout.components(separatedBy: "\n").filter { $0.contains("full-import") }.count >= 2, "\(runs.stdout)")

        // Into a store that already holds state: refused, nothing changed.
        let again = try await CommandLine.run(
            ["store", "migrate", "--to", destination, "--schema", settings.schema] + options, config: fixture.configPath)
        #expect(again.code != 0 && again.stderr.contains("already holds state"), "\(again.stderr)")

        // A password in the URL is refused (it belongs in the password file).
        let leaky = try await CommandLine.run(
            ["store", "migrate", "--to", "postgres://u:Leaky-Pass-1@127.0.0.1:55432/ldapsync"] + options, config: fixture.configPath)
        #expect(leaky.code == 2 && leaky.stderr.contains("password in the URL is not accepted"), "\(leaky.stderr)")
        #expect(!leaky.stderr.contains("Leaky-Pass-1"))

        // And back into a new SQLite file; an existing file is never written into.
        let back = fixture.stateDirectory + "/back.db"
        let home = try await CommandLine.run(["store", "migrate", "--to", "sqlite:" + back], config: withSchema)
        #expect(home.code == 0, "\(home.stdout)\(home.stderr)")
        #expect(home.stdout.contains("Sealed credentials: \(fixture.configuration.statePath)/credentials.json"), "\(home.stdout)")
        let existing = try await CommandLine.run(["store", "migrate", "--to", "sqlite:" + back], config: withSchema)
        #expect(existing.code != 0 && existing.stderr.contains("exists"), "\(existing.stderr)")
    }
}
