/// How text values are prepared before they are compared (RFC 4518, loosely): separators
/// become spaces, leading and trailing spaces go, inner runs collapse to one, and, depending on
/// the rule, case is folded or spaces and hyphens are dropped. No NFKC normalization.
struct TextForm: Sendable, Hashable {
    var foldsCase: Bool
    var removesSpaces: Bool = false
    var removesHyphens: Bool = false

    static let caseIgnore = TextForm(foldsCase: true)
    static let caseExact = TextForm(foldsCase: false)
    static let numericString = TextForm(foldsCase: false, removesSpaces: true)
    static let telephoneNumber = TextForm(foldsCase: true, removesSpaces: true, removesHyphens: true)

    /// The prepared form of `value`. Substring pieces keep the spaces at an end that touches
    /// another piece (`trimLeading`/`trimTrailing` false), collapsed to one.
    func normalize(_ value: [UInt8], trimLeading: Bool = true, trimTrailing: Bool = true) -> [UInt8] {
        let source = value.contains { $0 >= 0x80 } ? unicodePrepared(value) : value
        var output: [UInt8] = []
        output.reserveCapacity(source.count)
        var pendingSpace = false
        var started = !trimLeading
        for byte in source {
            if Self.isSpace(byte) {
                if started, !removesSpaces { pendingSpace = true }
                continue
            }
            if removesHyphens, byte == UInt8(ascii: "-") { continue }
            if pendingSpace {
                output.append(0x20)
                pendingSpace = false
            }
            started = true
            output.append(foldsCase ? Self.lowercased(byte) : byte)
        }
        if pendingSpace, !trimTrailing { output.append(0x20) }
        return output
    }

    /// Whether `value` prepared equals `prepared`, without building the prepared form when
    /// `value` is ASCII (the common case on the hot path).
    func matches(_ value: [UInt8], prepared: [UInt8]) -> Bool {
        var position = 0
        var pendingSpace = false
        var started = false
        for byte in value {
            if byte >= 0x80 { return normalize(value) == prepared }
            if Self.isSpace(byte) {
                if started, !removesSpaces { pendingSpace = true }
                continue
            }
            if removesHyphens, byte == UInt8(ascii: "-") { continue }
            if pendingSpace {
                guard position < prepared.count, prepared[position] == 0x20 else { return false }
                position += 1
                pendingSpace = false
            }
            started = true
            guard position < prepared.count, prepared[position] == (foldsCase ? Self.lowercased(byte) : byte) else { return false }
            position += 1
        }
        return position == prepared.count
    }

    /// Non-ASCII text: Unicode separators mapped to spaces, case folded with the standard
    /// library's lowercasing (full Unicode, not ASCII only).
    private func unicodePrepared(_ value: [UInt8]) -> [UInt8] {
        let text = String(decoding: value, as: UTF8.self)
        var mapped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            mapped.append(scalar.properties.isWhitespace ? " " : scalar)
        }
        let prepared = foldsCase ? String(mapped).lowercased() : String(mapped)
        return Array(prepared.utf8)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
