/// One token of an RFC 4512 §4.1 description.
enum SchemaToken: Equatable {
    case open, close, dollar
    /// A bare word: a keyword (`SUP`), an OID (`2.5.4.3`, `1.3.6.1.4.1.1466.115.121.1.15{32768}`)
    /// or a descriptor (`top`).
    case word(String)
    /// A `'quoted'` string with its `\27` and `\5C` escapes decoded.
    case quoted(String)
}

/// Splits a description into tokens, leniently: any run of whitespace separates, a quote may
/// hold any character but `'`, and a bare word is anything up to whitespace, `(`, `)`, `$` or `'`.
struct SchemaTokenizer {
    private let input: String
    private let scalars: [Unicode.Scalar]
    private var index = 0
    /// Where the last token returned by ``next()`` starts.
    private(set) var tokenStart = 0

    init(_ input: String) {
        self.input = input
        self.scalars = Array(input.unicodeScalars)
    }

    /// The next token, or `nil` at the end.
    mutating func next() throws(SchemaParseError) -> SchemaToken? {
        while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
        tokenStart = index
        guard index < scalars.count else { return nil }
        let scalar = scalars[index]
        switch scalar {
        case "(":
            index += 1
            return .open
        case ")":
            index += 1
            return .close
        case "$":
            index += 1
            return .dollar
        case "'": return .quoted(try readQuoted())
        default:
            let start = index
            while index < scalars.count, !Self.endsWord(scalars[index]) { index += 1 }
            return .word(String(String.UnicodeScalarView(scalars[start..<index])))
        }
    }

    /// The next token without consuming it.
    mutating func peek() throws(SchemaParseError) -> SchemaToken? {
        let saved = (index, tokenStart)
        defer { (index, tokenStart) = saved }
        return try next()
    }

    func error(_ expected: String, at offset: Int? = nil) -> SchemaParseError {
        SchemaParseError(expected: expected, at: offset ?? tokenStart, in: input)
    }

    private mutating func readQuoted() throws(SchemaParseError) -> String {
        let start = index
        index += 1
        var text = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != "'" {
            if scalars[index] == "\\", index + 2 < scalars.count {
                let escape = String(String.UnicodeScalarView(scalars[index + 1...index + 2])).uppercased()
                if escape == "27" || escape == "5C" {
                    text.append(escape == "27" ? "'" : "\\")
                    index += 3
                    continue
                }
            }
            text.append(scalars[index])
            index += 1
        }
        guard index < scalars.count else { throw error("a closing quote for the string opened", at: start) }
        index += 1
        return String(text)
    }

    private static func endsWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "(" || scalar == ")" || scalar == "$" || scalar == "'"
    }
}
