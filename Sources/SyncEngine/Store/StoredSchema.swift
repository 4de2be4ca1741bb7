import Foundation
import LDAPProtocol
import Synchronization

/// A connector's stored schema, decoded once per process for the same bytes: every run that
/// starts reads it (a sync every connector's, a delta import its own; several times per
/// real-time batch), and decoding slapd's took about a twentieth of a delta cycle.
public enum StoredSchema {
    private static let decoded = Mutex<[Data: DirectorySchema]>([:])
    /// Few connectors, whose schemas rarely change: past this many, the cache starts afresh.
    static let capacity = 16
    /// How many decoded schemas the cache holds (tests).
    static var cached: Int { decoded.withLock { $0.count } }

    /// The schema stored as `data` (JSON).
    public static func decode(_ data: Data) throws -> DirectorySchema {
        if let known = decoded.withLock({ $0[data] }) { return known }
        let schema = try JSONDecoder().decode(DirectorySchema.self, from: data)
        decoded.withLock { decoded in
            if decoded.count >= capacity { decoded.removeAll() }
            decoded[data] = schema
        }
        return schema
    }
}
