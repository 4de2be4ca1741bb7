import ArgumentParser
import Foundation
import Operations
import PostgresStore
import SyncEngine
import SyncStore

/// `ldapsync store migrate --to URL`: the whole state into another store, verified.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "The state's store: copy it between SQLite and PostgreSQL.", subcommands: [StoreMigrate.self])
}

struct StoreMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy the configured store's whole state into an empty other store, and verify the copy.",
        discussion: """
            --to postgres://host[:port]/database (with --user and --password-file; TLS verified \
            against --ca-file unless --tls none, which only a loopback address allows), or \
            --to sqlite:PATH (a new SQLite file). The state is read from one snapshot and written \
            in one transaction; each table's row count and SHA-256 are then compared on both \
            ends. Stop the service first (what it wrote after the snapshot would be left \
            behind). Afterwards point the configuration's store: at the new store.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The destination: postgres://host[:port]/database or sqlite:PATH.") var to: String
    @Option(help: "The PostgreSQL user.") var user: String?
    @Option(help: "A file holding only the PostgreSQL password.") var passwordFile: String?
    @Option(help: "verify-full (the default) or none (loopback only).") var tls: String = "verify-full"
    @Option(help: "CA certificates that verify the PostgreSQL server.") var caFile: String?
    @Option(help: "The PostgreSQL schema (default public).") var schema: String = "public"

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            if let endpoint = ServiceEndpoint.current(stateDirectory: workspace.configuration.statePath) {
                throw CommandFailure("the service (pid \(endpoint.pid)) is running on this state: stop it before migrating")
            }
            guard let source = workspace.store as? any StoreTables else { throw CommandFailure("this store cannot be copied") }
            let destination = try openDestination()
            let report = try await StoreCopy.copy(from: source, to: destination)
            // The sealed credentials go with the state: into the destination store (PostgreSQL),
            // or back into the state folder's credentials.json (SQLite).
            let credentials = Workspace.credentialDocument(of: destination, workspace.configuration)
            let current = Workspace.credentialDocument(of: workspace.store, workspace.configuration)
            if current.location != credentials.location, let sealed = try current.load() { try credentials.update { _ in sealed } }
            if output.json {
                try printJSON(MigrationSummary(from: source.location, to: destination.location, report: report))
            } else {
                print("Copied \(report.totalRows) rows from \(source.location) to \(destination.location); verified:")
                for table in report.tables { print("  \(table.name): \(table.rows) rows, sha256 \(table.checksum.prefix(16))") }
                print("Sealed credentials: \(credentials.location) (every host needs the key file).")
                print("Point store: in \(workspace.configuration.file) at the new store, then start the service.")
            }
            return 0
        }
    }

    private func openDestination() throws -> any StoreTables {
        if to.hasPrefix("sqlite:") {
            let path = String(to.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw ValidationError("--to sqlite:PATH names no file") }
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure("\(path) exists: a migration writes a new SQLite file, never into an existing one")
            }
            return try SQLiteSyncStore(path: path)
        }
        guard let user, let passwordFile else { throw ValidationError("--to postgres://… needs --user and --password-file") }
        guard let mode = PostgresSettings.TLS(rawValue: tls) else { throw ValidationError("--tls must be verify-full or none, not \"\(tls)\"") }
        switch PostgresSettings.checked(url: to, user: user, passwordFile: passwordFile, tls: mode, caFile: caFile, schema: schema) {
        case .success(let settings): return try PostgresSyncStore(settings: settings)
        case .failure(let problem): throw ValidationError("--\(problem.key == "url" ? "to" : problem.key): \(problem.message)")
        }
    }
}

/// `store migrate --json`.
private struct MigrationSummary: Encodable {
    struct Table: Encodable {
        var name: String
        var rows: Int
        var sha256: String
    }
    var from: String
    var to: String
    var tables: [Table]

    init(from: String, to: String, report: StoreCopy.Report) {
        self.from = from
        self.to = to
        tables = report.tables.map { Table(name: $0.name, rows: $0.rows, sha256: $0.checksum) }
    }
}
