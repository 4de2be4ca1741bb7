/// Something in a subschema that was skipped or could not be resolved. The rest of the schema
/// is still usable.
public struct SchemaWarning: Sendable, Hashable, CustomStringConvertible {
    /// Which list the description came from: `attributeTypes`, `objectClasses`, `ldapSyntaxes`
    /// or `dITContentRules`.
    public var element: String
    /// The description as the server sent it (or the name concerned).
    public var text: String
    /// What is wrong, in English.
    public var message: String

    /// Creates a warning.
    public init(element: String, text: String, message: String) {
        self.element = element
        self.text = text
        self.message = message
    }

    /// For example `objectClasses: skipped: expected a value after MUST at offset 21: "( 1.2 NAME 'x' MUST )"`.
    public var description: String {
        "\(element): \(message): \"\(text)\""
    }
}

/// A schema parsed from a subschema entry, with what had to be skipped.
public struct ParsedSchema: Sendable, Hashable {
    /// The schema of every description that could be read.
    public var schema: DirectorySchema
    /// Descriptions that were skipped, and references that do not resolve.
    public var warnings: [SchemaWarning]

    /// Creates a result.
    public init(schema: DirectorySchema, warnings: [SchemaWarning]) {
        self.schema = schema
        self.warnings = warnings
    }
}
