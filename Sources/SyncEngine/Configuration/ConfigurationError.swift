/// Why a configuration file could not be loaded: what is wrong and exactly where.
///
/// Every error names the file, and when it is tied to a place in the YAML, the line, column and
/// key path (`connectors[1].tls`) of the offending value, so an admin can go straight to it.
/// Messages never quote secrets: the loader refuses password keys without echoing their values.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file, as it was named to the loader.
    public var file: String
    /// The 1-based line of the offending YAML node, when the error points at one.
    public var line: Int?
    /// The 1-based column (in Unicode scalars) of the offending YAML node, when known.
    public var column: Int?
    /// The key path of the offending value, such as `connectors[1].tls`, when known.
    public var key: String?
    /// What is wrong and, where it helps, how to fix it.
    public var message: String

    /// Creates an error; `line` and `column` are 1-based.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// Compiler style, for example
    /// `ldapsync.yaml:12:10: connectors[1].tls: "startls" is not one of none, starttls, ldaps`.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let keyPart = key.map { "\($0): " } ?? ""
        return "\(location): \(keyPart)\(message)"
    }
}
