/// What an LDAP operation was doing when it failed.
public enum LDAPOperation: String, Sendable, Hashable {
    case connect, startTLS, bind, search, add, modify, delete, rename, extended, whoami, abandon
}

/// A failed LDAP operation: the result code, what the server said, and what was being done.
///
/// No description ever contains a secret: a bind error names the DN, never the password,
/// and control or extended-operation values are not printed.
public struct LDAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the client itself classified a failure, beyond the result code.
    public enum Reason: String, Sendable, Hashable {
        /// TLS could not be negotiated (untrusted or wrong certificate, protocol, handshake).
        case tls
        /// The operation's client-side time limit passed; the request was abandoned.
        case timedOut
        /// A bind with an empty password was refused before reaching the wire: it would be
        /// an unauthenticated bind that "succeeds" with no identity (RFC 4513 §5.1.2).
        case emptyPassword
        /// The connection was discarded (after a failed bind or a lost server) and cannot be used.
        case connectionDiscarded
        /// The caller passed something invalid (a DN, an attribute name, a URI).
        case invalidArgument
    }

    /// Why a connection could not be opened, when the client could find out. `reason` stays the
    /// broad class (`.tls` for the first four, nil for the others); this names the cause, and
    /// `diagnostic` says it in words an admin can act on.
    public enum ConnectFailure: String, Sendable, Hashable {
        /// The server answered the StartTLS request with an error (typically: no TLS configured).
        case startTLSRefused
        /// The server's certificate does not verify against the CA file or the system CA store.
        case certificateNotTrusted
        /// The certificate is trusted but is for other host names than the URI's.
        case hostNameMismatch
        /// No TLS session could be set up at all (handshake, protocol, connection closed).
        case tlsNotNegotiated
        /// No TCP connection, TLS handshake or StartTLS answer within the connect timeout.
        case timedOut
        /// The host answered that nothing listens on the port.
        case connectionRefused
        /// The host name does not resolve to an address.
        case hostNotFound
        /// No route to the host (host or network unreachable).
        case noRoute
    }

    /// The LDAP result code.
    public var code: LDAPResultCode
    /// The operation that failed.
    public var operation: LDAPOperation
    /// The server's diagnostic message (or libldap's), possibly empty.
    public var diagnostic: String
    /// The matched DN the server returned, if any.
    public var matchedDN: String?
    /// The DN the operation was about (never a secret), if any.
    public var dn: String?
    /// The client's own classification, if any.
    public var reason: Reason?
    /// Why the connection could not be opened, when known (then `diagnostic` says it in words).
    public var connectFailure: ConnectFailure?

    /// Creates an error.
    public init(
        code: LDAPResultCode, operation: LDAPOperation, diagnostic: String = "",
        matchedDN: String? = nil, dn: String? = nil, reason: Reason? = nil,
        connectFailure: ConnectFailure? = nil
    ) {
        self.code = code
        self.operation = operation
        self.diagnostic = diagnostic
        self.matchedDN = matchedDN.flatMap { $0.isEmpty ? nil : $0 }
        self.dn = dn
        self.reason = reason
        self.connectFailure = connectFailure
    }

    /// Active Directory's bind sub-code (`data 52e`), if the diagnostic carries one.
    public var adSubCode: ADBindSubCode? { ADBindSubCode(diagnostic: diagnostic) }

    /// Whether the directory rejected the credentials (result 49).
    public var isCredentialRejection: Bool { code == .invalidCredentials }

    /// Whether the connection is gone and a new one is needed.
    public var isConnectionLost: Bool { code.closesConnection || reason == .connectionDiscarded }

    /// Whether trying again later can succeed with nothing else changed.
    public var isTransient: Bool {
        switch reason {
        case .tls, .emptyPassword, .invalidArgument: false
        case .timedOut: true
        case .connectionDiscarded, nil: code.isTransient
        }
    }

    /// The directory's reason for a rejected bind in words, or a plain statement that it gave none.
    public var bindRejectionReason: String {
        if let sub = adSubCode { return sub.explanation }
        if diagnostic.isEmpty {
            return "the directory gave no reason (OpenLDAP answers every rejected bind the same "
                + "way: wrong password, no such entry, or a locked account)"
        }
        return diagnostic
    }

    /// One line: `bind as "cn=x,dc=y" failed: invalidCredentials (49): the password is wrong… (52e)`.
    /// A connection that could not be opened for a known cause reads `connect failed: ` and the
    /// cause in words (the result code, -1 for most of them, would only mislead).
    public var description: String {
        if connectFailure != nil { return "\(operation.rawValue) failed: \(diagnostic)" }
        var text = "\(operation.rawValue)"
        if let dn { text += " \(operation == .bind ? "as" : "of") \"\(dn)\"" }
        text += " failed: \(code)"
        switch reason {
        case .tls: text += ": TLS negotiation failed"
        case .timedOut: text += ": no answer within the time limit; the request was abandoned"
        case .emptyPassword: text += ": an empty password is refused (it would be an anonymous bind)"
        case .connectionDiscarded: text += ": this connection was discarded; open a new one"
        case .invalidArgument, nil: break
        }
        if code == .invalidCredentials, operation == .bind {
            text += ": \(bindRejectionReason)"
        } else if !diagnostic.isEmpty {
            text += ": \(diagnostic)"
        }
        if let matchedDN { text += " (matched \"\(matchedDN)\")" }
        return text
    }
}

// A connection that could not be opened: each cause in its own words. The texts are part of
// the interface (admins search for them, tests compare them word for word): change with care.
extension LDAPError {
    /// Why a server's certificate is not trusted, in the terms of GnuTLS's verification status.
    package enum CertificateProblem: Sendable, Hashable {
        /// Signed by a CA the trust store does not hold (`issuer` as an RFC 4514 DN).
        case issuerUnknown(issuer: String)
        /// Signed by itself, and not in the trust store.
        case selfSigned(subject: String)
        /// Past its notAfter time (`2026-12-05 03:02:50 UTC`).
        case expired(notAfter: String)
        /// Before its notBefore time.
        case notYetValid(notBefore: String)
        /// Its issuer is in the trust store by name, but the signature does not verify against it.
        case signatureNotVerified(issuer: String)
        /// The certificate could not be read, so there is nothing more to say.
        case unexplained

        /// The problem as the end of a sentence.
        package var words: String {
            switch self {
            case .issuerUnknown(let issuer): "the certificate issuer is unknown (issued by \"\(issuer)\")"
            case .selfSigned(let subject): "the certificate issuer is unknown (it is self-signed: \"\(subject)\")"
            case .expired(let notAfter): "the certificate has expired (valid until \(notAfter))"
            case .notYetValid(let notBefore): "the certificate is not yet valid (valid from \(notBefore))"
            case .signatureNotVerified(let issuer):
                "the certificate's signature does not verify against \"\(issuer)\" (a different CA with the same name?)"
            case .unexplained: "libldap gave no reason"
            }
        }
    }

    /// `host:port`, with brackets around an IPv6 address.
    package static func endpoint(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The server answered StartTLS with an error result (slapd without TLS: 2, "unsupported
    /// extended operation"). Not transient: nothing changes until someone configures TLS.
    package static func startTLSRefused(code: LDAPResultCode, serverMessage: String) -> LDAPError {
        let said = serverMessage.isEmpty ? "result \(code.rawValue)" : serverMessage
        return LDAPError(
            code: code, operation: .startTLS,
            diagnostic: "the server refused StartTLS (\(said)); it may not have TLS configured: "
                + "use ldaps:// or configure TLS on the server",
            reason: .tls, connectFailure: .startTLSRefused)
    }

    /// The certificate does not verify against `caFile` (nil: the system CA store).
    package static func certificateNotTrusted(
        _ problem: CertificateProblem, caFile: String?, code: LDAPResultCode, operation: LDAPOperation
    ) -> LDAPError {
        let store = caFile.map { "the CA file \"\($0)\"" } ?? "the system CA store"
        return LDAPError(
            code: code, operation: operation,
            diagnostic: "the server's TLS certificate is not trusted by \(store): \(problem.words)",
            reason: .tls, connectFailure: .certificateNotTrusted)
    }

    /// The certificate is trusted but not for the host libldap checked (`checkedName`: the URI's
    /// host, or this machine's own name when the URI says localhost).
    package static func hostNameMismatch(
        certificateNames: [String], host: String, checkedName: String, code: LDAPResultCode, operation: LDAPOperation
    ) -> LDAPError {
        let names = certificateNames.isEmpty ? "no host name" : certificateNames.joined(separator: ", ")
        var text = "the server's TLS certificate is for \(names), not \(checkedName)"
        if checkedName.lowercased() != host.lowercased() {
            text += " (for a URI with \(host), libldap checks this machine's name instead)"
        }
        return LDAPError(code: code, operation: operation, diagnostic: text, reason: .tls, connectFailure: .hostNameMismatch)
    }

    /// TLS could not be set up at all; `detail` is GnuTLS's (or libldap's) message, empty when
    /// the server closed the connection during the handshake.
    package static func tlsNotNegotiated(
        host: String, port: Int, detail: String, code: LDAPResultCode, operation: LDAPOperation
    ) -> LDAPError {
        let said =
            detail.isEmpty
            ? "the server closed the connection during the TLS handshake (it may not speak TLS on this port)"
            : sentenceFragment(detail)
        return LDAPError(
            code: code, operation: operation,
            diagnostic: "TLS could not be negotiated with \(endpoint(host, port)): \(said)",
            reason: .tls, connectFailure: .tlsNotNegotiated)
    }

    /// Nothing within the connect timeout: TCP connection, TLS handshake or StartTLS answer.
    package static func connectTimedOut(host: String, port: Int, milliseconds: Int, operation: LDAPOperation) -> LDAPError {
        LDAPError(
            code: .timeout, operation: operation,
            diagnostic: "no answer from \(endpoint(host, port)) within \(milliseconds) ms", connectFailure: .timedOut)
    }

    /// The host is up and said that nothing listens on the port.
    package static func connectionRefused(host: String, port: Int) -> LDAPError {
        LDAPError(
            code: .serverDown, operation: .connect,
            diagnostic: "connection refused by \(endpoint(host, port)) (nothing listens there)",
            connectFailure: .connectionRefused)
    }

    /// The name does not resolve; `resolverError` is set when the resolver failed rather than
    /// answered that the name does not exist (no name server, a temporary failure).
    package static func hostNotFound(_ host: String, resolverError: String? = nil) -> LDAPError {
        let text =
            resolverError.map { "host name \(host) could not be resolved (\(sentenceFragment($0)))" }
            ?? "host name \(host) does not resolve"
        return LDAPError(code: .serverDown, operation: .connect, diagnostic: text, connectFailure: .hostNotFound)
    }

    /// The host or its network is unreachable from here.
    package static func noRoute(host: String, port: Int) -> LDAPError {
        LDAPError(
            code: .serverDown, operation: .connect,
            diagnostic: "no route to host \(endpoint(host, port))", connectFailure: .noRoute)
    }

    /// A C library's sentence (`The TLS connection was non-properly terminated.`) as the end of
    /// ours: first letter lowered unless the first word is a name (`TLS`, `GnuTLS`), final period dropped.
    package static func sentenceFragment(_ text: String) -> String {
        var fragment = Substring(text)
        while let last = fragment.last, last == "." || last == " " { fragment.removeLast() }
        let firstWord = fragment.prefix { $0 != " " }
        guard let first = firstWord.first, first.isUppercase,
            !firstWord.dropFirst().contains(where: \.isUppercase)
        else { return String(fragment) }
        return first.lowercased() + fragment.dropFirst()
    }
}
