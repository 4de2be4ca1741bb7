/// The object an expression is evaluated against: its attributes and the context variables.
///
/// Values are raw LDAP values, text as UTF-8. Implementations should make ``values(of:)``
/// cheap (a dictionary lookup); the compiled expression calls it with keys it computed once.
public protocol ExpressionInput {
    /// The values of an attribute, or an empty array when it is absent. `attributeKey` is the
    /// lowercased attribute name, as listed in ``CompiledExpression/attributeKeys``.
    func values(of attributeKey: String) -> [[UInt8]]

    /// The values of a context variable, with `name` spelled as it was declared to
    /// ``ExpressionCompiler/init(attributeInfo:contextVariables:limits:)``.
    func contextValues(_ name: String) -> [[UInt8]]
}

extension ExpressionInput {
    /// No context variables.
    public func contextValues(_ name: String) -> [[UInt8]] { [] }
}

/// An ``ExpressionInput`` held in dictionaries, for tests, previews and small callers.
public struct ExpressionValues: ExpressionInput, Sendable {
    /// Attribute values by lowercased name.
    public var attributes: [String: [[UInt8]]]
    /// Context variable values by declared name.
    public var context: [String: [[UInt8]]]

    /// Creates an input from raw values; attribute names are lowercased.
    public init(attributes: [String: [[UInt8]]] = [:], context: [String: [[UInt8]]] = [:]) {
        self.attributes = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
        self.context = context
    }

    /// Creates an input from text values; attribute names are lowercased.
    public init(text attributes: [String: [String]], context: [String: [String]] = [:]) {
        self.init(
            attributes: attributes.mapValues { $0.map { Array($0.utf8) } },
            context: context.mapValues { $0.map { Array($0.utf8) } })
    }

    /// The attribute's values, or none.
    public func values(of attributeKey: String) -> [[UInt8]] {
        attributes[attributeKey] ?? []
    }

    /// The context variable's values, or none.
    public func contextValues(_ name: String) -> [[UInt8]] {
        context[name] ?? []
    }
}
