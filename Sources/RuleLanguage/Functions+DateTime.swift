extension FunctionLibrary {
    static let dateTimeFunctions: [FunctionDefinition] = [formatDateTime]

    /// `FormatDateTime(value, format)`: a generalized time or AD file time, formatted in UTC.
    /// A literal format is checked when the expression is compiled.
    private static let formatDateTime = FunctionDefinition(
        name: "FormatDateTime", signature: "FormatDateTime(value, format)", minimumArguments: 2, maximumArguments: 2
    ) { compiler, call throws(ExpressionError) in
        let arguments = try compiler.arguments(of: call, [Parameter("value", .text), Parameter("format", .text)])
        var precompiled: DateTimePattern?
        if let constant = arguments[1].constant, let first = constant.first {
            do throws(EvaluationFailure) {
                precompiled = try DateTimePattern(try first.text())
            } catch {
                let failure = error.error(function: "FormatDateTime", at: call.arguments[1].location)
                throw ExpressionError(
                    .invalidArgument, "FormatDateTime's format \(failure.message)", at: call.arguments[1].location,
                    function: "FormatDateTime")
            }
        }
        let pattern = precompiled
        var compiled = Compiled(
            type: ValueType(.text, multiValued: arguments.contains { $0.type.isMultiValued }),
            evaluate: Lifting.evaluator(
                function: "FormatDateTime", at: call.location, arguments: arguments.map(\.evaluate),
                limits: compiler.limits
            ) { arguments, _ throws(EvaluationFailure) in
                guard let timestamp = try timestamp(arguments[0]) else { return [] }
                if let pattern { return ValueList(.text(pattern.format(timestamp))) }
                return ValueList(.text(try DateTimePattern(try arguments[1].text()).format(timestamp)))
            })
        compiled.isNothing = arguments.contains(where: \.isNothing)
        return try compiled.folded(arguments)
    }

    /// A number or all-digit text is an AD file time; other text is generalized time. All-digit
    /// text of 10 to 14 digits is neither. `nil` for the file times that mean "never".
    static func timestamp(_ value: Value) throws(EvaluationFailure) -> Timestamp? {
        if case .number(let number) = value { return try Timestamp.fileTime(number) }
        let text = try value.text()
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // 10 to 14 digits would be a file time within a few weeks of 1601, which no
            // directory holds; it is generalized time that lost its time zone.
            if (10...14).contains(text.utf8.count) {
                throw EvaluationFailure("is generalized time without a time zone; it needs a final Z or an offset", value)
            }
            guard let number = Value.parseNumber(text) else {
                throw EvaluationFailure("is not a valid file time", value)
            }
            return try Timestamp.fileTime(number)
        }
        guard let timestamp = Timestamp.generalizedTime(text) else {
            throw EvaluationFailure("is neither generalized time (20240131120000Z) nor an AD file time", value)
        }
        return timestamp
    }
}
