/// The body of a function that takes one value per argument.
typealias FunctionBody = @Sendable (_ arguments: ValueList, _ limits: ExpressionLimits) throws(EvaluationFailure) -> ValueList

/// Applying a function to every value of multi-valued arguments, as AAD Connect does.
enum Lifting {
    /// An evaluator that calls `body` for every combination of one value from each argument
    /// (the first argument varies slowest) and concatenates the results. An argument without
    /// values gives no result: null propagates.
    static func evaluator(
        function: String, at location: SourceLocation, arguments: [Evaluator], limits: ExpressionLimits,
        body: @escaping FunctionBody
    ) -> Evaluator {
        // The common shapes, one or two arguments of one value each, call the body directly.
        switch arguments.count {
        case 1:
            let only = arguments[0]
            return { frame throws(ExpressionEvaluationError) in
                let values = try only(&frame)
                if values.count == 1 {
                    return try call(body, values, function: function, at: location, limits: limits)
                }
                return try combine([values], function: function, at: location, limits: limits, body: body)
            }
        case 2:
            let (first, second) = (arguments[0], arguments[1])
            return { frame throws(ExpressionEvaluationError) in
                let left = try first(&frame)
                if left.isEmpty { return [] }
                let right = try second(&frame)
                if left.count == 1 && right.count == 1 {
                    return try call(body, ValueList(left[0], right[0]), function: function, at: location, limits: limits)
                }
                return try combine([left, right], function: function, at: location, limits: limits, body: body)
            }
        default:
            return { frame throws(ExpressionEvaluationError) in
                var lists: [ValueList] = []
                lists.reserveCapacity(arguments.count)
                for argument in arguments {
                    let values = try argument(&frame)
                    if values.isEmpty { return [] }
                    lists.append(values)
                }
                return try combine(lists, function: function, at: location, limits: limits, body: body)
            }
        }
    }

    private static func call(
        _ body: FunctionBody, _ arguments: ValueList, function: String, at location: SourceLocation,
        limits: ExpressionLimits
    ) throws(ExpressionEvaluationError) -> ValueList {
        let result: ValueList
        do throws(EvaluationFailure) {
            result = try body(arguments, limits)
        } catch {
            throw error.error(function: function, at: location)
        }
        try checkLengths(result, function: function, at: location, limits: limits)
        return result
    }

    /// Calls `body` for every combination of one value from each list, concatenating results.
    static func combine(
        _ lists: [ValueList], function: String, at location: SourceLocation, limits: ExpressionLimits,
        body: FunctionBody
    ) throws(ExpressionEvaluationError) -> ValueList {
        var combinations = 1
        for list in lists {
            if list.isEmpty { return [] }
            let (product, overflow) = combinations.multipliedReportingOverflow(by: list.count)
            guard !overflow, product <= limits.maximumValues else {
                throw tooManyValues(function: function, at: location, limits: limits)
            }
            combinations = product
        }
        var arguments = lists.map { $0[0] }
        if combinations == 1 {
            return try call(body, ValueList(arguments), function: function, at: location, limits: limits)
        }
        var indices = [Int](repeating: 0, count: lists.count)
        var results: [Value] = []
        results.reserveCapacity(combinations)
        for _ in 0..<combinations {
            results.append(
                contentsOf: try call(body, ValueList(arguments), function: function, at: location, limits: limits))
            if results.count > limits.maximumValues {
                throw tooManyValues(function: function, at: location, limits: limits)
            }
            // Advance the last argument fastest, like an odometer.
            var position = lists.count - 1
            while position >= 0 {
                indices[position] += 1
                if indices[position] < lists[position].count {
                    arguments[position] = lists[position][indices[position]]
                    break
                }
                indices[position] = 0
                arguments[position] = lists[position][0]
                position -= 1
            }
        }
        return ValueList(results)
    }

    static func tooManyValues(
        function: String, at location: SourceLocation, limits: ExpressionLimits
    ) -> ExpressionEvaluationError {
        ExpressionEvaluationError(
            "would produce more than \(limits.maximumValues) values", function: function, at: location)
    }

    /// A safety net behind the checks functions make before building long values.
    static func checkLengths(
        _ values: ValueList, function: String, at location: SourceLocation, limits: ExpressionLimits
    ) throws(ExpressionEvaluationError) {
        for value in values {
            let length: Int =
                switch value {
                case .text(let text): text.utf8.count
                case .binary(let bytes): bytes.count
                default: 0
                }
            if length > limits.maximumValueLength {
                throw ExpressionEvaluationError(
                    "would produce a value of \(length) bytes; the limit is \(limits.maximumValueLength)",
                    function: function, at: location)
            }
        }
    }

    /// Fails unless a value of `length` bytes fits the limit; call before building it.
    static func ensure(length: Int, fits limits: ExpressionLimits) throws(EvaluationFailure) {
        if length > limits.maximumValueLength {
            throw EvaluationFailure(
                "would produce a value of \(length) bytes; the limit is \(limits.maximumValueLength)")
        }
    }
}
