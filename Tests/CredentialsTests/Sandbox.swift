import Credentials
import Foundation
import LDAPProtocol
import Testing

/// A temporary state folder with a key and a store in it, removed when the test ends.
final class Sandbox {
    /// The state folder.
    let directory: String
    /// The key file's path.
    var keyPath: String { directory + "/credential.key" }
    /// `credentials.json`.
    var storeFile: String { directory + "/credentials.json" }
    /// The key in `keyPath`.
    let key: CredentialKey
    /// A store over `directory`.
    let store: CredentialStore

    init() throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/ldapsync-credentials-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        directory = String(cString: made)
        key = try CredentialKey.create(at: directory + "/credential.key")
        store = try CredentialStore(directory: directory, key: key)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// A second store instance over the same folder, as another process would open it.
    func reopen(with key: CredentialKey? = nil) throws -> CredentialStore {
        try CredentialStore(directory: directory, key: key ?? self.key)
    }

    /// The permission bits of a file.
    func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    /// `credentials.json` as a JSON object, to tamper with.
    func storeJSON() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: storeFile))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Writes a JSON object back as `credentials.json`.
    func writeStoreJSON(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        try data.write(to: URL(fileURLWithPath: storeFile))
    }

    /// Applies `change` to one connector's entry in `credentials.json`.
    func editEntry(_ connector: String, _ change: (inout [String: Any]) throws -> Void) throws {
        var json = try storeJSON()
        var connectors = try #require(json["connectors"] as? [String: Any])
        var entry = try #require(connectors[connector] as? [String: Any])
        try change(&entry)
        connectors[connector] = entry
        json["connectors"] = connectors
        try writeStoreJSON(json)
    }

    /// Every file in the state folder with its bytes.
    func allFiles() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { name in
            (name, Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))))
        }
    }
}

/// Runs `body`, expects a `CredentialError` with `code`, and returns it for further checks.
@discardableResult
func expectError(
    _ code: CredentialError.Code, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) -> CredentialError? {
    let error = #expect(throws: CredentialError.self, sourceLocation: sourceLocation) { try body() }
    if let error { #expect(error.code == code, "\(error)", sourceLocation: sourceLocation) }
    return error
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
