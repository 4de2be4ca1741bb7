/// Character classes and escaping rules shared by the DN parser, the DN serializer and the
/// filter builder (RFC 4512 §1.4, RFC 4514 §2.4 and §3).
enum DNSyntax {
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c)
    }

    /// `keychar` of RFC 4512: ALPHA, DIGIT or HYPHEN.
    static func isKeyChar(_ c: Unicode.Scalar) -> Bool {
        isLetter(c) || isDigit(c) || c == "-"
    }

    /// The value of one hex digit, or `nil` when `c` is not a hex digit.
    static func hexValue(_ c: Unicode.Scalar) -> UInt8? {
        switch c {
        case "0"..."9": UInt8(c.value - 0x30)
        case "a"..."f": UInt8(c.value - 0x61 + 10)
        case "A"..."F": UInt8(c.value - 0x41 + 10)
        default: nil
        }
    }

    /// Where `type` stops being a descriptor (`cn`) or numeric OID (`2.5.4.3`), or `nil` when it
    /// is one. The offset points at the first offending scalar, or at 0 when the shape as a whole
    /// is wrong (for example a lone number).
    static func attributeTypeErrorOffset(_ type: String) -> Int? {
        let scalars = Array(type.unicodeScalars)
        guard let first = scalars.first else { return 0 }
        if let bad = scalars.firstIndex(where: { !isKeyChar($0) && $0 != "." }) { return bad }
        if isLetter(first) { return scalars.firstIndex(of: ".") }
        var componentStart = 0
        var components = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == "." {
            let component = scalars[componentStart..<index]
            if component.isEmpty { return index }
            if let bad = component.firstIndex(where: { !isDigit($0) }) { return bad }
            if component.count > 1, component.first == "0" { return componentStart }
            components += 1
            componentStart = index + 1
        }
        return components >= 2 ? nil : 0
    }

    /// Escapes a string value as RFC 4514 §2.4 requires: `"` `+` `,` `;` `<` `>` `\` and `=`
    /// anywhere, a leading space or `#`, a trailing space, and NUL as `\00`. Everything else,
    /// including non-ASCII text, is written as is.
    static func escape(value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var escaped = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"", "+", ",", ";", "<", ">", "\\", "=":
                escaped.append("\\")
                escaped.append(scalar)
            case "\0":
                escaped.append(contentsOf: "\\00".unicodeScalars)
            case " " where index == 0 || index == scalars.count - 1, "#" where index == 0:
                escaped.append("\\")
                escaped.append(scalar)
            default:
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}
