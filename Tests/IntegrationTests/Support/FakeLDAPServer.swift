import Foundation

/// A misbehaving LDAP server of a test's own: `scripts/testserver/fake-ldap.py` serving one
/// scenario on 127.0.0.1, on a port the kernel picks, for tests of what ldapsync does with
/// answers a real directory never gives (undecodable entries, truncated or stalled answers,
/// wrong message ids, …). `scripts/testserver/README.md` describes every scenario and what
/// libldap makes of it.
///
///     try await FakeLDAPServer.with(.undecodableEntry()) { server in
///         // connect to server.uri; entries are uid=user0001,dc=fake,dc=test … (FakeLDAPServer.dn)
///     }
///
/// Scenarios whose arguments all have defaults are written with parentheses: `.normal()`,
/// `.stall()`. The server logs every request it receives, one line each, to `requestLogFile`
/// (`requestLog()`, and what `stop()` returns): tests can assert on what the client sent. It
/// stops by itself when the test process goes away (`--parent-pid`).
final class FakeLDAPServer: Sendable {
    /// What the server does wrong (the script's `--scenario` and its options).
    enum Scenario: Sendable {
        /// Well-formed answers: the baseline.
        case normal(entries: Int = 10)
        /// Entry `at` (1-based, counted across pages) is malformed inside its attribute list,
        /// at `sn`, every enclosing length right.
        case undecodableEntry(entries: Int = 10, at: Int = 3, malformation: Malformation = .setOverrun)
        /// `after` entries, then the first half of the next message's bytes, then close (FIN,
        /// or RST with `reset`).
        case truncatedMessage(entries: Int = 10, after: Int = 3, reset: Bool = false)
        /// `after` entries, then a message whose outer length claims 100 bytes more than are
        /// sent; the connection then stays open and silent.
        case wrongLength(entries: Int = 10, after: Int = 3)
        /// Entry `at` carries `description` with one value of `valueMiB` MiB.
        case hugeValue(entries: Int = 10, at: Int = 3, valueMiB: Int = 64)
        /// Entries carry a non-critical control `oid`; every SearchResultDone carries it with
        /// criticality TRUE. `explicitFalse`: the entries' criticality spelled out as FALSE.
        case unknownControl(entries: Int = 10, oid: String = "1.3.6.1.4.1.55555.1.42", explicitFalse: Bool = false)
        /// Search responses carry the request's message id + `offset` (`.wrong`: nothing ever
        /// carries the right id), or (`.doneFirst`) a SearchResultDone for id + `offset` comes
        /// before the correct answer.
        case outOfOrderIDs(entries: Int = 10, mode: IDMode = .wrong, offset: Int = 7)
        /// `after` entries, then silence on that connection (the socket stays open).
        case stall(entries: Int = 10, after: Int = 3)
        /// Every simple bind answers `code` with `diagnostic` (by default AD's "data 52e").
        case bindFails(
            code: Int = 49,
            diagnostic: String = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563",
            trailingNUL: Bool = false, allowAnonymous: Bool = false)
        /// StartTLS answers `code` (52 unavailable, or 2 protocolError) with `diagnostic`.
        case startTLSRefused(code: Int = 52, diagnostic: String = "StartTLS is not available: this server has no TLS configured")
        /// Searches succeed with zero entries (the root DSE still answers).
        case emptySuccess
        /// Searches as `normal`; extended operations (Password Modify…) are read and never answered.
        case stallExtended(entries: Int = 10)

        enum Malformation: String, Sendable {
            /// sn's SET OF values claims a length past the end of the attribute list: libldap
            /// reads the attributes before sn, then ldap_get_attribute_ber fails (-4).
            case setOverrun = "set-overrun"
            /// sn's value claims 5 bytes more than its SET holds: same in ldap_get_attribute_ber.
            case valueOverrun = "value-overrun"
            /// sn's value is tagged INTEGER instead of OCTET STRING: libldap does not notice.
            case valueTag = "value-tag"
            /// The attribute list claims 100 bytes more than the entry holds: ldap_get_dn_ber
            /// (and ldap_get_entry_controls) fail, the whole entry is unreadable.
            case listOverrun = "list-overrun"
        }

        enum IDMode: String, Sendable {
            case wrong
            case doneFirst = "done-first"
        }

        /// The script's `--scenario` value.
        var name: String {
            switch self {
            case .normal: "normal"
            case .undecodableEntry: "undecodable-entry"
            case .truncatedMessage: "truncated-message"
            case .wrongLength: "wrong-length"
            case .hugeValue: "huge-value"
            case .unknownControl: "unknown-control"
            case .outOfOrderIDs: "out-of-order-ids"
            case .stall: "stall"
            case .bindFails: "bind-fails"
            case .startTLSRefused: "starttls-refused"
            case .emptySuccess: "empty-success"
            case .stallExtended: "stall-extended"
            }
        }

        /// `--scenario NAME` and the scenario's options.
        var arguments: [String] {
            let options: [String]
            switch self {
            case .normal(let entries), .stallExtended(let entries):
                options = ["--entries", "\(entries)"]
            case .undecodableEntry(let entries, let at, let malformation):
                options = ["--entries", "\(entries)", "--at", "\(at)", "--malformation", malformation.rawValue]
            case .truncatedMessage(let entries, let after, let reset):
                options = ["--entries", "\(entries)", "--after", "\(after)"] + (reset ? ["--reset"] : [])
            case .wrongLength(let entries, let after), .stall(let entries, let after):
                options = ["--entries", "\(entries)", "--after", "\(after)"]
            case .hugeValue(let entries, let at, let valueMiB):
                options = ["--entries", "\(entries)", "--at", "\(at)", "--value-mib", "\(valueMiB)"]
            case .unknownControl(let entries, let oid, let explicitFalse):
                options = ["--entries", "\(entries)", "--oid", oid] + (explicitFalse ? ["--explicit-false"] : [])
            case .outOfOrderIDs(let entries, let mode, let offset):
                options = ["--entries", "\(entries)", "--mode", mode.rawValue, "--offset", "\(offset)"]
            case .bindFails(let code, let diagnostic, let trailingNUL, let allowAnonymous):
                options =
                    ["--code", "\(code)", "--diagnostic", diagnostic]
                    + (trailingNUL ? ["--trailing-nul"] : []) + (allowAnonymous ? ["--allow-anonymous"] : [])
            case .startTLSRefused(let code, let diagnostic):
                options = ["--code", "\(code)", "--diagnostic", diagnostic]
            case .emptySuccess:
                options = []
            }
            return ["--scenario", name] + options
        }
    }

    /// The naming context of every scenario.
    static let base = "dc=fake,dc=test"

    /// The DN of entry `number` (1-based) of a server with `entries` entries.
    static func dn(_ number: Int, entries: Int = 10) -> String {
        "uid=\(uid(number, entries: entries)),\(base)"
    }

    /// The uid of entry `number`: user0001 (zero-padded to 4 digits, more when `entries` needs).
    static func uid(_ number: Int, entries: Int = 10) -> String {
        let digits = String(number)
        let width = max(4, String(entries).count)
        return "user" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The entryUUID of entry `number`: fa4e0000-0000-4000-8000-<number in 12 hex digits>.
    static func entryUUID(_ number: Int) -> String {
        let hex = String(number, radix: 16)
        return "fa4e0000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
    }

    let scenario: Scenario
    let port: Int
    /// ldap://127.0.0.1:<port>
    let uri: String
    let pid: pid_t
    /// The script's stdout (the `READY <port>` line).
    let outputFile: String
    /// The script's stderr: one line per request received, connection and misbehaviour.
    let requestLogFile: String
    private let child: ChildState

    /// Starts the script and waits (up to 10 s) for its `READY <port>` line; throws with the
    /// script's output when it exits or does not get ready.
    init(_ scenario: Scenario, extraArguments: [String] = []) async throws {
        let script = TestDirectory.repositoryRoot.appendingPathComponent("scripts/testserver/fake-ldap.py").path
        let stem = NSTemporaryDirectory() + "ldapsync-fake-ldap-\(scenario.name)-\(UInt32.random(in: 0...UInt32.max))"
        let outputFile = stem + ".out"
        let requestLogFile = stem + ".log"
        let arguments = [script, "--port", "0"] + scenario.arguments + ["--parent-pid", "\(getpid())"] + extraArguments
        let pid = try spawn(
            "/usr/bin/python3", arguments, environment: ProcessInfo.processInfo.environment,
            stdin: "/dev/null", stdout: outputFile, stderr: requestLogFile)
        let port: Int
        do {
            port = try await Self.waitUntilReady(
                pid: pid, outputFile: outputFile, requestLogFile: requestLogFile,
                command: "fake-ldap.py " + arguments.dropFirst().joined(separator: " "))
        } catch {
            try? FileManager.default.removeItem(atPath: outputFile)
            try? FileManager.default.removeItem(atPath: requestLogFile)
            throw error
        }
        self.scenario = scenario
        self.port = port
        self.uri = "ldap://127.0.0.1:\(port)"
        self.pid = pid
        self.outputFile = outputFile
        self.requestLogFile = requestLogFile
        self.child = ChildState()
    }

    /// Runs `body` with a server of `scenario`, then stops the server, whether `body` threw or not.
    static func with(
        _ scenario: Scenario, extraArguments: [String] = [], _ body: (FakeLDAPServer) async throws -> Void
    ) async throws {
        let server = try await FakeLDAPServer(scenario, extraArguments: extraArguments)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// What the server has logged so far (one line per request received).
    func requestLog() -> String {
        (try? String(contentsOfFile: requestLogFile, encoding: .utf8)) ?? ""
    }

    /// Stops the server: SIGTERM, SIGKILL if it has not exited 5 s later, and reaps it on a
    /// thread of its own. Returns the request log. Calling it again only returns the log.
    @discardableResult
    func stop() async -> String {
        if child.claimStop() {
            _ = await Self.terminate(pid)
        }
        return requestLog()
    }

    deinit {
        // A server nobody stopped: kill it, reap it off the cooperative pool, drop its files.
        if child.claimStop() {
            let pid = self.pid
            kill(pid, SIGKILL)
            Thread.detachNewThread { _ = wait(for: pid) }
        }
        try? FileManager.default.removeItem(atPath: outputFile)
        try? FileManager.default.removeItem(atPath: requestLogFile)
    }

    /// Polls the output file for `READY <port>` (a complete line) until the child exits or
    /// 10 s pass. `waitpid(WNOHANG)` never blocks; a child that exited is reaped here.
    private static func waitUntilReady(pid: pid_t, outputFile: String, requestLogFile: String, command: String) async throws -> Int {
        func output() -> String {
            let stdout = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            let stderr = (try? String(contentsOfFile: requestLogFile, encoding: .utf8)) ?? ""
            return "stdout: \(stdout.isEmpty ? "(empty)" : stdout)\nstderr: \(stderr.isEmpty ? "(empty)" : stderr)"
        }
        let started = ContinuousClock.now
        while true {
            let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
            // Only complete lines: the line may be read while it is being written.
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            where line.hasPrefix("READY ") {
                if let port = Int(line.dropFirst("READY ".count).trimmingCharacters(in: .whitespaces)), port > 0 {
                    return port
                }
            }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno == ECHILD) {
                let code =
                    reaped < 0
                    ? "no such child"
                    : (status & 0x7f) == 0 ? "exit status \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
                throw FakeLDAPServerError(message: "\(command) ended (\(code)) before it was ready.\n\(output())")
            }
            if ContinuousClock.now - started > .seconds(10) {
                _ = await terminate(pid)
                throw FakeLDAPServerError(message: "\(command) printed no READY line within 10 s.\n\(output())")
            }
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                _ = await terminate(pid)
                throw error
            }
        }
    }

    /// SIGTERM, then reaps the child on a thread of its own, polling for 5 s before SIGKILL.
    /// Only this thread reaps the child, so the SIGKILL can never hit a recycled pid.
    private static func terminate(_ pid: pid_t) async -> Int32 {
        kill(pid, SIGTERM)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                for _ in 0..<500 {
                    let reaped = waitpid(pid, &status, WNOHANG)
                    if reaped == pid {
                        continuation.resume(returning: (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1)
                        return
                    }
                    if reaped < 0 && errno != EINTR {
                        continuation.resume(returning: -1)  // not our child any more (ECHILD)
                        return
                    }
                    usleep(10_000)
                }
                kill(pid, SIGKILL)
                continuation.resume(returning: wait(for: pid))
            }
        }
    }
}

/// Whether a server has been stopped (by `stop()` or `deinit`).
private final class ChildState: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false

    /// True for the first caller only.
    func claimStop() -> Bool {
        lock.withLock {
            defer { stopped = true }
            return !stopped
        }
    }
}

struct FakeLDAPServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
