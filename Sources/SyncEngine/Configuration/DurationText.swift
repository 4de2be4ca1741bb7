import Foundation

/// Durations as admins type them in the configuration and on the command line: a positive whole
/// number followed by a unit, optionally several from largest to smallest: `250ms`, `5s`, `30m`,
/// `1h`, `1h30m` (or `1h 30m`), `7d`. A bare number is refused, because `30` could mean seconds or minutes.
public enum DurationText {
    /// The units, largest first, with their length in milliseconds.
    static let units: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// Parses `text` such as `1h30m`; throws for anything else, including zero and negative values.
    public static func parse(_ text: String) throws(DurationTextError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func fail(_ problem: String) -> DurationTextError {
            DurationTextError(text: text, message: "\"\(text)\" \(problem)")
        }
        let example = "for example 250ms, 30s, 30m, 1h30m or 7d"
        guard !trimmed.isEmpty else { throw fail("is not a duration; write \(example)") }
        if trimmed.hasPrefix("-") { throw fail("is negative; a duration must be positive") }
        if trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            throw fail("has no unit; add one: \(trimmed)s, \(trimmed)m, \(trimmed)h or \(trimmed)d")
        }
        if trimmed.contains(".") { throw fail("has a fraction; use whole numbers of smaller units (1h30m, not 1.5h)") }
        var rest = Substring(trimmed)
        var total: Int64 = 0
        var previousUnit = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { throw fail("is not a duration; write \(example)") }
            rest = rest.dropFirst(digits.count).drop { $0 == " " }
            let unitName = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unitName.count).drop { $0 == " " }
            guard !unitName.isEmpty else { throw fail("has a number without a unit; write \(example)") }
            guard let unit = units.firstIndex(where: { $0.name == unitName.lowercased() }) else {
                throw fail("has an unknown unit \"\(unitName)\"; the units are ms, s, m, h and d")
            }
            guard unit > previousUnit else {
                throw fail("must list each unit once, largest first (1h30m)")
            }
            previousUnit = unit
            guard let count = Int64(digits) else { throw fail("is too long") }
            let (product, overflow1) = count.multipliedReportingOverflow(by: units[unit].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2, sum <= maximumMilliseconds else { throw fail("is too long") }
            total = sum
        }
        guard total > 0 else { throw fail("is zero; a duration must be positive") }
        return .milliseconds(total)
    }

    /// A bound far beyond any sensible setting (about 100 years) that keeps the arithmetic safe.
    static let maximumMilliseconds: Int64 = 100 * 365 * 86_400_000
    /// The same bound in whole seconds, for durations given as numbers (the scheduler's interval).
    public static let maximumSeconds: Int64 = maximumMilliseconds / 1_000

    /// The shortest text that ``parse(_:)`` reads back as `duration` (to the millisecond), such
    /// as `1h30m` or `7d`; zero and negative durations give `0s`, and one too long for 64-bit
    /// milliseconds reads as the longest that fits.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        var remaining =
            overflow ? (seconds > 0 ? Int64.max : 0) : milliseconds.addingReportingOverflow(attoseconds / 1_000_000_000_000_000).partialValue
        guard remaining > 0 else { return "0s" }
        var text = ""
        for unit in units where remaining >= unit.milliseconds {
            text += "\(remaining / unit.milliseconds)\(unit.name)"
            remaining %= unit.milliseconds
        }
        return text
    }
}

/// Why a text is not a duration; ``message`` quotes the text and shows how to write it.
public struct DurationTextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that was read.
    public var text: String
    /// What is wrong, such as `"30" has no unit; add one: 30s, 30m, 30h or 30d`.
    public var message: String

    /// The ``message``.
    public var description: String { message }
}
