/// Which kind of directory server a connector talks to; it decides the anchor attribute, the
/// default object type filters and the object classes written when provisioning.
public enum ConnectorFlavor: String, Sendable, Hashable, Codable, CaseIterable {
    /// OpenLDAP (slapd), or any server with `entryUUID` (RFC 4530) and RFC 4533 sync.
    case openldap
    /// Microsoft Active Directory or a Samba AD DC.
    case activeDirectory = "active-directory"

    /// The attribute that identifies an object for life, across renames and moves: `entryUUID`
    /// on OpenLDAP, `objectGUID` (binary) on Active Directory. Never the DN.
    public var anchorAttribute: String {
        switch self {
        case .openldap: "entryUUID"
        case .activeDirectory: "objectGUID"
        }
    }
}

/// Whether a connector feeds the metaverse or receives from it.
public enum ConnectorRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Imported and joined or projected into the metaverse; never written to. Sources take
    /// precedence in the order they appear in the configuration.
    case source
    /// The one directory kept in step with the metaverse: provisioned, updated and deprovisioned.
    case target
}
