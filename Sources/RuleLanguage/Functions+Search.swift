import Foundation

extension FunctionLibrary {
    /// `CaseSensitive` or `CaseInsensitive`, with VBA's names as aliases.
    static let caseOption: ParameterKind = .option([
        "casesensitive": "CaseSensitive", "caseinsensitive": "CaseInsensitive",
        "vbbinarycompare": "CaseSensitive", "vbtextcompare": "CaseInsensitive",
    ])

    static let searchFunctions: [FunctionDefinition] = [
        .lifted(
            "InStr",
            [Parameter("text", .text), Parameter("search", .text), Parameter("start", .number), Parameter("compare", caseOption)],
            required: 2, returns: .number
        ) { arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let search = try arguments[1].text()
            let start = arguments.count > 2 ? try arguments[2].number() : 1
            guard start >= 1 else { throw EvaluationFailure("is not a valid start; positions start at 1", arguments[2]) }
            let ignoringCase = arguments.count > 3 && arguments[3] == .text("CaseInsensitive")
            let position = position(of: search, in: text, from: Int(clamping: start), ignoringCase: ignoringCase)
            return ValueList(.number(Int64(position ?? 0)))
        },
        .lifted(
            "Word", [Parameter("text", .text), Parameter("number", .number), Parameter("delimiters", .text)],
            returns: .text
        ) { arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let number = try arguments[1].number()
            let delimiters = try arguments[2].text()
            guard number >= 1 else { return [] }
            if ASCIIText.isSimple(text) && ASCIIText.isSimple(delimiters) {
                return ASCIIText.word(Int(clamping: number), of: text, delimiters: delimiters).map { ValueList(.text($0)) } ?? []
            }
            let words = text.split(whereSeparator: Set(delimiters).contains)
            guard number <= words.count else { return [] }
            return ValueList(.text(String(words[Int(number - 1)])))
        },
        .lifted(
            "Split", [Parameter("text", .text), Parameter("delimiter", .text), Parameter("limit", .number)],
            required: 2, returns: .text, multipleResults: true
        ) { arguments, limits throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let delimiter = try arguments[1].text()
            guard !delimiter.isEmpty else { throw EvaluationFailure("an empty delimiter cannot split text") }
            let limit = arguments.count > 2 ? try arguments[2].number() : Int64(Int.max)
            guard limit >= 1 else { throw EvaluationFailure("is not a valid limit; it must be 1 or more", arguments[2]) }
            let parts = text.split(separator: delimiter, maxSplits: Int(clamping: limit - 1), omittingEmptySubsequences: false)
            guard parts.count <= limits.maximumValues else {
                throw EvaluationFailure("would split into more than \(limits.maximumValues) values")
            }
            return ValueList(parts.map { .text(String($0)) })
        },
    ]

    /// The 1-based position of the first occurrence of `search` in `text` at or after `start`,
    /// counted in characters, or `nil`. An empty `search` is found at `start` when that is
    /// within the text or just after it.
    static func position(of search: String, in text: String, from start: Int, ignoringCase: Bool) -> Int? {
        guard let from = text.index(text.startIndex, offsetBy: start - 1, limitedBy: text.endIndex) else { return nil }
        if search.isEmpty { return start }
        let found: Range<String.Index>? =
            ignoringCase
            ? text.range(of: search, options: [.caseInsensitive], range: from..<text.endIndex)
            : text[from...].firstRange(of: search)
        return found.map { text.distance(from: text.startIndex, to: $0.lowerBound) + 1 }
    }
}
