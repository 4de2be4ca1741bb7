import Foundation

/// One `type=value` pair of a relative distinguished name, such as `cn=Ann Lee`.
///
/// Equality and hashing follow LDAP matching rather than spelling: two pairs are equal when
/// their ``normalized`` forms are, so `CN=Ann  Lee` equals `cn=ann lee`.
///
/// A value written in RFC 4514 hexstring form (`cn=#04024869`, the BER encoding of the value) is
/// kept verbatim, `#` included, with ``isBEREncoded`` set; it is not decoded, because decoding
/// needs the attribute's syntax, which only the server knows. Such a value serializes back
/// unchanged, and compares equal only to the same hex (ignoring the case of the hex digits).
public struct AttributeTypeAndValue: Hashable, Sendable, CustomStringConvertible {
    /// The attribute type as written: a descriptor such as `cn` or a numeric OID such as `2.5.4.3`.
    public var type: String
    /// The value, unescaped. When ``isBEREncoded`` is set it is `#` followed by hex digits.
    public var value: String
    /// Whether ``value`` is an RFC 4514 hexstring (`#` and the hex of a BER encoding).
    public private(set) var isBEREncoded: Bool

    /// Creates a pair with a string value. The type is not checked here; use
    /// ``RelativeDistinguishedName/init(attributes:)`` to validate it.
    public init(type: String, value: String) {
        self.type = type
        self.value = value
        self.isBEREncoded = false
    }

    /// Creates a pair whose value is a hexstring such as `#04024869`, as found in `cn=#04024869`.
    public init(type: String, berHexValue: String) throws(DNError) {
        let scalars = Array(berHexValue.unicodeScalars)
        let digits = scalars.dropFirst()
        guard scalars.first == "#", !digits.isEmpty, digits.count.isMultiple(of: 2) else {
            throw DNError(.invalidHexString, at: 0, in: berHexValue)
        }
        if let bad = digits.firstIndex(where: { DNSyntax.hexValue($0) == nil }) {
            throw DNError(.invalidHexString, at: bad, in: berHexValue)
        }
        self.type = type
        self.value = berHexValue
        self.isBEREncoded = true
    }

    /// The bytes of the BER encoding when ``isBEREncoded`` is set, otherwise `nil`.
    public var berBytes: [UInt8]? {
        guard isBEREncoded else { return nil }
        let digits = value.unicodeScalars.dropFirst().compactMap(DNSyntax.hexValue)
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// The RFC 4514 string form, `type=value` with the value escaped.
    public var description: String {
        "\(type)=\(isBEREncoded ? value : DNSyntax.escape(value: value))"
    }

    /// The form used to compare: the type lowercased, and the value lowercased, composed (NFC),
    /// with leading and trailing spaces removed and inner runs of spaces collapsed to one, then
    /// escaped as in ``description``.
    public var normalized: String {
        let type = type.lowercased()
        if isBEREncoded { return "\(type)=\(value.lowercased())" }
        let lowered = value.lowercased()
        // NFC leaves ASCII as it is, and composing costs more than the rest of this form.
        let folded = lowered.utf8.allSatisfy { $0 < 0x80 } ? lowered : lowered.precomposedStringWithCanonicalMapping
        let words = folded.split(separator: " ", omittingEmptySubsequences: true)
        return "\(type)=\(DNSyntax.escape(value: words.joined(separator: " ")))"
    }

    /// Equal when the ``normalized`` forms are equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.normalized == rhs.normalized
    }

    /// Hashes the ``normalized`` form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalized)
    }
}
