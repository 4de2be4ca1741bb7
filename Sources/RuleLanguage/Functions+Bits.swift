extension FunctionLibrary {
    static let bitFunctions: [FunctionDefinition] = [
        .lifted("BitAnd", [Parameter("value1", .number), Parameter("value2", .number)], returns: .number) {
            arguments, _ throws(EvaluationFailure) in
            ValueList(.number(try arguments[0].number() & arguments[1].number()))
        },
        .lifted("BitOr", [Parameter("value1", .number), Parameter("value2", .number)], returns: .number) {
            arguments, _ throws(EvaluationFailure) in
            ValueList(.number(try arguments[0].number() | arguments[1].number()))
        },
    ]
}
