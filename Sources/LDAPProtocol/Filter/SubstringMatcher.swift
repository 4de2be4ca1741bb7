/// A substrings assertion prepared once: pieces in the attribute's text form.
struct SubstringMatcher: Sendable {
    /// How values and pieces are prepared; `nil` compares bytes as they are.
    let form: TextForm?
    let initial: [UInt8]
    let any: [[UInt8]]
    let final: [UInt8]

    init(_ assertion: SubstringAssertion, form: TextForm?) {
        self.form = form
        func prepare(_ piece: [UInt8]?, leading: Bool, trailing: Bool) -> [UInt8] {
            guard let piece else { return [] }
            return form?.normalize(piece, trimLeading: leading, trimTrailing: trailing) ?? piece
        }
        initial = prepare(assertion.initial, leading: true, trailing: false)
        any = assertion.any.map { prepare($0, leading: false, trailing: false) }.filter { !$0.isEmpty }
        final = prepare(assertion.final, leading: false, trailing: true)
    }

    /// Whether one value holds the pieces in order.
    func matches(_ value: [UInt8]) -> Bool {
        let prepared = form?.normalize(value) ?? value
        guard prepared.count >= initial.count + final.count, prepared.starts(with: initial) else { return false }
        var position = initial.count
        let end = prepared.count - final.count
        for piece in any {
            guard let found = Self.find(piece, in: prepared, from: position, before: end) else { return false }
            position = found + piece.count
        }
        return prepared[end...].elementsEqual(final)
    }

    /// The first position at or after `start` where `piece` lies wholly before `end`.
    private static func find(_ piece: [UInt8], in value: [UInt8], from start: Int, before end: Int) -> Int? {
        guard end - start >= piece.count else { return nil }
        for candidate in start...(end - piece.count) where value[candidate..<candidate + piece.count].elementsEqual(piece) {
            return candidate
        }
        return nil
    }
}
