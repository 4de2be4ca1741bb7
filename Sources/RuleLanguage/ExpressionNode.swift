/// The syntax tree of an expression, as parsed and before names are resolved.
///
/// Two trees are equal when they have the same shape and spellings; where they were found in the
/// source (``location``) does not count, so `parse(print(tree)) == tree` holds for every tree the
/// parser produces (see ``init(parsing:limits:)`` and ``description``).
public struct ExpressionNode: Hashable, Sendable, CustomStringConvertible {
    /// What this node is.
    public var kind: Kind
    /// Where the node starts in the source: a literal, a name, a call's function name, or an
    /// operator's symbol. Ignored by `==`.
    public var location: SourceLocation
    /// How many levels deep the tree below and including this node is.
    let height: Int

    /// The node kinds. Names keep the spelling of the source; resolution is case-insensitive
    /// and happens when the expression is compiled.
    public indirect enum Kind: Hashable, Sendable {
        /// A string literal, unescaped.
        case text(String)
        /// An integer literal; negative when written with a leading `-`.
        case integer(Int64)
        /// `True` or `False`.
        case boolean(Bool)
        /// `Null`: no value.
        case null
        /// `AuthoritativeNull`: remove the attribute, and let no lower-precedence source fill it.
        case authoritativeNull
        /// A bare name such as `uid`, `baseDN` or `$item`: an attribute, a context variable, a
        /// `Where` variable or an option, depending on where it stands.
        case identifier(String)
        /// A name in brackets such as `[msDS-PrincipalName]`: always an attribute.
        case attribute(String)
        /// A function call `Name(arguments)`.
        case call(String, [ExpressionNode])
        /// `-x` or `!x`.
        case unary(UnaryOperator, ExpressionNode)
        /// `x op y`.
        case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    }

    /// Creates a node; `location` defaults to the start of the text.
    public init(_ kind: Kind, at location: SourceLocation = .start) {
        self.kind = kind
        self.location = location
        self.height = 1 + (kind.children.map(\.height).max() ?? 0)
    }

    /// Equal when the kinds (and so the whole subtrees) are equal; locations are ignored.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind
    }

    /// Hashes the kind.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
    }
}

extension ExpressionNode.Kind {
    /// The direct subtrees.
    var children: [ExpressionNode] {
        switch self {
        case .text, .integer, .boolean, .null, .authoritativeNull, .identifier, .attribute: []
        case .call(_, let arguments): arguments
        case .unary(_, let operand): [operand]
        case .binary(_, let left, let right): [left, right]
        }
    }
}

/// A prefix operator.
public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    /// Arithmetic negation, `-x`.
    case negate = "-"
    /// Logical not, `!x`.
    case not = "!"
}

/// An infix operator. All are left-associative except the comparisons, which do not chain.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    /// Logical or of two conditions, `||`.
    case or = "||"
    /// Logical and of two conditions, `&&`.
    case and = "&&"
    /// `=`: some value on the left equals some value on the right.
    case equal = "="
    /// `<>`: no value on the left equals a value on the right.
    case notEqual = "<>"
    /// `<`.
    case less = "<"
    /// `<=`.
    case lessOrEqual = "<="
    /// `>`.
    case greater = ">"
    /// `>=`.
    case greaterOrEqual = ">="
    /// Text concatenation, `&`.
    case concatenate = "&"
    /// Addition, `+`.
    case add = "+"
    /// Subtraction, `-`.
    case subtract = "-"
    /// Multiplication, `*`.
    case multiply = "*"
    /// Integer division towards zero, `/`.
    case divide = "/"

    /// Binding strength, higher binds tighter: `||` 1, `&&` 2, comparisons 3, `&` 4, `+ -` 5, `* /` 6.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 3
        case .concatenate: 4
        case .add, .subtract: 5
        case .multiply, .divide: 6
        }
    }

    /// Whether this is one of `=` `<>` `<` `<=` `>` `>=`.
    public var isComparison: Bool {
        precedence == 3
    }
}
