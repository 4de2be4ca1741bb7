/// A secret (a bind or account password) that never prints: `description`, `debugDescription`
/// and string interpolation all show `<redacted>`, so a log line or error cannot leak it.
public struct Password: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret's UTF-8 bytes.
    public let bytes: [UInt8]

    /// Wraps a password given as text.
    public init(_ text: String) { bytes = Array(text.utf8) }

    /// Wraps a password given as bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Whether the password is empty (an empty simple-bind password means an anonymous bind).
    public var isEmpty: Bool { bytes.isEmpty }

    /// The password as text, for the few places that must hand it on (never for logging).
    public var unsafeText: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
