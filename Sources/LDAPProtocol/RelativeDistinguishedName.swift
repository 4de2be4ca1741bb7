/// One component of a distinguished name, such as `ou=Sales` or the multi-valued `cn=Ann+uid=alee`.
///
/// It always holds at least one attribute. Equality and hashing use ``normalized``, so the order
/// of the attributes in a multi-valued RDN and the case and spacing of types and values do not
/// matter.
public struct RelativeDistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// The attributes in the order they were given; never empty.
    public private(set) var attributes: [AttributeTypeAndValue]
    /// The attributes' normalized forms, sorted and joined with `+`; see
    /// ``AttributeTypeAndValue/normalized``. Two RDNs are equal exactly when these are.
    public private(set) var normalized: String

    /// Creates a single-valued RDN such as `ou=Sales`. The type is not checked, so this suits
    /// types written in code; use ``init(attributes:)`` for types that come from input.
    public init(_ type: String, _ value: String) {
        self.init(validated: [AttributeTypeAndValue(type: type, value: value)])
    }

    /// Creates an RDN from one or more attributes, checking that there is at least one and that
    /// every type is a descriptor or a numeric OID.
    public init(attributes: [AttributeTypeAndValue]) throws(DNError) {
        guard !attributes.isEmpty else { throw DNError(.emptyRDN, in: "") }
        for attribute in attributes {
            if attribute.type.isEmpty {
                throw DNError(.emptyAttributeType, at: 0, in: attribute.type)
            }
            if let offset = DNSyntax.attributeTypeErrorOffset(attribute.type) {
                throw DNError(.invalidAttributeType, at: offset, in: attribute.type)
            }
        }
        self.init(validated: attributes)
    }

    /// For attributes the parser has already checked.
    init(validated attributes: [AttributeTypeAndValue]) {
        self.attributes = attributes
        self.normalized = attributes.count == 1 ? attributes[0].normalized : attributes.map(\.normalized).sorted().joined(separator: "+")
    }

    /// The RFC 4514 string form: the attributes in their given order, joined with `+`.
    public var description: String {
        attributes.map(\.description).joined(separator: "+")
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
