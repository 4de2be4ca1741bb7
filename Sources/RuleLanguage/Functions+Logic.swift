extension FunctionLibrary {
    static let logicFunctions: [FunctionDefinition] = [
        iif, switchFunction, coalesce, isPresent(negated: false), isPresent(negated: true), not, error,
    ]

    /// `IIF(condition, whenTrue, whenFalse)`: only the chosen branch is evaluated.
    private static let iif = FunctionDefinition(
        name: "IIF", signature: "IIF(condition, whenTrue, whenFalse)", minimumArguments: 3, maximumArguments: 3
    ) { compiler, call throws(ExpressionError) in
        let condition = try compiler.condition(call.arguments[0], role: "the condition of IIF", function: "IIF")
        let whenTrue = try compiler.compile(call.arguments[1], allowsAuthoritativeNull: call.allowsAuthoritativeNull)
        let whenFalse = try compiler.compile(call.arguments[2], allowsAuthoritativeNull: call.allowsAuthoritativeNull)
        let (trueBranch, falseBranch) = (whenTrue.evaluate, whenFalse.evaluate)
        return branching([whenTrue, whenFalse]) { frame throws(ExpressionEvaluationError) in
            try condition(&frame) ? try trueBranch(&frame) : try falseBranch(&frame)
        }
    }

    /// `Switch(condition1, value1, condition2, value2, ...)`: the value of the first true
    /// condition, or no value when none is true. `True, value` at the end gives a default.
    private static let switchFunction = FunctionDefinition(
        name: "Switch", signature: "Switch(condition1, value1[, condition2, value2, ...])", minimumArguments: 2,
        maximumArguments: nil
    ) { compiler, call throws(ExpressionError) in
        guard call.arguments.count.isMultiple(of: 2) else {
            throw ExpressionError(
                .argumentCount,
                "Switch takes pairs of a condition and a value, but \(call.arguments.count) arguments were given; "
                    + "end with True, value for a default",
                at: call.location, function: "Switch")
        }
        var conditions: [ConditionEvaluator] = []
        var values: [Compiled] = []
        for pair in stride(from: 0, to: call.arguments.count, by: 2) {
            conditions.append(
                try compiler.condition(call.arguments[pair], role: "condition \(pair / 2 + 1) of Switch", function: "Switch"))
            values.append(try compiler.compile(call.arguments[pair + 1], allowsAuthoritativeNull: call.allowsAuthoritativeNull))
        }
        let cases = Array(zip(conditions, values.map(\.evaluate)))
        return branching(values) { frame throws(ExpressionEvaluationError) in
            for (condition, value) in cases {
                if try condition(&frame) { return try value(&frame) }
            }
            return []
        }
    }

    /// `Coalesce(value1, value2, ...)`: the first argument that has a present value (not empty
    /// text), evaluated left to right; no value when none has.
    private static let coalesce = FunctionDefinition(
        name: "Coalesce", signature: "Coalesce(value1[, value2, ...])", minimumArguments: 1, maximumArguments: nil
    ) { compiler, call throws(ExpressionError) in
        var values: [Compiled] = []
        for argument in call.arguments {
            values.append(try compiler.compile(argument, allowsAuthoritativeNull: call.allowsAuthoritativeNull))
        }
        let evaluators = values.map(\.evaluate)
        return branching(values) { frame throws(ExpressionEvaluationError) in
            for evaluate in evaluators {
                let result = try evaluate(&frame)
                if result.hasPresentValue { return result }
            }
            return []
        }
    }

    /// A result chosen among `branches`, typed as their union.
    private static func branching(_ branches: [Compiled], _ evaluate: @escaping Evaluator) -> Compiled {
        let (type, isNothing) = Compiled.union(branches)
        var compiled = Compiled(type: type, evaluate: evaluate)
        compiled.isNothing = isNothing
        compiled.mayBeAuthoritativeNull = branches.contains(where: \.mayBeAuthoritativeNull)
        return compiled
    }

    /// `IsPresent(x)`: whether `x` has a value that is not empty text; `IsNullOrEmpty` is its inverse.
    private static func isPresent(negated: Bool) -> FunctionDefinition {
        let name = negated ? "IsNullOrEmpty" : "IsPresent"
        return FunctionDefinition(
            name: name, signature: "\(name)(value)", minimumArguments: 1, maximumArguments: 1
        ) { compiler, call throws(ExpressionError) in
            let value = try compiler.argument(call.arguments[0], Parameter("value", .any), of: call).evaluate
            return .condition { frame throws(ExpressionEvaluationError) in
                try value(&frame).hasPresentValue != negated
            }
        }
    }

    /// `Not(condition)`, the same as `!condition`.
    private static let not = FunctionDefinition(
        name: "Not", signature: "Not(condition)", minimumArguments: 1, maximumArguments: 1
    ) { compiler, call throws(ExpressionError) in
        let condition = try compiler.condition(call.arguments[0], role: "the argument of Not", function: "Not")
        return .condition { frame throws(ExpressionEvaluationError) in !(try condition(&frame)) }
    }

    /// `Error(message)`: fails the evaluation for this object with `message`.
    private static let error = FunctionDefinition(
        name: "Error", signature: "Error(message)", minimumArguments: 1, maximumArguments: 1
    ) { compiler, call throws(ExpressionError) in
        let message = try compiler.argument(call.arguments[0], Parameter("message", .text), of: call).evaluate
        let location = call.location
        var compiled = Compiled(type: ValueType(.any)) { frame throws(ExpressionEvaluationError) in
            let values = try message(&frame)
            let text = values.compactMap { try? $0.text() }.joined(separator: " ")
            throw ExpressionEvaluationError(text.isEmpty ? "Error was called" : text, function: "Error", at: location)
        }
        compiled.isNothing = true
        return compiled
    }
}
