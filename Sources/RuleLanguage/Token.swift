/// One lexical unit of an expression, with where it starts.
struct Token: Equatable {
    var kind: Kind
    var location: SourceLocation

    enum Kind: Equatable {
        /// A bare name such as `uid`, `LCase` or `$item`.
        case identifier(String)
        /// The name inside `[...]`.
        case attribute(String)
        /// A string literal, unescaped.
        case text(String)
        /// The digits of an integer literal (a leading `-` is an operator to the lexer).
        case integer(UInt64)
        case symbol(Symbol)
        case end
    }

    enum Symbol: String, Equatable {
        case leftParenthesis = "("
        case rightParenthesis = ")"
        case comma = ","
        case ampersand = "&"
        case and = "&&"
        case or = "||"
        case not = "!"
        case equal = "="
        case notEqual = "<>"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case plus = "+"
        case minus = "-"
        case times = "*"
        case divide = "/"
    }

    /// How the token reads in a message: `"("`, `name "uid"`, `the end of the expression`.
    var spelling: String {
        switch kind {
        case .identifier(let name): "\"\(name)\""
        case .attribute(let name): "\"[\(name)]\""
        case .text: "a string"
        case .integer(let digits): "\"\(digits)\""
        case .symbol(let symbol): "\"\(symbol.rawValue)\""
        case .end: "the end of the expression"
        }
    }
}
