import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync rules …`: the sync rules as data.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Show, check and try out the sync rules.", subcommands: [RulesShow.self, RulesCheck.self, RulesTest.self])
}

/// `ldapsync rules show`: every rule that applies, written and built-in, as configuration text.
struct RulesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print every rule that applies (the built-in ones too) as a rules: list to copy.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let rules = try await Workspace.open(global).operations().rules()
            if output.json { try printJSON(rules) } else { print(rules.yaml, terminator: "") }
            return 0
        }
    }
}

/// `ldapsync rules check`: the rules against the directories' discovered schemas.
struct RulesCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the rules against the discovered schemas (exit 2 on an error).",
        discussion: "Expressions were parsed and type-checked when the configuration loaded; this adds the attributes and classes.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await guarded {
            let report = try await Workspace.open(global).operations().checkRules()
            if output.json {
                try printJSON(report)
            } else {
                for finding in report.findings { print(finding.description) }
                note(report.message)
            }
            return report.errors == 0 ? 0 : 2
        }
    }
}

/// `ldapsync rules test NAME --dn DN`: what the rules do with one object; nothing written.
struct RulesTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Evaluate the rules on one connector space object and print each step; nothing is written.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Option(help: "The object's DN.") var dn: String

    func run() async throws {
        try await guarded {
            let report = try await Workspace.open(global).operations().testRules(name, dn: dn)
            if output.json { try printJSON(report) } else { print(report.text) }
            return 0
        }
    }
}
