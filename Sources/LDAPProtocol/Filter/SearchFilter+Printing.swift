extension SearchFilter: CustomStringConvertible {
    /// The canonical RFC 4515 string: no spaces, attribute descriptions and matching rules as
    /// written, values escaped by ``escapeValue(_:)``. Parsing it gives back an equal filter.
    public var description: String {
        var output = ""
        write(to: &output)
        return output
    }

    /// Escapes a value the canonical way: `*` `(` `)` `\` NUL and the other ASCII control
    /// characters become `\xx` (lowercase hex); a value that is valid UTF-8 keeps its other
    /// characters as they are (`Müller`), one that is not has every byte above 0x7F escaped.
    public static func escapeValue(_ value: [UInt8]) -> String {
        let keepNonASCII = isValidUTF8(value)
        var escaped: [UInt8] = []
        escaped.reserveCapacity(value.count)
        for byte in value {
            let special =
                byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "(")
                || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\\") || (byte >= 0x80 && !keepNonASCII)
            if special {
                escaped.append(UInt8(ascii: "\\"))
                escaped.append(hexDigits[Int(byte >> 4)])
                escaped.append(hexDigits[Int(byte & 0x0F)])
            } else {
                escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .error: return false
            case .emptyInput: return true
            }
        }
    }

    private func write(to output: inout String) {
        output += "("
        switch self {
        case .and(let filters):
            output += "&"
            for filter in filters { filter.write(to: &output) }
        case .or(let filters):
            output += "|"
            for filter in filters { filter.write(to: &output) }
        case .not(let filter):
            output += "!"
            filter.write(to: &output)
        case .equality(let attribute, let value):
            output += "\(attribute)=\(Self.escapeValue(value))"
        case .substrings(let attribute, let assertion):
            output += "\(attribute)="
            output += assertion.initial.map(Self.escapeValue) ?? ""
            for piece in assertion.any { output += "*" + Self.escapeValue(piece) }
            output += "*"
            output += assertion.final.map(Self.escapeValue) ?? ""
        case .greaterOrEqual(let attribute, let value):
            output += "\(attribute)>=\(Self.escapeValue(value))"
        case .lessOrEqual(let attribute, let value):
            output += "\(attribute)<=\(Self.escapeValue(value))"
        case .present(let attribute):
            output += "\(attribute)=*"
        case .approx(let attribute, let value):
            output += "\(attribute)~=\(Self.escapeValue(value))"
        case .extensibleMatch(let match):
            output += match.attribute?.description ?? ""
            if match.dnAttributes { output += ":dn" }
            if let rule = match.matchingRule { output += ":" + rule }
            output += ":=" + Self.escapeValue(match.value)
        }
        output += ")"
    }
}

extension SearchFilter: Codable {
    /// Decodes a filter from its string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try SearchFilter(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes the filter as its canonical string (``description``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
