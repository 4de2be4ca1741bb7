import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync undo RUN_ID [--apply | --release]`: take an export run back.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take an export run back: its inverse writes from the pre-images kept with it, as LDIF (the default) or applied.",
        discussion: """
            Without an option, nothing is written: the inverse is printed as LDIF (entries the run \
            deleted added back, modifies given their old values, renames moved back, added entries \
            deleted). --apply writes it as an export run of its own (staging mode and the deletion \
            threshold apply) and holds each object it put back while its source object is unchanged, \
            so the next cycles do not redo the run. --release drops those holds.
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The export run's id (ldapsync runs).") var runID: Int64
    @Flag(help: "Write the inverse to the target.") var apply = false
    @Flag(help: "Drop the holds an applied undo put on objects: the next sync writes them as the rules say.") var release = false
    @Flag(help: "Delete the entries the run added even past the deletion threshold, this once.") var acceptDeletes = false

    func validate() throws {
        if apply && release { throw ValidationError("give --apply or --release, not both") }
    }

    func run() async throws {
        try await guarded {
            let action: UndoAction = apply ? .apply : (release ? .release : .preview)
            let report = try await Workspace.open(global).operations().undo(
                runID: runID, action: action, options: RunOptions(acceptDeletes: acceptDeletes))
            if output.json {
                try printJSON(report)
            } else {
                if action == .preview, !report.ldif.isEmpty { print(report.ldif) }
                print(report.text)
            }
            return report.applied?.status.exitCode ?? 0
        }
    }
}
