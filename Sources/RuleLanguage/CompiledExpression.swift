/// An expression ready to evaluate: parsed, type-checked and turned into closures once, when
/// the configuration loads.
///
/// Evaluating does no parsing and no name lookups beyond ``ExpressionInput/values(of:)`` with
/// keys computed at compile time; a bare attribute reference such as `uid` returns the input's
/// values without converting them. It is safe to evaluate from several tasks at once.
public struct CompiledExpression: Sendable {
    /// One reference, so that copying a compiled expression (as iterating over a rule's flows
    /// does for every object) costs a single retain.
    private let storage: Storage

    /// The source text it was compiled from.
    public var source: String { storage.source }
    /// The static type of the result.
    public var resultType: ValueType { storage.resultType }
    /// Whether the expression can evaluate to ``ExpressionResult/authoritativeNull``.
    public var canBeAuthoritativeNull: Bool { storage.canBeAuthoritativeNull }
    /// The attributes it reads, lowercased: the engine checks them against the schema and uses
    /// them as the expression's dependencies.
    public var attributeKeys: Set<String> { storage.attributeKeys }
    /// The context variables it reads, spelled as declared.
    public var contextVariables: Set<String> { storage.contextVariables }

    private final class Storage: Sendable {
        let source: String
        let resultType: ValueType
        let canBeAuthoritativeNull: Bool
        let attributeKeys: Set<String>
        let contextVariables: Set<String>
        let plan: Plan
        let slotCount: Int

        init(source: String, root: Compiled, node: ExpressionNode, compiler: Compiler) {
            self.source = source
            self.resultType = root.type
            self.canBeAuthoritativeNull = root.mayBeAuthoritativeNull
            self.attributeKeys = compiler.attributeKeys
            self.contextVariables = compiler.contextVariablesRead
            self.slotCount = compiler.slotCount
            // A lone name that resolved to an attribute (not a context variable) reads one key.
            let isAttribute: Bool =
                switch node.kind {
                case .attribute: true
                case .identifier: compiler.contextVariablesRead.isEmpty
                default: false
                }
            if isAttribute, let key = compiler.attributeKeys.first {
                plan = .attribute(key)
            } else {
                plan = .evaluator(root.evaluate)
            }
        }
    }

    private enum Plan: Sendable {
        /// The whole expression is one attribute: its values pass through untouched.
        case attribute(String)
        case evaluator(Evaluator)
    }

    init(source: String, root: Compiled, node: ExpressionNode, compiler: Compiler) {
        storage = Storage(source: source, root: root, node: node, compiler: compiler)
    }

    /// Evaluates the expression for one object.
    public func evaluate(_ input: any ExpressionInput) throws(ExpressionEvaluationError) -> ExpressionResult {
        switch storage.plan {
        case .attribute(let key):
            return .values(input.values(of: key))
        case .evaluator(let evaluate):
            let slotCount = storage.slotCount
            let slots: [Value] = slotCount == 0 ? [] : Array(repeating: .number(0), count: slotCount)
            var frame = Frame(input: input, slots: slots)
            let values = try evaluate(&frame)
            if values.first == .authoritativeNull { return .authoritativeNull }
            return .values(values.map(\.bytes))
        }
    }
}
