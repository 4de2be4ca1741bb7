extension ObjectTypeConfiguration {
    /// The object types of a connector of `flavor`: the defaults, with the filter or object
    /// classes of each type overridden by `objectTypes: { person: { filter: … } }`.
    static func decode(
        _ node: ConfigurationNode?, flavor: ConnectorFlavor
    ) throws(ConfigurationError) -> [ObjectTypeConfiguration] {
        var types = defaults(for: flavor)
        guard let node else { return types }
        let overrides = try node.mapping(allowed: names)
        for index in types.indices {
            guard let typeNode = overrides[types[index].name] else { continue }
            let settings = try typeNode.mapping(allowed: ["filter", "objectClasses"])
            if let filter = settings["filter"] {
                types[index].filter = try filter.ldapFilter()
            }
            if let objectClasses = settings["objectClasses"] {
                types[index].objectClasses = try objectClasses.attributeNames(nonEmpty: true)
            }
        }
        return types
    }
}
