/// A recursive-descent parser over the lexer's tokens.
///
/// Precedence, lowest first: `||`; `&&`; `=` `<>` `<` `<=` `>` `>=` (not chained); `&`; `+` `-`;
/// `*` `/`; prefix `-` and `!`. Recursion is bounded by ``ExpressionLimits/maximumDepth``, so
/// no input can exhaust the stack.
struct Parser {
    private let tokens: [Token]
    private var position = 0
    private var depth = 0
    private let limits: ExpressionLimits

    private init(tokens: [Token], limits: ExpressionLimits) {
        self.tokens = tokens
        self.limits = limits
    }

    static func parse(_ source: String, limits: ExpressionLimits) throws(ExpressionError) -> ExpressionNode {
        let length = source.utf8.count
        guard length <= limits.maximumSourceLength else {
            throw ExpressionError(
                .limitExceeded,
                "expression is \(length) bytes long; the limit is \(limits.maximumSourceLength)",
                at: .start)
        }
        var lexer = Lexer(source)
        var parser = Parser(tokens: try lexer.tokenize(), limits: limits)
        let node = try parser.parseExpression()
        guard case .end = parser.current.kind else {
            throw parser.unexpected("an operator or the end of the expression")
        }
        return node
    }

    private var current: Token {
        tokens[min(position, tokens.count - 1)]
    }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func unexpected(_ expected: String) -> ExpressionError {
        ExpressionError(.syntax, "expected \(expected), found \(current.spelling)", at: current.location)
    }

    /// Counts one level of recursion, failing before the stack can grow without bound.
    private mutating func descend() throws(ExpressionError) {
        depth += 1
        if depth > limits.maximumDepth { throw tooDeep(at: current.location) }
    }

    private func tooDeep(at location: SourceLocation) -> ExpressionError {
        ExpressionError(
            .limitExceeded, "expression nests more than \(limits.maximumDepth) levels deep", at: location)
    }

    private func node(_ kind: ExpressionNode.Kind, at location: SourceLocation) throws(ExpressionError) -> ExpressionNode {
        let node = ExpressionNode(kind, at: location)
        if node.height > limits.maximumDepth { throw tooDeep(at: location) }
        return node
    }

    mutating func parseExpression() throws(ExpressionError) -> ExpressionNode {
        try parseBinary(precedence: 1)
    }

    /// Parses operators of `precedence` and tighter, left-associatively.
    private mutating func parseBinary(precedence: Int) throws(ExpressionError) -> ExpressionNode {
        if precedence > 6 { return try parseUnary() }
        var left = try parseBinary(precedence: precedence + 1)
        while let op = binaryOperator, op.precedence == precedence {
            let location = current.location
            advance()
            let right = try parseBinary(precedence: precedence + 1)
            left = try node(.binary(op, left, right), at: location)
            if op.isComparison, let next = binaryOperator, next.isComparison {
                throw ExpressionError(
                    .syntax, "comparisons cannot be chained; combine them with && or ||", at: current.location)
            }
        }
        return left
    }

    private var binaryOperator: BinaryOperator? {
        guard case .symbol(let symbol) = current.kind else { return nil }
        return switch symbol {
        case .or: .or
        case .and: .and
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .ampersand: .concatenate
        case .plus: .add
        case .minus: .subtract
        case .times: .multiply
        case .divide: .divide
        case .leftParenthesis, .rightParenthesis, .comma, .not: nil
        }
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExpressionNode {
        let location = current.location
        switch current.kind {
        case .symbol(.minus):
            advance()
            // `-5` is a negative literal, which also lets -9223372036854775808 be written.
            if case .integer(let magnitude) = current.kind {
                advance()
                guard magnitude <= UInt64(Int64.max) + 1 else { throw integerTooLarge(at: location) }
                return try node(.integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude)), at: location)
            }
            try descend()
            defer { depth -= 1 }
            return try node(.unary(.negate, try parseUnary()), at: location)
        case .symbol(.not):
            advance()
            try descend()
            defer { depth -= 1 }
            return try node(.unary(.not, try parseUnary()), at: location)
        default:
            return try parsePrimary()
        }
    }

    private func integerTooLarge(at location: SourceLocation) -> ExpressionError {
        ExpressionError(.syntax, "integer literal is too large (numbers are 64-bit)", at: location)
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .integer(let magnitude):
            advance()
            guard let value = Int64(exactly: magnitude) else { throw integerTooLarge(at: token.location) }
            return try node(.integer(value), at: token.location)
        case .text(let text):
            advance()
            return try node(.text(text), at: token.location)
        case .attribute(let name):
            advance()
            return try node(.attribute(name), at: token.location)
        case .identifier(let name):
            advance()
            return try parseName(name, at: token.location)
        case .symbol(.leftParenthesis):
            advance()
            try descend()
            defer { depth -= 1 }
            let inner = try parseExpression()
            try expect(.rightParenthesis, closing: token.location)
            return inner
        default:
            throw unexpected("a value, a name, a function call or \"(\"")
        }
    }

    /// A keyword constant, a call, or a bare name.
    private mutating func parseName(_ name: String, at location: SourceLocation) throws(ExpressionError) -> ExpressionNode {
        let isCall = current.kind == .symbol(.leftParenthesis)
        if let constant = Self.keywords[name.lowercased()] {
            if isCall {
                let canBeCalled = constant == .authoritativeNull || constant == .null
                let next = tokens[min(position + 1, tokens.count - 1)]
                guard canBeCalled, next.kind == .symbol(.rightParenthesis) else {
                    throw ExpressionError(
                        .syntax, "\(name) is a constant, not a function; write it without parentheses", at: location)
                }
                advance()
                advance()
            }
            return try node(constant, at: location)
        }
        guard isCall else { return try node(.identifier(name), at: location) }
        let open = current.location
        advance()
        try descend()
        defer { depth -= 1 }
        var arguments: [ExpressionNode] = []
        if current.kind != .symbol(.rightParenthesis) {
            while true {
                arguments.append(try parseExpression())
                guard current.kind == .symbol(.comma) else { break }
                advance()
            }
        }
        try expect(.rightParenthesis, closing: open)
        return try node(.call(name, arguments), at: location)
    }

    private mutating func expect(_ symbol: Token.Symbol, closing open: SourceLocation) throws(ExpressionError) {
        guard current.kind == .symbol(symbol) else {
            throw ExpressionError(
                .syntax,
                "expected \"\(symbol.rawValue)\" to close the \"(\" at \(open), found \(current.spelling)",
                at: current.location)
        }
        advance()
    }

    /// Reserved words, matched case-insensitively.
    static let keywords: [String: ExpressionNode.Kind] = [
        "true": .boolean(true), "false": .boolean(false), "null": .null, "authoritativenull": .authoritativeNull,
    ]
}

extension ExpressionNode {
    /// Parses `source` into a syntax tree without resolving names or checking types.
    ///
    /// It never traps: any text, however malformed, long or deeply nested, either parses or
    /// throws an ``ExpressionError`` with the position of the first mistake.
    public init(parsing source: String, limits: ExpressionLimits = .default) throws(ExpressionError) {
        self = try Parser.parse(source, limits: limits)
    }
}
