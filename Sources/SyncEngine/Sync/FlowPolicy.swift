/// What ldapsync may read from a connector and what it manages in a target, from the rules:
/// attributes that never flow (anchors, directory-maintained and security ones), the fallback
/// list of reference attributes (before a directory's schema says which are DNs), and per target
/// object type, which attributes an export compares, writes and removes (the rest are the
/// directory's own).
public struct FlowPolicy: Sendable {
    /// Attributes holding DNs of other objects, when the directory's schema is not known yet.
    public static let referenceAttributes: Set<String> = ["member", "uniquemember", "owner", "manager", "secretary", "seealso", "roleoccupant"]

    /// Attributes that never flow in either direction and are never touched in a target:
    /// anchors, directory-maintained and security attributes.
    public static let protectedAttributes: Set<String> = [
        "entryuuid", "objectguid", "objectsid", "entrycsn", "entrydn", "createtimestamp", "modifytimestamp",
        "creatorsname", "modifiersname", "structuralobjectclass", "subschemasubentry", "hassubordinates",
        "pwdpolicysubentry", "pwdchangedtime", "pwdaccountlockedtime", "pwdfailuretime", "pwdhistory",
        "userpassword", "unicodepwd", "memberof", "usnchanged", "usncreated", "whenchanged", "whencreated",
        "dscorepropagationdata", "instancetype", "objectcategory", "samaccounttype", "primarygroupid", "badpwdcount",
        "badpasswordtime", "lastlogon", "lastlogontimestamp", "logoncount", "pwdlastset", "accountexpires",
        "lastlogoff", "codepage", "countrycode", "distinguishedname", "name",
    ]

    public let rules: RuleSet
    public let target: ConnectorConfiguration
    /// What the target's outbound rules manage, per type (computed once: on every attribute's path).
    private let managed: [ObjectType: Managed]

    private struct Managed {
        var keys = Set<String>()
        var flowAll = false
        /// Left out of `flowAll` by every rule that has it.
        var excluded: Set<String>?
    }

    /// The policy of one target.
    public init(rules: RuleSet, target: ConnectorConfiguration) {
        self.rules = rules
        self.target = target
        var managed: [ObjectType: Managed] = [:]
        for rule in rules.rules where rule.spec.direction == .outbound && rule.spec.connector.lowercased() == target.name.lowercased() {
            var entry = managed[rule.spec.objectType] ?? Managed()
            entry.keys.formUnion(rule.flows.map(\.key))
            if rule.accountDisabled != nil || rule.spec.deprovision == .disable { entry.keys.insert(AccountState.attribute(target.flavor)) }
            if rule.spec.flowAll {
                entry.flowAll = true
                entry.excluded = entry.excluded.map { $0.intersection(rule.excluded) } ?? rule.excluded
            }
            managed[rule.spec.objectType] = entry
        }
        self.managed = managed
    }

    /// Whether an attribute (lowercased) may flow at all (`flowAll`).
    public static func flows(_ key: String) -> Bool {
        !protectedAttributes.contains(key) && !AttributeSet.secretAttributes.contains(key) && !key.hasPrefix("pwd")
            && key != BuiltInRules.accountDisabled.lowercased()
    }

    /// Whether ldapsync manages attribute `key` (lowercased) of the target's objects of a type
    /// (compares it, writes it, removes it when the rules give no value): what the outbound
    /// rules flow, everything flowable with `flowAll`, and the account state.
    public func manages(_ key: String, objectType: ObjectType) -> Bool {
        guard let entry = managed[objectType] else { return false }
        if entry.keys.contains(key) { return true }
        return entry.flowAll && Self.flows(key) && !(entry.excluded?.contains(key) ?? false)
    }
}

/// The order an export writes a target's objects in: adds, then updates, then deletes; within
/// adds and updates, objects that list others (groups) after the others (AD refuses a member
/// that does not exist yet; slapd's refint must not rewrite a group while ours is in flight).
/// The store's query and the exporter's phases both come from here.
public enum ExportOrder {
    /// The types exported after the others in each phase.
    public static func laterTypes(_ target: ConnectorConfiguration, rules: RuleSet) -> [ObjectType] {
        target.objectTypes.map { ObjectType($0.name) }.filter { type in
            type == .group
                || rules.outbound(target.name, type).contains { rule in
                    rule.flows.contains { ["member", "uniquemember"].contains($0.key) }
                }
        }
    }

    /// The phase of one pending export: 0 adds, 1 later types' adds, 2 updates, 3 later types'
    /// updates, 4 deletes. Each phase is finished before the next starts.
    public static func phase(_ pending: PendingExport, _ type: ObjectType, later: Set<ObjectType>) -> Int {
        let isLater = later.contains(type)
        switch pending {
        case .add, .none: return isLater ? 1 : 0
        case .update: return isLater ? 3 : 2
        case .delete: return 4
        }
    }
}
