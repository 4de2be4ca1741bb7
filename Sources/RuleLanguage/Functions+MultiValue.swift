/// The body of a function whose first argument is a whole list of values.
typealias ListFunctionBody =
    @Sendable (_ list: ValueList, _ arguments: ValueList, _ limits: ExpressionLimits) throws(EvaluationFailure) -> ValueList

extension FunctionLibrary {
    static let multiValueFunctions: [FunctionDefinition] = [
        overList("Count", list: Parameter("values", .any), [], returns: .number) { list, _, _ throws(EvaluationFailure) in
            ValueList(.number(Int64(list.count)))
        },
        overList("Item", list: Parameter("values", .any), [Parameter("index", .number)], returns: nil) {
            list, arguments, _ throws(EvaluationFailure) in
            guard let item = try item(list, arguments[0]) else {
                throw EvaluationFailure("is out of range: there are \(list.count) values", arguments[0])
            }
            return [item]
        },
        overList("ItemOrNull", list: Parameter("values", .any), [Parameter("index", .number)], returns: nil) {
            list, arguments, _ throws(EvaluationFailure) in
            try item(list, arguments[0]).map { [$0] } ?? []
        },
        overList(
            "Join", list: Parameter("values", .text), [Parameter("delimiter", .text)], required: 0, returns: .text
        ) { list, arguments, limits throws(EvaluationFailure) in
            guard !list.isEmpty else { return [] }
            let delimiter = arguments.isEmpty ? " " : try arguments[0].text()
            var length = delimiter.utf8.count * (list.count - 1)
            for value in list {
                length += try value.text().utf8.count
            }
            try Lifting.ensure(length: length, fits: limits)
            var joined = ""
            if length > 15 { joined.reserveCapacity(length) }
            for (index, value) in list.enumerated() {
                if index > 0 { joined += delimiter }
                joined += try value.text()
            }
            return ValueList(.text(joined))
        },
        overList("RemoveDuplicates", list: Parameter("values", .any), [], returns: nil, multipleResults: true) {
            list, _, _ throws(EvaluationFailure) in
            var seen: Set<Value> = []
            return ValueList(list.filter { seen.insert($0).inserted })
        },
        overList(
            "Contains", list: Parameter("values", .text), [Parameter("search", .text), Parameter("caseType", caseOption)],
            required: 1, returns: .number
        ) { list, arguments, _ throws(EvaluationFailure) in
            let search = try arguments[0].text()
            let ignoringCase = arguments.count > 1 && arguments[1] == .text("CaseInsensitive")
            for (index, value) in list.enumerated() {
                if position(of: search, in: try value.text(), from: 1, ignoringCase: ignoringCase) != nil {
                    return ValueList(.number(Int64(index + 1)))
                }
            }
            return ValueList(.number(0))
        },
        whereFunction,
    ]

    /// The value at a 1-based index, or `nil` when the index is outside the list.
    private static func item(_ list: ValueList, _ index: Value) throws(EvaluationFailure) -> Value? {
        let index = try index.number()
        guard index >= 1, index <= list.count else { return nil }
        return list[Int(index - 1)]
    }

    /// A function whose first parameter takes the whole list of values (an empty list too), and
    /// whose other parameters are lifted. `returns: nil` gives the kind of the list.
    static func overList(
        _ name: String, list: Parameter, _ parameters: [Parameter], required: Int? = nil, returns: ValueKind?,
        multipleResults: Bool = false, _ body: @escaping ListFunctionBody
    ) -> FunctionDefinition {
        let required = required ?? parameters.count
        return FunctionDefinition(
            name: name, signature: FunctionDefinition.signature(name, [list] + parameters, required: 1 + required),
            minimumArguments: 1 + required, maximumArguments: 1 + parameters.count
        ) { compiler, call throws(ExpressionError) in
            let listArgument = try compiler.argument(call.arguments[0], list, of: call)
            let rest = Call(
                name: call.name, arguments: Array(call.arguments.dropFirst()), location: call.location,
                allowsAuthoritativeNull: false)
            let arguments = try compiler.arguments(of: rest, parameters)
            let kind = returns ?? (listArgument.isNothing ? .any : listArgument.type.kind)
            let multiValued = multipleResults || arguments.contains { $0.type.isMultiValued }
            let evaluateList = listArgument.evaluate
            let evaluators = arguments.map(\.evaluate)
            let limits = compiler.limits
            let location = call.location
            return Compiled(type: ValueType(kind, multiValued: multiValued)) { frame throws(ExpressionEvaluationError) in
                let values = try evaluateList(&frame)
                var lists: [ValueList] = []
                for evaluate in evaluators {
                    let argumentValues = try evaluate(&frame)
                    if argumentValues.isEmpty { return [] }
                    lists.append(argumentValues)
                }
                return try Lifting.combine(lists, function: name, at: location, limits: limits) {
                    arguments, limits throws(EvaluationFailure) in try body(values, arguments, limits)
                }
            }
        }
    }

    /// `Where(item, values, condition)`: the values for which `condition` holds, with `item`
    /// standing for each value in turn.
    private static let whereFunction = FunctionDefinition(
        name: "Where", signature: "Where(item, values, condition)", minimumArguments: 3, maximumArguments: 3
    ) { compiler, call throws(ExpressionError) in
        guard case .identifier(let variable) = call.arguments[0].kind else {
            throw ExpressionError(
                .syntax, "Where's first argument must be a name for the current value, such as item or $item",
                at: call.arguments[0].location, function: "Where")
        }
        let list = try compiler.argument(call.arguments[1], Parameter("values", .any), of: call)
        let itemType = ValueType(list.isNothing ? .any : list.type.kind)
        let condition = try compiler.withVariable(variable, type: itemType) { compiler, slot throws(ExpressionError) in
            let condition = try compiler.condition(call.arguments[2], role: "the condition of Where", function: "Where")
            return (condition, slot)
        }
        let evaluateList = list.evaluate
        var compiled = Compiled(type: ValueType(itemType.kind, multiValued: true)) { frame throws(ExpressionEvaluationError) in
            var kept: [Value] = []
            for value in try evaluateList(&frame) {
                frame.slots[condition.1] = value
                if try condition.0(&frame) { kept.append(value) }
            }
            return ValueList(kept)
        }
        compiled.isNothing = list.isNothing
        return compiled
    }
}
