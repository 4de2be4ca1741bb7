/// Structured values read front to back from a fuzzer's bytes. Past the end every read gives
/// zero or nothing, so every input maps to some value and small mutations stay small.
struct FuzzInput {
    private var remaining: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        remaining = bytes[...]
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { remaining.isEmpty }

    /// The next byte, or 0 at the end.
    mutating func byte() -> UInt8 {
        remaining.popFirst() ?? 0
    }

    /// A number in `0..<count` (`count` at most 256).
    mutating func choice(_ count: Int) -> Int {
        Int(byte()) % max(count, 1)
    }

    /// One bit's worth of decision.
    mutating func flag() -> Bool {
        byte() & 1 == 1
    }

    /// Up to `limit` bytes, the count given by the next byte.
    mutating func bytes(upTo limit: Int) -> [UInt8] {
        let count = min(Int(byte()), limit, remaining.count)
        defer { remaining = remaining.dropFirst(count) }
        return Array(remaining.prefix(count))
    }

    /// Up to `limit` bytes as text (invalid UTF-8 becomes U+FFFD).
    mutating func text(upTo limit: Int) -> String {
        String(decoding: bytes(upTo: limit), as: UTF8.self)
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        defer { remaining = [] }
        return Array(remaining)
    }
}
