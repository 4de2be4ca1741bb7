extension SyncRules {
    /// Reads `rules:`: a list of rules, or the short form that adjusts the built-in rules
    /// (`{ person: { join: …, exclude: … } }`); a missing section keeps the built-in rules.
    static func decode(
        _ node: ConfigurationNode?, builtIn: Bool, connectors: [ConnectorConfiguration],
        objectTypes: [ObjectType]
    ) throws(ConfigurationError) -> SyncRules {
        guard let node else { return SyncRules(builtIn: builtIn) }
        if case .sequence = node.node {
            var specs: [RuleSpec] = []
            for item in try node.list() {
                let spec = try RuleSpec.decode(item, connectors: connectors, objectTypes: objectTypes)
                if specs.contains(where: { $0.name == spec.name }) { throw item.error("a rule named \"\(spec.name)\" is already written above") }
                specs.append(spec)
            }
            return SyncRules(specs: specs, builtIn: builtIn)
        }
        let map = try node.mapping(allowed: ObjectType.builtIn.map(\.rawValue))
        return SyncRules(
            person: try ObjectRule.decode(map["person"], default: .defaultPerson),
            group: try ObjectRule.decode(map["group"], default: .defaultGroup), builtIn: builtIn)
    }
}

extension ObjectRule {
    /// Reads one type's `join:` and `exclude:`; each key left out keeps its default.
    static func decode(_ node: ConfigurationNode?, default rule: ObjectRule) throws(ConfigurationError) -> ObjectRule {
        guard let node else { return rule }
        let map = try node.mapping(allowed: ["join", "exclude"])
        var result = rule
        if let join = map["join"] { result.join = try join.attributeNames(nonEmpty: true) }
        if let exclude = map["exclude"] { result.exclude = try exclude.attributeNames(nonEmpty: false) }
        return result
    }
}
