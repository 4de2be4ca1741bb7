import Foundation
import Logging
import Operations
import PostgresStore
import ServiceLifecycle
import SyncEngine
import SyncService
import Synchronization

/// Automatic failover between services on one PostgreSQL state: every third of the lease time
/// this service takes or renews the lease (`PostgresLease`, on `LeaseKeeper`'s own thread).
/// Holding it, it is active: its writes are fenced by the lease's token, and on taking over the
/// scheduler wakes and runs the cycle that is due (at once when this service never ran one: the
/// work the previous holder left), as the admin's schedule settings say. Not holding it, it is
/// a standby: it writes nothing, serves reads, and tries again. A clean stop gives the lease up
/// so a standby takes over at once.
struct FailoverService: Service {
    let store: PostgresSyncStore
    let role: ServiceRole
    let signal: SchedulerSignal
    let logger: Logger
    /// Queues an event for the log (never waits).
    let record: @Sendable (EventRecord) -> Void

    func run() async throws {
        let lease = PostgresLease(store: store)
        // Renewals run on a thread of their own: a busy engine never delays them.
        let keeper = LeaseKeeper(lease: lease, duration: store.settings.leaseTime)
        // Until the first attempt answers, nothing is written.
        store.fence = .standby(active: nil)
        role.set(.standby(active: nil))
        let lastFailure = Mutex<String?>(nil)
        // Its own stop: the keeper stops when the service group tells it to, not before.
        await withGracefulShutdownHandler {
            await keeper.run { result in
                switch result {
                case .success(let outcome):
                    apply(outcome)
                    lastFailure.withLock { $0 = nil }
                case .failure(let error):
                    // The database is out of reach: our lease runs out by itself (and every
                    // write checks it inside its transaction), so nothing more is needed here.
                    let text = "\(error)"
                    let repeated = lastFailure.withLock { last in
                        defer { last = text }
                        return last == text
                    }
                    if !repeated { logger.error("failover: the lease could not be renewed: \(text)") }
                }
            }
        } onGracefulShutdown: {
            keeper.requestStop()
        }
        if case .active = role.role {
            store.fence = .standby(active: nil)
            do {
                try lease.release()
                logger.info("failover: lease given up (clean stop); a standby takes over at its next attempt")
            } catch {
                logger.warning("failover: the lease could not be given up (\(error)); a standby takes over when it runs out")
            }
        }
    }

    private func apply(_ outcome: PostgresLease.Outcome) {
        switch (outcome, role.role) {
        case (.active(let token, let previous, let expiry), let current):
            guard current != .active(token: token) else { return }
            store.fence = .active(token: token)
            role.set(.active(token: token))
            // Queued (the service's `EventRecorder`): a write waiting for the store's write lock
            // must not hold up the next renewal.
            record(EventCatalog.serviceActive(holder: store.instanceName, token: token, previous: previous, previousExpiry: expiry))
            // The scheduler wakes and runs the cycle that is due (at once, if it never ran here).
            signal.settingsChanged()
        case (.standby(let active, _), .active):
            store.fence = .standby(active: active)
            role.set(.standby(active: active))
            log(EventCatalog.serviceStandby(holder: store.instanceName, active: active, reason: "its lease ran out before it was renewed"))
        case (.standby(let active, let until), .standby(let known)):
            store.fence = .standby(active: active)
            role.set(.standby(active: active))
            if known != active {
                logger.info(
                    "failover: standby", metadata: ["active": "\(active)", "leaseUntil": "\(EventCatalog.timestamp(until))"])
            }
        case (.standby(let active, _), .single):
            store.fence = .standby(active: active)
            role.set(.standby(active: active))
        }
    }

    /// An event this service can no longer store (it is fenced): the log and syslog only.
    private func log(_ event: EventRecord) {
        logger.warning("\(event.message)", metadata: ["event.id": "\(event.id)"])
    }
}
