extension SyncRules {
    /// Reads `rules:`; a missing section or type keeps the built-in rules.
    static func decode(_ node: ConfigurationNode?) throws(ConfigurationError) -> SyncRules {
        guard let node else { return SyncRules() }
        let map = try node.mapping(allowed: ObjectTypeConfiguration.names)
        return SyncRules(
            person: try ObjectRule.decode(map["person"], default: .defaultPerson),
            group: try ObjectRule.decode(map["group"], default: .defaultGroup))
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
