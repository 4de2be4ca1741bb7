/// What an admin asked of one run (or cycle) beyond its profile.
public struct RunOptions: Sendable, Hashable, Codable {
    /// Apply deletes the guards would stop, this once: the shrink guard of a full import and
    /// the deletion threshold of an export (`--accept-deletes`).
    public var acceptDeletes: Bool

    public init(acceptDeletes: Bool = false) {
        self.acceptDeletes = acceptDeletes
    }

    /// Every member optional (`{}` is the defaults), none unknown.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(["acceptDeletes"])
        let container = try decoder.container(keyedBy: CodingKeys.self)
        acceptDeletes = try container.decodeIfPresent(Bool.self, forKey: .acceptDeletes) ?? false
    }
}
