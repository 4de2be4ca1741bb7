extension ExpressionNode {
    /// The tree as source text that parses back to an equal tree: operators spaced, only the
    /// parentheses precedence needs, strings escaped with `\"` `\\` `\n` `\r` `\t`.
    public var description: String {
        var output = ""
        Self.print(self, into: &output)
        return output
    }

    /// Precedence of what a node prints as: binary operators 1–6, prefix operators 7, the rest 8.
    private var printedPrecedence: Int {
        switch kind {
        case .binary(let op, _, _): op.precedence
        case .unary: 7
        // A negative literal reads as `-5`, which binds like a prefix operator.
        case .integer(let value) where value < 0: 7
        default: 8
        }
    }

    private static func print(_ node: ExpressionNode, into output: inout String) {
        switch node.kind {
        case .text(let text):
            output += "\""
            for character in text.unicodeScalars {
                switch character {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\n": output += "\\n"
                case "\r": output += "\\r"
                case "\t": output += "\\t"
                default: output.unicodeScalars.append(character)
                }
            }
            output += "\""
        case .integer(let value):
            output += String(value)
        case .boolean(let value):
            output += value ? "True" : "False"
        case .null:
            output += "Null"
        case .authoritativeNull:
            output += "AuthoritativeNull"
        case .identifier(let name):
            output += name
        case .attribute(let name):
            output += "[\(name)]"
        case .call(let name, let arguments):
            output += name + "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { output += ", " }
                print(argument, into: &output)
            }
            output += ")"
        case .unary(let op, let operand):
            output += op.rawValue
            // `-(5)` stays a negation of 5; printed as `-5` it would parse as the literal -5.
            let isLiteral = if case .integer = operand.kind { true } else { false }
            printOperand(operand, parenthesized: operand.printedPrecedence < 7 || isLiteral, into: &output)
        case .binary(let op, let left, let right):
            let precedence = op.precedence
            // Left-associative: a left operand of the same precedence needs no parentheses,
            // except for comparisons, which do not chain.
            let leftNeedsParentheses =
                left.printedPrecedence < precedence
                || (op.isComparison && left.printedPrecedence == precedence)
            printOperand(left, parenthesized: leftNeedsParentheses, into: &output)
            output += " \(op.rawValue) "
            printOperand(right, parenthesized: right.printedPrecedence <= precedence, into: &output)
        }
    }

    private static func printOperand(_ node: ExpressionNode, parenthesized: Bool, into output: inout String) {
        if parenthesized { output += "(" }
        print(node, into: &output)
        if parenthesized { output += ")" }
    }
}
