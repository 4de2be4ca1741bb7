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

    /// The sources announced since the last batch, what they announced in detail (anchor →
    /// deleted, at most `detailLimit` per source: past that, the refresh alone), the time of
    /// the first announcement, and a wake-up for the loop.
    final class Pending: Sendable {
        struct State {
            var sources = Set<String>()
            var announced: [String: [String: Bool]] = [:]
            var since: ContinuousClock.Instant?
        }
        static let detailLimit = 10_000
        private let state = Mutex(State())
        let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1)) }

        func announce(_ source: String, _ detail: ChangeWatcher.Announcement? = nil) {
            state.withLock { state in
                state.sources.insert(source)
                if state.since == nil { state.since = .now }
                if let detail, state.announced[source, default: [:]].count < Self.detailLimit {
                    state.announced[source, default: [:]][detail.anchor] = detail.deleted
                }
            }
            continuation.yield()
        }

        /// Puts back what a batch could not import (its source's run did not succeed: the
        /// password rejected, the server down) without waking the loop: the next batch, which
        /// the next announcement starts (the watch announces again when it reconnects),
        /// carries it. Details already there (newer) win.
        func hold(_ source: String, _ details: [String: Bool], since: ContinuousClock.Instant?) {
            state.withLock { state in
                state.sources.insert(source)
                if let since, state.since.map({ since < $0 }) ?? true { state.since = since }
                for (anchor, deleted) in details where state.announced[source, default: [:]].count < Self.detailLimit {
                    if state.announced[source]?[anchor] == nil { state.announced[source, default: [:]][anchor] = deleted }
                }
            }
        }

        func take() -> (sources: [String], announced: [String: [String: Bool]], since: ContinuousClock.Instant?) {
            state.withLock { state in
                defer { state = State() }
                return (state.sources.sorted(), state.announced, state.since)
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
                    group.addTask { await watcher.run { pending.announce(source.name, $0) } }
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
            let (sources, announced, since) = pending.take()
            guard !sources.isEmpty, !Task.isCancelled else { continue }
            // A standby leaves the batches to the active service (its scheduled cycle catches
            // up on becoming active).
            guard operations.serviceRole?.isActive ?? true else { continue }
            do {
                let runs = try await operations.realtimeCycle(sources: sources, announced: announced)
                for source in sources where !runs.contains(where: { $0.connector == source && $0.profile == .deltaImport && $0.status.isSuccessful })
                {
                    pending.hold(source, announced[source] ?? [:], since: since)
                }
                if let since, runs.contains(where: { $0.profile == .export }) {
                    let elapsed = (ContinuousClock.now - since).components
                    status.batchDone(sources: sources, lag: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
                }
                logger.info(
                    "real-time batch",
                    metadata: ["sources": "\(sources.joined(separator: ","))", "runs": "\(runs.count)"])
            } catch {
                for source in sources { pending.hold(source, announced[source] ?? [:], since: since) }
                logger.error("real-time batch failed: \(error)")
            }
        }
    }
}
