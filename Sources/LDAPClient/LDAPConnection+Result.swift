import CLDAP

/// A finished operation's result as the server sent it.
struct OperationResult {
    var code: LDAPResultCode
    var diagnostic: String
    var matchedDN: String?
    var controls: [LDAPControl]
}

/// Message types (RFC 4511 protocolOp tags) as libldap returns them from `ldap_result`.
enum MessageType {
    static let bind: Int32 = 0x61
    static let searchEntry: Int32 = 0x64
    static let searchResult: Int32 = 0x65
    static let modify: Int32 = 0x67
    static let add: Int32 = 0x69
    static let delete: Int32 = 0x6b
    static let rename: Int32 = 0x6d
    static let searchReference: Int32 = 0x73
    static let extended: Int32 = 0x78
    static let intermediate: Int32 = 0x79
}

extension LDAPConnection {
    /// Waits for messages of `messageID` (`all`: LDAP_MSG_ONE, _ALL or _RECEIVED) within the
    /// operation timeout; on expiry abandons the request. The caller frees the returned chain.
    func waitForMessage(
        _ ld: OpaquePointer, _ messageID: Int32, all: Int32, _ operation: LDAPOperation, dn: String?
    ) throws(LDAPError) -> OpaquePointer {
        var message: OpaquePointer?
        let rc = cldap_result(ld, messageID, all, options.operationTimeoutMilliseconds, &message)
        if rc == 0 {
            if messageID != LDAP_RES_ANY { ldap_abandon_ext(ld, messageID, nil, nil) }
            throw LDAPError(
                code: .timeout, operation: operation,
                diagnostic: "\(options.uri) did not answer within \(options.operationTimeoutMilliseconds) ms",
                dn: dn, reason: .timedOut)
        }
        guard rc > 0, let message else {
            throw libraryError(ld, operation, dn: dn)
        }
        return message
    }

    /// Reads the result fields of a result message (does not free it).
    func parseResult(_ ld: OpaquePointer, _ message: OpaquePointer, _ operation: LDAPOperation, dn: String?) throws(LDAPError) -> OperationResult {
        var code: Int32 = 0
        var matched: UnsafeMutablePointer<CChar>?
        var text: UnsafeMutablePointer<CChar>?
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<CLDAP.LDAPControl>?>?
        let rc = ldap_parse_result(ld, message, &code, &matched, &text, nil, &controls, 0)
        guard rc == LDAP_SUCCESS else { throw libraryError(ld, operation, dn: dn, code: rc) }
        let matchedDN = CBridge.takeString(matched)
        return OperationResult(
            code: LDAPResultCode(rawValue: code), diagnostic: CBridge.takeString(text),
            matchedDN: matchedDN.isEmpty ? nil : matchedDN, controls: CBridge.takeControls(controls))
    }

    /// Waits for the single result of a non-search operation and requires success.
    @discardableResult
    func awaitSuccess(_ ld: OpaquePointer, _ messageID: Int32, _ operation: LDAPOperation, dn: String?) throws(LDAPError) -> OperationResult {
        let message = try waitForMessage(ld, messageID, all: LDAP_MSG_ALL, operation, dn: dn)
        defer { ldap_msgfree(message) }
        let result = try parseResult(ld, message, operation, dn: dn)
        try result.requireSuccess(operation, dn: dn)
        return result
    }

    /// The error libldap recorded on the handle (for calls that return -1 or a client code).
    func libraryError(_ ld: OpaquePointer, _ operation: LDAPOperation, dn: String?, code: Int32? = nil) -> LDAPError {
        let resultCode = LDAPResultCode(rawValue: code ?? cldap_result_code(ld))
        var diagnostic = CBridge.takeString(cldap_diagnostic_message(ld))
        if diagnostic.isEmpty, resultCode.closesConnection {
            diagnostic = "the connection to \(options.uri) was lost"
        }
        return LDAPError(code: resultCode, operation: operation, diagnostic: diagnostic, dn: dn)
    }

    /// Sends a request with `send` (which returns libldap's code and sets the message id).
    func submit(_ ld: OpaquePointer, _ operation: LDAPOperation, dn: String?, _ send: (inout Int32) -> Int32) throws(LDAPError) -> Int32 {
        var messageID: Int32 = -1
        let rc = send(&messageID)
        guard rc == LDAP_SUCCESS else { throw libraryError(ld, operation, dn: dn, code: rc) }
        return messageID
    }
}

extension OperationResult {
    /// Throws the result as an `LDAPError` unless it is success.
    func requireSuccess(_ operation: LDAPOperation, dn: String?) throws(LDAPError) {
        guard code != .success else { return }
        throw LDAPError(code: code, operation: operation, diagnostic: diagnostic, matchedDN: matchedDN, dn: dn)
    }
}
