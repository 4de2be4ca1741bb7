/// One real identity (a person or a group) in the metaverse.
public struct MetaverseObject: Sendable, Hashable {
    /// Store-assigned id (0 before it is stored).
    public var id: Int64
    /// `person`, `group`, or a declared type.
    public var objectType: ObjectType
    /// Flowed-in attributes (reference attributes excluded: see `references`).
    public var attributes: AttributeSet
    /// Reference attributes (e.g. `member`) as metaverse ids, by lowercased attribute name.
    public var references: [String: [Int64]]
    /// The keys joins find it by (`mail=ann@contoso.com`): the values of the attributes the
    /// rules join on, lowercased.
    public var joinKeys: [String]

    /// Creates an object.
    public init(id: Int64 = 0, objectType: ObjectType, attributes: AttributeSet, references: [String: [Int64]] = [:], joinKeys: [String] = []) {
        self.id = id
        self.objectType = objectType
        self.attributes = attributes
        self.references = references
        self.joinKeys = joinKeys
    }
}
