/// Builds RFC 4515 search filter strings from untrusted values without letting a value change
/// the filter's structure: every value goes through ``escape(_:)`` or ``escape(bytes:)``, and
/// every attribute name is checked.
///
/// ``and(_:)``, ``or(_:)`` and ``not(_:)`` combine filters made by this type; they do not
/// re-check their arguments.
public enum LDAPFilter {
    /// Escapes a string assertion value: `*` `(` `)` `\` and NUL become `\2a` `\28` `\29` `\5c`
    /// `\00`. Everything else, including non-ASCII text, stays as is (filters are UTF-8).
    public static func escape(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            if scalar.isASCII, mustEscape(UInt8(scalar.value)) {
                escaped += hexEscape(UInt8(scalar.value))
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Escapes a binary assertion value such as an `objectGUID`: the characters ``escape(_:)``
    /// escapes, plus every byte outside printable ASCII (0x20–0x7E), each as `\xx`.
    public static func escape(bytes: some Collection<UInt8>) -> String {
        var escaped = ""
        for byte in bytes {
            if mustEscape(byte) || !(0x20...0x7E).contains(byte) {
                escaped += hexEscape(byte)
            } else {
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return escaped
    }

    /// `(attribute=value)` with the value escaped. Throws when `attribute` is not a descriptor
    /// or numeric OID with optional `;options` (`cn`, `2.5.4.3`, `userCertificate;binary`).
    public static func equality(_ attribute: String, _ value: String) throws(LDAPFilterError) -> String {
        "(\(try checked(attribute))=\(escape(value)))"
    }

    /// `(attribute=\xx…)` matching a binary value byte for byte, such as an `objectGUID`.
    public static func equality(_ attribute: String, bytes: some Collection<UInt8>) throws(LDAPFilterError) -> String {
        "(\(try checked(attribute))=\(escape(bytes: bytes)))"
    }

    /// `(attribute=*)`: entries that have the attribute at all.
    public static func presence(_ attribute: String) throws(LDAPFilterError) -> String {
        "(\(try checked(attribute))=*)"
    }

    /// `(&f1f2…)`: entries matching every filter. One filter is returned as is; none gives
    /// `(&)`, the absolute true filter of RFC 4526.
    public static func and(_ filters: [String]) -> String {
        filters.count == 1 ? filters[0] : "(&\(filters.joined()))"
    }

    /// `(|f1f2…)`: entries matching any filter. One filter is returned as is; none gives `(|)`,
    /// the absolute false filter of RFC 4526.
    public static func or(_ filters: [String]) -> String {
        filters.count == 1 ? filters[0] : "(|\(filters.joined()))"
    }

    /// `(!f)`: entries not matching `filter`.
    public static func not(_ filter: String) -> String {
        "(!\(filter))"
    }

    private static func mustEscape(_ byte: UInt8) -> Bool {
        byte == 0x2A || byte == 0x28 || byte == 0x29 || byte == 0x5C || byte == 0x00
    }

    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var escaped = "\\"
        escaped.unicodeScalars.append(digits[Int(byte >> 4)])
        escaped.unicodeScalars.append(digits[Int(byte & 0x0F)])
        return escaped
    }

    /// Returns `attribute` when it is `type *( ";" option )` with `option = 1*keychar` (RFC 4512).
    private static func checked(_ attribute: String) throws(LDAPFilterError) -> String {
        let parts = attribute.split(separator: ";", omittingEmptySubsequences: false)
        let type = String(parts[0])
        let options = parts.dropFirst()
        guard DNSyntax.attributeTypeErrorOffset(type) == nil,
            options.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(DNSyntax.isKeyChar) })
        else { throw LDAPFilterError(.invalidAttribute, attribute: attribute) }
        return attribute
    }
}

/// Why a filter could not be built.
public struct LDAPFilterError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, as an open set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The attribute is not a descriptor or numeric OID with optional `;options`.
        public static let invalidAttribute = Code("invalid attribute description")

        /// A short English explanation of the code.
        public var description: String { name }
    }

    /// What is wrong.
    public var code: Code
    /// The attribute name that was rejected.
    public var attribute: String

    /// Creates an error about `attribute`.
    public init(_ code: Code, attribute: String) {
        self.code = code
        self.attribute = attribute
    }

    /// For example `invalid attribute description "cn)(uid=*"`.
    public var description: String {
        "\(code) \"\(attribute)\""
    }
}
