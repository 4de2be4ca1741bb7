import Foundation

/// Usage errors without the values the user typed: `ldapsync connector set-password cloud
/// Hunter2` must not print `Unexpected argument 'Hunter2'` to a terminal, a log or a CI
/// transcript. Option names (`--json`) stay; every other argument quoted in the message becomes
/// `<hidden>`, and the message says why.
enum UsageRedaction {
    static func redact(_ message: String, arguments: [String]) -> String {
        var text = message
        var hidden = false
        // Longest first, so a value that contains another is hidden whole.
        for argument in Set(arguments).sorted(by: { $0.count > $1.count }) {
            let value: Substring
            if argument.hasPrefix("-") {
                guard let equals = argument.firstIndex(of: "=") else { continue }
                value = argument[argument.index(after: equals)...]
            } else {
                value = argument[...]
            }
            guard !value.isEmpty, text.contains(value) else { continue }
            // Subcommand names are words of the usage text itself: leave them.
            if !argument.hasPrefix("-"), isCommandWord(argument) { continue }
            text = text.replacingOccurrences(of: String(value), with: "<hidden>")
            hidden = true
        }
        guard hidden else { return text }
        return text + "\n(Arguments are not repeated here. Passwords are never arguments: use the prompt, --password-stdin or --password-file.)"
    }

    /// The words that name ldapsync's commands and profiles.
    private static func isCommandWord(_ word: String) -> Bool {
        commandWords.contains(word)
    }

    private static let commandWords: Set<String> = [
        "init", "connector", "list", "show", "test", "set-password", "retry", "run", "cycle", "runs", "events", "cs", "search",
        "mv", "export", "preview", "password-sync", "service-account", "reset", "scheduler", "set", "enable", "disable", "service",
        "full-import", "delta-import", "full-sync", "delta-sync", "help",
    ]
}
