import LDAPProtocol

extension ConnectorConfiguration {
    /// The `containers:` list made absolute: `ou=people` is relative to `base`, a full DN must
    /// lie within it, and no container may be inside another (its objects would be imported twice).
    static func resolvedContainers(
        _ node: ConfigurationNode?, base: DistinguishedName
    ) throws(ConfigurationError) -> [DistinguishedName] {
        guard let node else { return [] }
        var resolved: [(dn: DistinguishedName, node: ConfigurationNode)] = []
        for item in try node.list() {
            _ = try item.nonEmptyString()
            let dn = try distinguishedName(item)
            let container: DistinguishedName
            if dn.isWithin(base) {
                container = dn
            } else if namesNamingContext(dn) {
                // A lone `dc=x` is what `[ou=people,dc=x,dc=com]` splits into: commas separate flow items.
                let commas =
                    dn.rdns.count == 1 && item.node.scalar?.style == .plain
                    ? "; in [a, b] lists commas separate the items, so quote full DNs" : ""
                throw item.error(
                    "\(dn) is outside the base \(base); write a container relative to the base (ou=people) "
                        + "or a full DN within it\(commas)")
            } else {
                container = DistinguishedName(rdns: dn.rdns + base.rdns)
            }
            for earlier in resolved {
                let other = "\(earlier.node.path) on line \(earlier.node.node.mark?.line ?? 0)"
                if container == earlier.dn {
                    throw item.error("\(container) is listed twice (also \(other))")
                }
                if container.isWithin(earlier.dn) {
                    throw item.error("\(container) is inside \(other) (\(earlier.dn)), which already includes it")
                }
                if earlier.dn.isWithin(container) {
                    throw item.error("\(container) contains \(other) (\(earlier.dn)); list only the outer container")
                }
            }
            resolved.append((container, item))
        }
        return resolved.map(\.dn)
    }

    /// Whether the top component of `dn` names a naming context (`dc=`, `o=`, `c=`), which
    /// marks a full DN rather than one relative to the base.
    private static func namesNamingContext(_ dn: DistinguishedName) -> Bool {
        guard let top = dn.rdns.last else { return false }
        return top.attributes.allSatisfy { ["dc", "o", "c"].contains($0.type.lowercased()) }
    }
}
