import Credentials
import Foundation
import LDAPClient
import SyncEngine

/// One password change notification: a source person whose password differs from the one last
/// applied to the target. `values` is the secret itself (never logged, never stored).
struct PasswordChange: Sendable {
    let source: String
    let anchor: String
    let dn: String
    let values: [[UInt8]]
    let fingerprint: [UInt8]
}

/// What a password sync run did.
struct PasswordSyncOutcome {
    var counters = RunCounters()
    var results: [RunObjectResult] = []
    var errors: [RunObjectError] = []
    var events: [EventRecord] = []
    /// Set when the run had to stop (target account rejected, a server gone).
    var stop: RunStop?
    /// Sentences for the run's message (the target's policy, sources that cannot be read).
    var notes: [String] = []
}

/// The password sync agent: reads each OpenLDAP source's `userPassword` values (the sync
/// account may read them), finds the people whose password changed since it was last applied
/// (a keyed fingerprint per object, see `CredentialStore.fingerprint`), and applies each change
/// to the joined target object, in batches. Before each batch it reads the target's password
/// policy configuration (event 659 when it cannot); a notification the target does not take
/// is event 6900. A failed notification stays pending and is retried on the next run.
struct PasswordSync: Sendable {
    let configuration: Configuration
    let store: any SyncStore
    let credentials: CredentialStore
    let target: ConnectorConfiguration
    var pool: ConnectionPool?
    /// Notifications applied per batch (one policy read, one pipelined write each).
    var batchSize = 500

    func run(runID: Int64) async throws -> PasswordSyncOutcome {
        var outcome = PasswordSyncOutcome()
        var session = TargetSession(login: DirectoryLogin(connector: target, credentials: credentials, pool: pool))
        do {
            try await readSources(&session, &outcome, runID: runID)
        } catch {
            await session.release()
            throw error
        }
        await session.release()
        return outcome
    }

    private func readSources(_ session: inout TargetSession, _ outcome: inout PasswordSyncOutcome, runID: Int64) async throws {
        for source in configuration.sources {
            guard source.flavor == .openldap else {
                outcome.notes.append(
                    "\"\(source.name)\" is an Active Directory source: its password hashes cannot be read over LDAP, so it sends no notifications")
                continue
            }
            let login = DirectoryLogin(connector: source, credentials: credentials, pool: pool)
            let (connection, generation) = try await login.open(runID: runID)
            do {
                try await readChanges(source, connection) { batch in
                    await apply(batch, &session, &outcome, runID: runID)
                }
            } catch {
                await login.release(connection, generation: generation)
                throw error
            }
            await login.release(connection, generation: generation)
            if outcome.stop != nil { break }
        }
    }

    /// Streams the source's people with a password and hands the changed ones over in batches;
    /// `apply` returns false to stop.
    private func readChanges(
        _ source: ConnectorConfiguration, _ connection: LDAPConnection, apply: ([PasswordChange]) async -> Bool
    ) async throws {
        guard let person = source.objectType(named: "person") else { return }
        let reader = EntryReader(connector: source)
        var pending: [PasswordChange] = []
        for base in source.searchBases {
            let request = SearchRequest(
                base: base.description, scope: .subtree, filter: LDAPFilter.and([person.filter, "(userPassword=*)"]),
                attributes: [source.anchorAttribute, "userPassword"])
            for try await page in connection.pagedSearch(request) {
                pending += try await changes(in: page, source: source, reader: reader)
                while pending.count >= batchSize {
                    guard await apply(Array(pending.prefix(batchSize))) else { return }
                    pending.removeFirst(batchSize)
                }
            }
        }
        if !pending.isEmpty { _ = await apply(pending) }
    }

    /// The entries of a page whose password differs from the one last applied.
    private func changes(in page: [LDAPEntry], source: ConnectorConfiguration, reader: EntryReader) async throws -> [PasswordChange] {
        let candidates: [(anchor: String, dn: String, values: [[UInt8]])] = page.compactMap { entry in
            let values = entry.values("userPassword")
            guard !values.isEmpty, let anchor = reader.anchor(of: entry), reader.isInScope(entry.dn) else { return nil }
            return (anchor, entry.dn, values)
        }
        guard !candidates.isEmpty else { return [] }
        let applied = try await store.read { try $0.passwordFingerprints(connector: source.name, anchors: candidates.map(\.anchor)) }
        return candidates.compactMap { candidate in
            var secret: [UInt8] = []
            for value in candidate.values.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                secret += withUnsafeBytes(of: UInt32(value.count).bigEndian, Array.init) + value
            }
            let fingerprint = credentials.fingerprint(secret, context: "password \(source.name) \(candidate.anchor)")
            guard applied[candidate.anchor] != fingerprint else { return nil }
            return PasswordChange(source: source.name, anchor: candidate.anchor, dn: candidate.dn, values: candidate.values, fingerprint: fingerprint)
        }
    }

    /// Applies one batch: target bind (once per run), policy read, target DNs, pipelined writes.
    /// Returns false when the run must stop.
    private func apply(_ batch: [PasswordChange], _ session: inout TargetSession, _ outcome: inout PasswordSyncOutcome, runID: Int64) async -> Bool {
        let connection: LDAPConnection
        do {
            connection = try await session.open(runID: runID)
        } catch {
            let rejected = error.status == .noStartCredentials
            let reason = rejected ? "the target service account \"\(target.bindDN)\" could not bind: \(error.message)" : error.message
            outcome.events += error.events
            outcome.events.append(EventCatalog.passwordPolicyUnreadable(connector: target.name, reason: reason, runID: runID))
            fail(batch, reason: reason, code: rejected ? LDAPResultCode.invalidCredentials.rawValue : nil, rejected: rejected, &outcome, runID: runID)
            outcome.stop = error
            return false
        }
        do {
            outcome.notes = outcome.notes.filter { !$0.hasPrefix("target password policy") }
            outcome.notes.append("target password policy: " + (try await TargetPasswordPolicy.read(connection, target)))
        } catch {
            let reason = "\(error)"
            outcome.events.append(EventCatalog.passwordPolicyUnreadable(connector: target.name, reason: reason, runID: runID))
            fail(
                batch, reason: "the password policy configuration could not be read: \(reason)", code: (error as? LDAPError)?.code.rawValue,
                rejected: false, &outcome, runID: runID)
            if let error = error as? LDAPError, error.isConnectionLost {
                outcome.stop = RunStop(status: .stoppedServerDown, message: error.description)
            }
            return false
        }
        return await write(batch, connection, &outcome, runID: runID)
    }

    /// Finds each change's target object and writes the passwords; records every outcome.
    private func write(_ batch: [PasswordChange], _ connection: LDAPConnection, _ outcome: inout PasswordSyncOutcome, runID: Int64) async -> Bool {
        var planned: [(change: PasswordChange, targetDN: String, request: WriteRequest)] = []
        var refusals: [String: [PasswordChange]] = [:]
        // Every change's target object, in one read of the store for the whole batch.
        let targets: [Result<String?, any Error>]
        do {
            targets = try await store.read { session in batch.map { change in Result { try targetDN(of: change, session) } } }
        } catch {
            targets = batch.map { _ in .failure(error) }
        }
        for (change, lookup) in zip(batch, targets) {
            let located: String?
            switch lookup {
            case .success(let dn):
                located = dn
            case .failure(let error):
                outcome.results.append(RunObjectResult(dn: change.dn, targetDN: nil, outcome: .failed, message: "\(error)"))
                outcome.counters.errors += 1
                continue
            }
            guard let dn = located else {
                outcome.results.append(
                    RunObjectResult(
                        dn: change.dn, targetDN: nil, outcome: .waiting,
                        message: "no exported object in \"\(target.name)\" yet; applied after the export that creates it"))
                outcome.counters.unchanged += 1
                continue
            }
            switch PasswordWrite.modifications(change.values, for: target) {
            case .success(let changes):
                planned.append((change, dn, .modify(dn: dn, changes: changes)))
            case .failure(let refusal):
                outcome.results.append(RunObjectResult(dn: change.dn, targetDN: dn, outcome: .failed, message: refusal.message))
                outcome.errors.append(RunObjectError(dn: dn, operation: "password", resultCode: nil, message: refusal.message))
                outcome.counters.errors += 1
                refusals[refusal.message, default: []].append(change)
            }
        }
        for (reason, changes) in refusals {
            outcome.events.append(
                EventCatalog.passwordChangeFailed(
                    connector: target.name, count: changes.count, reason: reason,
                    serviceAccountRejected: false, lastAcceptedAt: nil, runID: runID))
        }
        guard !planned.isEmpty else { return true }
        let written: [Result<Void, LDAPError>]
        do {
            written = try await connection.writeAll(planned.map(\.request), window: 64)
        } catch {
            fail(planned.map(\.change), reason: "\(error)", code: (error as? LDAPError)?.code.rawValue, rejected: false, &outcome, runID: runID)
            outcome.stop = RunStop(status: .stoppedServerDown, message: "\(error)")
            return false
        }
        var applied: [PasswordChange] = []
        var failures: [String: Int] = [:]
        var lost: LDAPError?
        for (item, result) in zip(planned, written) {
            switch result {
            case .success:
                applied.append(item.change)
                outcome.results.append(RunObjectResult(dn: item.change.dn, targetDN: item.targetDN, outcome: .applied))
                outcome.counters.updates += 1
            case .failure(let error):
                let reason =
                    error.code == .insufficientAccessRights
                    ? "\(error.description) (the service account \"\(target.bindDN)\" may not write passwords)" : error.description
                outcome.results.append(
                    RunObjectResult(dn: item.change.dn, targetDN: item.targetDN, outcome: .failed, message: reason, resultCode: error.code.rawValue))
                outcome.errors.append(RunObjectError(dn: item.targetDN, operation: "password", resultCode: error.code.rawValue, message: reason))
                outcome.counters.errors += 1
                failures[error.code == .insufficientAccessRights ? reason : error.code.description, default: 0] += 1
                if error.isConnectionLost { lost = error }
            }
        }
        for (reason, count) in failures {
            outcome.events.append(
                EventCatalog.passwordChangeFailed(
                    connector: target.name, count: count, reason: reason,
                    serviceAccountRejected: false, lastAcceptedAt: nil, runID: runID))
        }
        do {
            try await store.write { session in
                for change in applied {
                    try session.setPasswordFingerprint(change.fingerprint, connector: change.source, anchor: change.anchor, at: Date())
                }
            }
        } catch {
            outcome.stop = RunStop(status: .stoppedServerDown, message: "the store could not record applied passwords: \(error)")
            return false
        }
        if let lost {
            outcome.stop = RunStop(status: .stoppedServerDown, message: lost.description)
            return false
        }
        return true
    }

    /// Records a whole batch as failed for one reason, with one event 6900.
    private func fail(_ batch: [PasswordChange], reason: String, code: Int32?, rejected: Bool, _ outcome: inout PasswordSyncOutcome, runID: Int64) {
        for change in batch {
            outcome.results.append(RunObjectResult(dn: change.dn, targetDN: nil, outcome: .failed, message: reason, resultCode: code))
            outcome.errors.append(RunObjectError(dn: change.dn, operation: "password", resultCode: code, message: reason))
        }
        outcome.counters.errors += batch.count
        let lastAccepted = rejected ? (try? credentials.record(for: target.name))?.lastAcceptedAt : nil
        outcome.events.append(
            EventCatalog.passwordChangeFailed(
                connector: target.name, count: batch.count, reason: reason,
                serviceAccountRejected: rejected, lastAcceptedAt: lastAccepted, runID: runID))
    }

    /// The DN of the target object joined to a source object, when it exists in the target;
    /// nil when there is none yet (not provisioned, or its add not exported).
    private func targetDN(of change: PasswordChange, _ session: any SyncStoreSession) throws -> String? {
        guard let object = try session.csObject(connector: change.source, anchor: change.anchor), let mv = object.metaverseID else { return nil }
        guard let linked = try session.csLinks(metaverseID: mv).first(where: { $0.connector == target.name }),
            linked.existsInDirectory, linked.pendingExport != .delete
        else { return nil }
        return linked.dn
    }
}

/// The target connection of one password sync run, bound on first use.
private struct TargetSession {
    let login: DirectoryLogin
    var connection: LDAPConnection?
    var generation = 0

    mutating func open(runID: Int64) async throws(RunStop) -> LDAPConnection {
        if let connection { return connection }
        let (opened, generation) = try await login.open(runID: runID)
        connection = opened
        self.generation = generation
        return opened
    }

    /// Hands the connection back (pool or close).
    func release() async {
        if let connection { await login.release(connection, generation: generation) }
    }
}
