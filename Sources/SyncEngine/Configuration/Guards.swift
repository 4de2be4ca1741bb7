/// The export's guard against deleting too much of a target (`deletionThreshold:`): an export
/// that would delete more than `count` objects, or more than `percent` % of the objects the
/// target holds in sync, stops before it deletes anything (`stopped-deletion-threshold-exceeded`,
/// event 116). `deletionThreshold: 500` sets the count and keeps the percentage;
/// `deletionThreshold: { count: 500, percent: 10 }` sets both.
///
/// With a `window`, an export weighs its pending deletes together with those the target's
/// exports made in the window before it (since the last export accepted with
/// `--accept-deletes`): a mass delete that reaches the target in many small exports — real-time
/// batches — is stopped as one. Real-time mode has a window of an hour unless told otherwise;
/// `window: off` weighs each export alone.
public struct DeletionThreshold: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// Deletes one export may make (0 allows none).
    public var count: Int
    /// The share of the target's synced objects one export may delete, 1...100 (100: no limit
    /// by share).
    public var percent: Int
    /// How far back an export counts earlier exports' deletes: nil for the mode's default
    /// (``defaultRealtimeWindow`` in real-time mode, none otherwise), `.zero` for none.
    public var window: Duration?

    public static let defaultCount = 500
    public static let defaultPercent = 50
    public static let defaultRealtimeWindow = Duration.seconds(3600)

    public init(count: Int = defaultCount, percent: Int = defaultPercent, window: Duration? = nil) {
        self.count = count
        self.percent = percent
        self.window = window
    }

    /// The window in force under `mode`, or nil when each export is weighed alone.
    public func window(in mode: Schedule.Mode) -> Duration? {
        let window = self.window ?? (mode == .realtime ? Self.defaultRealtimeWindow : nil)
        return window == .zero ? nil : window
    }

    /// `deletionThreshold: 500` in code and tests: a count, with the default percentage.
    public init(integerLiteral value: Int) {
        self.init(count: value)
    }

    /// Why `deletes` pending deletes out of `synced` synced objects trip the guard, or nil.
    /// `earlier`: the deletes exports made in the window before (they were in sync then). An
    /// export with no delete pending never stops, whatever went before it.
    public func exceeded(deletes: Int, synced: Int, earlier: DeletesInWindow? = nil) -> String? {
        guard deletes > 0 else { return nil }
        var before = 0
        var counted = "\(deletes) deletes are pending"
        if let earlier, earlier.deletes > 0 {
            before = earlier.deletes
            counted += " and \(before) were exported in the last \(DurationText.format(earlier.window)) (\(deletes + before) in all)"
        }
        let total = deletes + before
        if total > count { return "\(counted), more than the deletion threshold of \(count)" }
        if percent < 100, total * 100 > percent * max(synced + before, 1) {
            return "\(counted), \(Self.share(total, of: synced + before)) of the \(synced + before) objects in sync, "
                + "more than the deletion threshold of \(percent)%"
        }
        return nil
    }

    /// `37%`, or `< 1%`.
    static func share(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "100%" }
        let value = part * 100 / whole
        return value == 0 && part > 0 ? "< 1%" : "\(value)%"
    }

    /// How the threshold reads in messages: `500 deletes or 50% of the objects in sync`.
    public var description: String { "\(count) deletes or \(percent)% of the objects in sync" }
}

/// The import's guard against a source that suddenly shows much less than it held
/// (`shrinkGuard:`): the service account lost read rights, a container was renamed, a filter
/// changed — the directory answers successfully with fewer objects, and deleting the rest would
/// wipe the target. A full import that would stage deletes for more than `percent` % of the
/// objects in one container, and at least `minimum` of them, stops before staging any delete
/// (`stopped-shrink-guard`, event 117) until an admin accepts them (`--accept-deletes`).
public struct ShrinkGuard: Sendable, Hashable {
    /// Whether the guard is on (`shrinkGuard: off` turns it off).
    public var enabled: Bool
    /// The share of a container's objects one import may delete (1...100).
    public var percent: Int
    /// Deletes in one container below which the guard never trips (a three-person team leaving).
    public var minimum: Int

    public init(enabled: Bool = true, percent: Int = 50, minimum: Int = 3) {
        self.enabled = enabled
        self.percent = percent
        self.minimum = minimum
    }

    /// One container the guard found shrinking.
    public struct Shrink: Sendable, Hashable, Codable {
        public var container: String
        public var deletes: Int
        public var objects: Int

        public init(container: String, deletes: Int, objects: Int) {
            self.container = container
            self.deletes = deletes
            self.objects = objects
        }

        /// `312 of 312 objects in ou=people,dc=contoso,dc=com`.
        public var description: String { "\(deletes) of \(objects) objects in \(container)" }
    }

    /// The containers that trip the guard, given how many objects each holds and how many of
    /// them the import would delete (by container DN).
    public func tripped(deletes: [String: Int], objects: [String: Int]) -> [Shrink] {
        guard enabled else { return [] }
        return deletes.compactMap { container, count -> Shrink? in
            let total = max(objects[container] ?? count, count)
            guard count >= minimum, count * 100 > percent * total else { return nil }
            return Shrink(container: container, deletes: count, objects: total)
        }.sorted { ($0.deletes, $1.container) > ($1.deletes, $0.container) }
    }
}

extension ShrinkGuard {
    /// The containers that trip the guard when the objects `deleting` (ids) are deleted from a
    /// connector space whose objects have these normalized DNs (by id). Each object counts in
    /// the container that holds it.
    public func tripped(deleting: [Int64], dns: [Int64: String]) -> [Shrink] {
        guard enabled, deleting.count >= minimum else { return [] }
        var objects: [String: Int] = [:]
        var deletes: [String: Int] = [:]
        for dn in dns.values { objects[parentOfNormalizedDN(dn), default: 0] += 1 }
        for id in deleting {
            guard let dn = dns[id] else { continue }
            deletes[parentOfNormalizedDN(dn), default: 0] += 1
        }
        return tripped(deletes: deletes, objects: objects)
    }
}
