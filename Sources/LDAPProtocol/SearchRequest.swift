/// How deep a search goes below its base.
public enum SearchScope: Int32, Sendable, Hashable, Codable {
    /// The base entry only.
    case base = 0
    /// The base's immediate children.
    case oneLevel = 1
    /// The base and everything below it.
    case subtree = 2
}

/// A search: base, scope, filter, attributes, limits and request controls.
public struct SearchRequest: Sendable, Hashable {
    /// The search base DN.
    public var base: String
    /// How deep to search.
    public var scope: SearchScope
    /// An RFC 4515 filter; build values with `LDAPFilter.escape`.
    public var filter: String
    /// Attributes to return; empty means all user attributes. Add `+` for operational ones.
    public var attributes: [String]
    /// Most entries the server should return (0: no client limit; the server's may apply).
    public var sizeLimit: Int32
    /// Most seconds the server should spend (0: no client limit). The client-side limit is the
    /// connection's operation timeout.
    public var timeLimitSeconds: Int32
    /// Request controls.
    public var controls: [LDAPControl]

    /// Creates a search request.
    public init(
        base: String, scope: SearchScope = .subtree, filter: String = "(objectClass=*)",
        attributes: [String] = [], sizeLimit: Int32 = 0, timeLimitSeconds: Int32 = 0,
        controls: [LDAPControl] = []
    ) {
        self.base = base
        self.scope = scope
        self.filter = filter
        self.attributes = attributes
        self.sizeLimit = sizeLimit
        self.timeLimitSeconds = timeLimitSeconds
        self.controls = controls
    }
}

/// One message of a search's answer, in the order the server sent them.
public typealias SearchMessage = SearchReply<LDAPEntry>

/// One message of a search's answer, its entries decoded as `Entry`.
public enum SearchReply<Entry: DecodedEntry>: Sendable {
    /// An entry, with its entry controls (e.g. RFC 4533 sync state).
    case entry(Entry)
    /// A continuation reference (referrals are never chased).
    case reference(urls: [String], controls: [LDAPControl])
    /// An intermediate response (e.g. RFC 4533 syncInfo).
    case intermediate(oid: String?, value: [UInt8]?)
    /// The final result (always success; failures are thrown), with its response controls.
    case done(controls: [LDAPControl])
}
