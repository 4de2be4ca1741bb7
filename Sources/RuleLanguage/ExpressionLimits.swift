/// Bounds that keep compiling and evaluating an expression cheap whatever the input.
///
/// An expression cannot loop, but it can multiply: lifting a function over two multi-valued
/// attributes evaluates it for every pair of values, and `Replace` or `&` can grow a value. These
/// limits turn such cases into errors instead of hangs or exhausted memory.
public struct ExpressionLimits: Hashable, Sendable {
    /// The longest source text accepted, in UTF-8 bytes.
    public var maximumSourceLength: Int
    /// The deepest nesting accepted: of parentheses, calls and operators (a chain of `n` binary
    /// operators nests `n` deep).
    public var maximumDepth: Int
    /// The most values one step of an evaluation may produce, and the most combinations of
    /// values a lifted function or a comparison may be evaluated for.
    public var maximumValues: Int
    /// The longest value (UTF-8 bytes of text, or bytes of binary) a function may produce.
    /// Values read from the input are not limited.
    public var maximumValueLength: Int

    /// Creates limits; the defaults are those of ``default``.
    public init(
        maximumSourceLength: Int = 16 * 1024,
        maximumDepth: Int = 64,
        maximumValues: Int = 100_000,
        maximumValueLength: Int = 1024 * 1024
    ) {
        self.maximumSourceLength = maximumSourceLength
        self.maximumDepth = maximumDepth
        self.maximumValues = maximumValues
        self.maximumValueLength = maximumValueLength
    }

    /// 16 KiB of source, nesting 64 deep, 100,000 values per step, 1 MiB per value.
    public static let `default` = ExpressionLimits()
}
