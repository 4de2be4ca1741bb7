import Foundation
import SyncEngine
import SyncStore
import Testing

/// A malformed server (issue 20): the scenarios of `scripts/testserver/fake-ldap.py` that
/// FaultTests leaves out, each met by `ldapsync run fake full-import` as an admin runs it. Every
/// one ends with a run status and a message that says what the server did, within bounded
/// memory, and without a crash (a crash has no run status and exits with a signal).
@Suite struct MalformedServerTests {
    /// The most a ten-entry import may hold in memory, whatever the server sends (a debug build
    /// of ldapsync peaks near 60 MiB).
    static let memoryLimitKiB = 256 * 1024

    /// What one `ldapsync run fake full-import` printed and recorded.
    struct Outcome {
        var code: Int32
        var output: String
        var run: RunRecord
        var peakKiB: Int
    }

    @Test(arguments: [false, true])
    func aMessageCutOffMidwayStopsTheRunAsServerDown(reset: Bool) async throws {
        let outcome = try await importRun(.truncatedMessage(after: 3, reset: reset), name: "truncated")
        #expect(outcome.code == 4, "\(outcome.output)")
        #expect(outcome.run.status == .stoppedServerDown, "\(outcome.run.status)")
        #expect(outcome.run.message?.contains("127.0.0.1") == true, "\(outcome.run.message ?? "")")
        #expect(outcome.peakKiB < Self.memoryLimitKiB)
    }

    @Test func aMessageLongerThanWhatArrivesTimesOut() async throws {
        let outcome = try await importRun(.wrongLength(after: 3), name: "wrong-length")
        expectTimedOut(outcome)
    }

    @Test func aServerThatFallsSilentMidSearchTimesOut() async throws {
        let outcome = try await importRun(.stall(after: 3), name: "stall")
        expectTimedOut(outcome)
    }

    @Test func answersUnderAnotherMessageIDAreNeverTakenAndTheRunTimesOut() async throws {
        let outcome = try await importRun(.outOfOrderIDs(mode: .wrong), name: "wrong-ids")
        expectTimedOut(outcome)
        #expect(outcome.run.counters.adds == 0)
    }

    @Test func aStrayDoneForAnotherMessageIDIsIgnored() async throws {
        let outcome = try await importRun(.outOfOrderIDs(mode: .doneFirst), name: "done-first")
        #expect(outcome.code == 0, "\(outcome.output)")
        #expect(outcome.run.status == .success, "\(outcome.run.status): \(outcome.run.message ?? "")")
        #expect(outcome.run.counters.adds == 10)
    }

    @Test(arguments: [false, true])
    func unknownResponseControlsAreIgnored(explicitFalse: Bool) async throws {
        let outcome = try await importRun(.unknownControl(explicitFalse: explicitFalse), name: "unknown-control")
        #expect(outcome.code == 0, "\(outcome.output)")
        #expect(outcome.run.status == .success, "\(outcome.run.status): \(outcome.run.message ?? "")")
        #expect(outcome.run.counters.adds == 10 && outcome.run.errors.isEmpty)
        #expect(outcome.peakKiB < Self.memoryLimitKiB)
    }

    @Test func aRejectedBindIsNoStartCredentialsWithTheDirectorysReason() async throws {
        let outcome = try await importRun(.bindFails(), name: "bind-fails")
        #expect(outcome.code == 3, "\(outcome.output)")
        #expect(outcome.run.status == .noStartCredentials, "\(outcome.run.status)")
        #expect(outcome.run.message?.contains("the password is wrong") == true, "\(outcome.run.message ?? "")")
        #expect(outcome.run.message?.contains("52e") == true, "\(outcome.run.message ?? "")")
    }

    @Test func aBindRefusedForAnotherReasonSaysSo() async throws {
        let outcome = try await importRun(.bindFails(code: 53, diagnostic: "the server is read-only"), name: "bind-unwilling")
        #expect(outcome.code != 0 && outcome.code != -1, "\(outcome.output)")
        #expect([.noStartCredentials, .noStartConnection].contains(outcome.run.status), "\(outcome.run.status)")
        #expect(outcome.run.message?.contains("read-only") == true, "\(outcome.run.message ?? "")")
    }

    @Test func aRefusedStartTLSIsNoStartConnectionAndSaysStartTLS() async throws {
        let outcome = try await importRun(.startTLSRefused(), name: "starttls", extra: ["tls": "starttls"])
        #expect(outcome.code == 4, "\(outcome.output)")
        #expect(outcome.run.status == .noStartConnection, "\(outcome.run.status)")
        #expect(outcome.run.message?.contains("StartTLS") == true, "\(outcome.run.message ?? "")")
        #expect(outcome.run.message?.contains("no TLS configured") == true, "\(outcome.run.message ?? "")")
    }

    /// A search the server stopped answering: the run ends at the operation timeout (3 s in
    /// FakeSource's configuration), as a directory that went away, and says it timed out.
    private func expectTimedOut(_ outcome: Outcome) {
        #expect(outcome.code == 4, "\(outcome.output)")
        #expect(outcome.run.status == .stoppedServerDown, "\(outcome.run.status)")
        #expect(outcome.run.message?.contains("within 3000 ms") == true, "\(outcome.run.message ?? "")")
        #expect(outcome.peakKiB < Self.memoryLimitKiB)
    }

    /// `ldapsync run fake full-import` against `scenario` (with `extra` connector settings),
    /// with the run it recorded and its peak resident memory.
    private func importRun(_ scenario: FakeLDAPServer.Scenario, name: String, extra: [String: String] = [:]) async throws -> Outcome {
        let source = try await FaultTests.FakeSource("malformed-\(name)")
        defer { source.config.remove() }
        var measured: (code: Int32, output: String, peakKiB: Int) = (-1, "", 0)
        try await FakeLDAPServer.with(scenario) { server in
            try source.write(uri: server.uri, extra: extra)
            measured = try await Self.measuredRun(["run", "fake", "full-import"], config: source.config.path)
        }
        let (code, output, peakKiB) = measured
        #expect(code != -1, "ldapsync was killed by a signal: \(output)")
        let store = try source.store()
        let run = try #require(
            try await store.read { session in try session.runs(connector: "fake", limit: 1).first.flatMap { try session.run(id: $0.id) } },
            "no run was recorded: \(output)")
        #expect(run.endedAt != nil, "the run never ended")
        return Outcome(code: code, output: output, run: run, peakKiB: peakKiB)
    }

    /// Runs the command line as `CommandLine.run` does, and also reads the child's peak
    /// resident set size (`ru_maxrss`, KiB) from `wait4`.
    private static func measuredRun(_ arguments: [String], config: String) async throws -> (Int32, String, Int) {
        let output = NSTemporaryDirectory() + "ldapsync-malformed-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid = try spawn(
            CommandLine.binary, ["--config", config] + arguments, environment: CommandLine.environment, stdin: "/dev/null", stdout: output,
            stderr: nil)
        let (code, peakKiB) = await withCheckedContinuation { continuation in
            // A thread of its own: a blocking wait4 must not hold the cooperative pool.
            Thread.detachNewThread {
                var status: Int32 = 0
                var usage = rusage()
                while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
                continuation.resume(returning: ((status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, usage.ru_maxrss))
            }
        }
        return (code, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "", peakKiB)
    }
}
