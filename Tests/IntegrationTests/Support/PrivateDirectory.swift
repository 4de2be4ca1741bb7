import Foundation
import LDAPClient
import Testing

/// A throwaway OpenLDAP directory of a test's own (separate state folder and ports), seeded like
/// the shared source or target, for tests that change a lot, or stop, freeze or restart the
/// server: they must not disturb tests running beside them.
final class PrivateDirectory: Sendable {
    /// Which of the shared directories this one copies (config, seed, accounts).
    enum Kind: String, Sendable { case source, target }

    let kind: Kind
    let devDirectory: String
    let port: Int
    let directory: TestDirectory

    /// Starts a fresh private copy of the source (dc=contoso,dc=com, seeded) or target directory.
    /// A port found free can be taken by another process before slapd binds it (seen once in
    /// a full-suite run: "bind(6) failed errno=98"): such a start is tried again on other ports.
    init(_ kind: Kind = .target, name: String) async throws {
        self.kind = kind
        let base = kind == .source ? TestDirectory.source : TestDirectory.target
        var lastError: (any Error)?
        for _ in 0..<3 {
            let devDirectory = NSTemporaryDirectory() + "ldapsync-\(name)-\(UInt32.random(in: 0...UInt32.max))"
            let port = freePortPair()
            let directory = TestDirectory(
                name: "private-\(name)", uri: "ldap://127.0.0.1:\(port)", ldapsURI: "ldaps://127.0.0.1:\(port + 1)",
                base: base.base, adminDN: base.adminDN, adminPassword: base.adminPassword,
                serviceDN: base.serviceDN, servicePassword: base.servicePassword)
            do {
                try await Self.script("start", kind: kind, devDirectory: devDirectory, directory: directory)
                self.devDirectory = devDirectory
                self.port = port
                self.directory = directory
                return
            } catch let error as DirectoryScriptError where error.message.contains("Address already in use") {
                lastError = error
                try? FileManager.default.removeItem(atPath: devDirectory)
                try? FileManager.default.removeItem(atPath: "\(devDirectory).log")
            }
        }
        throw lastError ?? DirectoryScriptError(message: "no free port pair")
    }

    /// Kills the server (SIGKILL): the abrupt way a server goes away (crash, power, network).
    func crash() throws { try signal(SIGKILL) }

    /// Starts it again with the same data.
    func start() async throws { try await script("start") }

    /// Freezes the server (SIGSTOP): it accepts connections but never answers.
    func freeze() throws { try signal(SIGSTOP) }

    /// Thaws a frozen server.
    func thaw() throws { try signal(SIGCONT) }

    /// Stops the server and removes its state.
    func remove() {
        try? crash()
        try? FileManager.default.removeItem(atPath: devDirectory)
        try? FileManager.default.removeItem(atPath: "\(devDirectory).log")
    }

    /// Sends `number` to the server and waits (up to 5 s) until it has taken effect: the process
    /// gone (or a zombie) after SIGKILL, stopped after SIGSTOP, running after SIGCONT.
    private func signal(_ number: Int32) throws {
        let pidFile = "\(devDirectory)/\(kind.rawValue)/slapd.pid"
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DirectoryScriptError(message: "no pid in \(pidFile)")
        }
        guard kill(pid, number) == 0 else {
            throw DirectoryScriptError(message: "kill(\(pid), \(number)) failed: errno \(errno)")
        }
        let accepted: Set<Character> =
            switch number {
            case SIGKILL: ["Z", "X", "-"]
            case SIGSTOP: ["T", "t"]
            default: ["R", "S", "D", "I"]
            }
        for _ in 0..<500 {
            if accepted.contains(processState(pid)) { return }
            usleep(10_000)
        }
        throw DirectoryScriptError(message: "slapd \(pid) is still in state \(processState(pid)) 5 s after signal \(number)")
    }

    /// The state letter of /proc/PID/stat ("-" when there is no such process).
    private func processState(_ pid: Int32) -> Character {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return "-" }
        return stat[stat.index(after: close)...].first { $0 != " " } ?? "-"
    }

    private func script(_ command: String) async throws {
        try await Self.script(command, kind: kind, devDirectory: devDirectory, directory: directory)
    }

    private static func script(_ command: String, kind: Kind, devDirectory: String, directory: TestDirectory) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LDAPSYNC_DEV_DIR"] = devDirectory
        let prefix = kind == .source ? "LDAPSYNC_SOURCE" : "LDAPSYNC_TARGET"
        environment["\(prefix)_URI"] = directory.uri
        environment["\(prefix)_LDAPS_URI"] = directory.ldapsURI
        environment["LDAPSYNC_CA_FILE"] = "\(devDirectory)/ca/ca.pem"
        let log = "\(devDirectory).log"
        let script = TestDirectory.repositoryRoot.appendingPathComponent("scripts/directories.sh").path
        let status = try await runToCompletion(script, [command, kind.rawValue], environment: environment, logFile: log)
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DirectoryScriptError(message: "directories.sh \(command) \(kind.rawValue) failed (\(status)): \(output)")
        }
    }
}

/// An even port P below the kernel's ephemeral range (32768+) such that P and P+1 are free on
/// 127.0.0.1 now: the private server's ldap:// and ldaps:// ports.
func freePortPair() -> Int {
    func bindable(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
    while true {
        let port = Int.random(in: 5500...16000) * 2
        // Never the same pair twice in this process: tests pick ports at the same moment, and a
        // free-now check alone let two of them choose one pair (seen: "port already in use").
        guard PortRegistry.shared.claim(port) else { continue }
        if bindable(port) && bindable(port + 1) { return port }
    }
}

/// The port pairs handed out by `freePortPair` in this test process.
final class PortRegistry: @unchecked Sendable {
    static let shared = PortRegistry()
    private let lock = NSLock()
    private var claimed = Set<Int>()

    /// True the first time a port is claimed.
    func claim(_ port: Int) -> Bool { lock.withLock { claimed.insert(port).inserted } }
}

struct DirectoryScriptError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
