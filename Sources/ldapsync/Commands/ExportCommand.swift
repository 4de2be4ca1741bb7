import ArgumentParser
import Foundation
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
            let workspace = try Workspace.open(global)
            let connector = try workspace.connector(name)
            let policy = FlowPolicy(rules: workspace.configuration.rules, targetFlavor: workspace.configuration.target.flavor)
            let ids = try workspace.store.read { try $0.csPendingExportIDs(connector: connector.name) }
            var count = 0
            for chunk in ids.chunked(1000) {
                for object in try workspace.store.read({ try $0.csObjects(ids: Array(chunk)) }) {
                    do {
                        let plan = try ExportPlan.plan(object, objectClasses: connector.objectType(named: object.objectType)?.objectClasses ?? [], policy: policy)
                        print(LDIF.changes(plan))
                        count += 1
                    } catch let error as ExportPlanError {
                        print("# \(error.dn): cannot be exported: \(error.message)\n")
                    }
                }
            }
            note("\(count) pending exports for \(connector.name)")
            let guards = try GuardReport.read(configuration: workspace.configuration, store: workspace.store)
            if let export = guards.exports.first(where: { $0.connector == connector.name }) {
                note("deletion threshold (\(export.count) deletes or \(export.percent)% of the \(export.synced) objects in sync): "
                    + (export.exceeded.map { "the export would STOP before deleting anything: \($0) (stopped-deletion-threshold-exceeded; "
                        + "`ldapsync run \(connector.name) export --accept-deletes` applies them once)" } ?? "\(export.deletes) deletes pending, within it"))
            }
            for entry in guards.imports where entry.trippedAt != nil {
                note("shrink guard: the last import of \(entry.connector) stopped before deleting: \(entry.message ?? "")")
            }
            return 0
        }
    }
}
