import ArgumentParser
import Foundation

/// Options every command takes. They are lifted out of the arguments before parsing (see
/// `lift(from:)`), so they may stand before or after the command name.
struct GlobalOptions: ParsableArguments {
    nonisolated(unsafe) static var liftedConfig: String?
    nonisolated(unsafe) static var liftedLogLevel: String?

    /// The configuration file this invocation uses.
    var configPath: String {
        if let config = Self.liftedConfig { return config }
        if let fromEnvironment = ProcessInfo.processInfo.environment["LDAPSYNC_CONFIG"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "ldapsync.yaml"
    }

    /// The log level asked for, if any.
    var logLevel: String? { Self.liftedLogLevel }

    /// Removes `--config FILE`, `--config=FILE`, `--log-level L` and `--log-level=L` from the
    /// arguments and remembers them.
    static func lift(from arguments: inout [String]) {
        var kept: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                kept += arguments[index...]
                break
            }
            if argument == "--config" || argument == "--log-level", index + 1 < arguments.count {
                if argument == "--config" { liftedConfig = arguments[index + 1] } else { liftedLogLevel = arguments[index + 1] }
                index += 2
                continue
            }
            if argument.hasPrefix("--config=") {
                liftedConfig = String(argument.dropFirst("--config=".count))
            } else if argument.hasPrefix("--log-level=") {
                liftedLogLevel = String(argument.dropFirst("--log-level=".count))
            } else {
                kept.append(argument)
            }
            index += 1
        }
        arguments = kept
    }
}

/// Read commands print tables for people and JSON for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
