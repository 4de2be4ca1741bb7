import Foundation

/// The contents of `credentials.json`: a format version and, per connector, the record and
/// its sealed secrets. Nothing in it is plaintext secret.
struct CredentialFile: Codable, Equatable {
    /// The format this code writes and reads.
    static let currentVersion = 1
    /// Refuse to parse a file larger than this: it is not one we wrote.
    static let sizeLimit = 16 << 20

    /// The format version.
    var version = currentVersion
    /// Everything stored, by connector name.
    var connectors: [String: StoredCredential] = [:]

    /// Decodes the document stored at `path` (empty when there is none), checking its version
    /// and consistency.
    static func decode(_ bytes: [UInt8]?, at path: String, about connector: String?) throws(CredentialError) -> CredentialFile {
        guard let bytes else { return CredentialFile() }
        guard bytes.count <= sizeLimit else { throw corrupt(path, connector, "it holds \(bytes.count) bytes, far more than a credential store") }
        let data = Data(bytes)
        struct VersionProbe: Decodable { var version: Int }
        let file: CredentialFile
        do {
            let version = try JSONDecoder().decode(VersionProbe.self, from: data).version
            guard version == currentVersion else {
                throw CredentialError(
                    .unsupportedVersion,
                    "\(path) is in credential store format \(version); this ldapsync reads format "
                        + "\(currentVersion): use the ldapsync version that wrote it",
                    path: path, connector: connector)
            }
            file = try JSONDecoder().decode(CredentialFile.self, from: data)
        } catch let error as CredentialError {
            throw error
        } catch {
            throw corrupt(path, connector, "it is not a credential store (\(reason(error)))")
        }
        for (name, entry) in file.connectors {
            if let problem = entry.inconsistency(named: name) { throw corrupt(path, name, problem) }
        }
        return file
    }

    /// The JSON bytes (sorted keys, so that diffs of backups stay readable).
    func encoded(for path: String) throws(CredentialError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else {
            throw CredentialError(.ioFailure, "cannot encode the credential store for \(path)", path: path)
        }
        return Array(data)
    }

    static func corrupt(_ path: String, _ connector: String?, _ problem: String) -> CredentialError {
        let subject = connector.map { " (connector \"\($0)\")" } ?? ""
        return CredentialError(
            .storeCorrupt,
            "\(path) is damaged\(subject): \(problem); restore it from a backup, or move it aside and "
                + "set each connector's password again with `ldapsync connector set-password NAME`",
            path: path, connector: connector)
    }

    /// Where the JSON went wrong, without echoing values.
    private static func reason(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "not valid JSON" }
        let context: DecodingError.Context
        switch decoding {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            context = c
        @unknown default:
            return "unexpected content"
        }
        var keys = context.codingPath.map(\.stringValue)
        if case .keyNotFound(let key, _) = decoding { keys.append(key.stringValue) }
        return keys.isEmpty ? "not valid JSON" : "bad or missing \(keys.joined(separator: "."))"
    }
}
