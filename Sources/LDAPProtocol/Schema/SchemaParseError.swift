/// Why one schema description (one value of `attributeTypes`, `objectClasses`, …) could not be
/// read. The schema parser reports these as ``SchemaWarning``s and skips the description.
public struct SchemaParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was expected at ``offset``, in English.
    public var expected: String
    /// Where, in Unicode scalars from the start of ``input``.
    public var offset: Int
    /// The description that was parsed.
    public var input: String

    /// Creates an error pointing at `offset` in `input`.
    public init(expected: String, at offset: Int, in input: String) {
        self.expected = expected
        self.offset = offset
        self.input = input
    }

    /// For example `expected ')' at offset 42`.
    public var description: String {
        "expected \(expected) at offset \(offset)"
    }
}
