import LDAPClient

/// The comparison key of a DN: RFC 4514-normalized (case, spacing, escaping and multi-valued
/// RDN order folded), or the lowercased text when the DN does not parse.
public func normalizedDN(_ dn: String) -> String {
    (try? DistinguishedName(dn).normalized) ?? dn.lowercased()
}
