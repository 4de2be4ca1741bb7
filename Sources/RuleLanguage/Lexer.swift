/// Splits an expression's source into tokens, tracking line and column for messages.
///
/// It works on the UTF-8 bytes of the source: every character with a meaning is ASCII, so
/// multi-byte scalars only ever appear inside string literals, where they are copied as they are.
struct Lexer {
    private let bytes: [UInt8]
    private(set) var index = 0
    private var line = 1
    private var column = 1

    init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// All tokens of the source, ending with `.end`.
    mutating func tokenize() throws(ExpressionError) -> [Token] {
        var tokens: [Token] = []
        while true {
            skipWhitespace()
            let token = try nextToken()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    var location: SourceLocation {
        SourceLocation(line: line, column: column)
    }

    var current: UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    func peek(_ offset: Int = 1) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    /// Moves past one byte, counting lines at `\n` and columns at the start of each scalar.
    mutating func advance() {
        guard let byte = current else { return }
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if current.map({ $0 & 0xC0 != 0x80 }) ?? true {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
            advance()
        }
    }

    private mutating func nextToken() throws(ExpressionError) -> Token {
        let start = location
        guard let byte = current else { return Token(kind: .end, location: start) }
        if Self.isIdentifierStart(byte) || byte == UInt8(ascii: "$") {
            return Token(kind: .identifier(try readIdentifier()), location: start)
        }
        if Self.isDigit(byte) {
            return Token(kind: .integer(try readInteger()), location: start)
        }
        switch byte {
        case UInt8(ascii: "\""):
            return Token(kind: .text(try readText()), location: start)
        case UInt8(ascii: "["):
            return Token(kind: .attribute(try readBracketedAttribute()), location: start)
        default:
            return Token(kind: .symbol(try readSymbol()), location: start)
        }
    }

    private mutating func readIdentifier() throws(ExpressionError) -> String {
        let start = index
        let startLocation = location
        if current == UInt8(ascii: "$") {
            advance()
            guard let next = current, Self.isIdentifierStart(next) else {
                throw ExpressionError(.syntax, "expected a variable name after \"$\"", at: startLocation)
            }
        }
        while let byte = current, Self.isIdentifierStart(byte) || Self.isDigit(byte) {
            advance()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readInteger() throws(ExpressionError) -> UInt64 {
        let startLocation = location
        var value: UInt64 = 0
        while let byte = current, Self.isDigit(byte) {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 {
                throw ExpressionError(.syntax, "integer literal is too large (numbers are 64-bit)", at: startLocation)
            }
            value = sum
            advance()
        }
        return value
    }

    /// `[name]`: letters, digits and `-` `_` `;` `.`, which covers attribute names with options
    /// (`userCertificate;binary`) and numeric OIDs.
    private mutating func readBracketedAttribute() throws(ExpressionError) -> String {
        let startLocation = location
        advance()
        let start = index
        while let byte = current, byte != UInt8(ascii: "]") {
            guard
                Self.isIdentifierStart(byte) || Self.isDigit(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ".")
            else {
                if byte == 0x0A || byte == 0x0D {
                    throw ExpressionError(.syntax, "\"[\" has no closing \"]\"", at: startLocation)
                }
                throw ExpressionError(
                    .syntax,
                    "unexpected character \(characterName(at: index)) in an attribute name; "
                        + "a name in [...] holds letters, digits, \"-\", \"_\", \";\" and \".\"",
                    at: location)
            }
            advance()
        }
        guard current == UInt8(ascii: "]") else {
            throw ExpressionError(.syntax, "\"[\" has no closing \"]\"", at: startLocation)
        }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        if name.isEmpty {
            throw ExpressionError(.syntax, "empty attribute name \"[]\"", at: startLocation)
        }
        advance()
        return name
    }

    private mutating func readSymbol() throws(ExpressionError) -> Token.Symbol {
        let startLocation = location
        guard let byte = current else { throw ExpressionError(.syntax, "unexpected end", at: startLocation) }
        let next = peek()
        let twoCharacter: Token.Symbol? =
            switch (byte, next) {
            case (UInt8(ascii: "&"), UInt8(ascii: "&")): .and
            case (UInt8(ascii: "|"), UInt8(ascii: "|")): .or
            case (UInt8(ascii: "<"), UInt8(ascii: ">")): .notEqual
            case (UInt8(ascii: "<"), UInt8(ascii: "=")): .lessOrEqual
            case (UInt8(ascii: ">"), UInt8(ascii: "=")): .greaterOrEqual
            default: nil
            }
        if let twoCharacter {
            advance()
            advance()
            return twoCharacter
        }
        switch (byte, next) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")):
            throw ExpressionError(.syntax, "\"==\" is not an operator; write \"=\" to compare", at: startLocation)
        case (UInt8(ascii: "!"), UInt8(ascii: "=")):
            throw ExpressionError(.syntax, "\"!=\" is not an operator; write \"<>\" for not equal", at: startLocation)
        case (UInt8(ascii: "|"), _):
            throw ExpressionError(.syntax, "\"|\" is not an operator; write \"||\" for or", at: startLocation)
        default:
            break
        }
        guard let symbol = Token.Symbol(rawValue: String(UnicodeScalar(byte))), byte < 0x80 else {
            throw ExpressionError(.syntax, "unexpected character \(characterName(at: index))", at: startLocation)
        }
        advance()
        return symbol
    }

    /// The character starting at `offset`, quoted, or its code point when it is not printable.
    func characterName(at offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let text = String(decoding: bytes[offset..<min(end, bytes.count)], as: UTF8.self)
        guard let scalar = text.unicodeScalars.first else { return "?" }
        if scalar.properties.generalCategory == .control || scalar.properties.isWhitespace {
            return "U+" + String(scalar.value, radix: 16, uppercase: true)
        }
        return "\"\(text)\""
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
