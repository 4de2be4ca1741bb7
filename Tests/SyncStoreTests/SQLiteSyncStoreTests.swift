import Foundation
import SyncEngine
import SyncStore
import Testing

/// The SQLite store on its own: what a connector space counts, and a store that only reads.
@Suite struct SQLiteSyncStoreTests {
    private func object(_ dn: String, anchor: String?, unconfirmed: Bool = false) -> ConnectorSpaceObject {
        ConnectorSpaceObject(
            connector: "cloud", anchor: anchor, dn: dn, objectType: "person", attributes: AttributeSet(),
            exportUnconfirmed: unconfirmed)
    }

    @Test func theSyncedCountIsWhatTheDirectoryHolds() async throws {
        let store = try SQLiteSyncStore()
        try await store.write { session in
            try session.save(object("uid=a,ou=people,dc=x", anchor: "a"))
            try session.save(object("uid=b,ou=people,dc=x", anchor: nil, unconfirmed: true))
            try session.save(object("uid=c,ou=people,dc=x", anchor: nil))  // provisioned, never written
        }
        #expect(try await store.read { try $0.csSyncedCount(connector: "cloud") } == 2)
        let dns = try await store.read { try $0.csNormalizedDNs(connector: "cloud") }
        #expect(Set(dns.values) == ["uid=a,ou=people,dc=x", "uid=b,ou=people,dc=x", "uid=c,ou=people,dc=x"])
    }

    @Test func aCurrentDatabaseOpensAndReadsWithoutWriting() async throws {
        let folder = NSTemporaryDirectory() + "ldapsync-store-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ldapsync.db"
        do {
            let store = try SQLiteSyncStore(path: path)
            try await store.write { try $0.save(object("uid=a,dc=x", anchor: "a")) }
        }
        // Nobody may write: a store that migrated (or otherwise wrote) at open would fail here.
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        let reopened = try SQLiteSyncStore(path: path)
        #expect(try await reopened.read { try $0.csCount(connector: "cloud") } == 1)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == modified)
    }

    @Test func aContainerIsEverythingAfterTheFirstUnescapedComma() {
        #expect(parentOfNormalizedDN("uid=a,ou=people,dc=x") == "ou=people,dc=x")
        #expect(parentOfNormalizedDN("cn=doe\\2c jane,ou=people,dc=x") == "ou=people,dc=x")
        #expect(parentOfNormalizedDN("cn=a\\\\,ou=b") == "ou=b")
        #expect(parentOfNormalizedDN("dc=x") == "")
    }
}
