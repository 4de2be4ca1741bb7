extension Compiler {
    /// `=` is true when some value on the left equals some value on the right, `<>` when none
    /// does; `<` `<=` `>` `>=` when some pair compares so. An absent side matches nothing.
    mutating func comparison(
        _ op: BinaryOperator, _ leftNode: ExpressionNode, _ rightNode: ExpressionNode, at location: SourceLocation
    ) throws(ExpressionError) -> Compiled {
        let left = try compile(leftNode)
        let right = try compile(rightNode)
        let leftKind = left.isNothing ? ValueKind.any : left.type.kind
        let rightKind = right.isNothing ? ValueKind.any : right.type.kind
        let isOrdering = op != .equal && op != .notEqual
        if leftKind != .any && rightKind != .any {
            let kinds: Set = [leftKind, rightKind]
            var problem: String?
            if kinds.contains(.binary) && kinds.count > 1 {
                problem =
                    "cannot compare binary with \(kinds.subtracting([.binary]).first ?? .text); convert the "
                    + "binary side with ConvertToBase64, StringFromGuid or StringFromSid"
            } else if kinds == [.boolean, .number] {
                problem = "cannot compare a boolean with a number"
            } else if isOrdering && (kinds.contains(.boolean) || kinds.contains(.binary)) {
                let unordered = kinds.contains(.boolean) ? "booleans" : "binary values"
                problem = "\"\(op.rawValue)\" orders numbers and text; \(unordered) have no order"
            }
            if let problem {
                throw ExpressionError(.typeMismatch, problem, at: location, function: op.rawValue)
            }
        }
        let preferNumbers = leftKind == .number || rightKind == .number
        let evaluateLeft = left.evaluate
        let evaluateRight = right.evaluate
        let limits = limits
        let matches: @Sendable (Value.Order?) -> Bool =
            switch op {
            case .less: { $0 == .less }
            case .lessOrEqual: { $0 == .less || $0 == .equal }
            case .greater: { $0 == .greater }
            case .greaterOrEqual: { $0 == .greater || $0 == .equal }
            default: { $0 == .equal }
            }
        let negate = op == .notEqual
        return .condition { frame throws(ExpressionEvaluationError) in
            let leftValues = try evaluateLeft(&frame)
            let rightValues = try evaluateRight(&frame)
            let (pairs, overflow) = leftValues.count.multipliedReportingOverflow(by: rightValues.count)
            if overflow || pairs > limits.maximumValues {
                throw Lifting.tooManyValues(function: op.rawValue, at: location, limits: limits)
            }
            for l in leftValues {
                for r in rightValues where matches(Value.order(l, r, preferNumbers: preferNumbers)) {
                    return !negate
                }
            }
            return negate
        }
    }
}
