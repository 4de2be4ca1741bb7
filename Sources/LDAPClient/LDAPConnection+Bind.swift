import CLDAP

extension LDAPConnection {
    /// Simple bind as a DN, a UPN (`svc-sync@contoso.com`) or `DOMAIN\user`.
    ///
    /// An empty password is refused before it reaches the wire (RFC 4513 §5.1.2: it would be an
    /// unauthenticated bind that succeeds with no identity). A bind the server rejects, or one
    /// that loses the connection, **discards this connection**: open a new one to try again.
    /// - Returns: the response controls (e.g. a password-policy response).
    @discardableResult
    public func bind(_ identity: String, password: Password, controls: [LDAPControl] = []) async throws -> [LDAPControl] {
        guard !password.isEmpty else {
            throw LDAPError(
                code: .parameterError, operation: .bind,
                diagnostic: "no password was given", dn: identity, reason: .emptyPassword)
        }
        return try await onQueue(.bind) { connection in
            try connection.bindOnQueue(identity, password, controls)
        }
    }

    private func bindOnQueue(_ identity: String, _ password: Password, _ controls: [LDAPControl]) throws(LDAPError) -> [LDAPControl] {
        let ld = try liveHandle(.bind)
        boundIdentity = nil
        do {
            let messageID = try submit(ld, .bind, dn: identity) { id in
                CBridge.withBerval(password.bytes) { credential in
                    CBridge.withControls(controls) { cControls in
                        cldap_simple_bind(ld, identity, &credential, cControls, &id)
                    }
                }
            }
            let result = try awaitSuccess(ld, messageID, .bind, dn: identity)
            boundIdentity = identity
            return result.controls
        } catch {
            // Never reuse a handle after a failed bind: libldap would carry on anonymously.
            discard(because: "a bind as \"\(identity)\" failed (\(error.code))")
            throw error
        }
    }

    /// RFC 4532 Who Am I: the authorization identity the server sees (`dn:…`, `u:…`, or "").
    public func whoAmI() async throws -> String {
        try await onQueue(.whoami) { connection in
            let ld = try connection.liveHandle(.whoami)
            let response = try connection.extendedOnQueue(ld, oid: "1.3.6.1.4.1.4203.1.11.3", value: nil, operation: .whoami)
            return String(decoding: response.value ?? [], as: UTF8.self)
        }
    }
}
