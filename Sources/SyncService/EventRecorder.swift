import Logging
import SyncEngine

/// The service's event log writer: `record` takes an event from any thread (the lease's, a
/// change watcher's, the scheduler's) without waiting, and one task stores the events in the
/// order they came, each in a write of its own. A write waiting for the store's write lock
/// (a run on another host holds it) so never holds up a lease renewal or a watcher.
public final class EventRecorder: Sendable {
    private let continuation: AsyncStream<EventRecord>.Continuation
    private let writer: Task<Void, Never>

    /// Starts the task that stores events in `store`; one that cannot be stored is logged.
    public init(store: any SyncStore, logger: Logger) {
        let (events, continuation) = AsyncStream.makeStream(of: EventRecord.self)
        self.continuation = continuation
        writer = Task {
            for await event in events {
                do {
                    try await store.write { try $0.insert(event) }
                } catch {
                    logger.error("event \(event.id) could not be stored in the event log: \(error)", metadata: ["event.message": "\(event.message)"])
                }
            }
        }
    }

    /// Queues `event` for the event log.
    public func record(_ event: EventRecord) {
        continuation.yield(event)
    }

    /// Stores every event recorded so far; later ones are dropped (the service is stopping).
    public func finish() async {
        continuation.finish()
        await writer.value
    }
}
