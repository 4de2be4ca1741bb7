import ArgumentParser
import Foundation
import LDAPProtocol
import Operations
import SyncEngine

/// `ldapsync cs …`: the connector space.
struct ConnectorSpaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cs", abstract: "Look into a connector space.", subcommands: [ConnectorSpaceShow.self, ConnectorSpaceSearch.self])
}

extension ConnectorSpaceView {
    func printText() {
        print("dn: \(dn)")
        print("# connector \(connector), id \(id), \(objectType), anchor \(anchor ?? "(none yet)")")
        print(
            "# pending import: \(pendingImport); pending export: \(pendingExport)\(exportUnconfirmed ? " (exported, awaiting confirmation)" : ""); metaverse: \(metaverseID.map(String.init) ?? "not joined")"
        )
        for (name, values) in attributes.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
            for value in values { print("\(name): \(value)") }
        }
        if let desiredAttributes {
            print("# desired by the sync rules\(desiredDN.map { " at \($0)" } ?? ""):")
            for (name, values) in desiredAttributes.sorted(by: { $0.key.lowercased() < $1.key.lowercased() }) {
                for value in values { print("#   \(name): \(value)") }
            }
        }
        if let exportError { print("# last export error: \(exportError)") }
    }
}

/// `ldapsync cs show NAME (--dn DN | --anchor A)`.
struct ConnectorSpaceShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one connector space object by DN or anchor.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Option(help: "The object's DN.") var dn: String?
    @Option(help: "The object's anchor (entryUUID / objectGUID).") var anchor: String?

    func validate() throws {
        if (dn == nil) == (anchor == nil) { throw ValidationError("give exactly one of --dn and --anchor") }
        if let dn {
            do throws(DNError) {
                _ = try DistinguishedName(dn)
            } catch {
                throw ValidationError("--dn \"\(dn)\" is not a DN: \(error)")
            }
        }
    }

    func run() async throws {
        try await guarded {
            let object = try await Workspace.open(global).operations().connectorSpaceObject(name, dn: dn, anchor: anchor)
            if output.json { try printJSON(object) } else { object.printText() }
            return 0
        }
    }
}

/// `ldapsync cs search NAME ATTR=VALUE`.
struct ConnectorSpaceSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find connector space objects whose attribute has a value (ATTR=VALUE).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Argument(help: "ATTR=VALUE (case-insensitive; `dn=…` matches the DN).") var filter: String
    @Option(help: "How many objects at most.") var limit = 50

    func run() async throws {
        try await guarded {
            let (attribute, value) = try splitFilter(filter)
            let found = try await Workspace.open(global).operations().searchConnectorSpace(name, attribute: attribute, value: value, limit: limit)
            if output.json {
                try printJSON(found)
                return 0
            }
            printTable(
                ["ID", "TYPE", "IMPORT", "EXPORT", "MV", "DN"],
                found.map {
                    [String($0.id), $0.objectType, $0.pendingImport, $0.pendingExport, $0.metaverseID.map(String.init) ?? "-", $0.dn]
                })
            return 0
        }
    }
}

/// Splits `ATTR=VALUE`.
func splitFilter(_ filter: String) throws -> (String, String) {
    guard let equals = filter.firstIndex(of: "="), equals != filter.startIndex else {
        throw CommandFailure("the filter must be ATTR=VALUE (e.g. uid=jdoe), not \"\(filter)\"")
    }
    return (String(filter[..<equals]), String(filter[filter.index(after: equals)...]))
}
