import LDAPProtocol
import Testing

@testable import Connectors

/// What an RFC 4533 refresh's messages tell the import (no directory: the messages are built
/// as slapd sends them).
@Suite struct RefreshStateTests {
    static func uuid(_ last: UInt8) -> [UInt8] { Array(repeating: 0x11, count: 15) + [last] }
    static func anchor(_ last: UInt8) -> AnchorKey { AnchorKey(Anchor.uuid(uuid(last))!) }

    static func entry(_ last: UInt8, _ state: SyncStateControl.State) -> SearchMessage {
        .entry(LDAPEntry(dn: "uid=u\(last),dc=x", attributes: [], controls: [SyncStateControl(state: state, entryUUID: uuid(last)).control]))
    }

    /// A syncIdSet intermediate message: `[3] { refreshDeletes BOOLEAN, syncUUIDs SET }`.
    static func idSet(_ lasts: [UInt8], refreshDeletes: Bool) -> SearchMessage {
        let uuids: [UInt8] = lasts.flatMap { [0x04, 0x10] + uuid($0) }
        let flag: [UInt8] = refreshDeletes ? [0x01, 0x01, 0xff] : []
        let body: [UInt8] = flag + [0x31, UInt8(uuids.count)] + uuids
        let value: [UInt8] = [0xa3, UInt8(body.count)] + body
        return .intermediate(oid: SyncInfoMessage.oid, value: value)
    }

    @Test func sentAndPresentAnchorsAreOneListAndOnlyWatchedOnesAreRememberedAsSent() throws {
        var state = RefreshState(cookie: nil, watched: [Self.anchor(1), Self.anchor(9)])
        var entries: [LDAPEntry] = []
        var deleted: [String] = []
        for message in [Self.entry(1, .add), Self.entry(2, .modify), Self.entry(3, .present), Self.idSet([4, 5], refreshDeletes: false)] {
            try state.take(message, entries: &entries, deleted: &deleted)
        }
        try state.take(
            .done(controls: [SyncDoneControl(cookie: Array("c".utf8), refreshDeletes: false).control]), entries: &entries, deleted: &deleted)
        #expect(entries.map(\.dn) == ["uid=u1,dc=x", "uid=u2,dc=x"])
        #expect(deleted.isEmpty)
        #expect(state.presentMode)
        #expect(state.listed == Set([1, 2, 3, 4, 5].map(Self.anchor)))
        #expect(state.sentWatched == [Self.anchor(1)])
        #expect(state.cookie == Array("c".utf8))
    }

    @Test func aDeletePhaseListsNothingAndIsNotPresentMode() throws {
        var state = RefreshState(cookie: nil)
        var entries: [LDAPEntry] = []
        var deleted: [String] = []
        for message in [Self.entry(1, .add), Self.entry(2, .delete), Self.idSet([3], refreshDeletes: true)] {
            try state.take(message, entries: &entries, deleted: &deleted)
        }
        try state.take(.done(controls: [SyncDoneControl(cookie: nil, refreshDeletes: true).control]), entries: &entries, deleted: &deleted)
        #expect(!state.presentMode)
        #expect(deleted == [2, 3].map { Self.anchor($0).anchor })
        #expect(state.listed == [Self.anchor(1)])
        #expect(state.sentWatched.isEmpty)
    }
}
