import ArgumentParser
import Foundation

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: $LDAPSYNC_CONFIG, else ./ldapsync.yaml).")
    var config: String?

    @Option(name: .long, help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    /// The configuration file this invocation uses.
    var configPath: String {
        if let config { return config }
        if let fromEnvironment = ProcessInfo.processInfo.environment["LDAPSYNC_CONFIG"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "ldapsync.yaml"
    }
}

/// Read commands print tables for people and JSON for scripts.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
