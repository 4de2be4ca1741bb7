/// What an expression evaluated to.
public enum ExpressionResult: Hashable, Sendable {
    /// The values (text as UTF-8, numbers in decimal, booleans as `TRUE`/`FALSE`, binary as is).
    /// No values means null: this source contributes nothing, and a lower-precedence one may.
    case values([[UInt8]])
    /// `AuthoritativeNull`: remove the attribute, and let no lower-precedence source fill it.
    case authoritativeNull

    /// The values decoded as UTF-8 text, or `nil` for ``authoritativeNull``.
    public var textValues: [String]? {
        guard case .values(let values) = self else { return nil }
        return values.map { String(decoding: $0, as: UTF8.self) }
    }
}
