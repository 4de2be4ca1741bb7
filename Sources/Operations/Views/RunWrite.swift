import SyncEngine

/// One write an export run made (its journal, without the pre-images): a run's per-object
/// results on the console's run page and in `runs --id ID --writes`.
public struct RunWrite: Sendable, Codable, Hashable {
    public var sequence: Int
    public var operation: String
    public var dn: String
    public var newDN: String?
    /// A modify's attributes.
    public var changed: [String]

    init(_ entry: JournalEntry) {
        sequence = entry.sequence
        operation = entry.operation.rawValue
        dn = entry.dn
        newDN = entry.newDN
        changed = entry.changed
    }
}

extension LocalOperations {
    public func runWrites(id: Int64) async throws -> [RunWrite] {
        _ = try await run(id: id)
        return try await store.read { try $0.journal(runID: id) }.map(RunWrite.init)
    }
}
