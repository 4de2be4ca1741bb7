extension Compiler {
    mutating func call(
        _ name: String, _ arguments: [ExpressionNode], node: ExpressionNode, allowsAuthoritativeNull: Bool
    ) throws(ExpressionError) -> Compiled {
        guard let definition = FunctionLibrary.definitions[name.lowercased()] else {
            throw unknownFunction(name, at: node.location)
        }
        let count = arguments.count
        let maximum = definition.maximumArguments ?? .max
        guard count >= definition.minimumArguments, count <= maximum else {
            let expected: String =
                if definition.maximumArguments == nil {
                    "at least \(Self.arguments(definition.minimumArguments))"
                } else if definition.minimumArguments == maximum {
                    Self.arguments(maximum)
                } else {
                    "\(definition.minimumArguments) to \(maximum) arguments"
                }
            throw ExpressionError(
                .argumentCount,
                "\(definition.name) takes \(expected), but \(count == 1 ? "1 was" : "\(count) were") given: "
                    + definition.signature,
                at: node.location, function: definition.name)
        }
        let call = Call(
            name: definition.name, arguments: arguments, location: node.location,
            allowsAuthoritativeNull: allowsAuthoritativeNull)
        return try definition.build(&self, call)
    }

    private static func arguments(_ count: Int) -> String {
        count == 1 ? "1 argument" : "\(count) arguments"
    }

    private func unknownFunction(_ name: String, at location: SourceLocation) -> ExpressionError {
        if let reason = FunctionLibrary.unsupported[name.lowercased()] {
            return ExpressionError(.unknownFunction, "\(name) is not supported: \(reason)", at: location, function: name)
        }
        var message = "unknown function \"\(name)\""
        if let suggestion = Suggestions.nearest(to: name, among: FunctionLibrary.names) {
            message += "; did you mean \"\(suggestion)\"?"
        }
        return ExpressionError(.unknownFunction, message, at: location, function: name)
    }
}
