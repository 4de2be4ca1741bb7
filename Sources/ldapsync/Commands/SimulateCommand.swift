import ArgumentParser
import Foundation
import Operations

/// `ldapsync simulate --config CANDIDATE.yaml [--against CURRENT.yaml] [--ldif]`: what the
/// candidate configuration would make every target's next export write, from a copy of the state.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract:
            "Run a full sync of the configuration (--config, the candidate) on a copy of the state and report what each target's export would write.",
        discussion: """
            No directory is read or written and the state is not changed: the connector spaces are \
            used as last imported. With --against, the report also shows what that configuration \
            (usually the one in service) would write, and lists the objects the two treat differently.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "A configuration to compare with (e.g. the one the service runs).") var against: String?
    @Flag(help: "Also print the exact writes as LDIF.") var ldif = false

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            var baseline: ConfigurationText?
            if let against {
                guard let text = try? String(contentsOfFile: against, encoding: .utf8) else {
                    throw CommandFailure("--against \(against): cannot read the file")
                }
                baseline = ConfigurationText(yaml: text, file: against)
            }
            let report = try await workspace.operations().simulate(candidate: nil, against: baseline, ldif: ldif)
            if output.json {
                try printJSON(report)
            } else {
                print(report.text)
                if ldif {
                    for target in report.targets where !(target.ldif ?? "").isEmpty {
                        print("\n# \(target.connector)\n\(target.ldif ?? "")")
                    }
                }
            }
            return report.targets.contains { $0.guardStop != nil } ? 1 : 0
        }
    }
}
