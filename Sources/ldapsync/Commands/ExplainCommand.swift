import ArgumentParser
import Foundation
import Operations

/// `ldapsync explain NAME (--dn DN | --anchor A)`: an object's whole path, and why.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one object: its type, each rule's verdict, the join, every attribute's origin, each target, and its history.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Option(help: "The object's DN.") var dn: String?
    @Option(help: "The object's anchor (entryUUID, objectGUID).") var anchor: String?

    func validate() throws {
        guard (dn == nil) != (anchor == nil) else { throw ValidationError("give either --dn or --anchor") }
    }

    func run() async throws {
        try await guarded {
            let explanation = try await Workspace.open(global).operations().explain(name, dn: dn, anchor: anchor)
            if output.json { try printJSON(explanation) } else { print(explanation.text) }
            return 0
        }
    }
}
