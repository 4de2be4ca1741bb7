/// Which attributes flow, which are references, and how objects are matched: the default
/// rules (DESIGN.md: all non-operational attributes except the excluded ones).
public struct FlowPolicy: Sendable {
    /// Attributes holding DNs of other synced objects, translated through the metaverse.
    public static let referenceAttributes: Set<String> = AttributeSet.dnValuedAttributes.subtracting(["uniquemember"])

    /// Attributes that never flow in either direction and are never touched in a target:
    /// anchors, directory-maintained and security attributes.
    public static let protectedAttributes: Set<String> = [
        "entryuuid", "objectguid", "objectsid", "entrycsn", "entrydn", "createtimestamp", "modifytimestamp",
        "creatorsname", "modifiersname", "structuralobjectclass", "subschemasubentry", "hassubordinates",
        "pwdpolicysubentry", "pwdchangedtime", "pwdaccountlockedtime", "pwdfailuretime", "pwdhistory",
        "userpassword", "unicodepwd", "memberof",
    ]

    public let rules: SyncRules
    /// The target connector's flavor: which attributes of a target object ldapsync manages.
    public let targetFlavor: ConnectorFlavor
    /// Excluded names per object type, computed once (this is on every attribute's path).
    private let excludedByType: [String: Set<String>]

    /// A policy over the configured rules.
    public init(rules: SyncRules, targetFlavor: ConnectorFlavor = .openldap) {
        self.rules = rules
        self.targetFlavor = targetFlavor
        var excluded: [String: Set<String>] = [:]
        for type in ["person", "group"] {
            excluded[type] = Self.protectedAttributes.union((rules.rule(for: type)?.exclude ?? []).map { $0.lowercased() })
        }
        excludedByType = excluded
    }

    /// Lowercased names excluded for an object type (rules plus protected).
    public func excluded(_ objectType: String) -> Set<String> {
        excludedByType[objectType] ?? Self.protectedAttributes.union((rules.rule(for: objectType)?.exclude ?? []).map { $0.lowercased() })
    }

    /// Whether an attribute (lowercased) flows for this object type.
    public func flows(_ key: String, objectType: String) -> Bool {
        !excluded(objectType).contains(key) && !key.hasPrefix("pwd")
    }

    /// Whether ldapsync manages attribute `key` (lowercased) of a target object: compares it,
    /// writes it, removes it when the metaverse has none (see `AttributeMapping.manages`).
    public func manages(_ key: String, objectType: String) -> Bool {
        AttributeMapping.manages(key, flavor: targetFlavor, objectType: objectType, policy: self)
    }

    /// The join key of a set of attributes: the first configured join attribute present,
    /// lowercased, prefixed by the attribute so `uid` and `mail` values never collide.
    public func joinKey(_ attributes: AttributeSet, objectType: String) -> String? {
        for name in rules.rule(for: objectType)?.join ?? [] {
            if let value = attributes.string(name), !value.isEmpty { return "\(name.lowercased())=\(value.lowercased())" }
        }
        return nil
    }
}
