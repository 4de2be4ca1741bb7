import Foundation

/// How serious an event is.
public enum EventLevel: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case information, warning, error

    public static func < (a: EventLevel, b: EventLevel) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }
}

/// One entry of the event log: a stable id from `EventCatalog`, stored, queryable, and also
/// written to the log. Never holds a secret.
public struct EventRecord: Sendable, Hashable, Codable {
    /// Store-assigned sequence number.
    public var sequence: Int64
    /// The catalog id (6000, 116…).
    public var id: Int
    public var level: EventLevel
    public var time: Date
    /// The connector (management agent) it is about, if any.
    public var connector: String?
    /// The run it belongs to, if any.
    public var runID: Int64?
    /// The full message, first sentence as the catalog words it.
    public var message: String
    /// Structured details (`reason`, `lastAcceptedAt`, `threshold`…).
    public var details: [String: String]

    /// Creates an event.
    public init(
        sequence: Int64 = 0, id: Int, level: EventLevel, time: Date = Date(), connector: String? = nil,
        runID: Int64? = nil, message: String, details: [String: String] = [:]
    ) {
        self.sequence = sequence
        self.id = id
        self.level = level
        self.time = time
        self.connector = connector
        self.runID = runID
        self.message = message
        self.details = details
    }
}
