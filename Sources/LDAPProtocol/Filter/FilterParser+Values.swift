/// Values, escapes and the character-level helpers of ``FilterParser``.
extension FilterParser {
    /// A value in which `*` is not allowed unescaped.
    mutating func parseValue(bare: Bool) throws(SearchFilterError) -> [UInt8] {
        let (pieces, firstStar) = try parseSubstrings(bare: bare)
        guard pieces.count == 1 else { throw error(.unexpectedCharacter, at: firstStar) }
        return pieces[0]
    }

    /// The value's pieces between unescaped `*`s (one piece when there is none), and where the
    /// first `*` is.
    mutating func parseSubstrings(bare: Bool) throws(SearchFilterError) -> (pieces: [[UInt8]], firstStar: Int) {
        var pieces: [[UInt8]] = [[]]
        var firstStar = 0
        while let byte = current {
            switch byte {
            case UInt8(ascii: ")") where !bare:
                return (pieces, firstStar)
            case UInt8(ascii: "("), UInt8(ascii: ")"), 0:
                throw error(.unexpectedCharacter)
            case UInt8(ascii: "*"):
                if pieces.count == 1 { firstStar = index }
                pieces.append([])
                index += 1
            case UInt8(ascii: "\\"):
                pieces[pieces.count - 1].append(try readEscape())
            default:
                pieces[pieces.count - 1].append(byte)
                index += 1
            }
        }
        if !bare { throw error(.expectedClosingParenthesis) }
        return (pieces, firstStar)
    }

    /// `\xx`, or a legacy RFC 2254 `\*` `\(` `\)` `\\`.
    mutating func readEscape() throws(SearchFilterError) -> UInt8 {
        let start = index
        if let next = peek(1), "*()\\".utf8.contains(next) {
            index += 2
            return next
        }
        guard let high = peek(1).flatMap(Self.hexValue), let low = peek(2).flatMap(Self.hexValue) else {
            throw error(.invalidEscape, at: start)
        }
        index += 3
        return high << 4 | low
    }

    func description(_ text: String, at start: Int) throws(SearchFilterError) -> AttributeDescription {
        do {
            return try AttributeDescription(text)
        } catch {
            // `text` is ASCII (description bytes only), so its scalar offset is its byte offset.
            throw self.error(.invalidAttribute, at: start + error.offset)
        }
    }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    func peek(_ distance: Int) -> UInt8? {
        index + distance < bytes.count ? bytes[index + distance] : nil
    }

    func startsWith(_ literal: String) -> Bool {
        let literal = Array(literal.utf8)
        return index + literal.count <= bytes.count && bytes[index..<index + literal.count].elementsEqual(literal)
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    mutating func skipSpaces() {
        while current == UInt8(ascii: " ") { index += 1 }
    }

    func error(_ code: SearchFilterError.Code, at byteOffset: Int? = nil) -> SearchFilterError {
        let offset = min(byteOffset ?? index, bytes.count)
        // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
        let scalars = bytes[..<offset].reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return SearchFilterError(code, at: scalars, in: input)
    }

    /// Bytes of an attribute description: keychars, `.` of OIDs and `;` before options.
    static func isDescriptionByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";")
    }

    static func isOperatorByte(_ byte: UInt8) -> Bool {
        "=~<>:".utf8.contains(byte)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
