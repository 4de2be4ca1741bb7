import Foundation

/// A slapd with nothing but cn=config (no database) on free loopback ports of its own, with or
/// without TLS: for tests of how connections fail (StartTLS to a server without TLS, a
/// certificate for another name, expired or self-signed). Ready in about 0.2 s.
final class MinimalSlapd: Sendable {
    /// The ldap:// port (StartTLS when TLS is configured).
    let port: Int
    /// The ldaps:// port (listening only when TLS is configured).
    let tlsPort: Int
    let folder: String
    private let pid: pid_t
    private let certificate: TestCertificate?

    /// Starts a server whose TLS certificate is `certificate` (nil: no TLS configured at all),
    /// which it removes when it stops.
    /// A port found free can be taken before slapd binds it: such a start is tried on others.
    init(certificate: TestCertificate? = nil) async throws {
        let folder = NSTemporaryDirectory() + "ldapsync-minimal-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: "\(folder)/slapd.d", withIntermediateDirectories: true)
        var tls = ""
        if let certificate {
            tls = "olcTLSCertificateFile: \(certificate.certificateFile)\nolcTLSCertificateKeyFile: \(certificate.keyFile)\n"
        }
        let config = """
            dn: cn=config
            objectClass: olcGlobal
            cn: config
            olcPidFile: \(folder)/slapd.pid
            \(tls)
            dn: cn=schema,cn=config
            objectClass: olcSchemaConfig
            cn: schema

            dn: olcDatabase={-1}frontend,cn=config
            objectClass: olcDatabaseConfig
            olcDatabase: {-1}frontend

            """
        try config.write(toFile: "\(folder)/config.ldif", atomically: true, encoding: .utf8)
        try await runExpectingSuccess(
            "/usr/sbin/slapadd", ["-n0", "-F", "\(folder)/slapd.d", "-l", "\(folder)/config.ldif"], log: "\(folder)/slapadd.log")
        var started: (pid: pid_t, port: Int)?
        for _ in 0..<3 where started == nil {
            let port = freePortPair()
            let urls = "ldap://127.0.0.1:\(port)/" + (certificate == nil ? "" : " ldaps://127.0.0.1:\(port + 1)/")
            let pid = try spawn(
                "/usr/sbin/slapd", ["-d", "0", "-F", "\(folder)/slapd.d", "-h", urls],
                environment: [:], stdin: "/dev/null", stdout: "\(folder)/slapd.log", stderr: nil)
            if await Self.listens(port, pid: pid) { started = (pid, port) }
        }
        guard let started else {
            let log = (try? String(contentsOfFile: "\(folder)/slapd.log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: folder)
            throw DirectoryScriptError(message: "minimal slapd did not start: \(log)")
        }
        self.folder = folder
        self.certificate = certificate
        self.pid = started.pid
        self.port = started.port
        self.tlsPort = started.port + 1
    }

    /// Stops the server and removes its folder and certificate.
    func stop() {
        kill(pid, SIGKILL)
        _ = wait(for: pid)
        try? FileManager.default.removeItem(atPath: folder)
        certificate?.remove()
    }

    /// Waits up to 5 s for `port` to accept a TCP connection; false once slapd has exited.
    private static func listens(_ port: Int, pid: pid_t) async -> Bool {
        for _ in 0..<250 {
            if connects(to: port) { return true }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        _ = wait(for: pid)
        return false
    }
}

/// Runs a program to completion; throws with its output unless it exits 0.
func runExpectingSuccess(_ executable: String, _ arguments: [String], log: String) async throws {
    let status = try await runToCompletion(executable, arguments, environment: ProcessInfo.processInfo.environment, logFile: log)
    guard status == 0 else {
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw DirectoryScriptError(message: "\(executable) \(arguments.joined(separator: " ")) failed (\(status)): \(output)")
    }
}
