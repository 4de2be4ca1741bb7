import CLDAP

extension LDAPConnection {
    /// Adds an entry.
    public func add(_ dn: String, attributes: [LDAPAttribute], controls: [LDAPControl] = []) async throws {
        try await write(.add(dn: dn, attributes: attributes), controls: controls)
    }

    /// Modifies an entry's attributes in one atomic operation.
    public func modify(_ dn: String, _ changes: [Modification], controls: [LDAPControl] = []) async throws {
        try await write(.modify(dn: dn, changes: changes), controls: controls)
    }

    /// Deletes a leaf entry.
    public func delete(_ dn: String, controls: [LDAPControl] = []) async throws {
        try await write(.delete(dn: dn), controls: controls)
    }

    /// Renames (`newRDN`) and/or moves (`newSuperior`) an entry.
    public func rename(
        _ dn: String, newRDN: String, newSuperior: String? = nil, deleteOldRDN: Bool = true,
        controls: [LDAPControl] = []
    ) async throws {
        try await write(.rename(dn: dn, newRDN: newRDN, newSuperior: newSuperior, deleteOldRDN: deleteOldRDN), controls: controls)
    }

    /// Performs one write and waits for its result.
    public func write(_ request: WriteRequest, controls: [LDAPControl] = []) async throws {
        try await onQueue(request.operation) { connection in
            let ld = try connection.liveHandle(request.operation)
            let messageID = try connection.send(ld, request, controls)
            try connection.awaitSuccess(ld, messageID, request.operation, dn: request.dn)
        }
    }

    /// Performs many writes **pipelined**: up to `window` requests are outstanding at once, so
    /// round trips overlap and the server's write rate is the limit. Results come back in the
    /// order of `requests`; one failure does not stop the others.
    ///
    /// Keep `window` well below slapd's `conn_max_pending_auth` (1000); 16–128 is right.
    /// A lost connection stops the batch: requests not yet answered get that error.
    public func writeAll(_ requests: [WriteRequest], window: Int = 64) async throws -> [Result<Void, LDAPError>] {
        try await onQueue(.modify) { connection in
            try connection.pipelineOnQueue(requests, window: max(1, window))
        }
    }

    /// RFC 3062 Password Modify. `userIdentity` nil means the bound user. Returns the password the
    /// server generated when `newPassword` is nil.
    @discardableResult
    public func modifyPassword(userIdentity: String?, oldPassword: Password?, newPassword: Password?) async throws -> Password? {
        let value = PasswordModify.requestValue(
            userIdentity: userIdentity, oldPassword: oldPassword?.bytes, newPassword: newPassword?.bytes)
        let response = try await extendedOperation(PasswordModify.oid, value: value, dn: userIdentity)
        do {
            return try PasswordModify.generatedPassword(fromResponse: response.value).map { Password(bytes: $0) }
        } catch {
            throw LDAPError(
                code: .decodingError, operation: .extended, diagnostic: "the password modify response is malformed: \(error)", dn: userIdentity)
        }
    }

    /// Sends an extended operation and returns the response's name and value.
    public func extendedOperation(_ oid: String, value: [UInt8]?, dn: String? = nil) async throws -> (oid: String?, value: [UInt8]?) {
        let response = try await onQueue(.extended) { connection in
            let ld = try connection.liveHandle(.extended)
            let result = try connection.extendedOnQueue(ld, oid: oid, value: value, operation: .extended, dn: dn)
            return ExtendedResponse(oid: result.oid, value: result.value)
        }
        return (response.oid, response.value)
    }

    /// Sends an extended operation on the queue and parses its response.
    func extendedOnQueue(
        _ ld: OpaquePointer, oid: String, value: [UInt8]?, operation: LDAPOperation, dn: String? = nil
    ) throws(LDAPError) -> ExtendedResponse {
        let messageID = try submit(ld, operation, dn: dn) { id in
            if let value {
                return CBridge.withBerval(value) { ldap_extended_operation(ld, oid, &$0, nil, nil, &id) }
            }
            return ldap_extended_operation(ld, oid, nil, nil, nil, &id)
        }
        let message = try waitForMessage(ld, messageID, all: LDAP_MSG_ALL, operation, dn: dn)
        defer { ldap_msgfree(message) }
        try parseResult(ld, message, operation, dn: dn).requireSuccess(operation, dn: dn)
        var responseOID: UnsafeMutablePointer<CChar>?
        var responseValue: UnsafeMutablePointer<berval>?
        let rc = ldap_parse_extended_result(ld, message, &responseOID, &responseValue, 0)
        guard rc == LDAP_SUCCESS else { throw libraryError(ld, operation, dn: dn, code: rc) }
        let bytes = responseValue.map { CBridge.bytes($0.pointee) }
        if let responseValue { ber_bvfree(responseValue) }
        let name = responseOID.map { CBridge.takeString($0) }
        return ExtendedResponse(oid: name, value: bytes)
    }
}

/// An extended operation's response.
struct ExtendedResponse: Sendable {
    var oid: String?
    var value: [UInt8]?
}
