/// An attribute description as a filter names it: a type (descriptor such as `cn`, or numeric
/// OID such as `2.5.4.3`) and options (`;lang-en`, `;binary`), as in RFC 4512 §2.5.
///
/// Equality is exact (spelling and case as written), so a parsed filter prints back the way it
/// was written; lookups in objects and schemas lowercase it.
public struct AttributeDescription: Sendable, Hashable, CustomStringConvertible {
    /// The attribute type as written: a descriptor or a numeric OID.
    public let type: String
    /// The options as written, in order, without their `;`.
    public let options: [String]

    /// Parses `type *( ";" option )`. Throws ``SearchFilterError`` with code
    /// ``SearchFilterError/Code/invalidAttribute`` pointing at the offending character.
    public init(_ text: String) throws(SearchFilterError) {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let type = parts[0]
        if let bad = DNSyntax.attributeTypeErrorOffset(type) {
            throw SearchFilterError(.invalidAttribute, at: bad, in: text)
        }
        var offset = type.unicodeScalars.count
        for option in parts.dropFirst() {
            offset += 1
            if option.isEmpty { throw SearchFilterError(.invalidAttribute, at: offset, in: text) }
            if let bad = Array(option.unicodeScalars).firstIndex(where: { !DNSyntax.isKeyChar($0) }) {
                throw SearchFilterError(.invalidAttribute, at: offset + bad, in: text)
            }
            offset += option.unicodeScalars.count
        }
        self.type = type
        self.options = Array(parts.dropFirst())
    }

    /// `type;option1;option2`, as written.
    public var description: String {
        ([type] + options).joined(separator: ";")
    }

    /// The type lowercased: the key objects and schemas are looked up by.
    public var lowercasedType: String { type.lowercased() }

    /// The options lowercased, each with its leading `;`, joined (empty without options).
    var lowercasedOptionSuffix: String {
        options.map { ";" + $0.lowercased() }.joined()
    }
}
