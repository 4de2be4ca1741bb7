/// A `FormatDateTime` output pattern such as `yyyy-MM-dd'T'HH:mm:ss'Z'`, parsed once.
///
/// Letters: `yyyy` `yy` year, `MM` `M` month, `dd` `d` day, `HH` `H` hour (00–23), `mm` `m`
/// minute, `ss` `s` second, `f` to `fffffff` fractions of a second. `T` and `Z` and every
/// character that is not a letter are copied; other letters are errors, so a typo such as `hh`
/// or `YYYY` is caught rather than printed. Text in single quotes is copied (`''` is a quote),
/// as is the character after a backslash.
struct DateTimePattern: Sendable {
    enum Part: Sendable, Equatable {
        case literal(String)
        case year(width: Int)
        case month(width: Int)
        case day(width: Int)
        case hour(width: Int)
        case minute(width: Int)
        case second(width: Int)
        case fraction(digits: Int)
    }

    let parts: [Part]

    /// Parses a pattern; the error names the offending part.
    init(_ pattern: String) throws(EvaluationFailure) {
        let characters = Array(pattern)
        var parts: [Part] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "'" {
                var literal = ""
                index += 1
                while true {
                    guard index < characters.count else {
                        throw EvaluationFailure("has a quote (') with no closing quote", .text(pattern))
                    }
                    if characters[index] == "'" {
                        if index + 1 < characters.count, characters[index + 1] == "'" {
                            literal.append("'")
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    literal.append(characters[index])
                    index += 1
                }
                parts.append(.literal(literal.isEmpty ? "'" : literal))
                continue
            }
            if character == "\\", index + 1 < characters.count {
                parts.append(.literal(String(characters[index + 1])))
                index += 2
                continue
            }
            var run = 1
            while index + run < characters.count, characters[index + run] == character { run += 1 }
            if let part = try Self.part(character, run, pattern) {
                parts.append(part)
                index += run
            } else {
                parts.append(.literal(String(character)))
                index += 1
            }
        }
        self.parts = parts
    }

    /// The part a run of a pattern letter stands for, `nil` for a literal character.
    private static func part(_ letter: Character, _ run: Int, _ pattern: String) throws(EvaluationFailure) -> Part? {
        let part: Part? =
            switch (letter, run) {
            case ("y", 4): .year(width: 4)
            case ("y", 2): .year(width: 2)
            case ("M", 1...2): .month(width: run)
            case ("d", 1...2): .day(width: run)
            case ("H", 1...2): .hour(width: run)
            case ("m", 1...2): .minute(width: run)
            case ("s", 1...2): .second(width: run)
            case ("f", 1...7): .fraction(digits: run)
            default: nil
            }
        if let part { return part }
        guard letter.isASCII, letter.isLetter, letter != "T", letter != "Z" else { return nil }
        let written = String(repeating: letter, count: run)
        throw EvaluationFailure(
            "uses \"\(written)\", which is not a pattern; use yyyy yy MM M dd d HH H mm m ss s f…fffffff, "
                + "and quote other letters ('at')", .text(pattern))
    }

    func format(_ timestamp: Timestamp) -> String {
        let days = timestamp.seconds >= 0 ? timestamp.seconds / 86_400 : (timestamp.seconds - 86_399) / 86_400
        let secondOfDay = timestamp.seconds - days * 86_400
        let (year, month, day) = Timestamp.civil(fromDays: days)
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text): output += text
            case .year(let width): output += Self.padded(width == 2 ? ((year % 100) + 100) % 100 : year, width)
            case .month(let width): output += Self.padded(month, width)
            case .day(let width): output += Self.padded(day, width)
            case .hour(let width): output += Self.padded(secondOfDay / 3_600, width)
            case .minute(let width): output += Self.padded(secondOfDay / 60 % 60, width)
            case .second(let width): output += Self.padded(secondOfDay % 60, width)
            case .fraction(let digits):
                var divisor: Int64 = 1
                for _ in digits..<7 { divisor *= 10 }
                output += Self.padded(timestamp.ticks / divisor, digits)
            }
        }
        return output
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
