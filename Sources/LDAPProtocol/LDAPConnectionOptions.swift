/// How a connection's transport is secured.
public enum TLSMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain LDAP (only for loopback tests or networks protected otherwise).
    case none
    /// `ldap://` upgraded with the StartTLS extended operation before anything else is sent.
    case startTLS = "starttls"
    /// `ldaps://`: TLS from the first byte.
    case ldaps
}

/// Everything needed to open a connection to one directory server.
public struct LDAPConnectionOptions: Sendable, Hashable {
    /// `ldap://host:port` or `ldaps://host:port` (no DN, filter or extensions).
    public var uri: String
    /// How the transport is secured; `ldaps` is implied by an `ldaps://` URI.
    public var tls: TLSMode
    /// PEM file of the CA certificates that may sign the server's certificate (nil: system store).
    public var caFile: String?
    /// Whether the server certificate must verify (on by default; off only for tests).
    public var verifyCertificate: Bool
    /// How long to wait for a TCP connection (and TLS handshake), in milliseconds.
    public var connectTimeoutMilliseconds: Int
    /// How long to wait for any one answer from the server, in milliseconds; then abandon.
    public var operationTimeoutMilliseconds: Int
    /// The largest entry (the sum of its values' bytes) a search hands over; a larger one comes
    /// back as an entry with a `decodingFailure` and no values, so the caller can refuse that
    /// object alone. Messages over ``maxMessageSize`` end the connection instead.
    public var maxEntrySize: Int

    /// Creates options; the TLS mode defaults from the URI scheme.
    public init(
        uri: String, tls: TLSMode? = nil, caFile: String? = nil, verifyCertificate: Bool = true,
        connectTimeoutMilliseconds: Int = 10_000, operationTimeoutMilliseconds: Int = 120_000,
        maxEntrySize: Int = 64 << 20
    ) {
        self.uri = uri
        self.tls = tls ?? (uri.lowercased().hasPrefix("ldaps://") ? .ldaps : .none)
        self.caFile = caFile
        self.verifyCertificate = verifyCertificate
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.operationTimeoutMilliseconds = operationTimeoutMilliseconds
        self.maxEntrySize = maxEntrySize
    }

    /// The largest message libldap reads at all (a larger one ends the connection): four times
    /// ``maxEntrySize``, at least 256 MiB, so entries just over the limit are refused one by one.
    public var maxMessageSize: Int { max(256 << 20, maxEntrySize.multipliedReportingOverflow(by: 4).overflow ? Int.max : maxEntrySize * 4) }

    /// Whether the URI names a loopback host (`localhost`, `127.x.x.x`, `::1`): nothing sent
    /// there leaves the machine. Names are not resolved.
    public var isLoopback: Bool {
        endpoint.map { Self.isLoopback(host: $0.host) } ?? false
    }

    /// Whether a host name or address is the loopback: `localhost`, `127.x.x.x` or `::1`.
    public static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host and port the URI names (default ports 389 / 636).
    public var endpoint: (host: String, port: Int)? {
        let lower = uri.lowercased()
        let rest: Substring
        let defaultPort: Int
        if lower.hasPrefix("ldaps://") {
            rest = uri.dropFirst(8)
            defaultPort = 636
        } else if lower.hasPrefix("ldap://") {
            rest = uri.dropFirst(7)
            defaultPort = 389
        } else {
            return nil
        }
        let hostPort = rest.prefix { $0 != "/" && $0 != "?" }
        if hostPort.hasPrefix("[") {  // [::1]:389
            guard let close = hostPort.firstIndex(of: "]") else { return nil }
            let host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.isEmpty { return (host, defaultPort) }
            guard after.hasPrefix(":"), let port = Int(after.dropFirst()) else { return nil }
            return (host, port)
        }
        let parts = hostPort.split(separator: ":", omittingEmptySubsequences: false)
        guard let host = parts.first, !host.isEmpty, parts.count <= 2 else { return nil }
        if parts.count == 1 { return (String(host), defaultPort) }
        guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    /// Checks the options before anything touches the network.
    package func validate() throws(LDAPError) {
        guard endpoint != nil else {
            throw LDAPError(
                code: .parameterError, operation: .connect,
                diagnostic: "\"\(uri)\" is not an ldap:// or ldaps:// URI with a host (and optional port)",
                reason: .invalidArgument)
        }
        let isLDAPS = uri.lowercased().hasPrefix("ldaps://")
        if isLDAPS != (tls == .ldaps) {
            throw LDAPError(
                code: .parameterError, operation: .connect,
                diagnostic: isLDAPS
                    ? "\"\(uri)\" is an ldaps:// URI but the TLS mode is \(tls.rawValue)"
                    : "TLS mode ldaps needs an ldaps:// URI, not \"\(uri)\"",
                reason: .invalidArgument)
        }
    }
}
