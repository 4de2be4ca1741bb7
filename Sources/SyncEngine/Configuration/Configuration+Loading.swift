import Foundation
import Yams

extension Configuration {
    /// The largest file accepted: a real configuration is a few kilobytes.
    static let maximumFileSize = 1 << 20

    /// Reads and validates the configuration file at `path` (relative paths are relative to the
    /// working directory). Errors name `path` as given.
    public static func load(path: String) throws(ConfigurationError) -> Configuration {
        func failure(_ message: String) -> ConfigurationError {
            ConfigurationError(file: path, message: message)
        }
        let absolute = ConfigurationPath.resolve(path, against: FileManager.default.currentDirectoryPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw failure("the configuration file \(absolute) does not exist; `ldapsync init` writes a starter")
        }
        guard !isDirectory.boolValue else { throw failure("\(absolute) is a folder, not a configuration file") }
        guard FileManager.default.isReadableFile(atPath: absolute) else {
            throw failure("the configuration file \(absolute) is not readable by this user; check its permissions")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: absolute))
        } catch {
            throw failure("cannot read the configuration file \(absolute): \(error.localizedDescription)")
        }
        guard data.count <= maximumFileSize else {
            throw failure("the file is \(data.count) bytes; a configuration file is at most \(maximumFileSize) bytes")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw failure("the file is not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses and validates configuration text. `file` names it in errors, and its folder
    /// (relative to the working directory) is where relative paths in the text resolve.
    public static func parse(yaml: String, file: String) throws(ConfigurationError) -> Configuration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, in: yaml, file: file)
        } catch {
            throw ConfigurationError(file: file, message: "YAML syntax error: \(error)")
        }
        guard let root else {
            throw ConfigurationError(
                file: file, line: 1, column: 1,
                message: "the configuration is empty; it needs at least connectors: (`ldapsync init` writes a starter)")
        }
        let cwd = FileManager.default.currentDirectoryPath
        return try decode(
            ConfigurationNode(node: root, path: "", file: file),
            absoluteFile: ConfigurationPath.resolve(file, against: cwd),
            folder: ConfigurationPath.folder(of: file))
    }

    /// A Yams error as a configuration error pointing at the line and column libyaml reported.
    private static func syntaxError(_ error: YamlError, in yaml: String, file: String) -> ConfigurationError {
        func located(_ mark: (line: Int, column: Int)?, _ message: String) -> ConfigurationError {
            ConfigurationError(file: file, line: mark?.line, column: mark?.column, message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) started on line \($0.mark.line))" } ?? ""
            return located((mark.line, mark.column), "YAML syntax error: \(problem)\(during)")
        case .reader(let problem, let offset, _, _):
            return located(offset.map { mark(atCharacterOffset: $0, in: yaml) }, "cannot read the YAML text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return located((context.mark.line, context.mark.column), "the key \(names) appears more than once in the same mapping")
        default:
            return located(nil, "YAML error: \(error)")
        }
    }

    /// The 1-based line and column of the character at `offset` in `text`.
    private static func mark(atCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(max(0, offset)) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
