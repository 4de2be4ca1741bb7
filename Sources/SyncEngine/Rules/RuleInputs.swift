import LDAPProtocol
import RuleLanguage

/// What an expression reads: an object's attributes (lowercased keys) and the context
/// variables of its direction (`dn`, `baseDN`, `sourceDN`…).
struct RuleInput: ExpressionInput {
    let attributes: AttributeSet
    let context: [String: [[UInt8]]]

    init(_ attributes: AttributeSet, context: [String: String?]) {
        self.attributes = attributes
        var values: [String: [[UInt8]]] = [:]
        for (name, value) in context { values[name] = value.map { [Array($0.utf8)] } ?? [] }
        self.context = values
    }

    func values(of attributeKey: String) -> [[UInt8]] { attributes.values(forKey: attributeKey) ?? [] }
    func contextValues(_ name: String) -> [[UInt8]] { context[name] ?? [] }
}

/// A scope filter's view of an object: its attributes by lowercased name.
struct FilterObject: FilterInput {
    let attributes: AttributeSet
    let dn: String?

    func filterValues(_ lowercasedName: String) -> [[UInt8]]? { attributes.values(forKey: lowercasedName) }
    var filterDistinguishedName: String? { dn }
}
