import Yams

/// The entries of one YAML mapping, checked against the keys its section allows.
///
/// Unknown keys are errors that list the allowed ones (a misspelt `containers:` silently ignored
/// would sync the whole directory); password keys get their own error, since a password must
/// never be written into the file. YAML merge keys (`<<: *defaults`) are honoured, with the
/// mapping's own keys taking precedence, so connectors can share settings through an anchor.
struct ConfigurationMapping {
    /// The mapping itself, for errors about missing keys.
    let node: ConfigurationNode
    private var entries: [String: ConfigurationNode] = [:]

    /// Reads `node` as a mapping whose keys must all be in `allowed`; null reads as empty.
    /// `connectorName` makes the password advice name the right connector.
    init(_ node: ConfigurationNode, allowed: [String], connectorName: String? = nil) throws(ConfigurationError) {
        self.node = node
        if node.isNull { return }
        guard case .mapping(let mapping) = node.node else {
            throw node.error("expected a mapping of \(allowed.joined(separator: ", ")), found \(node.kind)")
        }
        var merges: [ConfigurationNode] = []
        for (keyNode, value) in mapping {
            let keyed = ConfigurationNode(node: keyNode, path: node.path, file: node.file)
            guard case .scalar(let scalar) = keyNode else {
                throw keyed.error("keys must be names, found \(keyed.kind)")
            }
            let key = scalar.string
            if key == "<<" && scalar.style == .plain {
                merges.append(ConfigurationNode(node: value, path: node.path, file: node.file))
                continue
            }
            let child = node.child(key, value)
            guard allowed.contains(key) else {
                throw ConfigurationNode(node: keyNode, path: child.path, file: node.file)
                    .error(Self.unknownKeyMessage(key, allowed: allowed, connectorName: connectorName))
            }
            entries[key] = child
        }
        for merge in merges {
            let sources = merge.node.sequence != nil ? try merge.list() : [merge]
            for source in sources {
                let merged = try ConfigurationMapping(source, allowed: allowed, connectorName: connectorName)
                entries.merge(merged.entries) { own, _ in own }
            }
        }
    }

    /// The value of `key`, or nil when the key is absent or its value is null.
    subscript(key: String) -> ConfigurationNode? {
        guard let value = entries[key], !value.isNull else { return nil }
        return value
    }

    /// The value of `key`; an error located at the mapping when it is absent, at the key's
    /// empty value when it is null.
    func required(_ key: String) throws(ConfigurationError) -> ConfigurationNode {
        if let value = self[key] { return value }
        if let empty = entries[key] { throw empty.error("needs a value") }
        throw node.child(key, node.node).error("the required key \(key) is missing")
    }

    /// "Unknown key" with a suggestion when the key looks like an allowed one; passwords are
    /// refused with the command that stores them instead.
    static func unknownKeyMessage(_ key: String, allowed: [String], connectorName: String?) -> String {
        if key.lowercased().contains("password") {
            return "passwords never go in the configuration file; store the connector's password "
                + "encrypted with `ldapsync connector set-password \(connectorName ?? "NAME") --password-stdin`"
        }
        let list = allowed.joined(separator: ", ")
        let close =
            allowed.first { $0.lowercased() == key.lowercased() }
            ?? allowed.first { key.count > 3 && editDistance($0.lowercased(), key.lowercased()) <= 2 }
        let hint = close.map { "did you mean \($0)? " } ?? ""
        return "unknown key \"\(key)\"; \(hint)the allowed keys here are: \(list)"
    }

    /// Levenshtein distance, for "did you mean" hints on short keys.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension ConfigurationNode {
    /// This node as a mapping restricted to `allowed` keys.
    func mapping(allowed: [String], connectorName: String? = nil) throws(ConfigurationError) -> ConfigurationMapping {
        try ConfigurationMapping(self, allowed: allowed, connectorName: connectorName)
    }
}
