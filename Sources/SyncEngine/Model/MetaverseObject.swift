/// One real identity (a person or a group) in the metaverse.
public struct MetaverseObject: Sendable, Hashable {
    /// Store-assigned id (0 before it is stored).
    public var id: Int64
    /// `person`, `group`.
    public var objectType: String
    /// Flowed-in attributes (reference attributes excluded: see `references`).
    public var attributes: AttributeSet
    /// Reference attributes (e.g. `member`) as metaverse ids, by lowercased attribute name.
    public var references: [String: [Int64]]
    /// The value used to join connector space objects to this one (first join attribute).
    public var joinKey: String?

    /// Creates an object.
    public init(id: Int64 = 0, objectType: String, attributes: AttributeSet, references: [String: [Int64]] = [:], joinKey: String? = nil) {
        self.id = id
        self.objectType = objectType
        self.attributes = attributes
        self.references = references
        self.joinKey = joinKey
    }
}
