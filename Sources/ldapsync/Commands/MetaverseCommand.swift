import ArgumentParser
import Foundation
import SyncEngine

/// `ldapsync mv …`: the metaverse.
struct MetaverseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv", abstract: "Look into the metaverse.", subcommands: [MetaverseShow.self, MetaverseSearch.self])
}

/// A metaverse object with its connector links.
struct MetaverseView: Encodable {
    var id: Int64
    var objectType: String
    var attributes: [String: [String]]
    var references: [String: [Int64]]
    var links: [Link]

    struct Link: Encodable {
        var connector: String
        var dn: String
        var pendingExport: String
    }

    init(_ object: MetaverseObject, links: [ConnectorSpaceObject]) {
        id = object.id
        objectType = object.objectType
        attributes = ConnectorSpaceView.render(object.attributes)
        references = object.references
        self.links = links.map { Link(connector: $0.connector, dn: $0.desiredDN ?? $0.dn, pendingExport: $0.pendingExport.rawValue) }
    }

    func printText() {
        print("# metaverse object \(id) (\(objectType))")
        for link in links { print("# joined: \(link.connector) \(link.dn)\(link.pendingExport == "none" ? "" : " (pending export: \(link.pendingExport))")") }
        for (name, values) in attributes.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) { for value in values { print("\(name): \(value)") } }
        for (name, ids) in references.sorted(by: { $0.key < $1.key }) { print("\(name): \(ids.count) references (metaverse ids \(ids.prefix(10).map(String.init).joined(separator: ", "))\(ids.count > 10 ? ", …" : ""))") }
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
            let workspace = try Workspace.open(global)
            let view = try workspace.store.read { session -> MetaverseView? in
                guard let object = try session.mvObject(id: id) else { return nil }
                return MetaverseView(object, links: try session.csObjects(metaverseID: id))
            }
            guard let view else { throw CommandFailure("no metaverse object has id \(id)", code: Exit.runErrors) }
            if output.json { try printJSON(view) } else { view.printText() }
            return 0
        }
    }
}

/// `ldapsync mv search ATTR=VALUE`.
struct MetaverseSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Find metaverse objects whose attribute has a value (ATTR=VALUE).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "ATTR=VALUE (case-insensitive).") var filter: String
    @Option(help: "How many objects at most.") var limit = 50

    func run() async throws {
        try await guarded {
            let workspace = try Workspace.open(global)
            let (attribute, value) = try splitFilter(filter)
            let views = try workspace.store.read { session in
                try session.mvSearch(attribute: attribute, value: value, limit: max(1, limit)).map {
                    MetaverseView($0, links: try session.csObjects(metaverseID: $0.id))
                }
            }
            if output.json { try printJSON(views); return 0 }
            for view in views { view.printText(); print() }
            return 0
        }
    }
}
