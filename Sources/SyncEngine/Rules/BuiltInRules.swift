/// The rules ldapsync applies where the configuration writes none, as data (`ldapsync rules
/// show` prints them; an admin copies one into `rules:` to change it).
///
/// OpenLDAP sources flow every attribute as is (people join on `uid`, groups on `cn`); Active
/// Directory sources are mapped to the inetOrgPerson-shaped metaverse by expressions
/// (`sAMAccountName` → `uid`, `department` → `departmentNumber`, the disabled bit of
/// `userAccountControl` → `ldapsyncAccountDisabled`). Every target gets every person and group:
/// OpenLDAP targets everything as is under the source's structure, Active Directory targets the
/// mapped attributes, `CN=` naming, `sAMAccountName` and `userPrincipalName`.
public enum BuiltInRules {
    /// The metaverse attribute holding a person's account state: `TRUE` (disabled) or `FALSE`.
    public static let accountDisabled = "ldapsyncAccountDisabled"

    /// The built-in rules for every connector and type of `configuration`.
    public static func specs(for configuration: Configuration) -> [RuleSpec] {
        var specs: [RuleSpec] = []
        for connector in configuration.connectors {
            for type in connector.objectTypes.map({ ObjectType($0.name) }) where ObjectType.builtIn.contains(type) {
                let adjust = configuration.rules.rule(for: type.rawValue) ?? ObjectRule(join: [])
                switch connector.role {
                case .source: specs.append(inbound(connector, type, adjust))
                case .target: specs.append(outbound(connector, type, adjust))
                }
            }
        }
        return specs
    }

    private static func expression(_ text: String) -> RuleExpression { RuleExpression(text) }

    private static func flows(_ pairs: [(String, String)]) -> [FlowSpec] {
        pairs.map { FlowSpec($0.0, expression($0.1)) }
    }

    // MARK: Inbound

    /// Metaverse attribute ← expression over an AD user or contact.
    static let adPersonInbound: [(String, String)] = [
        ("uid", "Coalesce(uid, sAMAccountName)"), ("cn", "cn"), ("sn", "Coalesce(sn, cn)"), ("givenName", "givenName"),
        ("displayName", "displayName"), ("mail", "mail"), ("telephoneNumber", "telephoneNumber"), ("mobile", "mobile"),
        ("title", "title"), ("description", "description"), ("initials", "initials"), ("l", "l"), ("st", "st"),
        ("street", "Coalesce(street, streetAddress)"), ("postalCode", "postalCode"),
        ("physicalDeliveryOfficeName", "physicalDeliveryOfficeName"), ("facsimileTelephoneNumber", "facsimileTelephoneNumber"),
        ("employeeNumber", "Coalesce(employeeNumber, employeeID)"), ("departmentNumber", "department"), ("o", "company"),
        ("manager", "manager"),
        (accountDisabled, #"IIF(IsPresent(userAccountControl), IIF(BitAnd(userAccountControl, 2) = 2, "TRUE", "FALSE"), Null)"#),
    ]

    /// Metaverse attribute ← expression over an AD group.
    static let adGroupInbound: [(String, String)] = [("cn", "cn"), ("description", "description"), ("mail", "mail"), ("member", "member")]

    static func inbound(_ connector: ConnectorConfiguration, _ type: ObjectType, _ adjust: ObjectRule) -> RuleSpec {
        var spec = RuleSpec(
            name: "built-in: \(connector.name) \(type) in", connector: connector.name, direction: .inbound,
            objectType: type, builtIn: true)
        switch connector.flavor {
        case .openldap:
            spec.flowAll = true
            spec.exclude = adjust.exclude
            spec.join = adjust.join.map { JoinSpec(connectorSide: expression($0), metaverse: $0) }
        case .activeDirectory:
            let mapping = type == .person ? adPersonInbound : adGroupInbound
            spec.flows = flows(mapping.filter { pair in !adjust.exclude.contains { $0.lowercased() == pair.0.lowercased() } })
            // A join on a metaverse attribute reads the AD attribute it is mapped from.
            spec.join = adjust.join.map { name in
                JoinSpec(connectorSide: expression(mapping.first { $0.0.lowercased() == name.lowercased() }?.1 ?? name), metaverse: name)
            }
        }
        return spec
    }

    // MARK: Outbound

    /// Characters AD refuses in a sAMAccountName, replaced by `_`.
    static let samAccountNameRefused = #"\"/\\[]:;|=,+*?<>@"#

    /// AD attribute ← expression over the metaverse object (person).
    static let adPersonOutbound: [(String, String)] = [
        ("cn", "cn"), ("sn", "sn"), ("givenName", "givenName"), ("displayName", "displayName"), ("mail", "mail"),
        ("telephoneNumber", "telephoneNumber"), ("mobile", "mobile"), ("title", "title"), ("description", "description"),
        ("initials", "initials"), ("l", "l"), ("st", "st"), ("streetAddress", "street"), ("postalCode", "postalCode"),
        ("physicalDeliveryOfficeName", "physicalDeliveryOfficeName"), ("facsimileTelephoneNumber", "facsimileTelephoneNumber"),
        ("employeeID", "employeeNumber"), ("department", "departmentNumber"), ("company", "o"), ("manager", "manager"),
        ("sAMAccountName", "Left(ReplaceChars(ItemOrNull(uid, 1), \"\(samAccountNameRefused)\", \"_\"), 20)"),
        ("userPrincipalName", #"ItemOrNull(uid, 1) & "@" & DNSDomain(baseDN)"#),
    ]

    /// AD attribute ← expression over the metaverse object (group).
    static let adGroupOutbound: [(String, String)] = [
        ("cn", "cn"), ("description", "description"), ("mail", "mail"), ("member", "member"),
        ("sAMAccountName", "Left(ReplaceChars(ItemOrNull(cn, 1), \"\(samAccountNameRefused)\", \"_\"), 64)"),
    ]

    static func outbound(_ connector: ConnectorConfiguration, _ type: ObjectType, _ adjust: ObjectRule) -> RuleSpec {
        var spec = RuleSpec(
            name: "built-in: \(connector.name) \(type) out", connector: connector.name, direction: .outbound,
            objectType: type, builtIn: true)
        if type == .person { spec.accountDisabled = expression(accountDisabled) }
        switch connector.flavor {
        case .openldap:
            spec.flowAll = true
            spec.exclude = adjust.exclude + [accountDisabled]
            spec.join = adjust.join.map { JoinSpec(connectorSide: expression($0), metaverse: $0) }
        case .activeDirectory:
            let mapping = type == .person ? adPersonOutbound : adGroupOutbound
            spec.flows = flows(mapping.filter { pair in !adjust.exclude.contains { $0.lowercased() == pair.1.lowercased() } })
            // People and groups are named by CN in AD, under the source's structure.
            spec.dn = expression(#""CN=" & EscapeDNComponent(ItemOrNull(cn, 1)) & "," & targetContainer"#)
            spec.join = adjust.join.map { name in
                JoinSpec(connectorSide: expression(name.lowercased() == "uid" ? "Coalesce(uid, sAMAccountName)" : name), metaverse: name)
            }
        }
        return spec
    }
}
