/// A UTC instant with 100-nanosecond precision, read from the two forms directories use.
struct Timestamp: Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int64
    /// 100-nanosecond ticks within the second, 0 ..< 10,000,000.
    var ticks: Int64

    static let ticksPerSecond: Int64 = 10_000_000
    /// Seconds from 1601-01-01 (AD's epoch) to 1970-01-01.
    static let fileTimeEpochOffset: Int64 = 11_644_473_600

    /// An AD file time: 100-nanosecond intervals since 1601-01-01 UTC (`pwdLastSet`,
    /// `accountExpires`, `lastLogonTimestamp`). `nil` for 0 and 9223372036854775807, which AD
    /// uses for "never"; negative values are invalid.
    static func fileTime(_ value: Int64) throws(EvaluationFailure) -> Timestamp? {
        if value == 0 || value == .max { return nil }
        guard value > 0 else { throw EvaluationFailure("is not a valid file time", .number(value)) }
        return Timestamp(
            seconds: value / ticksPerSecond - fileTimeEpochOffset, ticks: value % ticksPerSecond)
    }

    /// LDAP generalized time (RFC 4517 §3.3.13): `YYYYMMDDHH[MM[SS]][(.|,)fraction](Z|±HH[MM])`,
    /// such as `20240131120000Z` or `20240131120000.5+0100`. The fraction applies to the last
    /// unit given; an offset is converted to UTC.
    static func generalizedTime(_ text: String) -> Timestamp? {
        var reader = DigitReader(Array(text.utf8))
        guard let year = reader.number(digits: 4), let month = reader.number(digits: 2),
            let day = reader.number(digits: 2), let hour = reader.number(digits: 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour <= 23
        else { return nil }
        var seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600
        var unit: Int64 = 3_600
        if let minute = reader.number(digits: 2) {
            guard minute <= 59 else { return nil }
            seconds += minute * 60
            unit = 60
            if let second = reader.number(digits: 2) {
                guard second <= 60 else { return nil }
                seconds += second
                unit = 1
            }
        }
        var ticks: Int64 = 0
        if reader.skip(".") || reader.skip(",") {
            guard let (numerator, digits) = reader.fraction() else { return nil }
            var denominator: Int64 = 1
            for _ in 0..<digits { denominator *= 10 }
            let fractionTicks = numerator * unit * ticksPerSecond / denominator
            seconds += fractionTicks / ticksPerSecond
            ticks = fractionTicks % ticksPerSecond
        }
        if reader.skip("Z") {
            return reader.isAtEnd ? Timestamp(seconds: seconds, ticks: ticks) : nil
        }
        let sign: Int64 = reader.skip("+") ? 1 : reader.skip("-") ? -1 : 0
        guard sign != 0, let offsetHours = reader.number(digits: 2), offsetHours <= 23 else { return nil }
        let offsetMinutes = reader.number(digits: 2) ?? 0
        guard offsetMinutes <= 59, reader.isAtEnd else { return nil }
        return Timestamp(seconds: seconds - sign * (offsetHours * 3_600 + offsetMinutes * 60), ticks: ticks)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count from 1970-01-01.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads fixed-width decimal fields from ASCII bytes.
private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    /// Exactly `digits` decimal digits, or `nil` (and nothing consumed).
    mutating func number(digits: Int) -> Int64? {
        guard index + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + digits] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        index += digits
        return value
    }

    /// One or more digits, keeping the first seven as `numerator` over 10^`digits`.
    mutating func fraction() -> (numerator: Int64, digits: Int)? {
        var numerator: Int64 = 0
        var digits = 0
        var seen = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            if digits < 7 {
                numerator = numerator * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
            }
            seen += 1
            index += 1
        }
        return seen > 0 ? (numerator, digits) : nil
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }
}
