import Foundation

/// The admin API's bearer token: 32 random bytes as hex in `state/admin.token`, mode 0600,
/// created by `ldapsync init` (or the first service start). Whoever can read the file may
/// drive the service; nobody else gets past `/api/`.
public struct AdminToken: Sendable {
    public let value: String

    /// The token file of a state folder.
    public static func path(stateDirectory: String) -> String {
        (stateDirectory as NSString).appendingPathComponent("admin.token")
    }

    /// Reads the token, creating it (0600) when there is none. Refuses a file others can read.
    public static func loadOrCreate(stateDirectory: String) throws -> AdminToken {
        let path = path(stateDirectory: stateDirectory)
        if FileManager.default.fileExists(atPath: path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            guard mode & 0o077 == 0 else {
                throw AdminTokenError("the admin token file \(path) has mode \(String(mode, radix: 8)), which lets group or others read it; run `chmod 600 \(path)`")
            }
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.count >= 32 else { throw AdminTokenError("the admin token file \(path) is too short; delete it and run `ldapsync init`") }
            return AdminToken(value: text)
        }
        var generator = SystemRandomNumberGenerator()
        let value = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw AdminTokenError("cannot create the admin token file \(path): errno \(errno)") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array((value + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw AdminTokenError("cannot write the admin token file \(path)") }
        return AdminToken(value: value)
    }

    /// Whether an `Authorization` header carries this token (constant-time comparison).
    public func accepts(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst("Bearer ".count).utf8), expected = Array(value.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The token file cannot be used.
public struct AdminTokenError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
