extension Configuration {
    /// The keys allowed at the top of the file.
    static let keys = [
        "state", "store", "keyFile", "deletionThreshold", "shrinkGuard", "errorLimit", "stagingMode", "schedule", "runHistory",
        "objectTypes", "builtInRules", "rules", "connectors",
    ]

    /// Reads and checks the whole document; `root` carries the file name as given (for
    /// messages), `absoluteFile` and `folder` say where the file really is.
    static func decode(
        _ root: ConfigurationNode, absoluteFile: String, folder: String
    ) throws(ConfigurationError) -> Configuration {
        guard case .mapping = root.node else {
            throw root.error("expected a mapping of settings (state:, connectors: …), found \(root.kind)")
        }
        let top = try root.mapping(allowed: keys)
        let statePath = ConfigurationPath.resolve(try top["state"]?.nonEmptyString() ?? "./state", against: folder)
        let store = try top["store"].map { node throws(ConfigurationError) in try decodeStore(node, folder: folder) } ?? .sqlite
        var keyFile: String?
        if let keyNode = top["keyFile"] {
            keyFile = ConfigurationPath.resolve(try keyNode.nonEmptyString(), against: folder)
        }
        // Read in the order the starter file shows the keys, so the first error is the first in the file.
        let (deletionThreshold, windowNode) = try top["deletionThreshold"].map(decodeDeletionThreshold) ?? (DeletionThreshold(), nil)
        let shrinkGuard = try top["shrinkGuard"].map(decodeShrinkGuard) ?? ShrinkGuard()
        let errorLimit = try top["errorLimit"]?.int(in: 1...Int.max) ?? 5000
        let stagingMode = try top["stagingMode"]?.bool() ?? false
        let schedule = try top["schedule"]?.mapping(allowed: ["interval", "enabled", "passwordSync", "mode", "batchWindow", "pollInterval"])
        let interval = try schedule?["interval"]?.duration(minimum: .seconds(1)) ?? .seconds(30 * 60)
        let enabled = try schedule?["enabled"]?.bool() ?? true
        var passwordSync: Duration? = .seconds(120)
        if let node = schedule?["passwordSync"] {
            passwordSync = try node.nonEmptyString() == "off" ? nil : try node.duration(minimum: .seconds(1))
        }
        let mode = try schedule?["mode"]?.oneOf(Schedule.Mode.self) ?? .interval
        let batchWindow = try schedule?["batchWindow"]?.duration(minimum: .milliseconds(10), maximum: .seconds(60)) ?? .milliseconds(200)
        let pollInterval = try schedule?["pollInterval"]?.duration(minimum: .milliseconds(100)) ?? .seconds(1)
        let history = try top["runHistory"]?.mapping(allowed: ["keep"])
        let retention = try history?["keep"]?.duration() ?? .seconds(7 * 86_400)
        // The window counts exports from the run history: it cannot reach past what is kept.
        if let window = deletionThreshold.window, let windowNode, window > retention {
            throw windowNode.error(
                "\(DurationText.format(window)) is longer than the run history is kept (runHistory.keep: \(DurationText.format(retention))): "
                    + "the deletes it should count would be pruned first")
        }
        let objectTypes = try decodeObjectTypes(top["objectTypes"])
        let builtInRules = try top["builtInRules"]?.bool() ?? true
        let connectors = try decodeConnectors(try top.required("connectors"), folder: folder, objectTypes: objectTypes)
        let rules = try SyncRules.decode(top["rules"], builtIn: builtInRules, connectors: connectors, objectTypes: objectTypes)
        let configuration = Configuration(
            file: absoluteFile, statePath: statePath, store: store, keyFile: keyFile, deletionThreshold: deletionThreshold, shrinkGuard: shrinkGuard,
            errorLimit: errorLimit, stagingMode: stagingMode,
            schedule: Schedule(
                interval: interval, enabled: enabled, passwordSync: passwordSync, mode: mode, batchWindow: batchWindow, pollInterval: pollInterval),
            runHistoryRetention: retention, objectTypes: objectTypes, rules: rules, connectors: connectors)
        // Every expression is parsed and type-checked now: an error names file:line:column.
        _ = try RuleSet.compile(configuration)
        return configuration
    }

    /// `store: sqlite` (the default) or `store: { postgres: { url:, user:, passwordFile:, tls:, caFile: } }`.
    private static func decodeStore(_ node: ConfigurationNode, folder: String) throws(ConfigurationError) -> StoreConfiguration {
        guard case .mapping = node.node else {
            guard try node.nonEmptyString() == "sqlite" else { throw node.error("expected sqlite or { postgres: { url:, user:, passwordFile: } }") }
            return .sqlite
        }
        let postgres = try node.mapping(allowed: ["postgres"]).required("postgres")
        let map = try postgres.mapping(allowed: ["url", "user", "passwordFile", "tls", "caFile", "schema", "leaseTime"])
        let urlNode = try map.required("url")
        let checked = PostgresSettings.checked(
            url: try urlNode.nonEmptyString(), user: try map.required("user").nonEmptyString(),
            passwordFile: ConfigurationPath.resolve(try map.required("passwordFile").nonEmptyString(), against: folder),
            tls: try map["tls"]?.oneOf(PostgresSettings.TLS.self) ?? .verifyFull,
            caFile: try map["caFile"].map { node throws(ConfigurationError) in ConfigurationPath.resolve(try node.nonEmptyString(), against: folder)
            },
            schema: try map["schema"]?.nonEmptyString() ?? "public")
        let leaseTime = try map["leaseTime"]?.duration(minimum: .seconds(3), maximum: .seconds(600)) ?? .seconds(10)
        switch checked {
        case .success(var settings):
            settings.leaseTime = leaseTime
            return .postgres(settings)
        case .failure(let problem): throw (map[problem.key] ?? urlNode).error(problem.message)
        }
    }

    /// `deletionThreshold: 500` (a count) or `{ count: 500, percent: 10, window: 1h }` (`window:
    /// off` weighs each export alone).
    /// Returns the `window:` node too, for the check against the run history's retention.
    private static func decodeDeletionThreshold(
        _ node: ConfigurationNode
    ) throws(ConfigurationError) -> (DeletionThreshold, window: ConfigurationNode?) {
        guard case .mapping = node.node else { return (DeletionThreshold(count: try node.int(in: 0...Int.max)), nil) }
        let map = try node.mapping(allowed: ["count", "percent", "window"])
        var window: Duration?
        if let node = map["window"] {
            window = try node.nonEmptyString() == "off" ? .zero : try node.duration(minimum: .seconds(1), maximum: .seconds(30 * 86_400))
        }
        let threshold = DeletionThreshold(
            count: try map["count"]?.int(in: 0...Int.max) ?? DeletionThreshold.defaultCount,
            percent: try map["percent"]?.int(in: 1...100) ?? DeletionThreshold.defaultPercent, window: window)
        return (threshold, map["window"])
    }

    /// `shrinkGuard: off`, or `{ percent: 50, minimum: 3 }`.
    private static func decodeShrinkGuard(_ node: ConfigurationNode) throws(ConfigurationError) -> ShrinkGuard {
        guard case .mapping = node.node else {
            guard try !node.bool() else { return ShrinkGuard() }
            return ShrinkGuard(enabled: false)
        }
        let map = try node.mapping(allowed: ["percent", "minimum"])
        let defaults = ShrinkGuard()
        return ShrinkGuard(
            percent: try map["percent"]?.int(in: 1...100) ?? defaults.percent,
            minimum: try map["minimum"]?.int(in: 1...Int.max) ?? defaults.minimum)
    }

    /// `objectTypes: { device: {} }`: metaverse object types besides person and group.
    private static func decodeObjectTypes(_ node: ConfigurationNode?) throws(ConfigurationError) -> [ObjectType] {
        guard let node else { return ObjectType.builtIn }
        guard case .mapping(let mapping) = node.node else { throw node.error("expected object type names (device: {}), found \(node.kind)") }
        var types = ObjectType.builtIn
        for (key, value) in mapping {
            let keyNode = ConfigurationNode(node: key, path: node.path, file: node.file)
            let name = try keyNode.nonEmptyString()
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), name.first?.isLetter == true else {
                throw keyNode.error("\"\(name)\" is not an object type name: letters, digits, - and _, starting with a letter")
            }
            _ = try node.child(name, value).mapping(allowed: [])
            if !types.contains(ObjectType(name)) { types.append(ObjectType(name)) }
        }
        return types
    }

    /// Reads `connectors:` and checks the set: unique names, at least one source and one target.
    private static func decodeConnectors(
        _ node: ConfigurationNode, folder: String, objectTypes: [ObjectType]
    ) throws(ConfigurationError) -> [ConnectorConfiguration] {
        let items = try node.list()
        guard !items.isEmpty else {
            throw node.error("the list is empty; configure at least one source and exactly one target")
        }
        var connectors: [ConnectorConfiguration] = []
        for item in items {
            let connector = try ConnectorConfiguration.decode(item, folder: folder, objectTypes: objectTypes)
            if let same = connectors.firstIndex(where: { $0.name.lowercased() == connector.name.lowercased() }) {
                throw value("name", of: item).error(
                    "the name \(connector.name) is already used by connectors[\(same)] (names are compared ignoring case)")
            }
            connectors.append(connector)
        }
        guard connectors.contains(where: { $0.role == .target }) else {
            throw node.error("no connector has role: target; at least one target is required")
        }
        guard connectors.contains(where: { $0.role == .source }) else {
            throw node.error("no connector has role: source; at least one source is required")
        }
        return connectors
    }

    /// The node of `key` inside the mapping `item`, or `item` itself when it is not there
    /// directly (for example when it came through a `<<` merge).
    private static func value(_ key: String, of item: ConfigurationNode) -> ConfigurationNode {
        item.child(key, item.value(of: key) ?? item.node)
    }
}
