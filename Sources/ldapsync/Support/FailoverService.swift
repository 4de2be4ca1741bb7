import Foundation
import Logging
import Operations
import PostgresStore
import ServiceLifecycle
import SyncEngine
import SyncService
import Synchronization

/// Automatic failover between services on one PostgreSQL state: every third of the lease time
/// this service takes or renews the lease (`PostgresLease`). Holding it, it is active: its
/// writes are fenced by the lease's token, and on taking over the scheduler wakes and runs the
/// cycle that is due (at once when this service never ran one: the work the previous holder
/// left), as the admin's schedule settings say. Not holding it, it is a standby: it writes nothing, serves
/// reads, and tries again. A clean stop gives the lease up so a standby takes over at once.
struct FailoverService: Service {
    let store: PostgresSyncStore
    let role: ServiceRole
    let signal: SchedulerSignal
    let logger: Logger
    let record: @Sendable (EventRecord) -> Void

    func run() async throws {
        let lease = PostgresLease(store: store)
        let duration = store.settings.leaseTime
        let every = duration / 3
        // Until the first attempt answers, nothing is written.
        store.fence = .standby(active: nil)
        role.set(.standby(active: nil))
        var lastFailure: String?
        // Its own stop flag: the scheduler stops when the service group tells it to, not before.
        let stopping = Mutex(false)
        try await withGracefulShutdownHandler {
            while !Task.isCancelled && !stopping.withLock({ $0 }) {
                do {
                    apply(try lease.acquireOrRenew(for: duration))
                    lastFailure = nil
                } catch {
                    // The database is out of reach: our lease runs out by itself (and every
                    // write checks it inside its transaction), so nothing more is needed here.
                    let text = "\(error)"
                    if text != lastFailure { logger.error("failover: the lease could not be renewed: \(text)") }
                    lastFailure = text
                }
                // A stop is noticed within a second.
                var slept: Duration = .zero
                while slept < every, !stopping.withLock({ $0 }), !Task.isCancelled {
                    try? await Task.sleep(for: min(.seconds(1), every - slept))
                    slept += .seconds(1)
                }
            }
        } onGracefulShutdown: {
            stopping.withLock { $0 = true }
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
