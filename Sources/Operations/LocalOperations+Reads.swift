import Credentials
import LDAPProtocol
import SyncEngine

extension LocalOperations {
    public func connectors() async throws -> [ConnectorSummary] {
        let records = try configuration.connectors.map { try credentials.record(for: $0.name) }
        return try await store.read { session in
            try zip(configuration.connectors, records).map { try ConnectorSummary($0, record: $1, session: session) }
        }
    }

    public func runs(connector: String?, last: Int) async throws -> [RunRecord] {
        let name = try connector.map { try self.connector($0).name }
        guard last >= 1 else { throw OperationError(.invalid, "the number of runs must be 1 or more, not \(last)") }
        return try await store.read { try $0.runs(connector: name, limit: min(last, 10_000)) }
    }

    public func run(id: Int64) async throws -> RunRecord {
        guard let run = try await store.read({ try $0.run(id: id) }) else { throw OperationError(.notFound, "no run has id \(id)") }
        return run
    }

    public func events(_ filter: EventFilter) async throws -> [EventRecord] {
        guard filter.limit >= 1 else { throw OperationError(.invalid, "the number of events must be 1 or more, not \(filter.limit)") }
        return try await store.read { try $0.events(filter) }
    }

    public func connectorSpaceObject(_ connector: String, dn: String?, anchor: String?) async throws -> ConnectorSpaceView {
        let connector = try self.connector(connector)
        guard (dn == nil) != (anchor == nil) else { throw OperationError(.invalid, "give exactly one of a DN and an anchor") }
        if let dn {
            do throws(DNError) {
                _ = try DistinguishedName(dn)
            } catch {
                // A lookup: no object has a name that is not a DN.
                throw OperationError(.notFound, "no object of \(connector.name) has the DN \"\(dn)\": it is not a DN (\(error))")
            }
        }
        let object = try await store.read { session in
            if let dn { return try session.csObject(connector: connector.name, dn: dn) }
            return try session.csObject(connector: connector.name, anchor: anchor?.lowercased() ?? "")
        }
        guard let object else {
            throw OperationError(.notFound, "\(connector.name) has no object with \(dn.map { "DN \"\($0)\"" } ?? "anchor \(anchor ?? "")")")
        }
        return ConnectorSpaceView(object)
    }

    public func searchConnectorSpace(_ connector: String, attribute: String, value: String, limit: Int) async throws -> [ConnectorSpaceView] {
        let connector = try self.connector(connector)
        guard !attribute.isEmpty, !value.isEmpty else { throw OperationError(.invalid, "give an attribute and a value (ATTR=VALUE)") }
        return try await store.read {
            try $0.csSearch(connector: connector.name, attribute: attribute, value: value, limit: max(1, min(limit, 1000)))
        }
        .map(ConnectorSpaceView.init)
    }

    public func metaverseObject(id: Int64) async throws -> MetaverseView {
        let view = try await store.read { session -> MetaverseView? in
            guard let object = try session.mvObject(id: id) else { return nil }
            return MetaverseView(object, links: try session.csObjects(metaverseID: id))
        }
        guard let view else { throw OperationError(.notFound, "no metaverse object has id \(id)") }
        return view
    }

    public func searchMetaverse(attribute: String, value: String, limit: Int) async throws -> [MetaverseView] {
        guard !attribute.isEmpty, !value.isEmpty else { throw OperationError(.invalid, "give an attribute and a value (ATTR=VALUE)") }
        return try await store.read { session in
            try session.mvSearch(attribute: attribute, value: value, limit: max(1, min(limit, 1000))).map {
                MetaverseView($0, links: try session.csObjects(metaverseID: $0.id))
            }
        }
    }

    public func exportPreview(_ connector: String) async throws -> ExportPreview {
        let connector = try self.connector(connector)
        guard connector.role == .target else {
            throw OperationError(.conflict, "\"\(connector.name)\" is a source connector; only targets have exports to preview")
        }
        let planner = try ExportPlanner(configuration: configuration, target: connector)
        let later = planner.laterTypes
        let ids = try await store.read { try $0.csPendingExportIDs(connector: connector.name, laterTypes: later) }
        var ldif: [String] = []
        var unplannable: [RunObjectError] = []
        for chunk in ids.chunked(1000) {
            let objects = try await store.read { try $0.csObjects(ids: Array(chunk)) }
            let position = Dictionary(uniqueKeysWithValues: chunk.enumerated().map { ($1, $0) })
            for object in objects.sorted(by: { position[$0.id, default: 0] < position[$1.id, default: 0] }) where object.pendingExport != .none {
                do throws(ExportPlanError) {
                    ldif.append(LDIF.changes(try planner.plan(object)))
                } catch {
                    unplannable.append(RunObjectError(dn: error.dn, operation: "export", resultCode: nil, message: error.message))
                }
            }
        }
        return ExportPreview(
            connector: connector.name, ldif: ldif.joined(separator: "\n"), count: ldif.count, unplannable: unplannable,
            guards: try await GuardReport.read(configuration: configuration, store: store))
    }

    public func guards() async throws -> GuardReport {
        try await GuardReport.read(configuration: configuration, store: store)
    }
}
