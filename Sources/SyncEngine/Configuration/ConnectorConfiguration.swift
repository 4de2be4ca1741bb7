import LDAPProtocol

/// One directory that ldapsync synchronizes (a management agent in MIM terms): where it is,
/// how to reach and bind to it, and which part of it is in scope.
///
/// The bind password is not here: it lives in the encrypted credential store, set with
/// `ldapsync connector set-password NAME`.
public struct ConnectorConfiguration: Sendable, Hashable {
    /// The connector's name (`contoso.com`): `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`, unique ignoring case.
    public var name: String
    /// The kind of server.
    public var flavor: ConnectorFlavor
    /// Source or target.
    public var role: ConnectorRole
    /// `ldap://host[:port]` or `ldaps://host[:port]`.
    public var uri: String
    /// How the connection is secured (default: `ldaps` for `ldaps://` URIs, `starttls` for
    /// `ldap://` to any host but the loopback, `none` on the loopback).
    public var tls: TLSMode
    /// Absolute path of the PEM file of CAs trusted for this server; nil means the system store.
    public var caFile: String?
    /// Whether the server certificate must verify (default true; turn off only for tests).
    public var verifyCertificate: Bool
    /// The identity to bind as: a DN, or on Active Directory also a UPN (`svc@contoso.com`) or
    /// a down-level name (`CONTOSO\svc-sync`).
    public var bindDN: String
    /// The naming context (or subtree) the connector works in.
    public var baseDN: DistinguishedName
    /// The containers in scope, absolute and within ``baseDN``, none inside another; empty means
    /// the whole base (see ``searchBases``).
    public var containers: [DistinguishedName]
    /// The object types synchronized, with their filters and provisioning object classes.
    public var objectTypes: [ObjectTypeConfiguration]
    /// Entries per page of a paged search (default 1000, 1...10000).
    public var pageSize: Int
    /// How many writes may be outstanding at once during export, per connection (default 64, 1...512).
    public var exportWindow: Int
    /// How many connections an export writes on at once (default 4, 1...16): a directory
    /// server works on several connections' writes in parallel.
    public var exportConnections: Int
    /// How long to wait for the TCP connection and TLS handshake (default 10s).
    public var connectTimeout: Duration
    /// How long to wait for any one answer from the server (default 120s).
    public var operationTimeout: Duration
    /// The largest entry (bytes of values) an import takes; a larger one is refused as an
    /// object with a message (`maxEntrySize:`, default 64 MiB).
    public var maxEntrySize: Int
    /// Whether the admin accepted sending this connector's passwords over plain LDAP to a host
    /// that is not the loopback (`insecureSendPasswordsInClear: true`; refused otherwise).
    public var sendsPasswordsInClear: Bool

    /// Creates a connector; unspecified settings take their documented defaults.
    public init(
        name: String, flavor: ConnectorFlavor, role: ConnectorRole, uri: String, tls: TLSMode? = nil,
        caFile: String? = nil, verifyCertificate: Bool = true, bindDN: String, baseDN: DistinguishedName,
        containers: [DistinguishedName] = [], objectTypes: [ObjectTypeConfiguration]? = nil,
        pageSize: Int = 1000, exportWindow: Int = 64, exportConnections: Int = 4,
        connectTimeout: Duration = .seconds(10), operationTimeout: Duration = .seconds(120),
        sendsPasswordsInClear: Bool = false, maxEntrySize: Int = 64 << 20
    ) {
        self.name = name
        self.flavor = flavor
        self.role = role
        self.uri = uri
        let options = LDAPConnectionOptions(uri: uri)
        self.tls = tls ?? (options.tls == .none && !options.isLoopback ? .startTLS : options.tls)
        self.caFile = caFile
        self.verifyCertificate = verifyCertificate
        self.bindDN = bindDN
        self.baseDN = baseDN
        self.containers = containers
        self.objectTypes = objectTypes ?? ObjectTypeConfiguration.defaults(for: flavor)
        self.pageSize = pageSize
        self.exportWindow = exportWindow
        self.exportConnections = exportConnections
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.sendsPasswordsInClear = sendsPasswordsInClear
        self.maxEntrySize = maxEntrySize
    }

    /// What an admin should hear about this connector's transport security, if anything (shown
    /// by `connector test`, in run messages and in the service's log).
    public var transportWarning: String? {
        if tls != .none, !verifyCertificate {
            return "certificate verification is off for \"\(name)\" (verifyCertificate: false): anyone on the path can impersonate "
                + "the directory and collect its bind password; set caFile to the CA that signed its certificate instead"
        }
        if tls == .none, sendsPasswordsInClear {
            return "\"\(name)\" sends its bind password in clear over plain LDAP (insecureSendPasswordsInClear: true)"
        }
        return nil
    }

    /// The attribute that anchors objects: `entryUUID` on OpenLDAP, `objectGUID` on Active Directory.
    public var anchorAttribute: String { flavor.anchorAttribute }

    /// Where searches start: the containers, or the base when no containers are listed.
    public var searchBases: [DistinguishedName] { containers.isEmpty ? [baseDN] : containers }

    /// Whether an entry named `dn` is in the connector's scope (within one of ``searchBases``).
    public func isInScope(_ dn: DistinguishedName) -> Bool {
        searchBases.contains { dn.isWithin($0) }
    }

    /// The object type called `name`, if this connector synchronizes it.
    public func objectType(named name: String) -> ObjectTypeConfiguration? {
        objectTypes.first { $0.name == name }
    }

    /// The options LDAPClient needs to open a connection to this connector's server.
    public func connectionOptions() -> LDAPConnectionOptions {
        LDAPConnectionOptions(
            uri: uri, tls: tls, caFile: caFile, verifyCertificate: verifyCertificate,
            connectTimeoutMilliseconds: Self.milliseconds(connectTimeout),
            operationTimeoutMilliseconds: Self.milliseconds(operationTimeout), maxEntrySize: maxEntrySize)
    }

    /// Whole milliseconds of `duration`, clamped to what an `Int` holds.
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        guard !overflow else { return seconds < 0 ? 0 : Int.max }
        return Int(clamping: scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue)
    }
}
