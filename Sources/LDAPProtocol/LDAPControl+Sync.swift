// Content synchronization, RFC 4533 (OpenLDAP syncrepl). Every type here both decodes and
// encodes its value, so in-memory test servers can produce what a real server sends.

/// The mode of a sync request (RFC 4533 section 2.2).
public enum SyncRequestMode: Int, Sendable {
    /// Return the changes since the cookie, then end the search.
    case refreshOnly = 1
    /// Return the changes since the cookie, then keep the search open and stream new changes.
    case refreshAndPersist = 3
}

extension LDAPControl {
    /// A critical sync request: `SEQUENCE { mode ENUMERATED, cookie OCTET STRING OPTIONAL,
    /// reloadHint BOOLEAN DEFAULT FALSE }`; a `false` reloadHint is omitted as DER requires.
    public static func syncRequest(mode: SyncRequestMode, cookie: [UInt8]?, reloadHint: Bool = false) -> LDAPControl {
        let value = BEREncoder.sequence { body in
            body.writeEnumerated(Int64(mode.rawValue))
            if let cookie { body.writeOctetString(cookie) }
            if reloadHint { body.writeBoolean(true) }
        }
        return LDAPControl(oid: OID.syncRequest, isCritical: true, value: value)
    }
}

/// The Sync State control attached to each entry (or reference) returned by a sync search.
public struct SyncStateControl: Sendable, Hashable {
    /// What happened to the entry.
    public enum State: Int, Sendable {
        /// The entry is unchanged and still present (refresh present phase).
        case present = 0
        /// The entry was added.
        case add = 1
        /// The entry was modified.
        case modify = 2
        /// The entry was deleted.
        case delete = 3
    }

    /// What happened to the entry.
    public var state: State
    /// The entry's `entryUUID`, 16 octets.
    public var entryUUID: [UInt8]
    /// A new cookie to store once this entry has been applied, if the server sent one.
    public var cookie: [UInt8]?

    /// Creates a state control's contents, e.g. for an in-memory server.
    public init(state: State, entryUUID: [UInt8], cookie: [UInt8]? = nil) {
        self.state = state
        self.entryUUID = entryUUID
        self.cookie = cookie
    }

    /// Decodes `SEQUENCE { state ENUMERATED, entryUUID OCTET STRING (SIZE(16)), cookie OPTIONAL }`.
    public init(_ control: LDAPControl) throws(BERError) {
        self = try control.decodeValue(expecting: LDAPControl.OID.syncState) { decoder throws(BERError) in
            try decoder.readSequence { body throws(BERError) in
                let start = body.offset
                guard let raw = Int(exactly: try body.readEnumerated()), let state = State(rawValue: raw) else {
                    throw BERError(.invalidValue, expected: "sync state 0 to 3", at: start)
                }
                return SyncStateControl(state: state, entryUUID: try body.readSyncUUID(), cookie: try body.readOctetStringIfPresent())
            }
        }
    }

    /// The control as a server sends it (not critical).
    public var control: LDAPControl {
        let value = BEREncoder.sequence { body in
            body.writeEnumerated(Int64(state.rawValue))
            body.writeOctetString(entryUUID)
            if let cookie { body.writeOctetString(cookie) }
        }
        return LDAPControl(oid: LDAPControl.OID.syncState, value: value)
    }
}

/// The Sync Done control attached to the SearchResultDone of a refreshOnly sync search.
public struct SyncDoneControl: Sendable, Hashable {
    /// The cookie to store for the next sync, if the server sent one.
    public var cookie: [UInt8]?
    /// `true` when entries absent from the results were deleted (delete phase) rather than
    /// listed as present; when `false`, entries not reported as present must be deleted.
    public var refreshDeletes: Bool

    /// Creates a done control's contents, e.g. for an in-memory server.
    public init(cookie: [UInt8]?, refreshDeletes: Bool = false) {
        self.cookie = cookie
        self.refreshDeletes = refreshDeletes
    }

    /// Decodes `SEQUENCE { cookie OCTET STRING OPTIONAL, refreshDeletes BOOLEAN DEFAULT FALSE }`.
    public init(_ control: LDAPControl) throws(BERError) {
        self = try control.decodeValue(expecting: LDAPControl.OID.syncDone) { decoder throws(BERError) in
            try decoder.readSequence { body throws(BERError) in
                SyncDoneControl(cookie: try body.readOctetStringIfPresent(), refreshDeletes: try body.readBooleanIfPresent() ?? false)
            }
        }
    }

    /// The control as a server sends it (not critical); a `false` refreshDeletes is omitted.
    public var control: LDAPControl {
        let value = BEREncoder.sequence { body in
            if let cookie { body.writeOctetString(cookie) }
            if refreshDeletes { body.writeBoolean(true) }
        }
        return LDAPControl(oid: LDAPControl.OID.syncDone, value: value)
    }
}

extension BERDecoder {
    /// Reads a `syncUUID ::= OCTET STRING (SIZE(16))`.
    mutating func readSyncUUID() throws(BERError) -> [UInt8] {
        let start = offset
        let uuid = try readOctetString()
        guard uuid.count == 16 else {
            throw BERError(.invalidValue, expected: "syncUUID of 16 octets", at: start)
        }
        return uuid
    }
}

/// A Sync Info Message: the value of an IntermediateResponse named ``LDAPControl/OID/syncInfo``.
public enum SyncInfoMessage: Sendable, Hashable {
    /// `[0] syncCookie`: a new cookie to store, without any entry change.
    case newCookie([UInt8])
    /// `[1]`: the refresh delete phase ended; `refreshDone` (default TRUE) false if more follows.
    case refreshDelete(cookie: [UInt8]?, refreshDone: Bool)
    /// `[2]`: the refresh present phase ended; `refreshDone` (default TRUE) false if more follows.
    case refreshPresent(cookie: [UInt8]?, refreshDone: Bool)
    /// `[3]`: entries by UUID that are deleted (`refreshDeletes` TRUE) or present (default FALSE).
    case syncIdSet(cookie: [UInt8]?, refreshDeletes: Bool, uuids: [[UInt8]])

    /// The intermediate response name that carries these messages.
    public static let oid = LDAPControl.OID.syncInfo

    private static let newCookieTag = BERTag.contextPrimitive(0)
    private static let refreshDeleteTag = BERTag.contextConstructed(1)
    private static let refreshPresentTag = BERTag.contextConstructed(2)
    private static let syncIdSetTag = BERTag.contextConstructed(3)

    /// Decodes the `syncInfoValue` CHOICE from an intermediate response value.
    public init(value: [UInt8]) throws(BERError) {
        var decoder = BERDecoder(value)
        switch decoder.nextTag {
        case Self.newCookieTag:
            self = .newCookie(try decoder.readOctetString(tag: Self.newCookieTag))
        case Self.refreshDeleteTag:
            self = try decoder.readConstructed(Self.refreshDeleteTag) { body throws(BERError) in
                .refreshDelete(cookie: try body.readOctetStringIfPresent(), refreshDone: try body.readBooleanIfPresent() ?? true)
            }
        case Self.refreshPresentTag:
            self = try decoder.readConstructed(Self.refreshPresentTag) { body throws(BERError) in
                .refreshPresent(cookie: try body.readOctetStringIfPresent(), refreshDone: try body.readBooleanIfPresent() ?? true)
            }
        case Self.syncIdSetTag:
            self = try decoder.readConstructed(Self.syncIdSetTag) { body throws(BERError) in
                let cookie = try body.readOctetStringIfPresent()
                let refreshDeletes = try body.readBooleanIfPresent() ?? false
                let uuids = try body.readConstructed(.set) { set throws(BERError) in
                    var uuids: [[UInt8]] = []
                    while !set.isAtEnd { uuids.append(try set.readSyncUUID()) }
                    return uuids
                }
                return .syncIdSet(cookie: cookie, refreshDeletes: refreshDeletes, uuids: uuids)
            }
        case let found?:
            throw BERError(.unexpectedTag, expected: "syncInfoValue choice [0] to [3], found tag \(found)", at: 0)
        case nil:
            throw BERError(.truncated, expected: "syncInfoValue choice [0] to [3], found end of input", at: 0)
        }
        try decoder.finish()
    }

    /// The encoded `syncInfoValue`; BOOLEANs equal to their DEFAULT are omitted.
    public var value: [UInt8] {
        var encoder = BEREncoder()
        switch self {
        case .newCookie(let cookie):
            encoder.writeOctetString(cookie, tag: Self.newCookieTag)
        case .refreshDelete(let cookie, let refreshDone), .refreshPresent(let cookie, let refreshDone):
            let tag = if case .refreshDelete = self { Self.refreshDeleteTag } else { Self.refreshPresentTag }
            encoder.writeConstructed(tag) { body in
                if let cookie { body.writeOctetString(cookie) }
                if !refreshDone { body.writeBoolean(false) }
            }
        case .syncIdSet(let cookie, let refreshDeletes, let uuids):
            encoder.writeConstructed(Self.syncIdSetTag) { body in
                if let cookie { body.writeOctetString(cookie) }
                if refreshDeletes { body.writeBoolean(true) }
                body.writeConstructed(.set) { set in
                    for uuid in uuids { set.writeOctetString(uuid) }
                }
            }
        }
        return encoder.bytes
    }
}
