import RuleLanguage

/// A compiler for tests: `baseDN` and `dn` are context variables, and a few attributes have
/// schema information (the rest are multi-valued text, as for an unknown schema).
func testCompiler(limits: ExpressionLimits = .default) -> ExpressionCompiler {
    ExpressionCompiler(
        attributeInfo: { testSchema[$0] }, contextVariables: ["baseDN": .text, "dn": .text], limits: limits)
}

let testSchema: [String: AttributeInfo] = [
    "objectguid": AttributeInfo(singleValued: true, binary: true),
    "objectsid": AttributeInfo(singleValued: true, binary: true),
    "jpegphoto": AttributeInfo(singleValued: false, binary: true),
    "uidnumber": AttributeInfo(isSingleValued: true, kind: .number),
    "useraccountcontrol": AttributeInfo(isSingleValued: true, kind: .number),
    "ldapsyncaccountdisabled": AttributeInfo(isSingleValued: true, kind: .boolean),
    "employeeid": AttributeInfo(isSingleValued: true, kind: .text),
]

/// The object most tests evaluate against.
func person(_ overrides: [String: [String]] = [:], binary: [String: [[UInt8]]] = [:]) -> ExpressionValues {
    var attributes: [String: [[UInt8]]] = [
        "uid": ["jdoe"], "givenName": ["John"], "sn": ["Doe"], "mail": ["John.Doe@Contoso.com"],
        "cn": ["John Doe"],
    ].mapValues { $0.map { Array($0.utf8) } }
    for (name, values) in overrides { attributes[name] = values.map { Array($0.utf8) } }
    for (name, values) in binary { attributes[name] = values }
    return ExpressionValues(attributes: attributes, context: ["baseDN": [Array("dc=cloud,dc=example".utf8)]])
}

/// Compiles and evaluates `source`, returning the result as text values (`nil` for
/// AuthoritativeNull). Throws compile and evaluation errors.
func evaluate(_ source: String, _ input: ExpressionValues = person()) throws -> [String]? {
    try testCompiler().compile(source).evaluate(input).textValues
}

/// Evaluates against just the given text attributes.
func evaluate(_ source: String, _ attributes: [String: [String]]) throws -> [String]? {
    try evaluate(source, ExpressionValues(text: attributes))
}

/// The compile error for `source`, or `nil` when it compiles.
func compileError(_ source: String) -> ExpressionError? {
    do throws(ExpressionError) {
        _ = try testCompiler().compile(source)
        return nil
    } catch {
        return error
    }
}

/// The evaluation error for `source` against `input`, or `nil` when it evaluates (a compile
/// error is returned as an evaluation error carrying its description, so tests fail visibly).
func evaluationError(_ source: String, _ input: ExpressionValues = person()) -> ExpressionEvaluationError? {
    do {
        let compiled = try testCompiler().compile(source)
        _ = try compiled.evaluate(input)
        return nil
    } catch let error as ExpressionEvaluationError {
        return error
    } catch {
        return ExpressionEvaluationError("compile error: \(error)", function: nil, at: .start)
    }
}

func evaluationError(_ source: String, _ attributes: [String: [String]]) -> ExpressionEvaluationError? {
    evaluationError(source, ExpressionValues(text: attributes))
}
