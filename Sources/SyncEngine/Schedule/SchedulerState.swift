import Foundation

/// What the scheduler keeps between service starts (`state/scheduler.json`): the admin's
/// overrides (`ldapsync scheduler set/enable/disable`, which win over `schedule:` in the
/// configuration and take effect at the service's next wake-up, no restart) and what the last
/// cycles were, for choosing delta or full.
public struct SchedulerState: Codable, Sendable, Hashable {
    /// Override of `schedule.enabled`.
    public var enabled: Bool?
    /// Override of `schedule.interval`, in seconds.
    public var intervalSeconds: Int64?
    /// When the last cycle started, and the last full (initial) one.
    public var lastCycleAt: Date?
    public var lastFullCycleAt: Date?
    /// The configuration fingerprint the last full cycle ran with.
    public var configurationFingerprint: String?

    public init() {}

    /// The state in `stateDirectory`, or an empty one when there is none yet.
    public static func load(stateDirectory: String) throws -> SchedulerState {
        let path = file(stateDirectory)
        guard let data = FileManager.default.contents(atPath: path) else { return SchedulerState() }
        let state: SchedulerState
        do {
            state = try JSONDecoder.withDates.decode(SchedulerState.self, from: data)
        } catch {
            throw SchedulerStateError(path: path, reason: Self.reason(error))
        }
        if let seconds = state.intervalSeconds, !(1...DurationText.maximumSeconds).contains(seconds) {
            throw SchedulerStateError(path: path, reason: "intervalSeconds: \(seconds) is not from 1 to \(DurationText.maximumSeconds)")
        }
        return state
    }

    /// The state, or — when the file cannot be read — the defaults and the event that says so
    /// (the damaged file is moved aside): a damaged state file never stops the service.
    public static func loadOrRecover(stateDirectory: String, now: Date = Date()) -> (state: SchedulerState, damage: EventRecord?) {
        do {
            return (try load(stateDirectory: stateDirectory), nil)
        } catch {
            let path = file(stateDirectory)
            let aside = path + ".damaged-\(Int(now.timeIntervalSince1970))"
            let kept = (try? FileManager.default.moveItem(atPath: path, toPath: aside)) != nil ? aside : nil
            let reason = (error as? SchedulerStateError)?.reason ?? "\(error)"
            return (SchedulerState(), EventCatalog.schedulerStateDamaged(path: path, reason: reason, keptAs: kept))
        }
    }

    /// Writes the state atomically.
    public func save(stateDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.file(stateDirectory)), options: .atomic)
    }

    static func file(_ stateDirectory: String) -> String { (stateDirectory as NSString).appendingPathComponent("scheduler.json") }
}

/// The scheduler's state file is damaged.
public struct SchedulerStateError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path) cannot be read (\(reason)); delete it to start the scheduler's state afresh" }
}

extension SchedulerState {
    /// A decoding error in words (not Foundation's debug dump).
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): "not valid JSON: \(context.debugDescription)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}

extension JSONDecoder {
    static var withDates: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
