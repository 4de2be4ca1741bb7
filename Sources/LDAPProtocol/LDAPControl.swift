/// A request or response control as it travels on the wire (RFC 4511 section 4.1.11):
/// an OID, a criticality flag and an optional BER-encoded value.
///
/// Factory methods such as ``pagedResults(size:cookie:)`` build request controls; types such as
/// ``PagedResultsResponse`` decode the values of response controls.
public struct LDAPControl: Sendable, Hashable {
    /// The control type, a dotted-decimal OID such as ``OID/pagedResults``.
    public var oid: String
    /// Whether the server must refuse the operation if it does not support this control.
    public var isCritical: Bool
    /// The BER-encoded control value, or `nil` when the control has none.
    public var value: [UInt8]?

    /// Creates a control from its wire parts.
    public init(oid: String, isCritical: Bool = false, value: [UInt8]? = nil) {
        self.oid = oid
        self.isCritical = isCritical
        self.value = value
    }
}

extension LDAPControl {
    /// OIDs of the controls and intermediate responses this library encodes or decodes.
    public enum OID {
        /// Simple paged results, RFC 2696.
        public static let pagedResults = "1.2.840.113556.1.4.319"
        /// Content synchronization request, RFC 4533.
        public static let syncRequest = "1.3.6.1.4.1.4203.1.9.1.1"
        /// Content synchronization state, attached to each entry, RFC 4533.
        public static let syncState = "1.3.6.1.4.1.4203.1.9.1.2"
        /// Content synchronization done, attached to SearchResultDone, RFC 4533.
        public static let syncDone = "1.3.6.1.4.1.4203.1.9.1.3"
        /// Sync Info Message: the name of an IntermediateResponse (not a control), RFC 4533.
        public static let syncInfo = "1.3.6.1.4.1.4203.1.9.1.4"
        /// Active Directory DirSync (LDAP_SERVER_DIRSYNC_OID), request and response.
        public static let dirSync = "1.2.840.113556.1.4.841"
        /// Active Directory show deleted objects (LDAP_SERVER_SHOW_DELETED_OID).
        public static let showDeleted = "1.2.840.113556.1.4.417"
        /// Active Directory show recycled objects (LDAP_SERVER_SHOW_RECYCLED_OID).
        public static let showRecycled = "1.2.840.113556.1.4.2064"
        /// Active Directory change notification (LDAP_SERVER_NOTIFICATION_OID): the search stays
        /// open and sends each object as it changes.
        public static let changeNotification = "1.2.840.113556.1.4.528"
        /// Password policy request, draft-behera-ldap-password-policy.
        public static let passwordPolicyRequest = "1.3.6.1.4.1.42.2.27.8.5.1"
        /// ManageDsaIT, RFC 3296: treat referral objects as ordinary entries.
        public static let manageDsaIT = "2.16.840.1.113730.3.4.2"
    }

    /// Asks Active Directory to return deleted (tombstone) objects; critical, no value.
    public static let showDeleted = LDAPControl(oid: OID.showDeleted, isCritical: true)

    /// Asks Active Directory to keep the search open and send each object as it changes
    /// (a persistent search); critical, no value.
    public static let changeNotification = LDAPControl(oid: OID.changeNotification, isCritical: true)

    /// Asks Active Directory to return recycled objects as well as deleted ones; critical, no value.
    public static let showRecycled = LDAPControl(oid: OID.showRecycled, isCritical: true)

    /// Asks the server for password policy response controls on binds and modifies; no value.
    public static let passwordPolicyRequest = LDAPControl(oid: OID.passwordPolicyRequest)

    /// Asks the server to treat referral objects as ordinary entries (RFC 3296); critical, no value.
    public static let manageDsaIT = LDAPControl(oid: OID.manageDsaIT, isCritical: true)

    /// Decodes this control's value with `body`, after checking the OID and that a value exists;
    /// `body` must consume the whole value. The one entry point every response decoder uses.
    func decodeValue<Result>(
        expecting expectedOID: String,
        _ body: (inout BERDecoder) throws(BERError) -> Result
    ) throws(BERError) -> Result {
        guard oid == expectedOID else {
            throw BERError(.wrongOID, expected: "control \(expectedOID), found \(oid)", at: 0)
        }
        guard let value else {
            throw BERError(.missingValue, expected: "a value for control \(expectedOID)", at: 0)
        }
        var decoder = BERDecoder(value)
        let result = try body(&decoder)
        try decoder.finish()
        return result
    }
}
