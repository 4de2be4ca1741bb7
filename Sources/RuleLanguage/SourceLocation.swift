/// A position in an expression's source text, for error messages.
///
/// Lines and columns are 1-based. Columns count Unicode scalars from the start of the line (a tab
/// counts as one), so for the ASCII text that expressions are usually written in they match what
/// an editor shows. An expression taken from a YAML block scalar may span several lines; the
/// configuration loader adds the scalar's own position to report a file position.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The line, starting at 1.
    public var line: Int
    /// The column within ``line``, starting at 1.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of the source text.
    public static let start = SourceLocation(line: 1, column: 1)

    /// `line:column`, for example `2:15`.
    public var description: String {
        "\(line):\(column)"
    }

    /// Orders locations as they appear in the text.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
