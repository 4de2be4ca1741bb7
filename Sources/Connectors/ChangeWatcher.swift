import Credentials
import Foundation
import LDAPClient
import LDAPProtocol
import Logging
import SyncEngine
import Synchronization

/// Tells when a source's directory has changes to import, as they happen (`schedule.mode:
/// realtime`). It never imports: the delta import from the stored watermark stays the only way
/// changes come in, so nothing is lost when a notification is (a dropped watch, a restart);
/// a notification only says "run a delta import now".
///
/// - OpenLDAP: RFC 4533 refreshAndPersist from the stored cookie (read, never written): every
///   entry the server sends, in the refresh phase (changes since the last import) or later,
///   is a change. A server that ends the search instead of persisting is asked by refreshOnly
///   from the stored cookie every `pollInterval`.
/// - Active Directory: the change notification control (LDAP_SERVER_NOTIFICATION_OID) on a
///   subtree search of the base, with Show Deleted so deletes are announced too (Samba 4.17
///   supports both, as the service account, from any base); a DC that refuses it, or a Samba
///   DC (whose notifications cost it a subtree search per change), is asked for its
///   `highestCommittedUSN` every `pollInterval`, a new value being a change.
///
/// A dropped connection is opened again with backoff (1 s doubling to 60 s), and the first
/// watch after it announces a change (whatever happened meanwhile). A rejected password gives
/// event 6000 once and is never sent again: the watcher waits until a new password is set
/// (`connector set-password`) or the rejection is cleared (`connector retry`).
public struct ChangeWatcher: Sendable {
    public let connector: ConnectorConfiguration
    public let store: any SyncStore
    public let credentials: CredentialStore
    public let pollInterval: Duration
    public let logger: Logger
    /// Records an event (6000, 6102, 6207, 6208).
    public let record: @Sendable (EventRecord) -> Void
    /// Told how the watch stands (for the console, `/api/realtime` and metrics).
    public var state: @Sendable (WatchState) -> Void = { _ in }

    /// A change the watch was told of in detail (OpenLDAP's persist phase): the object's anchor
    /// and whether it was deleted. nil: something changed (AD, a probe, a reconnection).
    public struct Announcement: Sendable, Hashable {
        public let anchor: String
        public let deleted: Bool

        public init(anchor: String, deleted: Bool) {
            self.anchor = anchor
            self.deleted = deleted
        }
    }

    /// How a source's watch stands.
    public enum WatchState: String, Sendable, Codable {
        case connecting, persisting, polling, down, credentials
    }

    public init(
        connector: ConnectorConfiguration, store: any SyncStore, credentials: CredentialStore, pollInterval: Duration, logger: Logger,
        record: @escaping @Sendable (EventRecord) -> Void
    ) {
        self.connector = connector
        self.store = store
        self.credentials = credentials
        self.pollInterval = pollInterval
        self.logger = logger
        self.record = record
    }

    /// Watches until the task is cancelled, calling `changed` for every change announced (with
    /// its detail when the server gave one).
    public func run(changed: @escaping @Sendable (Announcement?) -> Void) async {
        var backoff = Duration.seconds(1)
        var connectedBefore = false
        var downSince: Date?
        while !Task.isCancelled {
            state(.connecting)
            let login = DirectoryLogin(connector: connector, credentials: credentials, pool: nil)
            let rejectedBefore = credentialsRejected()
            let connection: LDAPConnection
            do {
                (connection, _) = try await login.open(runID: nil)
            } catch {
                if error.status == .noStartCredentials {
                    state(.credentials)
                    // 6000 once, when this bind was the one rejected: the password is now marked
                    // rejected and never sent again. Then wait for the admin.
                    if !rejectedBefore { for event in error.events { record(event) } }
                    await waitForNewCredentials()
                    continue
                }
                state(.down)
                if downSince == nil {
                    downSince = Date()
                    record(EventCatalog.changeWatchLost(connector: connector.name, reason: error.message, retryIn: backoff))
                }
                logger.info("change watch: cannot connect", metadata: ["connector.name": "\(connector.name)", "reason": "\(error.message)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(60))
                continue
            }
            backoff = .seconds(1)
            if connectedBefore { changed(nil) }
            connectedBefore = true
            if let since = downSince {
                record(EventCatalog.changeWatchResumed(connector: connector.name, since: since))
                downSince = nil
            }
            var reason: String
            do {
                reason = try await watch(connection, changed: changed)
            } catch let error as LDAPError {
                reason = error.description
            } catch {
                reason = "\(error)"
            }
            await connection.close()
            guard !Task.isCancelled else { return }
            if credentials.isRejected(connector.name) { continue }
            state(.down)
            downSince = Date()
            record(EventCatalog.changeWatchLost(connector: connector.name, reason: reason, retryIn: backoff))
            try? await Task.sleep(for: backoff)
        }
    }

    /// Watches on one connection until it fails, the server ends it, or the task is cancelled;
    /// returns why it ended.
    private func watch(_ connection: LDAPConnection, changed: @escaping @Sendable (Announcement?) -> Void) async throws -> String {
        switch connector.flavor {
        case .activeDirectory:
            if let vendor = try await vendorName(connection), vendor.hasPrefix("Samba") {
                // Samba runs the whole subtree search again for every change in the domain to
                // decide whom to notify (measured on 4.17 with 40k objects: 0.23 s of the DC's
                // CPU per write, so 4 writes/s saturate it); its USN costs 0.02 s to read.
                logger.info(
                    "change watch: Samba DC, polling its highestCommittedUSN rather than asking for change notifications",
                    metadata: ["connector.name": "\(connector.name)", "vendor": "\(vendor)"])
                state(.polling)
                return try await pollUSN(connection, changed: changed)
            }
            // A service account that may not read tombstones is not told of deletes: the DC's
            // USN, read every 5 poll intervals, catches what the notifications did not say.
            var usn = try await highestCommittedUSN()
            let scan = DeletionScan()
            let notified = try await persist(connection, controls: [.changeNotification, .showDeleted], changed: changed) {
                // Moved: something changed, announced or not (a delete the notifications did not
                // show can come in the same window as a modify they did).
                let now = try await highestCommittedUSN()
                defer { usn = now }
                scanIfDue(scan, usn: now, changed: changed)
                return now != usn
            }
            if let notified { return notified }
            state(.polling)
            return try await pollUSN(connection, changed: changed)
        case .openldap:
            // Before the first import there is no cookie: a watch without one would send every
            // entry of the directory; the first cycle imports them anyway.
            var cookie = try await store.read { try $0.watermark(connector: connector.name) }
            while cookie == nil, !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                cookie = try await store.read { try $0.watermark(connector: connector.name) }
            }
            // A notification is cheap to lose and costly to miss: every 5 poll intervals a
            // refreshOnly probe from the stored cookie says whether anything is still to import.
            let persisted = try await persist(
                connection, controls: [.syncRequest(mode: .refreshAndPersist, cookie: cookie)], cookie: cookie, changed: changed
            ) { try await hasChanges(connection) }
            if let persisted { return persisted }
            state(.polling)
            return try await pollRefresh(connection, changed: changed)
        }
    }

    /// A search that stays open (`controls` make it so): nil when the server refused it or
    /// ended it before it was open (it does not persist: poll instead), else why it ended.
    /// `cookie`: the RFC 4533 cookie it started from.
    /// Every 5 poll intervals `probe` is asked whether there are changes all the same.
    private func persist(
        _ connection: LDAPConnection, controls: [LDAPControl], cookie: [UInt8]? = nil, changed: @escaping @Sendable (Announcement?) -> Void,
        probe: () async throws -> Bool
    ) async throws -> String? {
        var probedAt = ContinuousClock.now
        let watch = connection.watch(
            SearchRequest(
                base: connector.baseDN.description, scope: .subtree, filter: "(objectClass=*)", attributes: ["1.1"], controls: controls))
        state(.persisting)
        var open = false
        while !Task.isCancelled {
            if credentialsRejected() { return "the stored password was rejected" }
            let messages: [SearchMessage]
            do {
                messages = try await watch.next(waitingUpTo: 1000)
            } catch let error as LDAPError where error.code == .syncRefreshRequired {
                // The cookie is too old for the server: the delta import falls back to a full
                // import and stores a new one; watch again from that.
                changed(nil)
                try await waitForNewWatermark(than: cookie)
                return "the server asked for a full refresh (the cookie is too old); watching again from the new one"
            } catch let error as LDAPError where !open && !error.isConnectionLost {
                logger.info(
                    "change watch: the server does not keep the search open; polling",
                    metadata: ["connector.name": "\(connector.name)", "reason": "\(error)"])
                return nil
            }
            // Quiet for a second, or something came: either way the server kept it open.
            open = true

            for message in messages {
                switch message {
                case .entry(let entry):
                    changed(Self.announcement(entry))
                case .done:
                    // The server does not keep it open after all: poll.
                    return nil
                default:
                    break
                }
            }
            if ContinuousClock.now - probedAt >= pollInterval * 5 {
                // A batch with nothing to import costs a delta import and a delta sync that find nothing.
                if try await probe() { changed(nil) }
                probedAt = .now
            }
        }
        return "stopped"
    }

    /// What an entry of a sync search says changed (nil without a Sync State control).
    static func announcement(_ entry: LDAPEntry) -> Announcement? {
        guard let control = entry.controls.first(where: { $0.oid == LDAPControl.OID.syncState }),
            let state = try? SyncStateControl(control), state.state != .present, let anchor = Anchor.uuid(state.entryUUID)
        else { return nil }
        return Announcement(anchor: anchor, deleted: state.state == .delete)
    }

    /// The rootDSE's `vendorName` (Samba names itself; Windows DCs do not).
    private func vendorName(_ connection: LDAPConnection) async throws -> String? {
        for try await message in connection.search(SearchRequest(base: "", scope: .base, attributes: ["vendorName"])) {
            if case .entry(let entry) = message { return entry.string("vendorName") }
        }
        return nil
    }

    /// The DC's `highestCommittedUSN` (rootDSE), read on a new connection: Samba answers the
    /// value a connection first read for as long as it stays open.
    private func highestCommittedUSN() async throws -> String? {
        let (connection, _) = try await DirectoryLogin(connector: connector, credentials: credentials, pool: nil).open(runID: nil)
        defer { Task { await connection.close() } }
        var usn: String?
        for try await message in connection.search(SearchRequest(base: "", scope: .base, attributes: ["highestCommittedUSN"])) {
            if case .entry(let entry) = message { usn = entry.string("highestCommittedUSN") }
        }
        return usn
    }

    /// A server that does not persist: refreshOnly from the stored cookie every `pollInterval`;
    /// an entry back is a change.
    private func pollRefresh(_ connection: LDAPConnection, changed: @escaping @Sendable (Announcement?) -> Void) async throws -> String {
        while !Task.isCancelled {
            if credentialsRejected() { return "the stored password was rejected" }
            let found = try await hasChanges(connection)
            if found { changed(nil) }
            try await Task.sleep(for: pollInterval)
        }
        return "stopped"
    }

    /// Whether a refreshOnly search from the stored cookie finds anything (one entry is enough).
    private func hasChanges(_ connection: LDAPConnection) async throws -> Bool {
        let cookie = try await store.read { try $0.watermark(connector: connector.name) }
        do {
            for try await message in connection.search(
                SearchRequest(
                    base: connector.baseDN.description, scope: .subtree, filter: "(objectClass=*)", attributes: ["1.1"], sizeLimit: 1,
                    controls: [.syncRequest(mode: .refreshOnly, cookie: cookie)]))
            {
                if case .entry = message { return true }
            }
        } catch let error as LDAPError where error.code == .sizeLimitExceeded || error.code == .syncRefreshRequired {
            return true
        }
        return false
    }

    /// Active Directory: the DC's highest committed USN, read every `pollInterval`.
    private func pollUSN(_ connection: LDAPConnection, changed: @escaping @Sendable (Announcement?) -> Void) async throws -> String {
        var last: String?
        let scan = DeletionScan()
        while !Task.isCancelled {
            if credentialsRejected() { return "the stored password was rejected" }
            let usn = try await highestCommittedUSN()
            if let usn, let previous = last, usn != previous { changed(nil) }
            last = usn ?? last
            scanIfDue(scan, usn: usn, changed: changed)
            try await Task.sleep(for: pollInterval)
        }
        return "stopped"
    }

    /// When an AD source's watch next looks for the deletions its account is not shown: every
    /// `interval` while the DC's USN moves (an idle DC is never scanned; any delete moves it),
    /// one scan at a time.
    final class DeletionScan: Sendable {
        static let interval = Duration.seconds(30)
        private struct State {
            /// The watch has just started: the cycle or batch before it looked.
            var lastAt = ContinuousClock.now
            var lastUSN: String?
            var started = false
            var running = false
        }
        private let state = Mutex(State())

        /// Whether a scan starts now (it is then marked running until `end`).
        func begin(usn: String?) -> Bool {
            state.withLock { state in
                guard state.started else {
                    (state.started, state.lastUSN) = (true, usn)
                    return false
                }
                guard !state.running, ContinuousClock.now - state.lastAt >= Self.interval, usn != state.lastUSN else { return false }
                (state.running, state.lastAt, state.lastUSN) = (true, .now, usn)
                return true
            }
        }

        func end() { state.withLock { $0.running = false } }
    }

    /// Starts a scan for deletions when one is due, beside the watch (which goes on polling:
    /// the changes that come meanwhile are not held up by the listing).
    private func scanIfDue(_ scan: DeletionScan, usn: String?, changed: @escaping @Sendable (Announcement?) -> Void) {
        guard scan.begin(usn: usn) else { return }
        Task { [self] in
            defer { scan.end() }
            do {
                try await scanForDeletions(changed: changed)
            } catch {
                logger.info("change watch: the scan for deletions failed", metadata: ["connector.name": "\(connector.name)", "reason": "\(error)"])
            }
        }
    }

    /// AD, an account that is not shown tombstones (Samba's service account): the connector
    /// space's anchors no longer in scope (every objectGUID in scope listed, on a connection of
    /// its own: about 4 s for 20k objects on Samba), each announced as deleted; the batch reads
    /// each by objectGUID before staging its delete. Done by the watch rather than in a batch:
    /// a batch that waited for the listing would hold every change behind it.
    private func scanForDeletions(changed: @escaping @Sendable (Announcement?) -> Void) async throws {
        if let stored = try await store.read({ try $0.watermark(connector: connector.name) }), case .dirSync(_, true)? = ADWatermark(encoded: stored)
        {
            return  // DirSync shows this account tombstones: deletes come with the changes
        }
        let (connection, _) = try await DirectoryLogin(connector: connector, credentials: credentials, pool: nil).open(runID: nil)
        defer { Task { await connection.close() } }
        let dc = try await ADDomainController.read(connection, base: connector.baseDN)
        guard await !dc.tombstonesVisible(connection) else { return }
        let importer = LDAPImporter(connector: connector, store: store, schema: try await SchemaDiscovery.stored(connector, store: store))
        let gone = try await importer.activeDirectory.missingAnchors(connection)
        for anchor in gone.sorted() { changed(Announcement(anchor: anchor, deleted: true)) }
        logger.info("change watch: looked for deletions", metadata: ["connector.name": "\(connector.name)", "candidates": "\(gone.count)"])
    }

    private func credentialsRejected() -> Bool { credentials.isRejected(connector.name) }

    /// Waits (checking every second) until the stored password is no longer the rejected one.
    private func waitForNewCredentials() async {
        let rejected = (try? credentials.record(for: connector.name))??.generation
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            guard let record = try? credentials.record(for: connector.name) else { continue }
            if record.generation != rejected || !record.isRejected { return }
        }
    }

    /// Waits (up to a minute) until the delta import stored a watermark other than `old`.
    private func waitForNewWatermark(than old: [UInt8]?) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(500))
            if try await store.read({ try $0.watermark(connector: connector.name) }) != old { return }
        }
    }
}
