/// How far opening a session got before it failed.
enum OpenFailure: Error {
    /// `ldap_connect` failed: the TCP connection, or for ldaps:// also the TLS handshake
    /// (libldap reports both as -1). `elapsed` tells a timeout from a quick refusal.
    case connect(LDAPResultCode, message: String, elapsed: Duration)
    /// The StartTLS request had no answer within the connect timeout.
    case startTLSUnanswered
    /// The connection was closed or lost instead of a StartTLS answer.
    case startTLSLost(LDAPResultCode)
    /// The server answered StartTLS with an error result.
    case startTLSRefused(LDAPResultCode, message: String)
    /// The TLS handshake after a successful StartTLS failed (-5 when it timed out).
    case handshake(LDAPResultCode, message: String)

    /// libldap's (that is, usually GnuTLS's) message, if any.
    var message: String {
        switch self {
        case .connect(_, let message, _), .startTLSRefused(_, let message), .handshake(_, let message): message
        case .startTLSUnanswered, .startTLSLost: ""
        }
    }
}

extension LDAPConnection {
    /// The error for a failed open, in the words of its cause.
    func explain(_ failure: OpenFailure) -> LDAPError {
        guard let (host, port) = options.endpoint else { return unexplained(.serverDown, failure.message) }
        let timeout = options.connectTimeoutMilliseconds
        switch failure {
        case .connect(let code, let message, let elapsed):
            // libldap waits the whole timeout only when nothing answered (TCP or handshake);
            // a refusal or an unknown name fails at once. Slack for the clock's granularity.
            if elapsed >= .milliseconds(timeout) * 0.9 {
                return .connectTimedOut(host: host, port: port, milliseconds: timeout, operation: .connect)
            }
            switch TCPProbe.connect(host: host, port: port, timeoutMilliseconds: timeout) {
            case .connected: return options.tls == .ldaps ? diagnoseTLSFailure(code, message) : unexplained(code, message)
            case .refused: return .connectionRefused(host: host, port: port)
            case .nameNotFound: return .hostNotFound(host)
            case .resolverFailed(let why): return .hostNotFound(host, resolverError: why)
            case .noRoute: return .noRoute(host: host, port: port)
            case .timedOut: return .connectTimedOut(host: host, port: port, milliseconds: timeout, operation: .connect)
            case .failed(let why): return unexplained(code, why)
            }
        case .startTLSUnanswered:
            return .connectTimedOut(host: host, port: port, milliseconds: timeout, operation: .startTLS)
        case .startTLSLost(let code):
            return .tlsNotNegotiated(
                host: host, port: port, detail: "the server closed the connection instead of answering StartTLS",
                code: code, operation: .startTLS)
        case .startTLSRefused(let code, let message):
            return .startTLSRefused(code: code, serverMessage: message)
        case .handshake(.timeout, _):
            return .connectTimedOut(host: host, port: port, milliseconds: timeout, operation: .startTLS)
        case .handshake(let code, let message):
            return diagnoseTLSFailure(code, message)
        }
    }

    /// A failure none of the known causes explains (the server came back between two tries).
    private func unexplained(_ code: LDAPResultCode, _ message: String) -> LDAPError {
        let base = "cannot connect to \(options.uri)"
        return LDAPError(code: code, operation: .connect, diagnostic: message.isEmpty ? base : "\(base): \(message)")
    }
}
