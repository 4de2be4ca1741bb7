import CLDAP

#if canImport(Glibc)
    import Glibc
#endif

/// Why TLS failed, found out after the fact.
///
/// libldap 2.5 with GnuTLS reports an untrusted certificate and a host name mismatch alike:
/// -1 (ldaps://) or -11 (StartTLS) with the message "(unknown error code)" (it passes its own
/// -1 to gnutls_strerror). Two more connections tell them apart: one that checks nothing reads
/// the server's certificate (or shows that no TLS session can be set up at all), one that checks
/// trust but not the host name shows which check failed. The certificate then says why.
extension LDAPConnection {
    /// The error for a TLS handshake that failed with `code` and libldap's `message`.
    func diagnoseTLSFailure(_ code: LDAPResultCode, _ message: String) -> LDAPError {
        let operation: LDAPOperation = options.tls == .startTLS ? .startTLS : .connect
        let (host, port) = options.endpoint ?? ("", 0)
        guard options.verifyCertificate else {
            return .tlsNotNegotiated(host: host, port: port, detail: Self.handshakeDetail(message), code: code, operation: operation)
        }
        let presented: [UInt8]?
        switch trial(.nothing) {
        case .failure(let failure):
            return .tlsNotNegotiated(
                host: host, port: port, detail: Self.handshakeDetail(failure.message.isEmpty ? message : failure.message),
                code: code, operation: operation)
        case .success(let der):
            presented = der
        }
        let certificate = presented.flatMap { try? X509Certificate(der: $0) }
        guard case .success = trial(.trustOnly) else {
            return .certificateNotTrusted(trustProblem(certificate), caFile: options.caFile, code: code, operation: operation)
        }
        let checkedName = Self.nameLibldapChecks(host)
        if let certificate, certificate.isFor(checkedName) {
            // Trusted, and for this host: the failure was not the certificate after all.
            return .tlsNotNegotiated(host: host, port: port, detail: Self.handshakeDetail(message), code: code, operation: operation)
        }
        return .hostNameMismatch(
            certificateNames: certificate?.hostNames ?? [], host: host, checkedName: checkedName,
            code: code, operation: operation)
    }

    /// GnuTLS's message for a peer that closed the connection mid-handshake
    /// (GNUTLS_E_PREMATURE_TERMINATION). When the server closes first, libldap may instead fail
    /// on the socket with no message at all (seen in turns): both become "" so the words are stable.
    private static func handshakeDetail(_ message: String) -> String {
        message == "The TLS connection was non-properly terminated." ? "" : message
    }

    /// Opens a throwaway session checking `check` of the certificate; the server's certificate
    /// (DER, nil if unreadable) when TLS was set up.
    private func trial(_ check: CertificateCheck) -> Result<[UInt8]?, OpenFailure> {
        guard let ld = try? makeHandle(check) else {
            return .failure(.connect(.localError, message: "", elapsed: .zero))
        }
        defer { ldap_unbind_ext(ld, nil, nil) }
        if let failure = establish(ld) { return .failure(failure) }
        var der = berval(bv_len: 0, bv_val: nil)
        guard cldap_peer_certificate(ld, &der) == 0 else { return .success(nil) }
        defer { ldap_memfree(der.bv_val) }
        return .success(CBridge.bytes(der))
    }

    /// Why a certificate that failed the trust check is not trusted, in GnuTLS's terms.
    private func trustProblem(_ certificate: X509Certificate?) -> LDAPError.CertificateProblem {
        guard let certificate else { return .unexplained }
        let now = Int64(time(nil))
        if now > certificate.notAfter.secondsSinceEpoch { return .expired(notAfter: certificate.notAfter.text) }
        if now < certificate.notBefore.secondsSinceEpoch { return .notYetValid(notBefore: certificate.notBefore.text) }
        let store = X509Certificate.bundle(atPath: options.caFile ?? X509Certificate.systemBundlePath)
        if store.contains(where: { $0.subjectDER == certificate.issuerDER }) {
            return .signatureNotVerified(issuer: certificate.issuer)
        }
        if certificate.issuerDER == certificate.subjectDER { return .selfSigned(subject: certificate.subject) }
        return .issuerUnknown(issuer: certificate.issuer)
    }

    /// The name libldap compares with the certificate: the URI's host, except that for
    /// `localhost` it uses this machine's fully qualified name (tls_g.c, `ldap_int_hostname`).
    static func nameLibldapChecks(_ host: String) -> String {
        guard host.lowercased() == "localhost" else { return host }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return host }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var hints = addrinfo()
        hints.ai_flags = AI_CANONNAME
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return name }
        defer { freeaddrinfo(list) }
        return first.pointee.ai_canonname.map { String(cString: $0) } ?? name
    }
}
