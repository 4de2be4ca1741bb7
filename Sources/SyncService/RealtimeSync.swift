import Connectors
import Foundation
import Logging
import Operations
import ServiceLifecycle
import SyncEngine
import Synchronization

/// Real-time mode (`schedule.mode: realtime`): a change watch per source (`ChangeWatcher`), and
/// a loop that runs a micro-batch (`realtimeCycle`) for the sources that announced changes,
/// `batchWindow` after the first announcement. Announcements that come while a batch runs are
/// the next batch: a burst costs a few batches, each as fast as a cycle, never one run per
/// change. The scheduler's cycle every `interval` keeps running beside it as the safety net.
public struct RealtimeSync: Service {
    public let operations: LocalOperations
    public let status: RealtimeStatus
    public let logger: Logger
    /// Records an event (the watches' 6000, 6207, 6208).
    public let record: @Sendable (EventRecord) -> Void

    public init(operations: LocalOperations, status: RealtimeStatus, logger: Logger, record: @escaping @Sendable (EventRecord) -> Void) {
        self.operations = operations
        self.status = status
        self.logger = logger
        self.record = record
    }

    /// The sources announced since the last batch, the time of the first announcement, and a
    /// wake-up for the loop.
    final class Pending: Sendable {
        private let state = Mutex<(sources: Set<String>, since: ContinuousClock.Instant?)>(([], nil))
        let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }

        func announce(_ source: String) {
            state.withLock { state in
                state.sources.insert(source)
                if state.since == nil { state.since = .now }
            }
            continuation.yield()
        }

        func take() -> (sources: [String], since: ContinuousClock.Instant?) {
            state.withLock { state in
                defer { state = ([], nil) }
                return (state.sources.sorted(), state.since)
            }
        }

        func finish() { continuation.finish() }
    }

    public func run() async throws {
        let pending = Pending()
        let configuration = operations.configuration
        let ops = operations
        try await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                for source in configuration.sources {
                    var watcher = ChangeWatcher(
                        connector: source, store: ops.store, credentials: ops.credentials, pollInterval: configuration.schedule.pollInterval,
                        logger: logger, record: record)
                    let status = self.status
                    watcher.state = { state in status.set(source.name, state) }
                    status.set(source.name, .connecting)
                    group.addTask { await watcher.run { pending.announce(source.name) } }
                }
                group.addTask { await batches(pending) }
                await group.next()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            pending.finish()
        }
    }

    /// Runs a micro-batch `batchWindow` after each first announcement, until shutdown.
    private func batches(_ pending: Pending) async {
        let window = operations.configuration.schedule.batchWindow
        for await _ in pending.stream {
            try? await Task.sleep(for: window)
            let (sources, since) = pending.take()
            guard !sources.isEmpty, !Task.isCancelled else { continue }
            do {
                let runs = try await operations.realtimeCycle(sources: sources)
                if let since, runs.contains(where: { $0.profile == .export }) {
                    let elapsed = (ContinuousClock.now - since).components
                    status.batchDone(sources: sources, lag: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
                }
                logger.info(
                    "real-time batch", metadata: ["sources": "\(sources.joined(separator: ","))", "runs": "\(runs.count)"])
            } catch {
                logger.error("real-time batch failed: \(error)")
            }
        }
    }
}
