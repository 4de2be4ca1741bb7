/// What evaluation carries: the object, and the values bound by enclosing `Where` calls.
struct Frame {
    let input: any ExpressionInput
    var slots: [Value]
}

/// A compiled subexpression's code: the values it evaluates to for one object.
typealias Evaluator = @Sendable (inout Frame) throws(ExpressionEvaluationError) -> ValueList
/// A compiled condition's code.
typealias ConditionEvaluator = @Sendable (inout Frame) throws(ExpressionEvaluationError) -> Bool

/// A type-checked subexpression and its code.
struct Compiled: Sendable {
    var type: ValueType
    /// `Null` and `AuthoritativeNull` have no values of any kind, so they fit any parameter and
    /// leave the type of an `IIF` to its other branch.
    var isNothing = false
    /// Whether it may evaluate to `[.authoritativeNull]`.
    var mayBeAuthoritativeNull = false
    /// The values, when they are known without an object (literals).
    var constant: ValueList?
    var evaluate: Evaluator
    /// A faster way to evaluate a boolean used as a condition, when there is one.
    var condition: ConditionEvaluator?

    init(type: ValueType, evaluate: @escaping Evaluator) {
        self.type = type
        self.evaluate = evaluate
    }

    static func constant(_ values: ValueList, _ type: ValueType) -> Compiled {
        var compiled = Compiled(type: type) { _ throws(ExpressionEvaluationError) in values }
        compiled.constant = values
        return compiled
    }

    static func condition(_ evaluate: @escaping ConditionEvaluator) -> Compiled {
        var compiled = Compiled(type: .boolean) { frame throws(ExpressionEvaluationError) in
            ValueList(.boolean(try evaluate(&frame)))
        }
        compiled.condition = evaluate
        return compiled
    }

    /// The type of `a` or `b`, for `IIF`, `Switch` and `Coalesce`: the same kind when both
    /// agree, `any` when they do not; multi-valued when either is.
    static func union(_ types: [Compiled]) -> (type: ValueType, isNothing: Bool) {
        let values = types.filter { !$0.isNothing }
        guard let first = values.first else { return (ValueType(.any), true) }
        let kind = values.allSatisfy { $0.type.kind == first.type.kind } ? first.type.kind : .any
        return (ValueType(kind, multiValued: values.contains { $0.type.isMultiValued }), false)
    }
}

extension Compiled {
    /// When every argument is a constant, the result is one too: it is computed now, and a
    /// failure (such as `CNum("abc")`) is reported as a compile error rather than for every object.
    func folded(_ arguments: [Compiled]) throws(ExpressionError) -> Compiled {
        guard arguments.allSatisfy({ $0.constant != nil }) else { return self }
        var frame = Frame(input: NoInput(), slots: [])
        do throws(ExpressionEvaluationError) {
            var folded = Compiled.constant(try evaluate(&frame), type)
            folded.isNothing = isNothing
            return folded
        } catch {
            let prefix = error.functionName.map { "\($0): " } ?? ""
            throw ExpressionError(.invalidArgument, prefix + error.message, at: error.location, function: error.functionName)
        }
    }
}

/// The input constant folding evaluates against: it never reads one.
private struct NoInput: ExpressionInput {
    func values(of attributeKey: String) -> [[UInt8]] { [] }
}
