import LDAPClient
import SyncEngine

/// Delta import from Active Directory: the objectGUIDs that changed since the watermark
/// (DirSync, or `uSNChanged` on the same DC), each changed object read again in full (DirSync
/// returns only the changed attributes), tombstones and objects gone from scope staged as
/// deletes, all applied with the new watermark. Renames and moves are followed by objectGUID.
///
/// What AD does not report is made up for in `ADDeltaImport+Resolve.swift`: deletions an
/// account may not see, and the other end of links (a group's `member` value for a renamed
/// user, a user's `memberOf` when a group changes).
struct ADDeltaImport: Sendable {
    let connector: ConnectorConfiguration
    let store: any SyncStore
    let reader: EntryReader
    var progress: @Sendable (Int) -> Void = { _ in }
    /// Whether deletions an account cannot see are looked for by listing the anchors in scope.
    var scanForDeletions = true
    /// Objects a change watch announced as deleted (its own scan): read by objectGUID like the
    /// changed ones, and deleted when known and not found (see `RunOptions.announced`).
    var announced: [String: Bool] = [:]

    /// The watermark cannot be used (refused cookie, another DC database): the caller runs a
    /// full import and reports `reason` in the run message.
    struct Fallback: Error {
        let reason: String
    }

    /// The watermark for "now", taken by a full import before it reads: a DirSync cookie when
    /// the account may use DirSync, else the DC's USN and invocationId; nil when neither works.
    func currentWatermark(_ connection: LDAPConnection) async throws -> ADWatermark? {
        let dc: ADDomainController
        do {
            dc = try await ADDomainController.read(connection, base: connector.baseDN)
        } catch let error as LDAPError where ADChangeFeed.isRefusal(error) {
            return nil  // not a DC we can follow: delta imports will be full imports
        }
        do {
            let cookie = try await ADChangeFeed.currentCookie(connection, namingContext: dc.namingContext)
            return .dirSync(cookie: cookie, seesTombstones: false)
        } catch let error as LDAPError where ADChangeFeed.isRefusal(error) {
            return dc.invocationID.map { .usn(invocationID: $0, usn: dc.highestCommittedUSN) }
        }
    }

    /// Imports what changed since `watermark`; throws `Fallback` when it cannot be used.
    func run(_ connection: LDAPConnection, from watermark: ADWatermark) async throws -> (RunCounters, [RunObjectError]) {
        let dc = try await ADDomainController.read(connection, base: connector.baseDN)
        var changes: ADChanges
        let next: ADWatermark
        var seesTombstones: Bool
        switch watermark {
        case .dirSync(let cookie, let seen):
            do {
                changes = try await ADChangeFeed.changes(connection, since: cookie, namingContext: dc.namingContext)
            } catch let error as LDAPError where ADChangeFeed.isRefusal(error) {
                throw Fallback(
                    reason: "the DC refused the stored DirSync cookie (\(error.code)\(error.diagnostic.isEmpty ? "" : ": " + error.diagnostic))")
            }
            seesTombstones = seen || changes.sawTombstone
            next = .dirSync(cookie: changes.cookie, seesTombstones: seesTombstones)
        case .usn(let invocationID, let usn):
            guard let current = dc.invocationID else {
                throw Fallback(reason: "the DC's invocationId cannot be read, so the stored \(watermark.summary) cannot be checked")
            }
            guard current == invocationID, dc.highestCommittedUSN >= usn else {
                throw Fallback(
                    reason: "the stored \(watermark.summary) is from another DC database (now invocationId \(current), "
                        + "highestCommittedUSN \(dc.highestCommittedUSN)): USNs are only comparable on the same one")
            }
            // The new watermark is read before the searches: what changes during them comes again.
            next = .usn(invocationID: current, usn: dc.highestCommittedUSN)
            changes = try await ADChangeFeed.changes(
                connection, sinceUSN: usn, base: connector.baseDN.description,
                namingContext: dc.namingContext, pageSize: Int32(connector.pageSize))
            seesTombstones = changes.sawTombstone
        }
        // Not scanning (a real-time batch between scans): no need to know either (0.2 s on Samba).
        if !seesTombstones && scanForDeletions { seesTombstones = await dc.tombstonesVisible(connection) }
        for anchor in announced.keys where changes.changed[anchor] == nil { changes.changed[anchor] = "" }
        return try await stage(changes, connection, comparingAnchors: !seesTombstones && scanForDeletions, watermark: next)
    }
}

extension LDAPImporter {
    /// The Active Directory side of this importer.
    var activeDirectory: ADDeltaImport {
        ADDeltaImport(
            connector: connector, store: store, reader: reader, progress: progress, scanForDeletions: scanForDeletions, announced: announced)
    }

    /// Delta import on AD from the stored `ADWatermark`; a full import when there is none, it
    /// is not an AD one, or the DC cannot continue from it (the watermark is dropped first).
    func activeDirectoryDeltaImport(_ connection: LDAPConnection) async throws -> ImportOutcome {
        let stored = try await store.read { try $0.watermark(connector: connector.name) }
        var reason: String?
        if let stored {
            if let watermark = ADWatermark(encoded: stored) {
                do {
                    let (counters, errors) = try await activeDirectory.run(connection, from: watermark)
                    return ImportOutcome(counters: counters, errors: errors)
                } catch let fallback as ADDeltaImport.Fallback {
                    reason = fallback.reason
                }
            } else {
                reason = "the stored watermark is not an Active Directory one"
            }
            try await store.write { try $0.setWatermark(nil, connector: connector.name) }
        }
        var outcome = try await fullImport(connection)
        outcome.fellBackToFull = true
        outcome.reason = reason
        return outcome
    }
}
