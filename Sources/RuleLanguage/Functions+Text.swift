extension FunctionLibrary {
    static let textFunctions: [FunctionDefinition] = [
        .lifted("Left", [Parameter("text", .text), Parameter("count", .number)], returns: .text) {
            arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            return ValueList(.text(String(text.prefix(try count(arguments[1])))))
        },
        .lifted("Right", [Parameter("text", .text), Parameter("count", .number)], returns: .text) {
            arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            return ValueList(.text(String(text.suffix(try count(arguments[1])))))
        },
        .lifted(
            "Mid", [Parameter("text", .text), Parameter("start", .number), Parameter("count", .number)],
            required: 2, returns: .text
        ) { arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let start = try arguments[1].number()
            guard start >= 1 else { throw EvaluationFailure("is not a valid start; positions start at 1", arguments[1]) }
            let rest = text.dropFirst(Int(clamping: start - 1))
            let length = arguments.count > 2 ? try count(arguments[2]) : Int.max
            return ValueList(.text(String(rest.prefix(length))))
        },
        .lifted("Len", [Parameter("text", .text)], returns: .number) { arguments, _ throws(EvaluationFailure) in
            ValueList(.number(Int64(try arguments[0].text().count)))
        },
        .lifted("LCase", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(try arguments[0].text().lowercased()))
        },
        .lifted("UCase", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(try arguments[0].text().uppercased()))
        },
        .lifted("PCase", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(properCase(try arguments[0].text())))
        },
        .lifted("Trim", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            return ValueList(.text(String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())))
        },
        .lifted("LTrim", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(String(try arguments[0].text().drop(while: \.isWhitespace))))
        },
        .lifted("RTrim", [Parameter("text", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            let text = try arguments[0].text()
            var end = text.endIndex
            while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
            return ValueList(.text(String(text[..<end])))
        },
        .lifted(
            "ReplaceChars", [Parameter("text", .text), Parameter("characters", .text), Parameter("replacement", .text)], returns: .text
        ) { arguments, limits throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let characters = Set(try arguments[1].text())
            let replacement = try arguments[2].text()
            // Sized before it is built: a long replacement for many characters multiplies.
            var length = text.utf8.count
            for character in text where characters.contains(character) { length += replacement.utf8.count - character.utf8.count }
            try Lifting.ensure(length: length, fits: limits)
            var out = ""
            for character in text {
                if characters.contains(character) { out += replacement } else { out.append(character) }
            }
            return ValueList(.text(out))
        },
        .lifted(
            "Replace", [Parameter("text", .text), Parameter("old", .text), Parameter("new", .text)], returns: .text
        ) { arguments, limits throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let old = try arguments[1].text()
            let new = try arguments[2].text()
            guard !old.isEmpty else { return ValueList(.text(text)) }
            if ASCIIText.isSimple(text) && ASCIIText.isSimple(old) {
                return ValueList(.text(try ASCIIText.replace(text, old, new, limits: limits)))
            }
            let occurrences = text.ranges(of: old).count
            try Lifting.ensure(
                length: text.utf8.count + occurrences * (new.utf8.count - old.utf8.count), fits: limits)
            return ValueList(.text(text.replacing(old, with: new)))
        },
        pad("PadLeft", atStart: true),
        pad("PadRight", atStart: false),
    ]

    /// A character count that must not be negative.
    static func count(_ value: Value) throws(EvaluationFailure) -> Int {
        let count = try value.number()
        guard count >= 0 else { throw EvaluationFailure("is negative; a count must be 0 or more", value) }
        return Int(clamping: count)
    }

    /// The first letter of each space-separated word upper case, the others lower case.
    static func properCase(_ text: String) -> String {
        var result = ""
        var atWordStart = true
        for character in text {
            if character.isWhitespace {
                result.append(character)
                atWordStart = true
            } else {
                result += atWordStart ? character.uppercased() : character.lowercased()
                atWordStart = false
            }
        }
        return result
    }

    private static func pad(_ name: String, atStart: Bool) -> FunctionDefinition {
        .lifted(
            name, [Parameter("text", .text), Parameter("length", .number), Parameter("padCharacter", .text)],
            returns: .text
        ) { arguments, limits throws(EvaluationFailure) in
            let text = try arguments[0].text()
            let length = try count(arguments[1])
            let padding = try arguments[2].text()
            guard padding.count == 1 else {
                throw EvaluationFailure("is not a single character to pad with", arguments[2])
            }
            let missing = length - text.count
            guard missing > 0 else { return ValueList(.text(text)) }
            try Lifting.ensure(length: missing, fits: limits)
            try Lifting.ensure(length: text.utf8.count + missing * padding.utf8.count, fits: limits)
            let fill = String(repeating: padding, count: missing)
            return ValueList(.text(atStart ? fill + text : text + fill))
        }
    }
}
