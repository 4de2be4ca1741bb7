/// An equality (or approximate, or extensible) assertion prepared once for a matching rule.
enum EqualityMatcher: Sendable {
    case text(TextForm, prepared: [UInt8])
    case octets([UInt8])
    case integer(IntegerValue)
    case distinguishedName(raw: [UInt8], normalized: String)
    case nameAndOptionalUID(raw: [UInt8], dn: String, uid: String?)
    case boolean(Bool)
    /// Active Directory's LDAP_MATCHING_RULE_BIT_AND (1.2.840.113556.1.4.803).
    case bitAnd(Int64)
    /// Active Directory's LDAP_MATCHING_RULE_BIT_OR (1.2.840.113556.1.4.804).
    case bitOr(Int64)
    /// Active Directory's short form `(objectCategory=person)`: the leaf of the category DN
    /// (`CN=Person,CN=Schema,…`), hyphens dropped and case folded, is one of these.
    case categoryName(Set<[UInt8]>)

    /// Prepares `assertion` for `matching`; `nil` when it is not a value of the rule's syntax
    /// (the filter item is then undefined, RFC 4511 §4.5.1.7).
    init?(_ matching: ValueMatching, assertion: [UInt8]) {
        switch matching {
        case .octetString:
            self = .octets(assertion)
        case .integer:
            guard let value = IntegerValue(assertion) else { return nil }
            self = .integer(value)
        case .distinguishedName:
            guard let name = Self.distinguishedName(assertion) else { return nil }
            self = .distinguishedName(raw: assertion, normalized: name)
        case .nameAndOptionalUID:
            let (dnPart, uid) = Self.splitUID(assertion)
            guard let name = Self.distinguishedName(dnPart) else { return nil }
            self = .nameAndOptionalUID(raw: assertion, dn: name, uid: uid)
        case .boolean:
            guard let value = Self.boolean(assertion) else { return nil }
            self = .boolean(value)
        case .caseIgnore, .caseExact, .numericString, .telephoneNumber:
            let form = matching.textForm ?? .caseIgnore
            self = .text(form, prepared: form.normalize(assertion))
        }
    }

    /// A bitwise AD rule; `nil` when the assertion is not an integer that fits 64 bits.
    init?(bitwise rule: String, assertion: [UInt8]) {
        guard let mask = IntegerValue(assertion)?.int64 else { return nil }
        self = rule == Self.bitAndOID ? .bitAnd(mask) : .bitOr(mask)
    }

    /// `(objectCategory=name)` as AD reads it: the category of the class named `name`. AD's
    /// default schema gives `user`, `inetOrgPerson`, `contact` and `organizationalPerson` the
    /// category `Person` (the subschema does not publish `defaultObjectCategory`); any other
    /// name stands for the category of the same name (`group`, `computer`,
    /// `organizationalUnit` for `CN=Organizational-Unit`).
    init(objectCategory name: [UInt8]) {
        let key = Self.categoryKey(name)
        let personClasses: Set<[UInt8]> = [
            Array("user".utf8), Array("inetorgperson".utf8), Array("contact".utf8), Array("organizationalperson".utf8),
        ]
        self = .categoryName(personClasses.contains(key) ? [Array("person".utf8)] : [key])
    }

    static let bitAndOID = "1.2.840.113556.1.4.803"
    static let bitOrOID = "1.2.840.113556.1.4.804"

    /// Whether one attribute value matches. Values that are not of the syntax match nothing.
    func matches(_ value: [UInt8]) -> FilterResult {
        switch self {
        case .text(let form, let prepared):
            return FilterResult(form.matches(value, prepared: prepared))
        case .octets(let bytes):
            return FilterResult(value == bytes)
        case .integer(let integer):
            guard let parsed = IntegerValue(value) else { return .undefined }
            return FilterResult(parsed == integer)
        case .distinguishedName(let raw, let normalized):
            if value == raw { return .true }
            return FilterResult(Self.distinguishedName(value) == normalized)
        case .nameAndOptionalUID(let raw, let dn, let uid):
            if value == raw { return .true }
            let (dnPart, valueUID) = Self.splitUID(value)
            // Lenient like OpenLDAP: an assertion without a UID matches the DN whatever its UID.
            return FilterResult(Self.distinguishedName(dnPart) == dn && (uid == nil || uid == valueUID))
        case .boolean(let boolean):
            guard let parsed = Self.boolean(value) else { return .undefined }
            return FilterResult(parsed == boolean)
        case .bitAnd(let mask):
            guard let parsed = IntegerValue(value)?.int64 else { return .undefined }
            return FilterResult(parsed & mask == mask)
        case .bitOr(let mask):
            guard let parsed = IntegerValue(value)?.int64 else { return .undefined }
            return FilterResult(parsed & mask != 0)
        case .categoryName(let names):
            guard let text = String(validating: value, as: UTF8.self), let leaf = try? DistinguishedName(text).rdn?.attributes.first else {
                return .false
            }
            return FilterResult(names.contains(Self.categoryKey(Array(leaf.value.utf8))))
        }
    }

    /// Case folded, spaces trimmed, hyphens dropped: `Organizational-Unit` → `organizationalunit`.
    private static func categoryKey(_ bytes: [UInt8]) -> [UInt8] {
        TextForm.caseIgnore.normalize(bytes).filter { $0 != UInt8(ascii: "-") }
    }

    private static func distinguishedName(_ bytes: [UInt8]) -> String? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        do {
            return try DistinguishedName(text).normalized
        } catch {
            return nil
        }
    }

    /// `dn#'0101'B` → (`dn`, `'0101'B`); a value without that suffix has no UID.
    private static func splitUID(_ bytes: [UInt8]) -> ([UInt8], String?) {
        guard bytes.count >= 4, bytes.last == UInt8(ascii: "B"), bytes[bytes.count - 2] == UInt8(ascii: "'"),
            let hash = bytes.indices.dropLast(2).last(where: { bytes[$0] == UInt8(ascii: "#") && bytes[$0 + 1] == UInt8(ascii: "'") })
        else { return (bytes, nil) }
        return (Array(bytes[..<hash]), String(decoding: bytes[(hash + 1)...], as: UTF8.self))
    }

    private static func boolean(_ bytes: [UInt8]) -> Bool? {
        switch TextForm.caseIgnore.normalize(bytes) {
        case Array("true".utf8): true
        case Array("false".utf8): false
        default: nil
        }
    }
}
