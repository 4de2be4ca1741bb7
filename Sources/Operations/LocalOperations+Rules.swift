import LDAPProtocol
import SyncEngine

extension LocalOperations {
    public func connectorSchema(_ connector: String) async throws -> SchemaView {
        let connector = try self.connector(connector)
        guard let schema = try await store.read({ try $0.connectorSchema(connector: connector.name) }) else {
            throw OperationError(
                .notFound,
                "no schema of \(connector.name) has been read yet: `ldapsync connector test \(connector.name)` reads it (so does a full import)")
        }
        return SchemaView(connector: connector.name, schema: schema)
    }

    public func rules() async throws -> RulesView {
        RulesView(RuleSet.specs(for: configuration))
    }

    public func checkRules() async throws -> RuleCheckReport {
        let check = try await RuleCheck(configuration: configuration, schemas: try storedSchemas())
        return RuleCheckReport(rules: check.rules.rules.count, findings: check.findings())
    }

    public func testRules(_ connector: String, dn: String) async throws -> RuleTestReport {
        let connector = try self.connector(connector)
        guard !dn.isEmpty else { throw OperationError(.invalid, "give the DN of an object of \(connector.name) (--dn)") }
        do {
            return try await Synchronizer(configuration: configuration, store: store).test(connector: connector.name, dn: dn)
        } catch let error as SyncRuleError {
            throw OperationError(.notFound, error.message)
        }
    }

    public func explain(_ connector: String, dn: String?, anchor: String?) async throws -> ObjectExplanation {
        let connector = try self.connector(connector)
        guard (dn ?? "").isEmpty != (anchor ?? "").isEmpty else {
            throw OperationError(.invalid, "give either the object's DN (--dn) or its anchor (--anchor)")
        }
        do {
            return try await Synchronizer(configuration: configuration, store: store).explain(
                connector: connector.name, dn: dn.flatMap { $0.isEmpty ? nil : $0 }, anchor: anchor.flatMap { $0.isEmpty ? nil : $0 },
                guards: try await GuardReport.read(configuration: configuration, store: store))
        } catch let error as SyncRuleError {
            throw OperationError(.notFound, error.message)
        }
    }

    /// Every connector's stored schema, by lowercased name.
    func storedSchemas() async throws -> [String: DirectorySchema] {
        try await store.read { session in
            var schemas: [String: DirectorySchema] = [:]
            for connector in configuration.connectors {
                if let schema = try session.connectorSchema(connector: connector.name) { schemas[connector.name.lowercased()] = schema }
            }
            return schemas
        }
    }
}
