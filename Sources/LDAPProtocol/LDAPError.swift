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

    /// Creates an error.
    public init(
        code: LDAPResultCode, operation: LDAPOperation, diagnostic: String = "",
        matchedDN: String? = nil, dn: String? = nil, reason: Reason? = nil
    ) {
        self.code = code
        self.operation = operation
        self.diagnostic = diagnostic
        self.matchedDN = matchedDN.flatMap { $0.isEmpty ? nil : $0 }
        self.dn = dn
        self.reason = reason
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
    public var description: String {
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
