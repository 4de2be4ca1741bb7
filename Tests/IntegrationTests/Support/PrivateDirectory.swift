import Foundation
import LDAPClient
import Testing

/// A throwaway OpenLDAP target of a test's own (separate state folder and ports), for tests
/// that stop, freeze or restart the server: they must not disturb tests running beside them.
final class PrivateDirectory: Sendable {
    let devDirectory: String
    let port: Int
    let directory: TestDirectory

    /// Starts a fresh private copy of the target directory (dc=cloud,dc=example).
    init(name: String) throws {
        devDirectory = NSTemporaryDirectory() + "ldapsync-\(name)-\(UInt32.random(in: 0...UInt32.max))"
        port = Int.random(in: 20000...29000) * 2
        let base = TestDirectory.target
        directory = TestDirectory(
            name: "private-\(name)", uri: "ldap://127.0.0.1:\(port)", ldapsURI: "ldaps://127.0.0.1:\(port + 1)",
            base: base.base, adminDN: base.adminDN, adminPassword: base.adminPassword,
            serviceDN: base.serviceDN, servicePassword: base.servicePassword)
        try script("start")
    }

    /// Kills the server (SIGKILL): the abrupt way a server goes away (crash, power, network).
    func crash() throws { try signal(SIGKILL) }

    /// Starts it again with the same data.
    func start() throws { try script("start") }

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

    private func signal(_ number: Int32) throws {
        let text = try String(contentsOfFile: "\(devDirectory)/target/slapd.pid", encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw DirectoryScriptError(message: "no pid in \(devDirectory)/target/slapd.pid")
        }
        kill(pid, number)
    }

    private func script(_ command: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LDAPSYNC_DEV_DIR"] = devDirectory
        environment["LDAPSYNC_TARGET_URI"] = directory.uri
        environment["LDAPSYNC_TARGET_LDAPS_URI"] = directory.ldapsURI
        environment["LDAPSYNC_CA_FILE"] = "\(devDirectory)/ca/ca.pem"
        let log = "\(devDirectory).log"
        let script = TestDirectory.repositoryRoot.appendingPathComponent("scripts/directories.sh").path
        let status = try runToCompletion(script, [command, "target"], environment: environment, logFile: log)
        guard status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw DirectoryScriptError(message: "directories.sh \(command) target failed (\(status)): \(output)")
        }
    }
}

struct DirectoryScriptError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
