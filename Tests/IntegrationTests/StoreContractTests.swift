import Foundation
import PostgresStore
import SyncEngine
import SyncStore
import Testing

/// What every store does the same way, run on SQLite and on the throwaway PostgreSQL cluster:
/// the engine only speaks `SyncStore`, so a difference here is a bug in one of them.
@Suite struct StoreContractTests {
    private func person(_ dn: String, anchor: String?, connector: String = "cloud") -> ConnectorSpaceObject {
        var attributes = AttributeSet()
        attributes.set("cn", [dn])
        attributes.set("description", ["naïve — ünïcode ✓", "second"])
        return ConnectorSpaceObject(connector: connector, anchor: anchor, dn: dn, objectType: "person", attributes: attributes)
    }

    @Test(arguments: StoreKind.allCases)
    func anObjectReadsBackAsItWasSaved(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        var object = person("uid=Ann O'Neil,ou=People,dc=x", anchor: "a-1")
        object.pendingExport = .update
        object.desiredDN = "uid=ann,ou=people,dc=x"
        var desired = AttributeSet()
        desired.set("mail", ["ann@x"])
        object.desiredAttributes = desired
        object.exportUnconfirmed = true
        object.exportError = "was: \"quoted\" \\ back"
        let id = try await store.write { try $0.save(object) }
        object.id = id
        let read = try await store.read { try $0.csObject(id: id) }
        #expect(read == object)
        #expect(try await store.read { try $0.csObject(connector: "cloud", dn: "UID=ann o'neil, OU=people,DC=X")?.id } == id)
        #expect(try await store.read { try $0.csObject(connector: "cloud", anchor: "a-1")?.id } == id)
        #expect(try await store.read { try $0.csMetaverseID(connector: "cloud", dn: "uid=ann o'neil,ou=people,dc=x") } == .some(nil))
        #expect(try await store.read { try $0.csMetaverseID(connector: "cloud", dn: "uid=nobody,dc=x") } == nil)
    }

    /// Anchors and DNs are data: quotes, backslashes, commas, braces and the word NULL travel in
    /// lists (PostgreSQL array parameters) exactly.
    @Test(arguments: StoreKind.allCases)
    func listLookupsTakeAnyText(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let anchors = ["plain", "with \"quote\"", "back\\slash", "a,b", "{brace}", "NULL", "", " spaced ", "ünï"]
        try await store.write { session in
            for (index, anchor) in anchors.enumerated() { try session.save(person("uid=u\(index),dc=x", anchor: anchor)) }
            try session.save(person("uid=unanchored\\,comma,dc=x", anchor: nil))
        }
        let found = try await store.read { try $0.csObjects(connector: "cloud", anchors: anchors + ["absent"]) }
        #expect(Set(found.compactMap(\.anchor)) == Set(anchors))
        let images = try await store.read { try $0.csImages(connector: "cloud", anchors: ["with \"quote\"", "NULL"]) }
        #expect(Set(images.compactMap(\.anchor)) == ["with \"quote\"", "NULL"])
        let unanchored = try await store.read { try $0.csUnanchoredImages(connector: "cloud", dns: ["UID=unanchored\\,comma,DC=x"]) }
        #expect(unanchored.map(\.dn) == ["uid=unanchored\\,comma,dc=x"])
        #expect(
            try await store.read { session in
                var read = Set<String>()
                try session.csAnchors(connector: "cloud") { anchor, _ in read.insert(anchor) }
                return read
            } == Set(anchors))
        #expect(try await store.read { try $0.csUnanchoredCount(connector: "cloud") } == 1)
        #expect(try await store.read { try $0.csCount(connector: "cloud") } == anchors.count + 1)
        #expect(try await store.read { try $0.csObjects(connector: "other", anchors: anchors) }.isEmpty)
    }

    /// The lookups the synchronizer makes for a whole batch at once answer as one lookup per
    /// item would: by id, key or normalized DN, lists in id order, absent items left out.
    @Test(arguments: StoreKind.allCases)
    func batchLookupsAnswerPerItem(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let (ann, bob, group, annCS) = try await store.write { session in
            var attributes = AttributeSet()
            attributes.set("cn", ["Ann"])
            let ann = try session.save(MetaverseObject(objectType: "person", attributes: attributes, joinKeys: ["uid=ann", "mail=a@x"]))
            let bob = try session.save(MetaverseObject(objectType: "person", attributes: AttributeSet(), joinKeys: ["uid=bob", "mail=a@x"]))
            let group = try session.save(
                MetaverseObject(objectType: "group", attributes: AttributeSet(), references: ["member": [bob, ann], "owner": [ann]]))
            var annCS = person("uid=Ann,ou=People,dc=x", anchor: "ann")
            annCS.metaverseID = ann
            let annID = try session.save(annCS)
            var annTarget = person("uid=ann,ou=people,dc=y", anchor: nil, connector: "target")
            annTarget.metaverseID = ann
            try session.save(annTarget)
            try session.save(person("uid=loose,dc=x", anchor: "loose"))
            return (ann, bob, group, annID)
        }
        let objects = try await store.read { try $0.mvObjects(ids: [group, 999_999, ann]) }
        #expect(objects.map(\.id) == [ann, group])
        #expect(objects.last?.references == ["member": [bob, ann], "owner": [ann]])
        #expect(objects.first?.attributes["cn"] == [Array("Ann".utf8)])
        #expect(objects.first?.joinKeys.sorted() == ["mail=a@x", "uid=ann"])
        let keys = try await store.read { try $0.mvIDs(objectType: "person", joinKeys: ["mail=a@x", "uid=bob", "uid=nobody"]) }
        #expect(keys == ["mail=a@x": [ann, bob], "uid=bob": [bob]])
        #expect(try await store.read { try $0.mvIDs(objectType: "group", joinKeys: ["mail=a@x"]) }.isEmpty)
        let links = try await store.read { try $0.csLinks(metaverseIDs: [ann, bob]) }
        #expect(links.keys.sorted() == [ann])
        #expect(links[ann]?.map(\.connector) == ["cloud", "target"])
        #expect(links[ann]?.first?.id == annCS)
        let dns = try await store.read {
            try $0.csMetaverseIDs(connector: "cloud", dns: ["UID=ann, ou=people,dc=X", "uid=loose,dc=x", "uid=none,dc=x"])
        }
        #expect(dns == [normalizedDN("uid=ann,ou=people,dc=x"): .some(ann), normalizedDN("uid=loose,dc=x"): Int64?.none])
        #expect(try await store.read { try $0.mvIDsReferencing([ann, bob, 999_999]) } == [group])
        #expect(try await store.read { try $0.mvObjects(ids: []) }.isEmpty)
        #expect(try await store.read { try $0.csLinks(metaverseIDs: []) }.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func pendingExportsComeAddsUpdatesDeletesWithGroupsLast(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        var expected: [Int64] = []
        try await store.write { session in
            var ids: [String: Int64] = [:]
            for (name, type, pending) in [
                ("g-del", "group", PendingExport.delete), ("p-upd", "person", .update), ("g-add", "group", .add), ("p-add", "person", .add),
                ("p-del", "person", .delete), ("none", "person", .none),
            ] {
                var object = person("cn=\(name),dc=x", anchor: name)
                object.objectType = ObjectType(type)
                object.pendingExport = pending
                ids[name] = try session.save(object)
            }
            expected = ["p-add", "g-add", "p-upd", "p-del", "g-del"].map { ids[$0]! }
        }
        #expect(try await store.read { try $0.csPendingExportIDs(connector: "cloud", laterTypes: ["group"]) } == expected)
        #expect(try await store.read { try $0.csPendingExportCounts(connector: "cloud") } == [.add: 2, .update: 1, .delete: 2])
        // Adds only, above a cursor, without the excluded types, in id order, a page at a time.
        let adds = try await store.write { session in
            try (0..<5).map { number in
                var object = person("cn=new\(number),dc=x", anchor: "new\(number)")
                object.pendingExport = .add
                return try session.save(object)
            }
        }
        let pages = try await store.read { session in
            (
                try session.csPendingAddIDs(connector: "cloud", after: 0, excluding: ["group"], limit: 3),
                try session.csPendingAddIDs(connector: "cloud", after: adds[1], excluding: ["group"], limit: 10),
                try session.csPendingAddIDs(connector: "cloud", after: adds[4], excluding: [], limit: 10),
                try session.csPendingAddIDs(connector: "other", after: 0, excluding: [], limit: 10),
                try session.csPendingAddIDs(connector: "cloud", after: 0, excluding: [], limit: 10)
            )
        }
        #expect(pages.0 == [expected[0]] + adds.prefix(2))
        #expect(pages.1 == Array(adds.dropFirst(2)))
        #expect(pages.2.isEmpty && pages.3.isEmpty)
        #expect(Set(pages.4) == Set([expected[0], expected[1]] + adds))
    }

    /// Ids are never given out twice: a reference to a deleted object must not come to name a
    /// newcomer (the id-reuse bug of session 7).
    @Test(arguments: StoreKind.allCases)
    func idsAreNeverReusedAndReferencesToTheDeletedGo(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let (member, group) = try await store.write { session in
            let member = try session.save(MetaverseObject(objectType: "person", attributes: AttributeSet(), joinKeys: ["uid=m"]))
            let group = try session.save(MetaverseObject(objectType: "group", attributes: AttributeSet(), references: ["member": [member]]))
            var linked = person("uid=m,dc=x", anchor: "m")
            linked.metaverseID = member
            try session.save(linked)
            return (member, group)
        }
        #expect(try await store.read { try $0.mvIDsReferencing(member) } == [group])
        #expect(try await store.read { try $0.mvIDs(objectType: "person", joinKey: "uid=m") } == [member])
        try await store.write { try $0.deleteMVObject(id: member) }
        #expect(try await store.read { try $0.mvObject(id: group)?.references } == [:])
        #expect(try await store.read { try $0.csObject(connector: "cloud", anchor: "m")?.metaverseID } == nil)
        let newcomer = try await store.write { try $0.save(MetaverseObject(objectType: "person", attributes: AttributeSet())) }
        #expect(newcomer > member)
        #expect(try await store.read { try $0.mvIDsReferencing(newcomer) }.isEmpty)
        let csIDs = try await store.write { session in
            let first = try session.save(person("uid=last,dc=x", anchor: "last"))
            try session.deleteCSObject(id: first)
            return (first, try session.save(person("uid=next,dc=x", anchor: "next")))
        }
        #expect(csIDs.1 > csIDs.0)
    }

    @Test(arguments: StoreKind.allCases)
    func aFailedWriteLeavesNothing(kind: StoreKind) async throws {
        struct Abort: Error {}
        let store = try kind.makeStore()
        await #expect(throws: Abort.self) {
            try await store.write { session in
                try session.save(person("uid=ghost,dc=x", anchor: "ghost"))
                try session.setWatermark([1, 2, 3], connector: "cloud")
                throw Abort()
            }
        }
        #expect(try await store.read { try $0.csCount(connector: "cloud") } == 0)
        #expect(try await store.read { try $0.watermark(connector: "cloud") } == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func runsEventsJournalAndHoldsReadBackInOrder(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let started = Date(timeIntervalSince1970: 1_700_000_000.125)
        let runID = try await store.write { session in
            let id = try session.insertRun(RunRecord(connector: "cloud", profile: .export, startedAt: started))
            try session.appendRunErrors(
                [
                    RunObjectError(dn: "uid=b,dc=x", operation: "add", resultCode: 65, message: "objectClass violation"),
                    RunObjectError(dn: "uid=a,dc=x", operation: "modify", resultCode: nil, message: "second"),
                ], runID: id)
            try session.appendRunResults(
                [RunObjectResult(dn: "uid=a,dc=x", targetDN: nil, outcome: .failed, message: "m", resultCode: 19)], runID: id)
            var run = RunRecord(id: id, connector: "cloud", profile: .export, startedAt: started, endedAt: started + 2, status: .completedWarnings)
            run.counters.adds = 7
            try session.updateRun(run)
            try session.appendJournal([
                JournalEntry(runID: id, sequence: 1, connector: "cloud", operation: .add, dn: "uid=a,dc=x", metaverseID: 5),
                JournalEntry(
                    runID: id, sequence: 2, connector: "cloud", operation: .rename, dn: "uid=a,dc=x", newDN: "uid=A2,dc=x", changed: ["cn", "sn"]),
            ])
            try session.appendHistory([HistoryEntry(runID: id, connector: "cloud", dn: "uid=a,dc=x", event: .undone, detail: "d", at: started)])
            try session.setHold(ExportHold(connector: "cloud", metaverseID: 5, runID: id, fingerprint: [0, 255], dn: "uid=a,dc=x"))
            for level in [EventLevel.information, .warning, .error] {
                try session.insert(
                    EventRecord(id: 6000, level: level, time: started, connector: "cloud", runID: id, message: "\(level)", details: ["k": "v"]))
            }
            return id
        }
        let run = try #require(try await store.read { try $0.run(id: runID) })
        #expect(run.errors.map(\.dn) == ["uid=b,dc=x", "uid=a,dc=x"])
        #expect(run.errors.first?.resultCode == 65)
        #expect(run.results.first?.resultCode == 19)
        #expect(run.status == .completedWarnings && run.counters.adds == 7 && run.endedAt == started + 2 && run.startedAt == started)
        #expect(try await store.read { try $0.journal(runID: runID) }.map(\.sequence) == [1, 2])
        #expect(try await store.read { try $0.journal(dn: "UID=a2,dc=x", limit: 10) }.first?.changed == ["cn", "sn"])
        #expect(try await store.read { try $0.history(dn: "uid=A,dc=x", limit: 5) }.count == 1)
        #expect(try await store.read { try $0.holds(connector: "cloud") }[5]?.fingerprint == [0, 255])
        let warnings = try await store.read { try $0.events(EventFilter(minimumLevel: .warning, limit: 10)) }
        #expect(warnings.map(\.message) == ["warning", "error"])
        #expect(try await store.read { try $0.events(EventFilter(limit: 2)) }.map(\.message) == ["warning", "error"])
        #expect(try await store.read { try $0.eventCount(id: 6000) } == 3)
        // The runs of one profile that ended since a time: the deletion threshold's window.
        #expect(try await store.read { try $0.runs(connector: "cloud", profile: .export, endedSince: started + 2) }.map(\.id) == [runID])
        #expect(try await store.read { try $0.runs(connector: "cloud", profile: .export, endedSince: started + 3) }.isEmpty)
        #expect(try await store.read { try $0.runs(connector: "cloud", profile: .fullImport, endedSince: started) }.isEmpty)
        #expect(try await store.write { try $0.deleteHolds(runID: runID) } == 1)
        #expect(try await store.write { try $0.pruneRuns(before: started + 10) } == 1)
        #expect(try await store.read { try $0.journal(runID: runID) }.isEmpty)
        #expect(try await store.read { try $0.events(EventFilter(limit: 10)) }.isEmpty)
    }

    /// Two writers doing read-modify-write never lose an update: writes follow each other as
    /// SQLite's single writer does (PostgreSQL: the store's advisory lock).
    @Test(arguments: StoreKind.allCases)
    func concurrentWritersNeverLoseAnUpdate(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<40 {
                        try await store.write { session in
                            let current = try session.watermark(connector: "counter").map { Int($0[0]) * 256 + Int($0[1]) } ?? 0
                            try session.setWatermark([UInt8((current + 1) / 256), UInt8((current + 1) % 256)], connector: "counter")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try await store.read { try $0.watermark(connector: "counter") }
        #expect(final == [0, 80])
    }

    /// SQLite → PostgreSQL → SQLite: every table equal (counts and checksums), and the id
    /// high-water marks carried over (no id handed out twice after a migration).
    @Test func aStateMigratesBothWaysVerified() async throws {
        let sqlite = try StoreKind.sqlite.makeStore()
        let lastDeleted = try await sqlite.write { session in
            let mv = try session.save(
                MetaverseObject(objectType: "group", attributes: AttributeSet(), references: ["member": [1, 2]], joinKeys: ["k"]))
            var object = person("uid=a,dc=x", anchor: "a")
            object.metaverseID = mv
            try session.save(object)
            let runID = try session.insertRun(RunRecord(connector: "cloud", profile: .fullImport, startedAt: Date()))
            try session.appendRunErrors([RunObjectError(dn: "x", operation: "add", resultCode: 1, message: "m")], runID: runID)
            try session.insert(EventRecord(id: 6000, level: .error, time: Date(), connector: "cloud", message: "rejected"))
            try session.setWatermark([9, 9], connector: "cloud")
            let doomed = try session.save(person("uid=doomed,dc=x", anchor: "doomed"))
            try session.deleteCSObject(id: doomed)
            return doomed
        }
        let postgres = try TestPostgres.store()
        let there = try await StoreCopy.copy(from: sqlite, to: postgres)
        #expect(there.totalRows == 9)  // 1 + 2 references + 1 key + 1 + run, error, event, watermark
        #expect(try await StoreCopy.digests(of: sqlite).map(\.checksum) == StoreCopy.digests(of: postgres).map(\.checksum))
        let next = try await postgres.write { try $0.save(person("uid=new,dc=x", anchor: "new")) }
        #expect(next > lastDeleted)
        // A second migration into a store that holds state is refused, and changes nothing.
        await #expect(throws: StoreCopy.Failure.self) { try await StoreCopy.copy(from: sqlite, to: postgres) }
        #expect(try await postgres.read { try $0.csCount(connector: "cloud") } == 2)
        let back = try StoreKind.sqlite.makeStore()
        let report = try await StoreCopy.copy(from: postgres, to: back)
        #expect(report.totalRows == 10)
        #expect(try await back.read { try $0.csObject(connector: "cloud", anchor: "a")?.metaverseID } != nil)
        #expect(try await back.write { try $0.save(person("uid=newer,dc=x", anchor: "newer")) } > next)
    }

    /// Sessions run off Swift's cooperative pool (`TransactionQueue`): while one write holds
    /// the store's write lock and more writes than the pool has threads wait for it, a new
    /// task still runs at once. Sessions run on the pool would hold every one of its threads
    /// and the task would wait for the lock's release.
    @Test(arguments: StoreKind.allCases)
    func writesWaitingForTheWriteLockHoldNoPoolThread(kind: StoreKind) async throws {
        let store = try kind.makeStore()
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Task {
            try await store.write { session in
                try session.save(person("uid=holder,dc=x", anchor: "holder"))
                holding.signal()
                _ = release.wait(timeout: .now() + 40)
            }
        }
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                holding.wait()
                continuation.resume()
            }
        }
        let finished = Counter()
        let waiters = ProcessInfo.processInfo.activeProcessorCount + 2
        let writes = (0..<waiters).map { index in
            Task {
                try await store.write { try $0.save(person("uid=waiter\(index),dc=x", anchor: "waiter\(index)")) }
                finished.add()
            }
        }
        let clock = ContinuousClock()
        let asked = clock.now
        try await Task.sleep(for: .milliseconds(300))
        let answered = await Task.detached { clock.now }.value
        // A held pool would answer only at the holder's release (40 s); the other suites running
        // beside this one on two cores have delayed a free one by 5 s.
        #expect(answered - asked < .seconds(20), "the test's own task and a new one waited \(answered - asked) for a pool thread")
        #expect(finished.value == 0, "a write did not wait for the write lock")
        release.signal()
        try await holder.value
        for write in writes { try await write.value }
        #expect(try await store.read { try $0.csCount(connector: "cloud") } == waiters + 1)
    }
}

/// A count several tasks add to.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
