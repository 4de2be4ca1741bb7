import Foundation

/// The deletes a target's exports made within the deletion threshold's window: counted from the
/// run history, back to the start of the window or to the last export accepted with
/// `--accept-deletes`, whichever is later (an accepted export starts the count afresh).
public struct DeletesInWindow: Sendable, Hashable {
    public var deletes: Int
    public var window: Duration

    public init(deletes: Int, window: Duration) {
        self.deletes = deletes
        self.window = window
    }

    /// Counts `exports` (one target's export runs that ended within the window, newest first).
    public init(exports: [RunRecord], window: Duration) {
        var deletes = 0
        for run in exports {
            if run.counters.acceptedDeletes > 0 { break }
            deletes += run.counters.deletes
        }
        self.init(deletes: deletes, window: window)
    }

    /// Reads the count for `target` as of `now`, or nil when the threshold has no window.
    public static func read(
        _ session: any SyncStoreSession, target: String, configuration: Configuration, now: Date = Date()
    ) throws -> DeletesInWindow? {
        guard let window = configuration.deletionThreshold.window(in: configuration.schedule.mode) else { return nil }
        let since = now.addingTimeInterval(-Double(window.components.seconds))
        return DeletesInWindow(exports: try session.runs(connector: target, profile: .export, endedSince: since), window: window)
    }
}

/// What the deletion threshold weighs for a target's next export, read in one session: the
/// deletes pending, the objects in sync, and the deletes in the window. The export and the
/// guard report (`export preview`, `/api/guards`, `/metrics`) both read it here.
public struct PendingDeletes: Sendable, Hashable {
    public var deletes: Int
    public var synced: Int
    public var earlier: DeletesInWindow?

    public static func read(_ session: any SyncStoreSession, target: String, configuration: Configuration) throws -> PendingDeletes {
        PendingDeletes(
            deletes: try session.csPendingExportCounts(connector: target)[.delete] ?? 0, synced: try session.csSyncedCount(connector: target),
            earlier: try DeletesInWindow.read(session, target: target, configuration: configuration))
    }

    /// Why the next export would stop under `threshold`, or nil.
    public func exceeded(_ threshold: DeletionThreshold) -> String? {
        threshold.exceeded(deletes: deletes, synced: synced, earlier: earlier)
    }
}
