/// Compiles expressions for one context: the schema of the attributes they read and the
/// context variables the engine provides.
///
/// ```swift
/// let compiler = ExpressionCompiler(
///     attributeInfo: { schema.info(for: $0) }, contextVariables: ["baseDN": .text])
/// let flow = try compiler.compile(#"IIF(IsPresent(mail), LCase(mail), uid & "@contoso.com")"#)
/// let result = try flow.evaluate(entry)
/// ```
public struct ExpressionCompiler: Sendable {
    private let attributeInfo: @Sendable (String) -> AttributeInfo?
    private let contextVariables: [String: (name: String, type: ValueType)]
    /// The limits applied when compiling and evaluating.
    public let limits: ExpressionLimits

    /// Creates a compiler.
    ///
    /// - Parameters:
    ///   - attributeInfo: What the schema says about an attribute, given its lowercased name;
    ///     `nil` (unknown) makes it multi-valued text.
    ///   - contextVariables: Names a bare identifier may refer to instead of an attribute (such
    ///     as `baseDN`), matched case-insensitively, with their types. `[name]` is always an
    ///     attribute. Values come from ``ExpressionInput/contextValues(_:)`` under the spelling
    ///     given here.
    ///   - limits: Bounds on source size, nesting and evaluation work.
    public init(
        attributeInfo: @escaping @Sendable (String) -> AttributeInfo? = { _ in nil },
        contextVariables: [String: ValueType] = [:],
        limits: ExpressionLimits = .default
    ) {
        self.attributeInfo = attributeInfo
        var variables: [String: (name: String, type: ValueType)] = [:]
        // Sorted, so that of two names differing only in case the same one always wins.
        for (name, type) in contextVariables.sorted(by: { $0.key < $1.key }) where variables[name.lowercased()] == nil {
            variables[name.lowercased()] = (name, type)
        }
        self.contextVariables = variables
        self.limits = limits
    }

    /// Parses, type-checks and compiles `source`.
    public func compile(_ source: String) throws(ExpressionError) -> CompiledExpression {
        try compile(ExpressionNode(parsing: source, limits: limits), source: source)
    }

    /// Type-checks and compiles a parsed tree; ``CompiledExpression/source`` is `source`, or
    /// the tree's printed form when `nil`.
    public func compile(_ node: ExpressionNode, source: String? = nil) throws(ExpressionError) -> CompiledExpression {
        // Parsed trees are within the limit already; trees built in code may not be.
        guard node.height <= limits.maximumDepth else {
            throw ExpressionError(
                .limitExceeded, "expression nests more than \(limits.maximumDepth) levels deep", at: node.location)
        }
        var compiler = Compiler(attributeInfo: attributeInfo, contextVariables: contextVariables, limits: limits)
        let root = try compiler.compile(node, allowsAuthoritativeNull: true)
        return CompiledExpression(source: source ?? node.description, root: root, node: node, compiler: compiler)
    }
}
