/// Every function an expression can call, by lowercased name.
enum FunctionLibrary {
    static let all: [FunctionDefinition] =
        textFunctions + searchFunctions + logicFunctions + multiValueFunctions + conversionFunctions
        + identifierFunctions + dateTimeFunctions + bitFunctions + distinguishedNameFunctions

    static let definitions: [String: FunctionDefinition] = Dictionary(
        all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    /// The canonical names, for suggestions.
    static let names: [String] = all.map(\.name).sorted()

    /// AAD Connect functions this language leaves out on purpose, and why.
    static let unsupported: [String: String] = [
        "now": "expressions are deterministic and have no clock",
        "guid": "expressions are deterministic and cannot generate identifiers",
        "randomnum": "expressions are deterministic",
        "cdate": "dates are text here; FormatDateTime reads generalized time and AD file times",
        "dateadd": "dates are text here; FormatDateTime reads generalized time and AD file times",
        "datefromnum": "dates are text here; FormatDateTime reads AD file times directly",
        "numfromdate": "dates are text here; FormatDateTime reads generalized time and AD file times",
        "select": "use Where to filter values, and functions directly on multi-valued attributes to transform each value",
        "with": "repeat the subexpression instead",
        "cref": "references are text DNs here; no conversion is needed",
        "isnull": "use IsNullOrEmpty(x), or Count(x) = 0 to tell an empty string from no value",
    ]
}
