import LDAPClient
import SyncEngine

/// Full and delta import from one directory into its connector space.
struct LDAPImporter: Sendable {
    let connector: ConnectorConfiguration
    let store: any SyncStore
    var progress: @Sendable (Int) -> Void = { _ in }
    /// Asked between pages; true stops the import there (`stopped-shutdown`): what was
    /// committed stays, nothing is swept, the next run carries on.
    var shouldStop: @Sendable () -> Bool = { false }
    /// Called before each container after the first (re-authentication, see `DirectoryLogin`).
    var beforeContainer: @Sendable (LDAPConnection) async throws -> Void = { _ in }
    /// Stops deletes that would empty containers (off when the admin accepted them).
    var shrinkGuard = ShrinkGuard(enabled: false)
    /// Whether an AD delta import that cannot see tombstones lists the anchors in scope to find
    /// deletions (see `RunOptions.scanForDeletions`).
    var scanForDeletions = true
    /// Changes a change watch was told of, anchor → deleted (see `RunOptions.announced`).
    var announced: [String: Bool] = [:]

    let reader: EntryReader

    /// An importer that classifies entries with the directory's schema (nil: not known).
    init(connector: ConnectorConfiguration, store: any SyncStore, schema: DirectorySchema? = nil) {
        self.connector = connector
        self.store = store
        self.reader = EntryReader(connector: connector, schema: schema)
    }

    /// Reads every in-scope object page by page, stages what changed, and stages objects that
    /// are gone as pending deletes. The delta watermark (an RFC 4533 cookie on OpenLDAP, an
    /// `ADWatermark` on AD) is taken **before** reading, so the next delta import repeats
    /// (harmlessly) anything that changed during this one.
    func fullImport(_ connection: LDAPConnection) async throws -> ImportOutcome {
        var counters = RunCounters()
        var errors: [RunObjectError] = []
        let cookie: [UInt8]?? =
            switch connector.flavor {
            case .openldap: .some(try await currentSyncCookie(connection))
            case .activeDirectory: .some(try await activeDirectory.currentWatermark(connection)?.encoded)
            }
        let writer = try await ImportWriter(store: store, reader: reader)
        var known = try await store.read { session in
            var known: [AnchorKey: Int64] = [:]
            try session.csAnchors(connector: connector.name) { known[AnchorKey($0)] = $1 }
            return known
        }
        var unanchoredSeen = Set<Int64>()
        var seen = 0
        var notes: [String] = []
        for (index, base) in connector.searchBases.enumerated() {
            if index > 0 { try await beforeContainer(connection) }
            let request = SearchRequest(base: base.description, scope: .subtree, filter: reader.filter, attributes: reader.attributes)
            do {
                try await importContainer(request, connection, writer, &known, &unanchoredSeen, &seen, &counters, &errors)
            } catch let error as LDAPError where error.code == .noSuchObject {
                // A target's container appears with the first export that writes into it; a
                // source's container that is gone (renamed, deleted, hidden) must not read as
                // "everything in it was deleted".
                guard connector.role == .target else {
                    throw RunStop(
                        status: .stoppedDirectoryError,
                        message: "the container \(base) does not exist in the directory (renamed, deleted, or hidden from "
                            + "\(connector.bindDN)?): the import stopped and nothing was deleted. \(error)")
                }
                notes.append("the container \(base) does not exist yet: the export creates it")
            }
        }
        // Whatever was known and not seen is gone from the directory (or from scope) — unless
        // so much is gone from a container that the directory more likely hides it from us.
        let gone = Array(known.values).sorted()
        let shrinks = try await shrinking(gone)
        guard shrinks.isEmpty else { return ImportOutcome(counters: counters, errors: errors, shrinks: shrinks, notes: notes) }
        try await writer.sweep(gone, watermark: cookie, counters: &counters)
        try await requeueLostExports(seen: unanchoredSeen)
        return ImportOutcome(counters: counters, errors: errors, notes: notes)
    }

    /// Pages through one container, staging what changed and striking what was seen off `known`.
    private func importContainer(
        _ request: SearchRequest, _ connection: LDAPConnection, _ writer: ImportWriter, _ known: inout [AnchorKey: Int64],
        _ unanchoredSeen: inout Set<Int64>, _ seen: inout Int, _ counters: inout RunCounters,
        _ errors: inout [RunObjectError]
    ) async throws {
        var ahead = PreparedAhead<Void>(writer)
        for try await page in connection.packedPagedSearch(request, pageSize: Int32(connector.pageSize)) {
            let entries = try await reader.completingRanges(page, on: connection)
            try await ahead.next(entries, carrying: ()) { batch, _ in try await store(batch) }
        }
        try await ahead.last { batch, _ in try await store(batch) }

        func store(_ batch: PreparedBatch) async throws {
            // Struck off as seen here (a failed batch fails the run, and `known` with it).
            var stored = Set<String>()
            for entry in batch.entries where known.removeValue(forKey: AnchorKey(entry.anchor)) != nil { stored.insert(entry.anchor) }
            let ids = try await writer.apply(batch, storedAnchors: stored, counters: &counters, errors: &errors)
            for anchor in batch.outOfScope { known[AnchorKey(anchor)] = nil }
            // An entry that was sent but could not be read is still there: not gone.
            if !batch.undecodable.isEmpty {
                let present = try await self.store.read { session in
                    try batch.undecodable.compactMap { try session.csObject(connector: connector.name, dn: $0)?.anchor }
                }
                for anchor in present { known[AnchorKey(anchor)] = nil }
            }
            unanchoredSeen.formUnion(ids)
            seen += batch.received
            progress(seen)
            if shouldStop() { throw RunStop.shutdown }
        }
    }

    /// The containers that deleting `ids` would shrink past the guard (nothing is staged then).
    private func shrinking(_ ids: [Int64]) async throws -> [ShrinkGuard.Shrink] {
        // A target's objects that went missing are provisioned again by the next sync: only
        // sources can wipe a target.
        guard connector.role == .source, shrinkGuard.enabled, ids.count >= shrinkGuard.minimum else { return [] }
        return shrinkGuard.tripped(deleting: ids, dns: try await store.read { try $0.csNormalizedDNs(connector: connector.name) })
    }

    /// What changed since the last import: RFC 4533 refreshOnly from the stored cookie on
    /// OpenLDAP, `ADDeltaImport` on Active Directory. With no usable watermark, or when the
    /// server asks for a full reload, falls back to a full import; `reason` says why, when
    /// there is more to say than that the watermark was missing.
    func deltaImport(_ connection: LDAPConnection) async throws -> ImportOutcome {
        if connector.flavor == .activeDirectory { return try await activeDirectoryDeltaImport(connection) }
        guard let cookie = try await store.read({ try $0.watermark(connector: connector.name) }) else {
            var outcome = try await fullImport(connection)
            outcome.fellBackToFull = true
            return outcome
        }
        do {
            return try await refresh(connection, cookie: cookie)
        } catch let error as LDAPError where error.code == .syncRefreshRequired {
            try await store.write { try $0.setWatermark(nil, connector: connector.name) }
            var outcome = try await fullImport(connection)
            outcome.fellBackToFull = true
            return outcome
        }
    }

    private func refresh(_ connection: LDAPConnection, cookie: [UInt8]) async throws -> ImportOutcome {
        var counters = RunCounters()
        var errors: [RunObjectError] = []
        var state = RefreshState(cookie: cookie, watched: Set(announced.keys.map(AnchorKey.init)))
        let writer = try await ImportWriter(store: store, reader: reader)
        let request = SearchRequest(
            base: connector.baseDN.description, scope: .subtree, filter: reader.filter,
            attributes: reader.attributes, controls: [.syncRequest(mode: .refreshOnly, cookie: cookie)])
        var batch: [PackedEntry] = []
        var deleted: [String] = []
        var refreshDeleted = Set<AnchorKey>()
        var seen = 0
        var values = 0
        var ahead = PreparedAhead<[String]>(writer)
        for try await message in connection.packedSearch(request) {
            try state.take(message, entries: &batch, deleted: &deleted)
            if case .entry(let entry) = message { values += entry.valueCount }
            // 500 objects, or fewer holding 100,000 values (groups of thousands of members).
            if batch.count + deleted.count >= 500 || values >= 100_000 {
                values = 0
                try await ahead.next(batch, carrying: deleted) { prepared, carried in
                    try await stage(prepared, carried)
                    if shouldStop() { throw RunStop.shutdown }
                }
                batch.removeAll(keepingCapacity: true)
                refreshDeleted.formUnion(deleted.map(AnchorKey.init))
                deleted.removeAll()
            }
        }
        try await ahead.last { prepared, carried in try await stage(prepared, carried) }
        refreshDeleted.formUnion(deleted.map(AnchorKey.init))
        let (late, lateDeletes) = try await announcedLeftOut(connection, sent: state.sentWatched, deleted: refreshDeleted)
        batch += late.map(PackedEntry.init)
        deleted += lateDeletes
        var shrinks: [ShrinkGuard.Shrink] = []
        if state.presentMode {
            // The server listed what is still there instead of what was deleted: everything
            // else known (and not just sent) is gone — unless the guard says that is too much.
            let gone = try await store.read { [state] session in
                var gone: [(anchor: String, id: Int64)] = []
                try session.csAnchors(connector: connector.name) { anchor, id in
                    let key = AnchorKey(anchor)
                    if !state.listed.contains(key) { gone.append((anchor, id)) }
                }
                return gone
            }
            shrinks = try await shrinking(gone.map(\.id).sorted())
            if shrinks.isEmpty { deleted += gone.map(\.anchor) }
        }
        // The cookie is stored with the last batch it covers: a crash before then repeats the
        // whole refresh, which is harmless. Not when the guard held deletes back: the next
        // delta import must see them again.
        _ = try await writer.apply(
            batch, deletedAnchors: deleted, watermark: shrinks.isEmpty ? .some(state.cookie) : nil,
            counters: &counters, errors: &errors)
        try await confirmLeftovers(connection, writer, &counters, &errors)
        return ImportOutcome(counters: counters, errors: errors, shrinks: shrinks)

        func stage(_ prepared: PreparedBatch, _ gone: [String]) async throws {
            _ = try await writer.apply(prepared, deletedAnchors: gone, counters: &counters, errors: &errors)
            seen += prepared.received + gone.count
            progress(seen)
        }
    }

    /// Announced changes (`announced`) the refresh left out: slapd's refresh stops at its
    /// contextCSN, which can stay behind writes made many at a time until the next write, while
    /// the persistent search that announced them saw each one. Each is read by entryUUID (100
    /// to a search): what is found is staged as read, an announced delete not found is staged.
    /// A later refresh that sends them again changes nothing.
    private func announcedLeftOut(
        _ connection: LDAPConnection, sent: Set<AnchorKey>, deleted: Set<AnchorKey>
    ) async throws -> (entries: [LDAPEntry], deletes: [String]) {
        let deletes = announced.filter { $0.value && !deleted.contains(AnchorKey($0.key)) }.keys
        let changed = announced.filter { !$0.value && !sent.contains(AnchorKey($0.key)) }.keys
        let uuids = (Array(deletes) + Array(changed)).sorted().compactMap { try? LDAPFilter.equality("entryUUID", $0) }
        let entries = try await reader.read(anchorFilters: uuids, on: connection)
        let found = Set(entries.compactMap(reader.anchor))
        return (entries, deletes.filter { !found.contains($0) }.sorted())
    }

    /// Exports the refresh did not report (slapd's syncprov can leave out entries written by
    /// many concurrent operations) are read back by DN, so they are confirmed and anchored now
    /// rather than at the next full import. Bounded: more than that waits for a full import.
    private func confirmLeftovers(
        _ connection: LDAPConnection, _ writer: ImportWriter, _ counters: inout RunCounters, _ errors: inout [RunObjectError]
    ) async throws {
        let leftovers = try await store.read { try $0.csUnconfirmedAdds(connector: connector.name, limit: 1000) }
        var found: [LDAPEntry] = []
        for object in leftovers {
            do {
                found += try await connection.searchAll(
                    SearchRequest(base: object.dn, scope: .base, filter: reader.filter, attributes: reader.attributes))
            } catch let error as LDAPError where error.code == .noSuchObject {
                continue  // not there: the next full import re-exports it
            }
        }
        if !found.isEmpty { _ = try await writer.apply(found, counters: &counters, errors: &errors) }
    }

    /// A cookie for "now". syncprov's cookie is its context CSN (`rid=…,csn=…`), whatever the
    /// filter matched, so a refresh that matches nothing returns it without sending the tree.
    private func currentSyncCookie(_ connection: LDAPConnection) async throws -> [UInt8]? {
        var state = RefreshState(cookie: nil)
        var ignored: [LDAPEntry] = []
        var deleted: [String] = []
        let request = SearchRequest(
            base: connector.baseDN.description, scope: .subtree, filter: "(!(objectClass=*))", attributes: ["1.1"],
            controls: [.syncRequest(mode: .refreshOnly, cookie: nil)])
        do {
            for try await message in connection.search(request) {
                try state.take(message, entries: &ignored, deleted: &deleted)
                ignored.removeAll(keepingCapacity: true)
            }
        } catch let error as LDAPError where error.code == .unavailableCriticalExtension {
            return nil  // no syncprov: delta imports will be full imports
        }
        return state.cookie
    }

    /// Objects we exported (added) that the directory does not have after all: export again.
    private func requeueLostExports(seen: Set<Int64>) async throws {
        try await store.write { session in
            for id in try session.csObjectIDs(connector: connector.name, pendingImportOnly: false) where !seen.contains(id) {
                guard var object = try session.csObject(id: id), object.anchor == nil, object.exportUnconfirmed else { continue }
                object.exportUnconfirmed = false
                object.pendingExport = .add
                object.desiredDN = object.dn
                object.desiredAttributes = object.attributes
                try session.save(object)
            }
        }
    }
}

/// What an import did: counters, per-object errors, and why it did less than asked.
struct ImportOutcome {
    var counters: RunCounters
    var errors: [RunObjectError]
    /// Containers the shrink guard kept from being emptied (nothing was deleted).
    var shrinks: [ShrinkGuard.Shrink] = []
    /// A delta import that ran as a full import (no usable watermark).
    var fellBackToFull = false
    /// Why it fell back, when there is more to say than that the watermark was missing.
    var reason: String?
    /// What else the run message should say.
    var notes: [String] = []
}

/// What an RFC 4533 refresh has told us so far.
struct RefreshState {
    var cookie: [UInt8]?
    var presentMode = false
    /// Every anchor the refresh sent or listed as present: in present mode, what the connector
    /// space holds and is not here is gone. One set of keys, not strings (see `AnchorKey`): slapd
    /// answers a refresh after an export of a million entries with each of them twice, sent and
    /// listed present.
    var listed = Set<AnchorKey>()
    var sawPresent = false
    /// Anchors a watch announced (`LDAPImporter.announced`), and which of them the refresh sent.
    var watched: Set<AnchorKey> = []
    var sentWatched = Set<AnchorKey>()

    /// Takes one search message: entries to stage, anchors deleted, cookies, present lists.
    mutating func take<Entry>(_ message: SearchReply<Entry>, entries: inout [Entry], deleted: inout [String]) throws {
        switch message {
        case .entry(let entry):
            guard let control = entry.controls.first(where: { $0.oid == LDAPControl.OID.syncState }) else {
                entries.append(entry)
                return
            }
            let state = try SyncStateControl(control)
            if let newCookie = state.cookie { cookie = newCookie }
            guard let uuid = Anchor.uuid(state.entryUUID) else { return }
            switch state.state {
            case .add, .modify:
                let key = AnchorKey(uuid)
                listed.insert(key)
                if watched.contains(key) { sentWatched.insert(key) }
                entries.append(entry)
            case .delete:
                deleted.append(uuid)
            case .present:
                listed.insert(AnchorKey(uuid))
                sawPresent = true
            }
        case .intermediate(let oid, let value):
            guard oid == SyncInfoMessage.oid, let value else { return }
            switch try SyncInfoMessage(value: value) {
            case .newCookie(let newCookie):
                cookie = newCookie
            case .refreshDelete(let newCookie, _):
                if let newCookie { cookie = newCookie }
            case .refreshPresent(let newCookie, _):
                if let newCookie { cookie = newCookie }
                presentMode = true
            case .syncIdSet(let newCookie, let refreshDeletes, let uuids):
                if let newCookie { cookie = newCookie }
                let anchors = uuids.compactMap(Anchor.uuid)
                if refreshDeletes {
                    deleted += anchors
                } else {
                    listed.formUnion(anchors.map(AnchorKey.init))
                    sawPresent = sawPresent || !anchors.isEmpty
                    presentMode = true
                }
            }
        case .done(let controls):
            if let control = controls.first(where: { $0.oid == LDAPControl.OID.syncDone }) {
                let done = try SyncDoneControl(control)
                if let newCookie = done.cookie { cookie = newCookie }
                if !done.refreshDeletes, sawPresent { presentMode = true }
            }
        case .reference:
            break
        }
    }
}
