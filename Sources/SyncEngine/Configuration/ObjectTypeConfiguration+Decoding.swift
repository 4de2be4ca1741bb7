extension ObjectTypeConfiguration {
    /// The object types of a connector of `flavor`: the built-in ones (person, group) with their
    /// default filter and classes, each overridable (`objectTypes: { person: { filter: … } }`),
    /// plus declared types, which need a filter (`device: { filter: "(objectClass=device)" }`).
    static func decode(
        _ node: ConfigurationNode?, flavor: ConnectorFlavor, known: [ObjectType]
    ) throws(ConfigurationError) -> [ObjectTypeConfiguration] {
        var types = defaults(for: flavor)
        guard let node else { return types }
        let overrides = try node.mapping(allowed: known.map(\.rawValue))
        for name in known.map(\.rawValue) {
            guard let typeNode = overrides[name] else { continue }
            let settings = try typeNode.mapping(allowed: ["filter", "objectClasses"])
            var type = types.first { $0.name == name } ?? ObjectTypeConfiguration(name: name, filter: "", objectClasses: ["top"])
            if let filter = settings["filter"] {
                type.filter = try filter.ldapFilter()
            } else if type.filter.isEmpty {
                throw typeNode.error("\(name) needs a filter here: which entries of this directory are \(name) objects")
            }
            if let objectClasses = settings["objectClasses"] {
                type.objectClasses = try objectClasses.attributeNames(nonEmpty: true)
            }
            if let index = types.firstIndex(where: { $0.name == name }) { types[index] = type } else { types.append(type) }
        }
        return types
    }
}
