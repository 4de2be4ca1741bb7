import LDAPProtocol

// Every decoder of a server-sent control or message value: paged results (RFC 2696), RFC 4533
// sync state, sync done and sync info messages, DirSync, and the Password Modify response
// (RFC 3062). The first byte picks the decoder, the rest is the value. Properties beyond
// "no crash": what decodes re-encodes to a value that decodes to the same thing; no decoded
// field is longer than the value it came from; a control with no value or another OID is
// refused with the matching error, never decoded.

func fuzz(_ input: [UInt8]) {
    var reader = FuzzInput(input)
    let decoder = reader.choice(6)
    let value = reader.rest()
    switch decoder {
    case 0: checkPagedResults(value)
    case 1: checkSyncState(value)
    case 2: checkSyncDone(value)
    case 3: checkSyncInfo(value)
    case 4: checkDirSync(value)
    default: checkPasswordModify(value)
    }
}

func checkPagedResults(_ value: [UInt8]) {
    let control = LDAPControl(oid: LDAPControl.OID.pagedResults, value: value)
    checkRefusals(control) { control throws(BERError) in _ = try PagedResultsResponse(control) }
    guard let decoded = try? PagedResultsResponse(control) else { return }
    require(decoded.cookie.count <= value.count, "paged cookie longer than the value")
    let again = try? PagedResultsResponse(LDAPControl.pagedResults(size: decoded.size, cookie: decoded.cookie))
    require(again?.size == decoded.size && again?.cookie == decoded.cookie, "paged results do not survive re-encoding")
}

func checkSyncState(_ value: [UInt8]) {
    let control = LDAPControl(oid: LDAPControl.OID.syncState, value: value)
    checkRefusals(control) { control throws(BERError) in _ = try SyncStateControl(control) }
    guard let decoded = try? SyncStateControl(control) else { return }
    require(decoded.entryUUID.count == 16, "sync state with a \(decoded.entryUUID.count)-byte entryUUID")
    require(decoded.entryUUID.count + (decoded.cookie?.count ?? 0) <= value.count, "sync state fields longer than the value")
    require((try? SyncStateControl(decoded.control)) == decoded, "sync state does not survive re-encoding")
}

func checkSyncDone(_ value: [UInt8]) {
    let control = LDAPControl(oid: LDAPControl.OID.syncDone, value: value)
    checkRefusals(control) { control throws(BERError) in _ = try SyncDoneControl(control) }
    guard let decoded = try? SyncDoneControl(control) else { return }
    require((decoded.cookie?.count ?? 0) <= value.count, "sync done cookie longer than the value")
    require((try? SyncDoneControl(decoded.control)) == decoded, "sync done does not survive re-encoding")
}

func checkSyncInfo(_ value: [UInt8]) {
    guard let decoded = try? SyncInfoMessage(value: value) else { return }
    switch decoded {
    case .newCookie(let cookie):
        require(cookie.count <= value.count, "sync info cookie longer than the value")
    case .refreshDelete(let cookie, _), .refreshPresent(let cookie, _):
        require((cookie?.count ?? 0) <= value.count, "sync info cookie longer than the value")
    case .syncIdSet(let cookie, _, let uuids):
        require(uuids.allSatisfy { $0.count == 16 }, "syncIdSet with a UUID that is not 16 bytes")
        require((cookie?.count ?? 0) + 16 * uuids.count <= value.count, "syncIdSet fields longer than the value")
    }
    require((try? SyncInfoMessage(value: decoded.value)) == decoded, "sync info does not survive re-encoding")
}

func checkDirSync(_ value: [UInt8]) {
    let control = LDAPControl(oid: LDAPControl.OID.dirSync, value: value)
    checkRefusals(control) { control throws(BERError) in _ = try DirSyncResponse(control) }
    guard let decoded = try? DirSyncResponse(control) else { return }
    require(decoded.cookie.count <= value.count, "DirSync cookie longer than the value")
    // The response has the request's shape: flags (MoreResults), a count, the cookie.
    let flags = DirSyncFlags(rawValue: decoded.moreResults ? 1 : 0)
    let again = try? DirSyncResponse(LDAPControl.dirSync(flags: flags, cookie: decoded.cookie))
    require(again?.moreResults == decoded.moreResults && again?.cookie == decoded.cookie, "DirSync does not survive re-encoding")
}

func checkPasswordModify(_ value: [UInt8]) {
    guard let generated = try? PasswordModify.generatedPassword(fromResponse: value) else { return }
    require(generated.count <= value.count, "generated password longer than the value")
}

/// The same control without a value, and under another OID, must be refused as such.
func checkRefusals(_ control: LDAPControl, _ decode: (LDAPControl) throws(BERError) -> Void) {
    var missing = control
    missing.value = nil
    require(code(of: missing, decode) == .missingValue, "a control without a value was not refused as missingValue")
    var other = control
    other.oid = "1.2.3.4"
    require(code(of: other, decode) == .wrongOID, "a control with another OID was not refused as wrongOID")
}

func code(of control: LDAPControl, _ decode: (LDAPControl) throws(BERError) -> Void) -> BERError.Code? {
    do throws(BERError) {
        try decode(control)
        return nil
    } catch {
        return error.code
    }
}
