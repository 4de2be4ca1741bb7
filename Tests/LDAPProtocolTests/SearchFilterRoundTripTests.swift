import LDAPProtocol
import Testing

/// Property tests: printing then parsing gives back the filter, and no input crashes the parser.
@Suite struct SearchFilterRoundTripTests {
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func parsingThePrintedFormGivesBackTheFilter(seed: UInt64) throws {
        var maker = RandomFilterMaker(random: SeededGenerator(seed: seed))
        for _ in 0..<1000 {
            let filter = try maker.filter()
            let printed = filter.description
            let parsed = try SearchFilter(printed)
            #expect(parsed == filter, "seed \(seed): \(printed)")
            #expect(parsed.description == printed)
        }
    }

    @Test func randomTextNeverCrashesAndErrorsPointInsideTheInput() {
        var random = SeededGenerator(seed: 4515)
        let alphabet = Array("()&|!=~<>:*\\ab0129.;-cn dnx\u{e9}\u{0}")
        var parsed = 0
        for _ in 0..<20_000 {
            let text = String((0..<Int.random(in: 0...24, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? "(" })
            do {
                let filter = try SearchFilter(text)
                parsed += 1
                #expect(try SearchFilter(filter.description) == filter, "\(text)")
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "\(text): \(error)")
            }
        }
        #expect(parsed > 0)
    }

    @Test func mutatedFiltersNeverCrash() throws {
        var random = SeededGenerator(seed: 2254)
        var maker = RandomFilterMaker(random: SeededGenerator(seed: 99))
        for _ in 0..<3000 {
            var scalars = Array(try maker.filter().description.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !scalars.isEmpty {
                let position = Int.random(in: 0..<scalars.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: scalars.remove(at: position)
                case 1: scalars.insert(["(", ")", "\\", "*", "=", ":"].randomElement(using: &random) ?? "(", at: position)
                default: scalars.swapAt(position, Int.random(in: 0..<scalars.count, using: &random))
                }
            }
            _ = try? SearchFilter(String(String.UnicodeScalarView(scalars)))
        }
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "(!", count: 100_000) + "(cn=a)" + String(repeating: ")", count: 100_000)
        #expect {
            try SearchFilter(deep)
        } throws: { error in
            (error as? SearchFilterError)?.code == .tooDeep
        }
        let allowed =
            String(repeating: "(!", count: SearchFilter.maximumDepth - 1) + "(cn=a)" + String(repeating: ")", count: SearchFilter.maximumDepth - 1)
        #expect(throws: Never.self) { try SearchFilter(allowed) }
    }
}
