import LDAPProtocol
import Testing

@Suite struct ControlTests {
    private let uuidA: [UInt8] = Array(0x00...0x0F)
    private let uuidB: [UInt8] = Array(0x10...0x1F)

    // MARK: Paged results (RFC 2696)

    @Test func pagedResultsRequestMatchesKnownBytes() throws {
        let control = LDAPControl.pagedResults(size: 1000)
        #expect(control.oid == "1.2.840.113556.1.4.319")
        #expect(!control.isCritical)
        // The SEQUENCE holds 6 octets (02 02 03 e8, 04 00), so its length is 06.
        #expect(control.value == (try berHex("30 06 02 02 03 e8 04 00")))
    }

    @Test func pagedResultsResponseWithMiscountedLengthIsRejected() throws {
        let value = try berHex("30 05 02 02 03 e8 04 00")  // length 05 cuts the cookie's length octet off
        let error = #expect(throws: BERError.self) { try PagedResultsResponse(LDAPControl(oid: LDAPControl.OID.pagedResults, value: value)) }
        #expect(error?.code == .truncated)
    }

    @Test func pagedResultsResponseDecodesAndRoundTripsTheCookie() throws {
        let response = try PagedResultsResponse(LDAPControl(oid: LDAPControl.OID.pagedResults, value: try berHex("30 07 02 01 00 04 02 ab cd")))
        #expect(response.size == 0)
        #expect(response.cookie == [0xAB, 0xCD])
        #expect(response.hasMorePages)
        let echoed = try PagedResultsResponse(.pagedResults(size: 500, cookie: response.cookie))
        #expect(echoed.size == 500 && echoed.cookie == [0xAB, 0xCD])
        #expect(!(try PagedResultsResponse(.pagedResults(size: 0))).hasMorePages)
    }

    @Test func responseDecodersRejectWrongOIDAndMissingValue() {
        let wrongOID = #expect(throws: BERError.self) { try PagedResultsResponse(.pagedResults(size: 1).withOID(LDAPControl.OID.dirSync)) }
        #expect(wrongOID?.code == .wrongOID)
        let noValue = #expect(throws: BERError.self) { try DirSyncResponse(LDAPControl(oid: LDAPControl.OID.dirSync)) }
        #expect(noValue?.code == .missingValue)
    }

    // MARK: Active Directory DirSync and flag controls

    @Test func dirSyncEncodesHighFlagBitAsFourByteNegativeInteger() throws {
        let control = LDAPControl.dirSync(flags: [.incrementalValues, .objectSecurity])
        #expect(control.oid == "1.2.840.113556.1.4.841")
        #expect(control.isCritical)
        // 0x80000001 as AD's signed 32-bit value, not the positive `02 05 00 80 00 00 01`.
        #expect(control.value == (try berHex("30 0b 02 04 80 00 00 01 02 01 00 04 00")))
        let incrementalOnly = LDAPControl.dirSync(flags: .incrementalValues)
        #expect(incrementalOnly.value == (try berHex("30 0b 02 04 80 00 00 00 02 01 00 04 00")))
    }

    @Test func dirSyncEncodesOtherFlagsSizeAndCookie() throws {
        let control = LDAPControl.dirSync(
            flags: [.objectSecurity, .ancestorsFirstOrder, .publicDataOnly], maxAttributeCount: 0x10_0000, cookie: [1, 2, 3])
        #expect(control.value == (try berHex("30 0e 02 02 28 01 02 03 10 00 00 04 03 01 02 03")))
    }

    @Test func dirSyncResponseDecodesActiveDirectoryEncoding() throws {
        // AD writes constructed lengths in the padded four-octet form.
        let more = try DirSyncResponse(
            LDAPControl(oid: LDAPControl.OID.dirSync, value: try berHex("30 84 00 00 00 0a 02 01 01 02 01 00 04 02 aa bb")))
        #expect(more.moreResults)
        #expect(more.cookie == [0xAA, 0xBB])
        let done = try DirSyncResponse(LDAPControl(oid: LDAPControl.OID.dirSync, value: try berHex("30 08 02 01 00 02 01 00 04 00")))
        #expect(!done.moreResults && done.cookie.isEmpty)
    }

    @Test func valuelessControlsHaveTheirOIDsAndCriticality() {
        #expect(LDAPControl.showDeleted == LDAPControl(oid: "1.2.840.113556.1.4.417", isCritical: true))
        #expect(LDAPControl.showRecycled == LDAPControl(oid: "1.2.840.113556.1.4.2064", isCritical: true))
        #expect(LDAPControl.passwordPolicyRequest == LDAPControl(oid: "1.3.6.1.4.1.42.2.27.8.5.1"))
        #expect(LDAPControl.manageDsaIT == LDAPControl(oid: "2.16.840.1.113730.3.4.2", isCritical: true))
    }

    // MARK: Content synchronization (RFC 4533)

    @Test func syncRequestMatchesKnownBytes() throws {
        let refreshOnly = LDAPControl.syncRequest(mode: .refreshOnly, cookie: Array("rid=000,csn=x".utf8))
        #expect(refreshOnly.oid == "1.3.6.1.4.1.4203.1.9.1.1")
        #expect(refreshOnly.isCritical)
        #expect(refreshOnly.value == (try berHex("30 12 0a 01 01 04 0d 72 69 64 3d 30 30 30 2c 63 73 6e 3d 78")))
        let persist = LDAPControl.syncRequest(mode: .refreshAndPersist, cookie: nil, reloadHint: true)
        #expect(persist.value == (try berHex("30 06 0a 01 03 01 01 ff")))
    }

    @Test(arguments: [SyncStateControl.State.present, .add, .modify, .delete])
    func syncStateDecodesEachState(state: SyncStateControl.State) throws {
        let value = [0x30, 0x15, 0x0A, 0x01, UInt8(state.rawValue), 0x04, 0x10] + uuidA
        let decoded = try SyncStateControl(LDAPControl(oid: "1.3.6.1.4.1.4203.1.9.1.2", value: value))
        #expect(decoded == SyncStateControl(state: state, entryUUID: uuidA, cookie: nil))
    }

    @Test func syncStateCarriesOptionalCookieAndRoundTrips() throws {
        let value = [0x30, 0x1A, 0x0A, 0x01, 0x01, 0x04, 0x10] + uuidA + (try berHex("04 03 63 3d 31"))
        let decoded = try SyncStateControl(LDAPControl(oid: LDAPControl.OID.syncState, value: value))
        #expect(decoded.cookie == Array("c=1".utf8))
        #expect(decoded.control.value == value)
        #expect(try SyncStateControl(decoded.control) == decoded)
    }

    @Test func syncStateRejectsUnknownStateAndShortUUID() throws {
        let unknownState = [0x30, 0x15, 0x0A, 0x01, 0x04, 0x04, 0x10] + uuidA
        let shortUUID = [0x30, 0x14, 0x0A, 0x01, 0x01, 0x04, 0x0F] + uuidA.dropLast()
        for value in [unknownState, shortUUID] {
            let error = #expect(throws: BERError.self) { try SyncStateControl(LDAPControl(oid: LDAPControl.OID.syncState, value: value)) }
            #expect(error?.code == .invalidValue)
        }
    }

    @Test func syncDoneDecodesDefaultsAndExplicitValues() throws {
        let empty = try SyncDoneControl(LDAPControl(oid: "1.3.6.1.4.1.4203.1.9.1.3", value: try berHex("30 00")))
        #expect(empty == SyncDoneControl(cookie: nil, refreshDeletes: false))
        let full = try SyncDoneControl(LDAPControl(oid: LDAPControl.OID.syncDone, value: try berHex("30 08 04 03 63 3d 31 01 01 ff")))
        #expect(full == SyncDoneControl(cookie: Array("c=1".utf8), refreshDeletes: true))
        #expect(try SyncDoneControl(full.control) == full)
    }

    @Test func syncInfoDecodesEachChoice() throws {
        #expect(LDAPControl.OID.syncInfo == "1.3.6.1.4.1.4203.1.9.1.4" && SyncInfoMessage.oid == LDAPControl.OID.syncInfo)
        #expect(try SyncInfoMessage(value: try berHex("80 03 61 62 63")) == .newCookie(Array("abc".utf8)))
        #expect(try SyncInfoMessage(value: try berHex("a1 05 04 03 61 62 63")) == .refreshDelete(cookie: Array("abc".utf8), refreshDone: true))
        #expect(try SyncInfoMessage(value: try berHex("a1 00")) == .refreshDelete(cookie: nil, refreshDone: true))
        #expect(try SyncInfoMessage(value: try berHex("a2 03 01 01 00")) == .refreshPresent(cookie: nil, refreshDone: false))
    }

    @Test func syncInfoDecodesSyncIdSetWithTwoUUIDs() throws {
        let value = (try berHex("a3 2e 04 03 61 62 63 01 01 ff 31 24 04 10")) + uuidA + [0x04, 0x10] + uuidB
        let message = try SyncInfoMessage(value: value)
        #expect(message == .syncIdSet(cookie: Array("abc".utf8), refreshDeletes: true, uuids: [uuidA, uuidB]))
        #expect(message.value == value)
    }

    @Test(arguments: [
        SyncInfoMessage.newCookie([]), .refreshDelete(cookie: [1], refreshDone: false), .refreshPresent(cookie: nil, refreshDone: true),
        .syncIdSet(cookie: nil, refreshDeletes: false, uuids: []), .syncIdSet(cookie: [9], refreshDeletes: true, uuids: [Array(0..<16)]),
    ])
    func syncInfoRoundTrips(message: SyncInfoMessage) throws {
        #expect(try SyncInfoMessage(value: message.value) == message)
    }

    @Test(arguments: [
        ("", BERError.Code.truncated), ("a4 00", .unexpectedTag), ("a3 00", .truncated),
        ("80 01 61 00", .trailingData), ("a3 04 31 02 04 00", .invalidValue), ("a1 05 01 01 ff", .invalidLength),
    ])
    func syncInfoRejectsMalformedValues(hex: String, code: BERError.Code) throws {
        let value = try berHex(hex)
        let error = #expect(throws: BERError.self) { try SyncInfoMessage(value: value) }
        #expect(error?.code == code, "\(error?.description ?? "no error")")
    }
}

extension LDAPControl {
    fileprivate func withOID(_ oid: String) -> LDAPControl {
        LDAPControl(oid: oid, isCritical: isCritical, value: value)
    }
}
