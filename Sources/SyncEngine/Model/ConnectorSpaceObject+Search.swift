import LDAPProtocol

extension AttributeSet {
    /// Whether `attribute` has a text value equal to `value`, ignoring case (`cs search`,
    /// `mv search`: every store matches the same way).
    public func hasValue(_ attribute: String, equalTo value: String) -> Bool {
        let wanted = value.lowercased()
        return strings(attribute).contains { $0.lowercased() == wanted }
    }
}

extension ConnectorSpaceObject {
    /// Whether the object matches `attribute=value` of `cs search`: `dn` compares normalized,
    /// any other attribute by `AttributeSet.hasValue`.
    public func matches(attribute: String, value: String) -> Bool {
        attribute.lowercased() == "dn" ? normalizedDN(dn) == normalizedDN(value) : attributes.hasValue(attribute, equalTo: value)
    }
}
