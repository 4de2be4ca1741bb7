import LDAPProtocol
import RuleLanguage

/// What an expression reads: an object's attributes (lowercased keys) and the context
/// variables of its direction (`dn`, `baseDN`, `sourceDN`…).
struct RuleInput: ExpressionInput {
    let attributes: AttributeSet
    /// The context variables by declared name: a handful, made for every object and rarely all
    /// read, so a list turned into values only when an expression reads one.
    let context: [(name: String, value: String?)]

    init(_ attributes: AttributeSet, context: [(name: String, value: String?)]) {
        self.attributes = attributes
        self.context = context
    }

    func values(of attributeKey: String) -> [[UInt8]] { attributes.values(forKey: attributeKey) ?? [] }
    func contextValues(_ name: String) -> [[UInt8]] {
        context.first { $0.name == name }?.value.map { [Array($0.utf8)] } ?? []
    }
}

/// A scope filter's view of an object: its attributes by lowercased name.
struct FilterObject: FilterInput {
    let attributes: AttributeSet
    let dn: String?

    func filterValues(_ lowercasedName: String) -> [[UInt8]]? { attributes.values(forKey: lowercasedName) }
    var filterDistinguishedName: String? { dn }
}
