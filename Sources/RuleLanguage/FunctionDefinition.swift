/// One function of the library: its name, how many arguments it takes, and how to compile a call.
struct FunctionDefinition: Sendable {
    /// The canonical spelling, such as `LCase`.
    let name: String
    /// How the reference writes the call, such as `InStr(text, search[, start[, compare]])`.
    let signature: String
    let minimumArguments: Int
    /// `nil` for functions that take any number of arguments from the minimum up.
    let maximumArguments: Int?
    let build: @Sendable (inout Compiler, Call) throws(ExpressionError) -> Compiled
}

/// A call being compiled.
struct Call {
    /// The function's canonical name.
    let name: String
    let arguments: [ExpressionNode]
    /// Where the function name is.
    let location: SourceLocation
    /// Whether the call stands where `AuthoritativeNull` may be the result.
    let allowsAuthoritativeNull: Bool
}

/// A declared parameter: a name for messages and what it accepts.
struct Parameter: Sendable {
    let name: String
    let kind: ParameterKind

    init(_ name: String, _ kind: ParameterKind) {
        self.name = name
        self.kind = kind
    }
}

extension FunctionDefinition {
    /// A function of one value per argument, lifted over multi-valued arguments. The last
    /// `parameters.count - required` parameters are optional. The result is multi-valued when
    /// any argument is, or when one call can return several values (`multipleResults`).
    static func lifted(
        _ name: String, _ parameters: [Parameter], required: Int? = nil, returns: ValueKind,
        multipleResults: Bool = false, _ body: @escaping FunctionBody
    ) -> FunctionDefinition {
        let required = required ?? parameters.count
        return FunctionDefinition(
            name: name, signature: signature(name, parameters, required: required),
            minimumArguments: required, maximumArguments: parameters.count
        ) { compiler, call throws(ExpressionError) in
            let arguments = try compiler.arguments(of: call, parameters)
            let multiValued = multipleResults || arguments.contains { $0.type.isMultiValued }
            var compiled = Compiled(
                type: ValueType(returns, multiValued: multiValued),
                evaluate: Lifting.evaluator(
                    function: name, at: call.location, arguments: arguments.map(\.evaluate),
                    limits: compiler.limits, body: body))
            compiled.isNothing = arguments.contains(where: \.isNothing)
            return try compiled.folded(arguments)
        }
    }

    /// `Name(a, b[, c[, d]])`.
    static func signature(_ name: String, _ parameters: [Parameter], required: Int) -> String {
        var text = name + "("
        for (index, parameter) in parameters.enumerated() {
            let separator = index == 0 ? "" : ", "
            text += index < required ? separator + parameter.name : "[" + separator + parameter.name
        }
        return text + String(repeating: "]", count: parameters.count - required) + ")"
    }
}

extension Compiler {
    /// Compiles and checks the arguments of a call against its parameters.
    mutating func arguments(of call: Call, _ parameters: [Parameter]) throws(ExpressionError) -> [Compiled] {
        var compiled: [Compiled] = []
        for (node, parameter) in zip(call.arguments, parameters) {
            compiled.append(try argument(node, parameter, of: call))
        }
        return compiled
    }

    mutating func argument(_ node: ExpressionNode, _ parameter: Parameter, of call: Call) throws(ExpressionError) -> Compiled {
        if case .option(let words) = parameter.kind {
            return .constant(ValueList(.text(try option(node, words, parameter: parameter.name, of: call))), .text)
        }
        let compiled = try compile(node)
        try check(compiled, node, against: parameter.kind, function: call.name, name: parameter.name)
        return compiled
    }

    /// An option word such as `CaseInsensitive`, written bare or as a string literal.
    func option(
        _ node: ExpressionNode, _ words: [String: String], parameter: String, of call: Call
    ) throws(ExpressionError) -> String {
        let written: String? =
            switch node.kind {
            case .text(let text): text
            case .identifier(let name): name
            default: nil
            }
        if let written, let canonical = words[written.lowercased()] {
            return canonical
        }
        let choices = Set(words.values).sorted().joined(separator: ", ")
        let found = written.map { "\"\($0)\"" } ?? Self.describe(node)
        throw ExpressionError(
            .invalidArgument, "\(call.name)'s \(parameter) must be one of \(choices), written as is; found \(found)",
            at: node.location, function: call.name)
    }
}
