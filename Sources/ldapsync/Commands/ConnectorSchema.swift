import ArgumentParser
import Foundation
import Operations

/// `ldapsync connector schema NAME`: the schema last read from the connector's directory.
struct ConnectorSchema: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the directory's discovered schema: object classes and attribute types.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Connector name.") var name: String
    @Option(name: .customLong("class"), help: "Only this object class (with what it requires and allows).") var objectClass: String?
    @Option(help: "Only this attribute type.") var attribute: String?

    func run() async throws {
        try await guarded {
            var schema = try await Workspace.open(global).operations().connectorSchema(name)
            if let objectClass {
                schema.objectClasses = schema.objectClasses.filter { $0.name.lowercased() == objectClass.lowercased() }
                schema.attributeTypes = []
                if schema.objectClasses.isEmpty { return fail("\(schema.connector)'s schema has no object class \(objectClass)", 1) }
            }
            if let attribute {
                schema.attributeTypes = schema.attributeTypes.filter { $0.name.lowercased() == attribute.lowercased() }
                if objectClass == nil { schema.objectClasses = [] }
                if schema.attributeTypes.isEmpty { return fail("\(schema.connector)'s schema has no attribute type \(attribute)", 1) }
            }
            if output.json { try printJSON(schema) } else { print(schema.text) }
            return 0
        }
    }
}
