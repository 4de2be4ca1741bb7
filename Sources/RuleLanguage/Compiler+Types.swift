/// What a function parameter accepts, checked when the expression is compiled.
enum ParameterKind: Sendable {
    /// Text; numbers and booleans convert to text. Binary does not.
    case text
    /// A number; text converts when the expression runs, and must then be a whole number.
    case number
    /// Bytes of a binary value, or the UTF-8 of text.
    case binary
    /// Any value, as its bytes (binary as is, anything else as the UTF-8 of its text).
    case bytes
    /// Any value, as it is.
    case any
    /// One of a fixed set of words, given as a literal: maps lowercased spellings to the
    /// canonical one. A bare name such as `CaseInsensitive` is accepted as well as a string.
    case option([String: String])
}

extension Compiler {
    /// Rejects an argument whose static kind can never fit `parameter`. `function` is a
    /// function's name or an operator's symbol.
    func check(
        _ argument: Compiled, _ node: ExpressionNode, against parameter: ParameterKind,
        function: String, name: String
    ) throws(ExpressionError) {
        guard !argument.isNothing else { return }
        let kind = argument.type.kind
        let problem: String? =
            switch (parameter, kind) {
            case (.text, .binary):
                "is binary; convert it with ConvertToBase64, StringFromGuid or StringFromSid"
            case (.number, .binary), (.number, .boolean):
                "is \(kind)"
            case (.binary, .number), (.binary, .boolean):
                "is \(kind)"
            default:
                nil
            }
        guard let problem else { return }
        let expected: String =
            switch parameter {
            case .text: "text"
            case .number: "a number"
            case .binary: "binary (or text)"
            default: "a value"
            }
        let shown = function.first?.isLetter == true ? function : "\"\(function)\""
        throw ExpressionError(
            .typeMismatch, "\(shown) expects \(expected) for \(name), but \(Self.describe(node)) \(problem)",
            at: node.location, function: function)
    }

    /// How a message refers to an argument: its name when it is one, otherwise "the argument".
    static func describe(_ node: ExpressionNode) -> String {
        switch node.kind {
        case .identifier(let name): "\"\(name)\""
        case .attribute(let name): "\"[\(name)]\""
        case .call(let name, _): "\(name)(...)"
        case .text: "the string"
        case .integer: "the number"
        case .boolean: "the boolean"
        default: "the expression"
        }
    }

    /// Compiles a condition: it must be boolean (a comparison, `IsPresent(x)`, `True`, ...).
    /// A condition with several values is true when any of them is (as an LDAP filter matches
    /// when any value does); with none it is false.
    mutating func condition(
        _ node: ExpressionNode, role: String, function: String
    ) throws(ExpressionError) -> ConditionEvaluator {
        let compiled = try compile(node)
        if let condition = compiled.condition { return condition }
        if compiled.isNothing { return { _ throws(ExpressionEvaluationError) in false } }
        switch compiled.type.kind {
        case .boolean, .any:
            let evaluate = compiled.evaluate
            let location = node.location
            return { frame throws(ExpressionEvaluationError) in
                for value in try evaluate(&frame) {
                    do throws(EvaluationFailure) {
                        if try value.boolean() { return true }
                    } catch {
                        throw error.error(function: function, at: location)
                    }
                }
                return false
            }
        case .text:
            throw ExpressionError(
                .typeMismatch,
                "\(role) must be a condition, but \(Self.describe(node)) is text; test it with "
                    + "IsPresent(\(Self.source(node))), compare it (\(Self.source(node)) = \"TRUE\"), "
                    + "or convert it with CBool(\(Self.source(node)))",
                at: node.location, function: function)
        case .number:
            throw ExpressionError(
                .typeMismatch,
                "\(role) must be a condition, but \(Self.describe(node)) is a number; compare it, "
                    + "for example \(Self.source(node)) <> 0",
                at: node.location, function: function)
        case .binary:
            throw ExpressionError(
                .typeMismatch,
                "\(role) must be a condition, but \(Self.describe(node)) is binary; test it with "
                    + "IsPresent(\(Self.source(node)))",
                at: node.location, function: function)
        }
    }

    /// The node's source for a hint, shortened when long.
    static func source(_ node: ExpressionNode) -> String {
        let text = node.description
        return text.count > 40 ? "x" : text
    }
}
