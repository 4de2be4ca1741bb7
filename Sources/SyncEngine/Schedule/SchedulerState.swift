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
        do {
            return try JSONDecoder.withDates.decode(SchedulerState.self, from: data)
        } catch {
            throw SchedulerStateError(message: "\(path) cannot be read (\(error)); delete it to start the scheduler's state afresh")
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
    public var message: String
    public var description: String { message }
}

extension JSONDecoder {
    static var withDates: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
