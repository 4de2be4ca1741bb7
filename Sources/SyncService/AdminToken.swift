import Credentials
import Foundation

/// The admin API's bearer token: 32 random bytes as hex in `state/admin.token`, mode 0600,
/// created by `ldapsync init` (or the first service start). Whoever can read the file may
/// drive the service; nobody else gets past `/api/`.
public struct AdminToken: Sendable {
    public let value: String

    /// A token with this value (tests; the service reads it with ``loadOrCreate(stateDirectory:)``).
    public init(value: String) { self.value = value }

    /// The token file of a state folder.
    public static func path(stateDirectory: String) -> String {
        (stateDirectory as NSString).appendingPathComponent("admin.token")
    }

    /// Reads the token, creating it (0600, complete or not at all) when there is none. Refuses
    /// a token file that is a symbolic link, belongs to another user, or that group or others
    /// may read.
    public static func loadOrCreate(stateDirectory: String) throws -> AdminToken {
        let path = path(stateDirectory: stateDirectory)
        if let token = try load(path) { return token }
        var generator = SystemRandomNumberGenerator()
        let value = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        if try PrivateFile.createNew(path, with: Array((value + "\n").utf8)) { return AdminToken(value: value) }
        // Another process created it first: use theirs.
        guard let token = try load(path) else { throw AdminTokenError("the admin token file \(path) vanished while it was being created") }
        return token
    }

    private static func load(_ path: String) throws -> AdminToken? {
        guard let contents = try PrivateFile.read(path, limit: 4096, private: true) else { return nil }
        let text = String(decoding: contents.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 32 else { throw AdminTokenError("the admin token file \(path) is too short; delete it and run `ldapsync init`") }
        return AdminToken(value: text)
    }

    /// Whether the `Authorization` headers of a request carry this token: exactly one header,
    /// `Bearer <token>` (scheme case-insensitive), compared in constant time. None, an empty
    /// one, two of them (whichever a proxy or framework would pick) or another scheme: no.
    public func accepts(_ headers: [String]) -> Bool {
        guard headers.count == 1 else { return false }
        let header = headers[0]
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).utf8)
        let expected = Array(value.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The token file cannot be used.
public struct AdminTokenError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
