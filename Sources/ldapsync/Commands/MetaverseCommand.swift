import ArgumentParser
import Foundation
import Operations
import SyncEngine

/// `ldapsync mv …`: the metaverse.
struct MetaverseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv", abstract: "Look into the metaverse.", subcommands: [MetaverseShow.self, MetaverseSearch.self])
}

extension MetaverseView {
    func printText() {
        print("# metaverse object \(id) (\(objectType))")
        for link in links {
            print("# joined: \(link.connector) \(link.dn)\(link.pendingExport == "none" ? "" : " (pending export: \(link.pendingExport))")")
        }
        for (name, values) in attributes.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            for value in values { print("\(name): \(value)") }
        }
        for (name, ids) in references.sorted(by: { $0.key < $1.key }) {
            print(
                "\(name): \(ids.count) references (metaverse ids \(ids.prefix(10).map(String.init).joined(separator: ", "))\(ids.count > 10 ? ", …" : ""))"
            )
        }
    }
}

/// `ldapsync mv show ID`.
struct MetaverseShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one metaverse object and its links.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Metaverse object id.") var id: Int64

    func run() async throws {
        try await guarded {
            let view = try await Workspace.open(global).operations().metaverseObject(id: id)
            if output.json { try printJSON(view) } else { view.printText() }
            return 0
        }
    }
}

/// `ldapsync mv search ATTR=VALUE`.
struct MetaverseSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find metaverse objects whose attribute has a value (ATTR=VALUE).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "ATTR=VALUE (case-insensitive).") var filter: String
    @Option(help: "How many objects at most.") var limit = 50

    func run() async throws {
        try await guarded {
            let (attribute, value) = try splitFilter(filter)
            let views = try await Workspace.open(global).operations().searchMetaverse(attribute: attribute, value: value, limit: limit)
            if output.json {
                try printJSON(views)
                return 0
            }
            for view in views {
                view.printText()
                print()
            }
            return 0
        }
    }
}
