import Credentials
import Foundation

/// A running `ldapsync service` on a state folder: its pid (`state/service.pid`) and the Unix
/// socket it always listens on (`state/service.sock`, 0600), with the admin token.
public struct ServiceEndpoint: Sendable {
    public let socketPath: String
    public let token: String
    public let pid: pid_t

    public static func socketPath(stateDirectory: String) -> String { (stateDirectory as NSString).appendingPathComponent("service.sock") }
    public static func pidPath(stateDirectory: String) -> String { (stateDirectory as NSString).appendingPathComponent("service.pid") }

    /// The running service's endpoint, or nil when no service runs on this state folder.
    public static func current(stateDirectory: String) -> ServiceEndpoint? {
        let socketPath = socketPath(stateDirectory: stateDirectory)
        guard let pid = runningPID(stateDirectory: stateDirectory), FileManager.default.fileExists(atPath: socketPath),
            let token = try? PrivateFile.read((stateDirectory as NSString).appendingPathComponent("admin.token"), limit: 4096, private: true)
        else { return nil }
        let text = String(decoding: token.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ServiceEndpoint(socketPath: socketPath, token: text, pid: pid)
    }

    /// The PID of a live `ldapsync service` for this state folder, if any (not this process).
    public static func runningPID(stateDirectory: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: pidPath(stateDirectory: stateDirectory), encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, pid != getpid(),
            let command = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8),
            command.contains("ldapsync"), command.contains("service")
        else { return nil }
        return pid
    }

    /// Records this process as the state folder's service; refuses when another one runs.
    public static func claim(stateDirectory: String) throws -> ServiceClaim {
        if let running = runningPID(stateDirectory: stateDirectory) {
            throw OperationError(.invalid, "a service is already running for this state folder (pid \(running))")
        }
        let path = pidPath(stateDirectory: stateDirectory)
        try "\(getpid())\n".write(toFile: path, atomically: true, encoding: .utf8)
        return ServiceClaim(paths: [path, socketPath(stateDirectory: stateDirectory)])
    }
}

/// The service's pid file and socket, removed when the service ends.
public final class ServiceClaim: Sendable {
    private let paths: [String]
    init(paths: [String]) { self.paths = paths }
    /// Removes the files now.
    public func release() { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
    deinit { release() }
}
