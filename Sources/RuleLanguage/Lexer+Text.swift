extension Lexer {
    /// A string literal: `"..."` with `\"`, `\\`, `\n`, `\r`, `\t` escapes, and `""` for a quote.
    /// A line break must be written `\n`, so a missing closing quote is reported where the
    /// string starts rather than at the end of the expression.
    mutating func readText() throws(ExpressionError) -> String {
        let startLocation = location
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = current, byte != 0x0A, byte != 0x0D else {
                throw ExpressionError(
                    .syntax, "unterminated string: no closing \" before the end of the line", at: startLocation)
            }
            if byte == UInt8(ascii: "\"") {
                advance()
                guard current == UInt8(ascii: "\"") else { break }
                text.append(byte)
                advance()
            } else if byte == UInt8(ascii: "\\") {
                let escapeLocation = location
                let escaped: UInt8? =
                    switch peek() {
                    case UInt8(ascii: "\""): UInt8(ascii: "\"")
                    case UInt8(ascii: "\\"): UInt8(ascii: "\\")
                    case UInt8(ascii: "n"): 0x0A
                    case UInt8(ascii: "r"): 0x0D
                    case UInt8(ascii: "t"): 0x09
                    default: nil
                    }
                guard let escaped else {
                    let what = peek().map { _ in "\\" + characterName(at: index + 1).trimmingQuotes } ?? "\\"
                    throw ExpressionError(
                        .syntax,
                        "unknown escape \"\(what)\" in a string; the escapes are \\\" \\\\ \\n \\r \\t "
                            + "(write \\\\ for a backslash)",
                        at: escapeLocation)
                }
                text.append(escaped)
                advance()
                advance()
            } else {
                text.append(byte)
                advance()
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
