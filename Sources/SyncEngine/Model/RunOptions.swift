/// What an admin asked of one run (or cycle) beyond its profile.
public struct RunOptions: Sendable, Hashable, Codable {
    /// Apply deletes the guards would stop, this once: the shrink guard of a full import and
    /// the deletion threshold of an export (`--accept-deletes`).
    public var acceptDeletes: Bool
    /// A delta import from an AD account that is not shown tombstones finds deletions by
    /// listing every objectGUID in scope (seconds for 20k objects on Samba). False leaves that
    /// to a later delta import (real-time micro-batches between scans); not part of the API.
    public var scanForDeletions = true
    /// Changes a real-time change watch was told of (RFC 4533 persist phase), anchor → deleted:
    /// a delta import reads those its refresh left out (slapd's refresh can lag behind writes
    /// made many at a time; see the README's Known directory behaviour). Not part of the API.
    public var announced: [String: Bool] = [:]

    public init(acceptDeletes: Bool = false, scanForDeletions: Bool = true, announced: [String: Bool] = [:]) {
        self.acceptDeletes = acceptDeletes
        self.scanForDeletions = scanForDeletions
        self.announced = announced
    }

    enum CodingKeys: String, CodingKey { case acceptDeletes }

    /// Every member optional (`{}` is the defaults), none unknown.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["acceptDeletes"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        acceptDeletes = try container.decodeIfPresent(Bool.self, forKey: .acceptDeletes) ?? false
    }
}
