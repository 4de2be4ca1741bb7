/// An INTEGER value (RFC 4517 §3.3.16) of any length, for integerMatch and ordering.
struct IntegerValue: Sendable, Hashable, Comparable {
    /// Whether it is below zero (never for zero).
    let isNegative: Bool
    /// The decimal digits without leading zeros (empty for zero).
    let magnitude: [UInt8]

    /// Parses `[-+]digits` with surrounding spaces; `nil` for anything else.
    init?(_ bytes: [UInt8]) {
        var slice = bytes[...]
        while slice.first == 0x20 { slice = slice.dropFirst() }
        while slice.last == 0x20 { slice = slice.dropLast() }
        var negative = false
        if let sign = slice.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            slice = slice.dropFirst()
        }
        guard !slice.isEmpty, slice.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let digits = Array(slice.drop { $0 == UInt8(ascii: "0") })
        self.isNegative = negative && !digits.isEmpty
        self.magnitude = digits
    }

    /// The value as a 64-bit integer, when it fits (AD flags such as `userAccountControl`).
    var int64: Int64? {
        guard magnitude.count <= 19 else { return nil }
        let text = String(decoding: magnitude, as: UTF8.self)
        if isNegative { return Int64("-" + text) }
        return magnitude.isEmpty ? 0 : Int64(text)
    }

    static func < (lhs: IntegerValue, rhs: IntegerValue) -> Bool {
        if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
        let magnitudeLess =
            lhs.magnitude.count != rhs.magnitude.count
            ? lhs.magnitude.count < rhs.magnitude.count
            : lhs.magnitude.lexicographicallyPrecedes(rhs.magnitude)
        let equal = lhs.magnitude == rhs.magnitude
        return lhs.isNegative ? !magnitudeLess && !equal : magnitudeLess
    }
}
