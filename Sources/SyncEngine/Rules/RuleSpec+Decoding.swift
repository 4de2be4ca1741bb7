import LDAPProtocol
import Yams

extension ConfigurationNode {
    /// An expression with where its text starts: a quoted scalar's text one column after its
    /// quote, a block scalar's on the next line.
    func expression() throws(ConfigurationError) -> RuleExpression {
        let text = try nonEmptyString()
        var line = node.mark?.line
        var column = node.mark?.column
        if case .scalar(let scalar) = node {
            switch scalar.style {
            case .singleQuoted, .doubleQuoted: column = column.map { $0 + 1 }
            case .literal, .folded:
                line = line.map { $0 + 1 }
                column = nil
            default: break
            }
        }
        return RuleExpression(text, file: file, line: line, column: column)
    }
}

extension RuleSpec {
    static let inboundKeys = [
        "name", "connector", "direction", "objectType", "scope", "join", "project", "precedence", "flows", "flowAll", "exclude",
    ]
    static let outboundKeys = [
        "name", "connector", "direction", "objectType", "scope", "join", "provision", "dn", "deprovision",
        "accountDisabled", "flows", "flowAll", "exclude",
    ]

    /// Reads one entry of `rules:`, checking its connector and object type exist.
    static func decode(
        _ node: ConfigurationNode, connectors: [ConnectorConfiguration], objectTypes: [ObjectType]
    ) throws(ConfigurationError) -> RuleSpec {
        let probe = try node.mapping(allowed: Array(Set(inboundKeys + outboundKeys)))
        let direction = try probe.required("direction").oneOf(Direction.self)
        let map = try node.mapping(allowed: direction == .inbound ? inboundKeys : outboundKeys)
        let name = try map.required("name").nonEmptyString()
        let connectorNode = try map.required("connector")
        let connectorName = try connectorNode.nonEmptyString()
        guard let connector = connectors.first(where: { $0.name.lowercased() == connectorName.lowercased() }) else {
            throw connectorNode.error("no connector is named \"\(connectorName)\"; known: \(connectors.map(\.name).joined(separator: ", "))")
        }
        if direction == .outbound, connector.role != .target {
            throw connectorNode.error("\(connector.name) is a source: outbound rules write to a target connector")
        }
        if direction == .inbound, connector.role != .source {
            throw connectorNode.error(
                "\(connector.name) is a target: inbound rules read a source connector (a target's objects join by its outbound rule's join:)")
        }
        let typeNode = try map.required("objectType")
        let type = ObjectType(try typeNode.nonEmptyString())
        guard objectTypes.contains(type) else {
            throw typeNode.error(
                "\"\(type)\" is not an object type; known: \(objectTypes.map(\.rawValue).joined(separator: ", ")) (declare more under objectTypes:)")
        }
        guard connector.objectType(named: type.rawValue) != nil else {
            throw typeNode.error("\(connector.name) has no object type \"\(type)\"; add it to the connector's objectTypes: with its filter")
        }
        var spec = RuleSpec(name: name, connector: connector.name, direction: direction, objectType: type)
        if let scope = map["scope"] {
            spec.scope = try scope.expression()
            do throws(SearchFilterError) {
                _ = try SearchFilter(spec.scope?.text ?? "")
            } catch {
                throw scope.error("not an LDAP filter: \(error)")
            }
        }
        if let join = map["join"] { spec.join = try decodeJoin(join, side: direction == .inbound ? "source" : "target") }
        spec.project = try map["project"]?.bool() ?? true
        spec.precedence = try map["precedence"]?.int(in: 0...1_000_000)
        if let flows = map["flows"] { spec.flows = try decodeFlows(flows) }
        spec.flowAll = try map["flowAll"]?.bool() ?? false
        if let exclude = map["exclude"] { spec.exclude = try exclude.attributeNames(nonEmpty: false) }
        spec.provision = try map["provision"]?.bool() ?? true
        spec.dn = try map["dn"]?.expression()
        spec.deprovision = try map["deprovision"]?.oneOf(Deprovision.self) ?? .delete
        spec.accountDisabled = try map["accountDisabled"]?.expression()
        if spec.flows.isEmpty, !spec.flowAll {
            throw node.error("the rule \"\(name)\" flows nothing: give flows: (attribute: expression) or flowAll: true")
        }
        return spec
    }

    /// `join:` — a list of attribute names (same on both sides) or `{ source|target: expression, metaverse: attribute }`.
    private static func decodeJoin(_ node: ConfigurationNode, side: String) throws(ConfigurationError) -> [JoinSpec] {
        var joins: [JoinSpec] = []
        for item in try node.list() {
            if case .scalar = item.node {
                let name = try item.attributeName()
                joins.append(JoinSpec(connectorSide: try item.expression(), metaverse: name))
                continue
            }
            let map = try item.mapping(allowed: [side, "metaverse"])
            joins.append(JoinSpec(connectorSide: try map.required(side).expression(), metaverse: try map.required("metaverse").attributeName()))
        }
        return joins
    }

    /// `flows:` — attribute: expression, in the order written.
    private static func decodeFlows(_ node: ConfigurationNode) throws(ConfigurationError) -> [FlowSpec] {
        guard case .mapping(let mapping) = node.node else { throw node.error("expected attribute: expression pairs, found \(node.kind)") }
        var flows: [FlowSpec] = []
        for (key, value) in mapping {
            let keyNode = ConfigurationNode(node: key, path: node.path, file: node.file)
            let attribute = try keyNode.attributeName()
            guard !AttributeSet.secretAttributes.contains(attribute.lowercased()) else {
                throw keyNode.error("\(attribute) never flows: passwords reach a target only by password sync")
            }
            guard !flows.contains(where: { $0.attribute.lowercased() == attribute.lowercased() }) else {
                throw keyNode.error("\(attribute) flows twice in this rule")
            }
            flows.append(FlowSpec(attribute, try node.child(attribute, value).expression()))
        }
        return flows
    }
}
