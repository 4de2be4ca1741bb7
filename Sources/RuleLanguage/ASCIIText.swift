/// Byte-level versions of text operations for ASCII text, where they give the same result as
/// the character-level ones and are many times faster. Carriage returns are excluded: `\r\n`
/// is one character, so a byte-level search for `\n` would split it.
enum ASCIIText {
    /// Whether `text` is ASCII without carriage returns.
    static func isSimple(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    /// Every occurrence of `old` (not empty) replaced by `new`, left to right.
    static func replace(
        _ text: String, _ old: String, _ new: String, limits: ExpressionLimits
    ) throws(EvaluationFailure) -> String {
        let source = Array(text.utf8)
        let pattern = Array(old.utf8)
        let matches = occurrences(of: pattern, in: source)
        guard !matches.isEmpty else { return text }
        try Lifting.ensure(length: source.count + matches.count * (new.utf8.count - pattern.count), fits: limits)
        var output: [UInt8] = []
        output.reserveCapacity(source.count + matches.count * new.utf8.count)
        var copied = 0
        for start in matches {
            output.append(contentsOf: source[copied..<start])
            output.append(contentsOf: new.utf8)
            copied = start + pattern.count
        }
        output.append(contentsOf: source[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// Where non-overlapping occurrences of `pattern` start, left to right.
    private static func occurrences(of pattern: [UInt8], in source: [UInt8]) -> [Int] {
        var starts: [Int] = []
        var index = 0
        while index + pattern.count <= source.count {
            if source[index] == pattern[0], source[index..<index + pattern.count].elementsEqual(pattern) {
                starts.append(index)
                index += pattern.count
            } else {
                index += 1
            }
        }
        return starts
    }

    /// The `number`th (1-based) word of `text`, words being separated by runs of any of the
    /// `delimiters` bytes; `nil` when there are fewer words.
    static func word(_ number: Int, of text: String, delimiters: String) -> String? {
        let separators = Array(delimiters.utf8)
        var found = 0
        var start: String.Index?
        var index = text.utf8.startIndex
        while index < text.utf8.endIndex {
            let isSeparator = separators.contains(text.utf8[index])
            if isSeparator, let wordStart = start {
                found += 1
                if found == number { return String(text[wordStart..<index]) }
                start = nil
            } else if !isSeparator && start == nil {
                start = index
            }
            index = text.utf8.index(after: index)
        }
        if let wordStart = start, found + 1 == number { return String(text[wordStart...]) }
        return nil
    }
}
