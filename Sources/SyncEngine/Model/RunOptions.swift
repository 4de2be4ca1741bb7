/// What an admin asked of one run (or cycle) beyond its profile.
public struct RunOptions: Sendable, Hashable, Codable {
    /// Apply deletes the guards would stop, this once: the shrink guard of a full import and
    /// the deletion threshold of an export (`--accept-deletes`).
    public var acceptDeletes: Bool

    public init(acceptDeletes: Bool = false) {
        self.acceptDeletes = acceptDeletes
    }
}
