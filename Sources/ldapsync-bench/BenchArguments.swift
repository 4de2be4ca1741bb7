import Foundation

/// A command-line mistake; the message says what to fix.
struct BenchUsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// `--name value` pairs of one subcommand (no positional arguments, no flags).
struct BenchArguments {
    private var values: [String: String] = [:]

    init(_ argv: [String]) throws(BenchUsageError) {
        var index = 0
        while index < argv.count {
            let name = argv[index]
            guard name.hasPrefix("--"), name.count > 2 else {
                throw BenchUsageError("unexpected argument \"\(name)\"")
            }
            guard index + 1 < argv.count else { throw BenchUsageError("\(name) needs a value") }
            values[String(name.dropFirst(2))] = argv[index + 1]
            index += 2
        }
    }

    /// The value of `--name`; throws when it is missing.
    func required(_ name: String) throws(BenchUsageError) -> String {
        guard let value = values[name], !value.isEmpty else { throw BenchUsageError("--\(name) is required") }
        return value
    }

    /// The integer value of `--name`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int) throws(BenchUsageError) -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), value > 0 else {
            throw BenchUsageError("--\(name) must be a positive integer, not \"\(text)\"")
        }
        return value
    }

    /// Names given that `known` does not list (typos should not pass silently).
    func unknown(besides known: Set<String>) -> [String] {
        values.keys.filter { !known.contains($0) }.sorted()
    }
}

/// Reads a password file: its bytes, minus one trailing newline (as `ldapsearch -y` would not).
func readPasswordFile(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw BenchUsageError("cannot read the password file \(path)")
    }
    var text = String(decoding: data, as: UTF8.self)
    if text.hasSuffix("\n") { text.removeLast() }
    guard !text.isEmpty else { throw BenchUsageError("the password file \(path) is empty") }
    return text
}
