import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync export …`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Inspect pending exports.", subcommands: [ExportPreview.self])
}

/// `ldapsync export preview NAME`: the pending exports as LDIF, exactly what an export would write.
struct ExportPreview: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "preview", abstract: "Print a connector's pending exports as LDIF.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Connector name.") var name: String

    func run() async throws {
        try await guarded {
            let preview = try await Workspace.open(global).operations().exportPreview(name)
            print(preview.ldif)
            for error in preview.unplannable { print("# \(error.dn): cannot be exported: \(error.message)\n") }
            note("\(preview.count) pending exports for \(preview.connector)")
            if let export = preview.guards.exports.first(where: { $0.connector == preview.connector }) {
                note(
                    "deletion threshold (\(export.count) deletes or \(export.percent)% of the \(export.synced) objects in sync): "
                        + (export.exceeded.map {
                            "the export would STOP before deleting anything: \($0) (stopped-deletion-threshold-exceeded; "
                                + "`ldapsync run \(preview.connector) export --accept-deletes` applies them once)"
                        } ?? "\(export.deletes) deletes pending\(export.deletedInWindow.map { " and \($0) exported in its window" } ?? ""), within it")
                )
            }
            for entry in preview.guards.imports where entry.trippedAt != nil {
                note("shrink guard: the last import of \(entry.connector) stopped before deleting: \(entry.message ?? "")")
            }
            return 0
        }
    }
}
