import Foundation
import Yams

/// A YAML value with the key path that led to it, so that every error points at the right file,
/// line, column and key.
///
/// The readers are strict on purpose: a sync engine that guessed what a misspelt or mistyped
/// setting meant could write to the wrong part of a directory.
struct ConfigurationNode {
    /// The composed YAML node (aliases are already resolved by Yams).
    let node: Node
    /// Where the node sits, such as `connectors[1].tls`; empty for the document root.
    let path: String
    /// The configuration file as it was named, for messages.
    let file: String

    /// An error located at this node.
    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(
            file: file, line: node.mark?.line, column: node.mark?.column,
            key: path.isEmpty ? nil : path, message: message)
    }

    /// The node of `key` inside this one (a mapping), for paths and messages.
    func child(_ key: String, _ node: Node) -> ConfigurationNode {
        ConfigurationNode(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    /// The value written directly under `key` in this mapping (not through a merge), if any.
    func value(of key: String) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        return mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// Whether the value is YAML null: an empty value, `~` or `null`.
    var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What kind of value this is, for "expected …, found …" messages.
    var kind: String {
        switch node {
        case .scalar: isNull ? "nothing" : "a single value"
        case .mapping: "a mapping (key: value pairs)"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The text of a scalar value; lists, mappings and null are errors.
    func string() throws(ConfigurationError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw error("expected a single value, found \(kind)")
        }
        return scalar.string
    }

    /// A text value that must not be empty once surrounding spaces are removed.
    func nonEmptyString() throws(ConfigurationError) -> String {
        let text = try string().trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw error("must not be empty") }
        return text
    }

    /// A whole number within `range`.
    func int(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try string()
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw error("\"\(text)\" is not a whole number")
        }
        guard range.contains(value) else {
            let bounds =
                range.upperBound == .max
                ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw error("\(value) is out of range; it must be \(bounds)")
        }
        return value
    }

    /// `true` or `false` (YAML 1.1 spellings such as `yes` and `off` are accepted too).
    /// A size in bytes: a whole number, or one with a unit (`512KiB`, `64MiB`, `1GiB`; KB/MB/GB
    /// are read as the same powers of 1024).
    func byteSize(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        let text = try nonEmptyString()
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let shifts = ["": 0, "b": 0, "k": 10, "kb": 10, "kib": 10, "m": 20, "mb": 20, "mib": 20, "g": 30, "gb": 30, "gib": 30]
        guard let number = Int(digits), let shift = shifts[unit], number <= Int.max >> shift else {
            throw error("\"\(text)\" is not a size; write a number of bytes, or one with KiB, MiB or GiB (64MiB)")
        }
        let bytes = number << shift
        guard range.contains(bytes) else { throw error("\(text) is out of range; it must be from \(range.lowerBound) to \(range.upperBound) bytes") }
        return bytes
    }

    func bool() throws(ConfigurationError) -> Bool {
        let text = try string()
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\"\(text)\" is not true or false")
        }
    }

    /// A duration such as `30m` or `1h30m` (see ``DurationText``), at least `minimum`.
    func duration(minimum: Duration = .milliseconds(1), maximum: Duration? = nil) throws(ConfigurationError) -> Duration {
        let text = try string()
        let value: Duration
        do throws(DurationTextError) {
            value = try DurationText.parse(text)
        } catch let failure {
            throw error(failure.message)
        }
        guard value >= minimum else {
            throw error("\(DurationText.format(value)) is too short; the minimum is \(DurationText.format(minimum))")
        }
        if let maximum, value > maximum {
            throw error("\(DurationText.format(value)) is too long; the maximum is \(DurationText.format(maximum))")
        }
        return value
    }

    /// One of the raw values of `T`, compared exactly; the error lists the choices.
    func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(ConfigurationError) -> T
    where T.RawValue == String {
        let text = try string()
        guard let value = T(rawValue: text) else {
            let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw error("\"\(text)\" is not one of \(choices)")
        }
        return value
    }

    /// The elements of a list, each with its index in the path; null reads as an empty list.
    func list() throws(ConfigurationError) -> [ConfigurationNode] {
        if isNull { return [] }
        guard case .sequence(let sequence) = node else {
            throw error("expected a list such as [a, b] or lines starting with \"- \", found \(kind)")
        }
        return sequence.enumerated().map { index, element in
            ConfigurationNode(node: element, path: "\(path)[\(index)]", file: file)
        }
    }
}
