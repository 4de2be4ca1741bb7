extension Value {
    enum Order {
        case less, equal, greater
    }

    /// How two values compare, or `nil` when they cannot be compared (which makes `=` false).
    ///
    /// Numbers compare numerically; text compares case-sensitively by Unicode scalar order,
    /// with canonically equivalent text equal. Text and a number compare numerically when the
    /// text is a whole number, otherwise as text. `preferNumbers` (one side is declared a
    /// number) compares numerically whenever both sides parse, so `"10" > "9"` for INTEGER
    /// attributes stored as text.
    static func order(_ left: Value, _ right: Value, preferNumbers: Bool) -> Order? {
        if preferNumbers, let l = left.numberIfParsable, let r = right.numberIfParsable {
            return compare(l, r)
        }
        switch (left, right) {
        case (.number(let l), .number(let r)):
            return compare(l, r)
        case (.number(let l), .text(let r)):
            return Value.parseNumber(r).map { compare(l, $0) } ?? compare(String(l), r)
        case (.text(let l), .number(let r)):
            return Value.parseNumber(l).map { compare($0, r) } ?? compare(l, String(r))
        case (.text(let l), .text(let r)):
            return compare(l, r)
        case (.boolean(let l), .boolean(let r)):
            return compare(l ? 1 : 0, r ? 1 : 0)
        case (.boolean(let l), .text(let r)):
            return Value.parseBoolean(r).map { compare(l ? 1 : 0, $0 ? 1 : 0) }
        case (.text(let l), .boolean(let r)):
            return Value.parseBoolean(l).map { compare($0 ? 1 : 0, r ? 1 : 0) }
        case (.binary(let l), _):
            return compareBytes(l, right.bytes)
        case (_, .binary(let r)):
            return compareBytes(left.bytes, r)
        default:
            return nil
        }
    }

    private var numberIfParsable: Int64? {
        switch self {
        case .number(let number): number
        case .text(let text): Value.parseNumber(text)
        default: nil
        }
    }

    private static func compare<T: Comparable>(_ left: T, _ right: T) -> Order {
        left < right ? .less : left == right ? .equal : .greater
    }

    private static func compareBytes(_ left: [UInt8], _ right: [UInt8]) -> Order {
        if left == right { return .equal }
        return left.lexicographicallyPrecedes(right) ? .less : .greater
    }
}
