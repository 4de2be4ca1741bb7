extension DistinguishedName {
    /// Parses an RFC 4514 string such as `cn=Smith\, John,ou=Sales,dc=contoso,dc=com`.
    ///
    /// Besides strict RFC 4514 it accepts what servers and older tools still produce:
    /// - spaces around `=`, `,` and `+` (dropped; escaped spaces such as `\ ` are kept);
    /// - `;` as a separator in place of `,` (RFC 2253);
    /// - quoted values such as `cn="Smith, John"` (RFC 2253), in which only `\` and `"` need escaping.
    ///
    /// `\XX` hex pairs are UTF-8 bytes and must decode to valid UTF-8. A value starting with an
    /// unescaped `#` is a BER hexstring, kept verbatim (see ``AttributeTypeAndValue/isBEREncoded``).
    /// The empty string (or only spaces) is ``root``. Errors carry the offset of the mistake.
    public init(_ string: String) throws(DNError) {
        var parser = DNParser(string)
        self.init(rdns: try parser.parseDistinguishedName())
    }

    /// The first RDN of a DN string, parsed, and the text of its parent (empty for a DN of one
    /// RDN), not parsed: for work that needs one of them for each of many entries (the RDN
    /// values a target requires, the containers an export makes), where parsing every RDN of
    /// every DN was a twelfth of an initial cycle. Nil when the string does not start with a
    /// valid RDN; the parent's text is checked only when the caller parses it.
    public static func leadingRDN(of string: String) -> (rdn: RelativeDistinguishedName, parent: String)? {
        // Only the first RDN goes through the parser.
        guard case .separator(let position) = LeadingRDNEnd(string) else {
            var parser = DNParser(string)
            return try? parser.parseLeadingRDN()
        }
        let bytes = string.utf8
        var parser = DNParser(String(Substring(bytes[..<position])))
        guard let (rdn, _) = try? parser.parseLeadingRDN() else { return nil }
        return (rdn, String(Substring(bytes[bytes.index(after: position)...])))
    }

    /// The text of a DN string's parent, the first RDN not parsed (for the containers of many
    /// DNs the engine made itself): what `leadingRDN(of:)` gives as `parent`, and the text
    /// after the first separator even when the first RDN is not valid.
    public static func parentText(of string: String) -> String? {
        switch LeadingRDNEnd(string) {
        case .separator(let position): String(Substring(string.utf8[string.utf8.index(after: position)...]))
        case .end: ""
        case .quoted: leadingRDN(of: string)?.parent
        }
    }
}

/// Where the first RDN of a DN string ends: at the first `,` or `;` not escaped, at the end of
/// the string, or unknown without the parser (a quoted value may hold a separator unescaped).
private enum LeadingRDNEnd {
    case separator(String.Index)
    case end
    case quoted

    init(_ string: String) {
        let bytes = string.utf8
        var position = bytes.startIndex
        while position != bytes.endIndex {
            switch bytes[position] {
            case UInt8(ascii: "\\"):
                position = bytes.index(after: position)
                if position != bytes.endIndex { position = bytes.index(after: position) }
            case UInt8(ascii: "\""):
                self = .quoted
                return
            case UInt8(ascii: ","), UInt8(ascii: ";"):
                self = .separator(position)
                return
            default:
                position = bytes.index(after: position)
            }
        }
        self = .end
    }
}

/// A single-pass parser over the Unicode scalars of a DN string; offsets in errors count scalars.
struct DNParser {
    private let input: String
    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ input: String) {
        self.input = input
        self.scalars = Array(input.unicodeScalars)
    }

    mutating func parseDistinguishedName() throws(DNError) -> [RelativeDistinguishedName] {
        skipSpaces()
        guard current != nil else { return [] }
        var rdns: [RelativeDistinguishedName] = []
        var attributes: [AttributeTypeAndValue] = []
        while true {
            attributes.append(try parseAttribute())
            let separator = current
            if separator != "+" {
                rdns.append(RelativeDistinguishedName(validated: attributes))
                attributes = []
            }
            guard separator != nil else { return rdns }
            index += 1
        }
    }

    /// The first RDN and the text after the separator that ends it (see `leadingRDN(of:)`).
    mutating func parseLeadingRDN() throws(DNError) -> (rdn: RelativeDistinguishedName, parent: String)? {
        skipSpaces()
        guard current != nil else { return nil }
        var attributes: [AttributeTypeAndValue] = []
        while true {
            attributes.append(try parseAttribute())
            guard current == "+" else { break }
            index += 1
        }
        let rest = current == nil ? scalars.count : index + 1
        return (RelativeDistinguishedName(validated: attributes), String(String.UnicodeScalarView(scalars[rest...])))
    }

    /// Reads `type=value`, stopping at the separator (`,` `;` `+`) that follows or at the end.
    private mutating func parseAttribute() throws(DNError) -> AttributeTypeAndValue {
        skipSpaces()
        let typeStart = index
        while let c = current, c != "=", !Self.isSeparator(c) { index += 1 }
        var typeEnd = index
        while typeEnd > typeStart, scalars[typeEnd - 1] == " " { typeEnd -= 1 }
        let type = String(String.UnicodeScalarView(scalars[typeStart..<typeEnd]))
        guard current == "=" else {
            throw error(type.isEmpty ? .expectedAttribute : .missingEquals, at: index)
        }
        if type.isEmpty { throw error(.emptyAttributeType, at: typeStart) }
        if let bad = DNSyntax.attributeTypeErrorOffset(type) {
            throw error(.invalidAttributeType, at: typeStart + bad)
        }
        index += 1
        skipSpaces()
        switch current {
        case "#": return try AttributeTypeAndValue(type: type, berHexValue: parseHexString())
        case "\"": return AttributeTypeAndValue(type: type, value: try parseQuotedValue())
        default: return AttributeTypeAndValue(type: type, value: try parseStringValue())
        }
    }

    private mutating func parseHexString() throws(DNError) -> String {
        let start = index
        index += 1
        while let c = current, DNSyntax.hexValue(c) != nil { index += 1 }
        let digitCount = index - start - 1
        guard digitCount > 0, digitCount.isMultiple(of: 2) else { throw error(.invalidHexString, at: index) }
        let value = String(String.UnicodeScalarView(scalars[start..<index]))
        skipSpaces()
        if let c = current, !Self.isSeparator(c) { throw error(.invalidHexString, at: index) }
        return value
    }

    private mutating func parseStringValue() throws(DNError) -> String {
        var value = ValueBuilder()
        while let c = current, !Self.isSeparator(c) {
            switch c {
            case "\\":
                try readEscape(into: &value)
            case "\"", "<", ">", "\0":
                throw error(.unexpectedCharacter, at: index)
            default:
                try flush(&value)
                // Unescaped spaces count only once something significant follows them.
                value.append(c, significant: c != " ")
                index += 1
            }
        }
        try flush(&value)
        return value.string
    }

    /// A legacy RFC 2253 quoted value: everything up to the closing `"` is literal except escapes.
    private mutating func parseQuotedValue() throws(DNError) -> String {
        let quoteStart = index
        index += 1
        var value = ValueBuilder()
        while true {
            guard let c = current else { throw error(.unterminatedQuote, at: quoteStart) }
            if c == "\"" { break }
            if c == "\\" {
                try readEscape(into: &value)
            } else {
                try flush(&value)
                value.append(c, significant: true)
                index += 1
            }
        }
        try flush(&value)
        index += 1
        skipSpaces()
        if let c = current, !Self.isSeparator(c) { throw error(.unexpectedCharacter, at: index) }
        return value.string
    }

    /// Reads the escape starting at the `\` under `index`: a special character or one hex pair.
    private mutating func readEscape(into value: inout ValueBuilder) throws(DNError) {
        let start = index
        guard index + 1 < scalars.count else { throw error(.danglingEscape, at: start) }
        let next = scalars[index + 1]
        if let high = DNSyntax.hexValue(next) {
            guard index + 2 < scalars.count, let low = DNSyntax.hexValue(scalars[index + 2]) else {
                throw error(.invalidHexEscape, at: start)
            }
            if value.pendingBytes.isEmpty { value.pendingStart = start }
            value.pendingBytes.append(high << 4 | low)
            index += 3
        } else if "\"+,;<>\\=# ".unicodeScalars.contains(next) {
            try flush(&value)
            value.append(next, significant: true)
            index += 2
        } else {
            throw error(.invalidEscape, at: start)
        }
    }

    /// Decodes the bytes of consecutive `\XX` escapes as UTF-8, naming the escape where a bad
    /// sequence starts (each escape is three scalars long).
    private func flush(_ value: inout ValueBuilder) throws(DNError) {
        guard !value.pendingBytes.isEmpty else { return }
        var decoder = Unicode.UTF8.ForwardParser()
        var bytes = value.pendingBytes.makeIterator()
        var consumed = 0
        while true {
            switch decoder.parseScalar(from: &bytes) {
            case .valid(let encoded):
                value.append(Unicode.UTF8.decode(encoded), significant: true)
                consumed += encoded.count
            case .error:
                throw error(.invalidUTF8, at: value.pendingStart + 3 * consumed)
            case .emptyInput:
                value.pendingBytes.removeAll()
                return
            }
        }
    }

    private var current: Unicode.Scalar? {
        index < scalars.count ? scalars[index] : nil
    }

    private mutating func skipSpaces() {
        while current == " " { index += 1 }
    }

    private static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        c == "," || c == ";" || c == "+"
    }

    private func error(_ code: DNError.Code, at offset: Int) -> DNError {
        DNError(code, at: offset, in: input)
    }
}

/// The unescaped value being read, and the `\XX` bytes not yet decoded.
private struct ValueBuilder {
    var scalars: [Unicode.Scalar] = []
    /// How many scalars to keep: unescaped spaces after the last significant one are dropped.
    var keptCount = 0
    var pendingBytes: [UInt8] = []
    var pendingStart = 0

    mutating func append(_ scalar: Unicode.Scalar, significant: Bool) {
        scalars.append(scalar)
        if significant { keptCount = scalars.count }
    }

    var string: String {
        String(String.UnicodeScalarView(scalars.prefix(keptCount)))
    }
}
