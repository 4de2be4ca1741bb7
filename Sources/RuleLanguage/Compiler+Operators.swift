extension Compiler {
    mutating func unary(
        _ op: UnaryOperator, _ operand: ExpressionNode, at location: SourceLocation
    ) throws(ExpressionError) -> Compiled {
        switch op {
        case .not:
            let condition = try condition(operand, role: "the operand of \"!\"", function: "!")
            return .condition { frame throws(ExpressionEvaluationError) in !(try condition(&frame)) }
        case .negate:
            let value = try compile(operand)
            try check(value, operand, against: .number, function: "-", name: "its operand")
            let negate = Lifting.evaluator(function: "-", at: location, arguments: [value.evaluate], limits: limits) {
                arguments, _ throws(EvaluationFailure) in
                let (negated, overflow) = Int64(0).subtractingReportingOverflow(try arguments[0].number())
                if overflow { throw EvaluationFailure("cannot be negated in 64 bits", arguments[0]) }
                return ValueList(.number(negated))
            }
            var compiled = Compiled(type: ValueType(.number, multiValued: value.type.isMultiValued), evaluate: negate)
            compiled.isNothing = value.isNothing
            return try compiled.folded([value])
        }
    }

    mutating func binary(
        _ op: BinaryOperator, _ leftNode: ExpressionNode, _ rightNode: ExpressionNode, at location: SourceLocation
    ) throws(ExpressionError) -> Compiled {
        switch op {
        case .and, .or:
            let role = "an operand of \"\(op.rawValue)\""
            let left = try condition(leftNode, role: role, function: op.rawValue)
            let right = try condition(rightNode, role: role, function: op.rawValue)
            if op == .and {
                return .condition { frame throws(ExpressionEvaluationError) in
                    guard try left(&frame) else { return false }
                    return try right(&frame)
                }
            }
            return .condition { frame throws(ExpressionEvaluationError) in
                if try left(&frame) { return true }
                return try right(&frame)
            }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return try comparison(op, leftNode, rightNode, at: location)
        case .concatenate:
            return try concatenation(leftNode, rightNode, at: location)
        case .add, .subtract, .multiply, .divide:
            return try lifted(op, leftNode, rightNode, at: location, operands: .number, result: .number) {
                arguments, _ throws(EvaluationFailure) in
                let left = try arguments[0].number()
                let right = try arguments[1].number()
                return ValueList(.number(try Self.arithmetic(op, left, right)))
            }
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ left: Int64, _ right: Int64) throws(EvaluationFailure) -> Int64 {
        if op == .divide && right == 0 { throw EvaluationFailure("division by zero") }
        let (result, overflow): (Int64, Bool) =
            switch op {
            case .add: left.addingReportingOverflow(right)
            case .subtract: left.subtractingReportingOverflow(right)
            case .multiply: left.multipliedReportingOverflow(by: right)
            default: left.dividedReportingOverflow(by: right)
            }
        if overflow { throw EvaluationFailure("\(left) \(op.rawValue) \(right) does not fit in 64 bits") }
        return result
    }

    /// `a & b & c ...` as one step, so a chain builds one string instead of one per `&`.
    private mutating func concatenation(
        _ leftNode: ExpressionNode, _ rightNode: ExpressionNode, at location: SourceLocation
    ) throws(ExpressionError) -> Compiled {
        var nodes = [rightNode]
        var left = leftNode
        while case .binary(.concatenate, let next, let right) = left.kind {
            nodes.append(right)
            left = next
        }
        nodes.append(left)
        nodes.reverse()
        var operands: [Compiled] = []
        for node in nodes {
            let operand = try compile(node)
            try check(operand, node, against: .text, function: "&", name: "its operands")
            operands.append(operand)
        }
        var compiled = Compiled(
            type: ValueType(.text, multiValued: operands.contains { $0.type.isMultiValued }),
            evaluate: Lifting.evaluator(
                function: "&", at: location, arguments: operands.map(\.evaluate), limits: limits
            ) { arguments, limits throws(EvaluationFailure) in
                var length = 0
                for argument in arguments {
                    length += try argument.text().utf8.count
                }
                try Lifting.ensure(length: length, fits: limits)
                var result = ""
                // Short strings live inline; reserving would move them to the heap.
                if length > 15 { result.reserveCapacity(length) }
                for argument in arguments {
                    result += try argument.text()
                }
                return ValueList(.text(result))
            })
        compiled.isNothing = operands.contains(where: \.isNothing)
        return try compiled.folded(operands)
    }

    /// An operator applied to every pair of values of its operands.
    private mutating func lifted(
        _ op: BinaryOperator, _ leftNode: ExpressionNode, _ rightNode: ExpressionNode, at location: SourceLocation,
        operands: ParameterKind, result: ValueKind, body: @escaping FunctionBody
    ) throws(ExpressionError) -> Compiled {
        let left = try compile(leftNode)
        let right = try compile(rightNode)
        try check(left, leftNode, against: operands, function: op.rawValue, name: "its left operand")
        try check(right, rightNode, against: operands, function: op.rawValue, name: "its right operand")
        var compiled = Compiled(
            type: ValueType(result, multiValued: left.type.isMultiValued || right.type.isMultiValued),
            evaluate: Lifting.evaluator(
                function: op.rawValue, at: location, arguments: [left.evaluate, right.evaluate], limits: limits,
                body: body))
        compiled.isNothing = left.isNothing || right.isNothing
        return try compiled.folded([left, right])
    }
}
