import Foundation

/// The scheduler's decisions, with the clock handed in (tests use any dates): whether a cycle
/// is due, and whether it is a delta cycle or a full (initial) one.
public struct CyclePlanner: Sendable {
    /// A full cycle at least this often (default 7 days): a delta watermark that old may have
    /// outlived the server's change log, and a full import's sweep catches what deltas missed.
    public var fullCycleEvery: TimeInterval = 7 * 86_400

    /// What the next scheduled cycle should be.
    public struct Decision: Sendable, Hashable {
        public var initial: Bool
        /// Why (for the log and `scheduler show`).
        public var reason: String
    }

    public init() {}

    /// Full when there was no full cycle yet, when the configuration's connectors or rules
    /// changed since the last one, or when it is older than `fullCycleEvery`; delta otherwise.
    public func decide(now: Date, state: SchedulerState, fingerprint: String) -> Decision {
        guard let lastFull = state.lastFullCycleAt else { return Decision(initial: true, reason: "no full cycle has run yet") }
        if state.configurationFingerprint != fingerprint {
            return Decision(initial: true, reason: "the connectors or rules changed since the last full cycle")
        }
        if now.timeIntervalSince(lastFull) >= fullCycleEvery {
            return Decision(initial: true, reason: "the last full cycle is older than \(Int(fullCycleEvery / 86_400)) days")
        }
        return Decision(initial: false, reason: "nothing requires a full cycle")
    }

    /// When the cycle after one that started at `lastStart` is due (nil start: now).
    public func nextCycle(after lastStart: Date?, interval: TimeInterval, now: Date) -> Date {
        guard let lastStart else { return now }
        return max(now, lastStart.addingTimeInterval(interval))
    }

    /// Records a cycle that started at `start` in `state`.
    public func record(_ decision: Decision, start: Date, fingerprint: String, in state: inout SchedulerState) {
        state.lastCycleAt = start
        if decision.initial {
            state.lastFullCycleAt = start
            state.configurationFingerprint = fingerprint
        }
    }
}

extension Configuration {
    /// A stable fingerprint of what decides the metaverse and the connector spaces (connectors,
    /// rules): a change calls for a full cycle. FNV-1a over their description: the same in every
    /// process, unlike Swift's seeded `hashValue`.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(connectors)|\(rules)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
