import Foundation
import GRDB
import SyncEngine
import Testing

@testable import SyncStore

/// Metaverse and connector space ids are never given out twice, in a new state and in one that
/// an older version made (migration v5), and a deleted object is no longer referenced.
@Suite struct IdReuseTests {
    private func person(_ name: String) -> MetaverseObject {
        var attributes = AttributeSet()
        attributes.set("uid", [name])
        return MetaverseObject(objectType: "person", attributes: attributes)
    }

    /// The largest id, deleted, is not the next one.
    private func expectNoReuse(_ store: SQLiteSyncStore) async throws {
        let (last, group) = try await store.write { session in
            let last = try session.save(person("last"))
            var group = MetaverseObject(objectType: "group", attributes: AttributeSet())
            group.references = ["member": [last]]
            return (last, try session.save(group))
        }
        try await store.write { session in
            try session.deleteMVObject(id: group)
            try session.deleteMVObject(id: last)
        }
        let next = try await store.write { try $0.save(person("next")) }
        #expect(next > group)
        let csIDs = try await store.write { session in
            let first = try session.save(
                ConnectorSpaceObject(connector: "c", anchor: "first", dn: "uid=first,dc=x", objectType: "person", attributes: AttributeSet()))
            try session.deleteCSObject(id: first)
            let second = try session.save(
                ConnectorSpaceObject(connector: "c", anchor: "second", dn: "uid=second,dc=x", objectType: "person", attributes: AttributeSet()))
            return (first, second)
        }
        #expect(csIDs.1 > csIDs.0)
    }

    @Test func aNewStateNeverReusesAnId() async throws {
        try await expectNoReuse(try SQLiteSyncStore())
    }

    @Test func aDeletedMemberLeavesTheGroupsThatListedIt() async throws {
        let store = try SQLiteSyncStore()
        let (ann, bob, group) = try await store.write { session in
            let ann = try session.save(person("ann"))
            let bob = try session.save(person("bob"))
            var group = MetaverseObject(objectType: "group", attributes: AttributeSet())
            group.references = ["member": [ann, bob]]
            return (ann, bob, try session.save(group))
        }
        try await store.write { try $0.deleteMVObject(id: bob) }
        #expect(try await store.read { try $0.mvObject(id: group)?.references["member"] } == [ann])
        #expect(try await store.read { try $0.mvIDsReferencing(bob) }.isEmpty)
    }

    /// A state made before v5 keeps every row and id, and from then on reuses none.
    @Test func anOlderStateMigratesWithItsIdsAndStopsReusingThem() async throws {
        let folder = NSTemporaryDirectory() + "ldapsync-ids-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/ldapsync.db"
        do {
            let old = try DatabaseQueue(path: path)
            try SyncSchema.migrator.migrate(old, upTo: "v4 history")
            let empty = Data(AttributeSet().encoded())
            try await old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO mv_object (id, object_type, attributes) VALUES (7, 'person', ?), (9, 'group', ?);
                        INSERT INTO mv_reference (mv_id, attribute, position, target_id) VALUES (9, 'member', 0, 7), (9, 'member', 1, 8);
                        INSERT INTO cs_object (id, connector, anchor, dn, dn_norm, object_type, attributes, mv_id)
                            VALUES (5, 'c', 'a', 'uid=a,dc=x', 'uid=a,dc=x', 'person', ?, 7);
                        """, arguments: [empty, empty, empty])
            }
        }
        let store = try SQLiteSyncStore(path: path)
        let object = try #require(try await store.read { try $0.csObject(id: 5) })
        #expect(object.metaverseID == 7 && object.anchor == "a")
        // The reference to 8, an object that no longer existed, is gone; the one to 7 stays.
        #expect(try await store.read { try $0.mvObject(id: 9)?.references["member"] } == [7])
        try await expectNoReuse(store)
    }
}
