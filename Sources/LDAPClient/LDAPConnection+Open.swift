import CLDAP

#if canImport(Glibc)
    import Glibc
#endif

/// libldap reads /etc/ldap/ldap.conf, ~/.ldaprc and LDAP* / LDAPTLS_* variables the first time
/// it initialises; LDAPNOINIT stops all of that so only the options set here apply. SIGPIPE is
/// ignored at the same time (see shim.h): a lost server must be an error, not a dead process.
private let libldapEnvironmentDisabled: Void = cldap_disable_environment()

/// What a handle checks of the server's certificate.
enum CertificateCheck {
    /// Trust and host name (LDAP_OPT_X_TLS_DEMAND): every real connection that verifies.
    case full
    /// Nothing (LDAP_OPT_X_TLS_NEVER): `verifyCertificate: false`, and reading the certificate
    /// of a server that failed the full check.
    case nothing
    /// Trust but not the host name, to tell the two failures apart (see `configure`).
    case trustOnly
}

extension LDAPConnection {
    /// Creates the handle, sets every option, connects, and negotiates TLS. Call on `queue` only.
    /// A failure is explained (see `explain`) before it is thrown.
    func openHandle() throws(LDAPError) {
        let ld = try makeHandle(options.verifyCertificate ? .full : .nothing)
        handle = ld
        if let failure = establish(ld) {
            discard(because: "it could not connect")
            throw explain(failure)
        }
        // A server cannot make us hold more than this in one message (see `maxEntrySize`).
        _ = cldap_set_max_incoming(ld, ber_len_t(clamping: options.maxMessageSize))
    }

    /// A new handle with every option set, not connected yet. The caller owns (and unbinds) it.
    func makeHandle(_ check: CertificateCheck) throws(LDAPError) -> OpaquePointer {
        _ = libldapEnvironmentDisabled
        var newHandle: OpaquePointer?
        let rc = ldap_initialize(&newHandle, options.uri)
        guard rc == LDAP_SUCCESS, let ld = newHandle else {
            throw LDAPError(
                code: LDAPResultCode(rawValue: rc), operation: .connect,
                diagnostic: "libldap cannot use the URI \"\(options.uri)\"", reason: .invalidArgument)
        }
        do {
            try configure(ld, check)
        } catch {
            ldap_unbind_ext(ld, nil, nil)
            throw error
        }
        return ld
    }

    /// Connects, then negotiates TLS as `options.tls` asks; nil when the session is ready.
    func establish(_ ld: OpaquePointer) -> OpenFailure? {
        let clock = ContinuousClock()
        let started = clock.now
        let rc = ldap_connect(ld)
        guard rc == LDAP_SUCCESS else {
            return .connect(LDAPResultCode(rawValue: rc), message: diagnosticMessage(ld), elapsed: clock.now - started)
        }
        return options.tls == .startTLS ? startTLS(ld) : nil
    }

    private func configure(_ ld: OpaquePointer, _ check: CertificateCheck) throws(LDAPError) {
        try self.check(cldap_set_int(ld, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3), "protocol version 3")
        try self.check(cldap_set_flag(ld, LDAP_OPT_REFERRALS, 0), "referrals off")
        try self.check(cldap_set_timeout_ms(ld, LDAP_OPT_NETWORK_TIMEOUT, options.connectTimeoutMilliseconds), "connect timeout")
        try self.check(cldap_set_timeout_ms(ld, LDAP_OPT_TIMEOUT, options.operationTimeoutMilliseconds), "operation timeout")
        guard options.tls != .none else { return }
        let require = check == .nothing ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND
        try self.check(cldap_set_int(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, require), "certificate verification")
        if let caFile = options.caFile {
            guard access(caFile, R_OK) == 0 else {
                throw LDAPError(
                    code: .parameterError, operation: .connect,
                    diagnostic: "the CA file \"\(caFile)\" cannot be read", reason: .tls)
            }
            try self.check(cldap_set_string(ld, LDAP_OPT_X_TLS_CACERTFILE, caFile), "CA file")
        }
        try self.check(cldap_set_int(ld, LDAP_OPT_X_TLS_PROTOCOL_MIN, (3 << 8) + 3), "TLS 1.2 minimum")
        // Per-handle TLS options take effect only once a new TLS context is made from them.
        try self.check(cldap_set_int(ld, LDAP_OPT_X_TLS_NEWCTX, 0), "TLS context")
        if check == .trustOnly {
            // libldap 2.5 (tls_g.c) verifies the chain by the level the context was made with,
            // but checks the host name by the handle's level at connect time: ALLOW from here
            // on keeps the first and skips the second.
            try self.check(cldap_set_int(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, LDAP_OPT_X_TLS_ALLOW), "host name check off")
        }
        // Without this, a server that accepts and never answers the TLS handshake keeps
        // libldap spinning at 100% CPU forever (see shim.h).
        try self.check(cldap_bound_tls_handshake(ld), "TLS handshake time limit")
    }

    private func check(_ rc: Int32, _ what: String) throws(LDAPError) {
        guard rc == LDAP_OPT_SUCCESS else {
            throw LDAPError(
                code: LDAPResultCode(rawValue: rc), operation: .connect,
                diagnostic: "libldap refused the option: \(what)", reason: .invalidArgument)
        }
    }

    /// StartTLS as `ldap_start_tls_s` does it, but with the answer awaited for the connect
    /// timeout (not the operation timeout) and the server's refusal kept apart from the handshake.
    private func startTLS(_ ld: OpaquePointer) -> OpenFailure? {
        var messageID: Int32 = 0
        let sent = ldap_start_tls(ld, nil, nil, &messageID)
        guard sent == LDAP_SUCCESS else { return .startTLSLost(LDAPResultCode(rawValue: sent)) }
        var answer: OpaquePointer?
        let got = cldap_result(ld, messageID, 1, options.connectTimeoutMilliseconds, &answer)
        if got == 0 {
            ldap_abandon_ext(ld, messageID, nil, nil)
            return .startTLSUnanswered
        }
        guard got > 0, let answer else { return .startTLSLost(LDAPResultCode(rawValue: cldap_result_code(ld))) }
        var code: Int32 = 0
        var serverMessage: UnsafeMutablePointer<CChar>?
        let parsed = ldap_parse_result(ld, answer, &code, nil, &serverMessage, nil, nil, 1)
        let text = CBridge.takeString(serverMessage)
        guard parsed == LDAP_SUCCESS else { return .startTLSLost(LDAPResultCode(rawValue: parsed)) }
        guard code == LDAP_SUCCESS else { return .startTLSRefused(LDAPResultCode(rawValue: code), message: text) }
        let rc = ldap_install_tls(ld)
        return rc == LDAP_SUCCESS ? nil : .handshake(LDAPResultCode(rawValue: rc), message: diagnosticMessage(ld))
    }

    /// The handle's diagnostic message (libldap's, GnuTLS's or the server's), possibly empty.
    func diagnosticMessage(_ ld: OpaquePointer) -> String {
        CBridge.takeString(cldap_diagnostic_message(ld))
    }
}
