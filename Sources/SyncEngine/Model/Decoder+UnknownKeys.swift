/// A coding key of any name: what a keyed container read this way lists is every member the
/// JSON object holds.
public struct AnyCodingKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension Decoder {
    /// Fails unless the value is an object whose members are all among `known`: a request that
    /// names an option the admin API does not have (a misspelt `acceptDelete`) is refused rather
    /// than silently done without it.
    public func rejectUnknownKeys(_ known: Set<String>) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        for key in container.allKeys where !known.contains(key.stringValue) {
            let names = known.isEmpty ? "none" : known.sorted().joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "unknown member \"\(key.stringValue.prefix(100))\" (known: \(names))")
        }
    }
}
