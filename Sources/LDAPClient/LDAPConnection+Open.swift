import CLDAP
#if canImport(Glibc)
import Glibc
#endif

/// libldap reads /etc/ldap/ldap.conf, ~/.ldaprc and LDAP* / LDAPTLS_* variables the first time
/// it initialises; LDAPNOINIT stops all of that so only the options set here apply. SIGPIPE is
/// ignored at the same time (see shim.h): a lost server must be an error, not a dead process.
private let libldapEnvironmentDisabled: Void = cldap_disable_environment()

extension LDAPConnection {
    /// Creates the handle, sets every option, connects, and negotiates TLS. Call on `queue` only.
    func openHandle() throws(LDAPError) {
        _ = libldapEnvironmentDisabled
        var newHandle: OpaquePointer?
        let rc = ldap_initialize(&newHandle, options.uri)
        guard rc == LDAP_SUCCESS, let ld = newHandle else {
            throw LDAPError(
                code: LDAPResultCode(rawValue: rc), operation: .connect,
                diagnostic: "libldap cannot use the URI \"\(options.uri)\"", reason: .invalidArgument)
        }
        handle = ld
        do {
            try configure(ld)
            if options.tls == .startTLS {
                try startTLS(ld)
            } else {
                try connectNow(ld)
            }
        } catch {
            discard(because: "it could not connect")
            throw error
        }
    }

    private func configure(_ ld: OpaquePointer) throws(LDAPError) {
        try check(cldap_set_int(ld, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3), "protocol version 3")
        try check(cldap_set_flag(ld, LDAP_OPT_REFERRALS, 0), "referrals off")
        try check(cldap_set_timeout_ms(ld, LDAP_OPT_NETWORK_TIMEOUT, options.connectTimeoutMilliseconds), "connect timeout")
        try check(cldap_set_timeout_ms(ld, LDAP_OPT_TIMEOUT, options.operationTimeoutMilliseconds), "operation timeout")
        guard options.tls != .none else { return }
        let require = options.verifyCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER
        try check(cldap_set_int(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, require), "certificate verification")
        if let caFile = options.caFile {
            guard access(caFile, R_OK) == 0 else {
                throw LDAPError(
                    code: .parameterError, operation: .connect,
                    diagnostic: "the CA file \"\(caFile)\" cannot be read", reason: .tls)
            }
            try check(cldap_set_string(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile), "CA file")
        }
        try check(cldap_set_int(ld, LDAP_OPT_X_TLS_PROTOCOL_MIN, (3 << 8) + 3), "TLS 1.2 minimum")
        // Per-handle TLS options take effect only once a new TLS context is made from them.
        try check(cldap_set_int(ld, LDAP_OPT_X_TLS_NEWCTX, 0), "TLS context")
    }

    private func check(_ rc: Int32, _ what: String) throws(LDAPError) {
        guard rc == LDAP_OPT_SUCCESS else {
            throw LDAPError(
                code: LDAPResultCode(rawValue: rc), operation: .connect,
                diagnostic: "libldap refused the option: \(what)", reason: .invalidArgument)
        }
    }

    private func startTLS(_ ld: OpaquePointer) throws(LDAPError) {
        let rc = ldap_start_tls_s(ld, nil, nil)
        guard rc != LDAP_SUCCESS else { return }
        let code = LDAPResultCode(rawValue: rc)
        let diagnostic = CBridge.takeString(cldap_diagnostic_message(ld))
        // The StartTLS request itself went through when the failure is a connect error: the
        // server answered, then the handshake (certificate, protocol) failed.
        if code == .connectError || (code == .serverDown && endpointAcceptsTCP()) {
            throw tlsError(code, diagnostic)
        }
        throw LDAPError(code: code, operation: .startTLS, diagnostic: connectDiagnostic(code, diagnostic))
    }

    private func connectNow(_ ld: OpaquePointer) throws(LDAPError) {
        let rc = ldap_connect(ld)
        guard rc != LDAP_SUCCESS else { return }
        let code = LDAPResultCode(rawValue: rc)
        let diagnostic = CBridge.takeString(cldap_diagnostic_message(ld))
        // libldap reports a failed TLS handshake on ldaps:// exactly like a server that is down
        // (-1). Tell them apart: if a plain TCP connection succeeds, TLS is what failed.
        if options.tls == .ldaps, endpointAcceptsTCP() {
            throw tlsError(code, diagnostic)
        }
        throw LDAPError(code: code, operation: .connect, diagnostic: connectDiagnostic(code, diagnostic))
    }

    private func tlsError(_ code: LDAPResultCode, _ diagnostic: String) -> LDAPError {
        var text = "TLS with \(options.uri) failed"
        text += options.caFile.map { " (CA file \"\($0)\")" } ?? " (system CA store)"
        text += ": " + (diagnostic.isEmpty
            ? "the server certificate was not accepted, or no common TLS version (1.2 or later) was found"
            : diagnostic)
        return LDAPError(code: code, operation: options.tls == .startTLS ? .startTLS : .connect, diagnostic: text, reason: .tls)
    }

    private func connectDiagnostic(_ code: LDAPResultCode, _ diagnostic: String) -> String {
        let base = "cannot reach \(options.uri) within \(options.connectTimeoutMilliseconds) ms"
        return diagnostic.isEmpty ? base : "\(base): \(diagnostic)"
    }

    /// Whether a plain TCP connection to the URI's host and port succeeds (within the connect
    /// timeout). Used only to tell a TLS failure from a server that is down.
    func endpointAcceptsTCP() -> Bool {
        guard let (host, port) = options.endpoint else { return false }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            defer { current = info.pointee.ai_next }
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_NONBLOCK.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            defer { Glibc.close(fd) }
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return true }
            guard errno == EINPROGRESS else { continue }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            guard poll(&poller, 1, Int32(clamping: options.connectTimeoutMilliseconds)) == 1 else { continue }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error == 0 { return true }
        }
        return false
    }
}
