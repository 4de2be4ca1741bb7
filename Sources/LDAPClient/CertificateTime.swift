import LDAPProtocol

/// A certificate's UTCTime or GeneralizedTime (always UTC in certificates, RFC 5280 4.1.2.5).
struct CertificateTime: Sendable, Hashable {
    /// Seconds since 1970-01-01 00:00:00 UTC.
    var secondsSinceEpoch: Int64
    /// `2026-12-05 03:02:50 UTC`.
    var text: String

    /// Reads the next UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`).
    init(_ decoder: inout BERDecoder) throws(BERError) {
        let start = decoder.offset
        let (tag, contents) = try decoder.readElement()
        let digits = contents.prefix { $0 >= 0x30 && $0 <= 0x39 }.map { Int64($0 - 0x30) }
        func number(_ from: Int, _ count: Int) -> Int64 {
            digits[from..<from + count].reduce(0) { $0 * 10 + $1 }
        }
        var year: Int64
        var rest: Int
        switch (tag.rawValue, digits.count) {
        case (0x17, 12...):
            year = number(0, 2)
            year += year >= 50 ? 1900 : 2000
            rest = 2
        case (0x18, 14...):
            year = number(0, 4)
            rest = 4
        default:
            throw BERError(.invalidValue, expected: "a UTCTime or GeneralizedTime with seconds", at: start)
        }
        let (month, day) = (number(rest, 2), number(rest + 2, 2))
        let (hour, minute, second) = (number(rest + 4, 2), number(rest + 6, 2), number(rest + 8, 2))
        secondsSinceEpoch =
            Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400
            + hour * 3600 + minute * 60 + second
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        text = "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second)) UTC"
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
