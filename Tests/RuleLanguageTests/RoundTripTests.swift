import RuleLanguage
import Testing

/// A small deterministic generator (SplitMix64), so a failure reproduces from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random syntax trees of the shapes the parser produces.
struct TreeGenerator {
    var random: SeededGenerator

    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
    private static let functions = ["LCase", "IIF", "Coalesce", "Where", "Left", "f", "Join", "DNComponent"]
    private static let textPieces = ["a", "\"", "\\", "\n", "\r", "\t", " ", "é", "😀", "\u{0}", "''", "\"\"", "x"]

    mutating func tree(depth: Int) -> ExpressionNode {
        let leafOnly = depth <= 1
        switch Int.random(in: 0..<(leafOnly ? 7 : 10), using: &random) {
        case 0: return ExpressionNode(.text(text()))
        case 1:
            let special: [Int64] = [0, -1, .min, .max, 42]
            let value =
                Bool.random(using: &random)
                ? special.randomElement(using: &random) ?? 0 : Int64.random(in: -1_000...1_000, using: &random)
            return ExpressionNode(.integer(value))
        case 2: return ExpressionNode(.boolean(Bool.random(using: &random)))
        case 3: return ExpressionNode(Bool.random(using: &random) ? .null : .authoritativeNull)
        case 4, 5: return ExpressionNode(.identifier(name()))
        case 6: return ExpressionNode(.attribute(attributeName()))
        case 7:
            let arguments = (0..<Int.random(in: 0...3, using: &random)).map { _ in tree(depth: depth - 1) }
            return ExpressionNode(.call(Self.functions.randomElement(using: &random) ?? "f", arguments))
        case 8:
            let op = UnaryOperator.allCases.randomElement(using: &random) ?? .not
            return ExpressionNode(.unary(op, tree(depth: depth - 1)))
        default:
            let op = BinaryOperator.allCases.randomElement(using: &random) ?? .add
            return ExpressionNode(.binary(op, tree(depth: depth - 1), tree(depth: depth - 1)))
        }
    }

    private mutating func text() -> String {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in Self.textPieces.randomElement(using: &random) ?? "" }.joined()
    }

    private mutating func name() -> String {
        while true {
            let prefix = Int.random(in: 0..<8, using: &random) == 0 ? "$" : ""
            let length = Int.random(in: 1...6, using: &random)
            var name = prefix + String(Self.letters.randomElement(using: &random) ?? "a")
            for _ in 1..<length {
                name.append((Self.letters + Array("0123456789")).randomElement(using: &random) ?? "a")
            }
            if !["true", "false", "null", "authoritativenull"].contains(name.lowercased()) { return name }
        }
    }

    private mutating func attributeName() -> String {
        let characters = Array("abcXYZ019-;._")
        return String((0..<Int.random(in: 1...8, using: &random)).map { _ in characters.randomElement(using: &random) ?? "a" })
    }
}

@Suite struct RoundTripTests {
    @Test func printedTreesParseBackToTheSameTree() throws {
        var generator = TreeGenerator(random: SeededGenerator(seed: 20_261_206))
        for _ in 0..<2_000 {
            let tree = generator.tree(depth: Int.random(in: 1...7, using: &generator.random))
            let printed = tree.description
            let reparsed = try ExpressionNode(parsing: printed)
            #expect(reparsed == tree, "\(printed)")
            #expect(reparsed.description == printed)
        }
    }

    @Test func parsedSourcePrintsAndReparsesTheSame() throws {
        let sources = [
            #"IIF(IsPresent(mail), LCase(mail), uid & "@contoso.com")"#,
            #"Coalesce(displayName, givenName & " " & sn)"#,
            #""uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN"#,
            #"IIF(BitAnd(userAccountControl, 2) = 2, "TRUE", "FALSE")"#,
            "Where($p, proxyAddresses, !(Left($p, 5) = \"smtp:\") && -(-1) < 2 * -3)",
            "((a)) - (b - c) - -(-5) / (1 + 2)",
        ]
        for source in sources {
            let tree = try ExpressionNode(parsing: source)
            #expect(try ExpressionNode(parsing: tree.description) == tree, "\(source)")
        }
    }

    /// Whatever the bytes, parsing returns or throws; it never traps, and what parses
    /// round-trips, compiles or fails to compile, and evaluates or fails to evaluate.
    @Test func arbitraryInputNeverCrashes() {
        var random = SeededGenerator(seed: 4_514)
        let alphabet = Array("()[],&|!=<>+-*/\"\\$ \n\tabcxyzLCaseIIFWhere019é;._#'".utf8)
        let tokens = [
            "a", "mail", "$x", "(", ")", "(", ")", ",", "&", "&&", "||", "!", "=", "<>", "<", "+", "-", "*", "/", "1",
            "-2", "\"x\"", "LCase(", "IIF(", "Where(", "Coalesce(", "[m-x]", "True", "Null", "AuthoritativeNull",
        ]
        let operands = [
            "a", "mail", "$x", "1", "-2", "\"x\"", "[m-x]", "True", "Null", "AuthoritativeNull", "LCase(mail)",
            "IIF(a = 1, b, c)", "(a & b)", "!IsPresent(a)", "Where($x, mail, $x = \"a@b\")", "Split(\"a,b\", \",\")",
        ]
        let operators = ["&", "&&", "||", "=", "<>", "<", "+", "-", "*", "/"]
        let compiler = testCompiler(limits: ExpressionLimits(maximumValues: 1_000, maximumValueLength: 4_096))
        let input = person(["mail": ["a@b", "c@d"]])
        var parsed = 0
        for round in 0..<3_000 {
            let length = Int.random(in: 0...60, using: &random)
            let source: String
            switch round % 3 {
            case 0:
                source = String(decoding: (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }, as: UTF8.self)
            case 1:
                source = String(decoding: (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }, as: UTF8.self)
            default:
                // Mostly alternating operands and operators, so that much of it parses.
                var parts: [String] = []
                for index in 0..<(length / 6 + 1) {
                    let pool = Int.random(in: 0..<10, using: &random) == 0 ? tokens : index.isMultiple(of: 2) ? operands : operators
                    parts.append(pool.randomElement(using: &random) ?? "")
                }
                if parts.count.isMultiple(of: 2) { parts.append("x") }
                source = parts.joined(separator: " ")
            }
            guard let tree = try? ExpressionNode(parsing: source) else { continue }
            parsed += 1
            #expect((try? ExpressionNode(parsing: tree.description)) == tree, "\(source)")
            if let compiled = try? compiler.compile(tree) {
                _ = try? compiled.evaluate(input)
            }
        }
        #expect(parsed > 500)
    }

    @Test func randomTreesCompileAndEvaluateWithoutTrapping() {
        var generator = TreeGenerator(random: SeededGenerator(seed: 77))
        let compiler = testCompiler(limits: ExpressionLimits(maximumValues: 1_000, maximumValueLength: 4_096))
        let input = person()
        for _ in 0..<2_000 {
            let tree = generator.tree(depth: 5)
            if let compiled = try? compiler.compile(tree) {
                _ = try? compiled.evaluate(input)
            }
        }
    }
}
