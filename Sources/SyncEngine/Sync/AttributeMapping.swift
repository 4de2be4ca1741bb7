import LDAPProtocol

/// How a directory's attributes map to the metaverse's and back.
///
/// The metaverse is shaped like OpenLDAP's inetOrgPerson and groupOfNames, so OpenLDAP
/// connectors flow attributes as they are. Active Directory connectors are translated: inbound,
/// `sAMAccountName` becomes `uid`, `department` `departmentNumber`, `employeeID`
/// `employeeNumber`, `company` `o`, and `userAccountControl`'s disabled bit becomes the
/// metaverse's account state; outbound, the reverse, plus `userPrincipalName` (uid@domain).
/// AD attributes with no metaverse counterpart stay in the connector space only.
public enum AttributeMapping {
    /// The metaverse attribute holding a person's account state: "TRUE" (disabled) or "FALSE".
    public static let accountDisabled = "ldapsyncAccountDisabled"
    /// What OpenLDAP's ppolicy reads as "locked by an administrator" (a disabled account).
    public static let permanentLock = "000001010000Z"

    /// Metaverse name ← AD names tried in order (person).
    static let adPersonInbound: [(String, [String])] = [
        ("uid", ["uid", "sAMAccountName"]), ("cn", ["cn"]), ("sn", ["sn", "cn"]), ("givenName", ["givenName"]),
        ("displayName", ["displayName"]), ("mail", ["mail"]), ("telephoneNumber", ["telephoneNumber"]), ("mobile", ["mobile"]),
        ("title", ["title"]), ("description", ["description"]), ("initials", ["initials"]), ("l", ["l"]), ("st", ["st"]),
        ("street", ["street", "streetAddress"]), ("postalCode", ["postalCode"]),
        ("physicalDeliveryOfficeName", ["physicalDeliveryOfficeName"]), ("facsimileTelephoneNumber", ["facsimileTelephoneNumber"]),
        ("employeeNumber", ["employeeNumber", "employeeID"]), ("departmentNumber", ["department"]), ("o", ["company"]),
        ("manager", ["manager"]),
    ]
    /// Metaverse name ← AD names tried in order (group).
    static let adGroupInbound: [(String, [String])] = [("cn", ["cn"]), ("description", ["description"]), ("mail", ["mail"]), ("member", ["member"])]

    /// AD name ← metaverse name (person), besides the computed sAMAccountName, UPN and account state.
    static let adPersonOutbound: [(String, String)] = [
        ("sn", "sn"), ("givenName", "givenName"), ("displayName", "displayName"), ("mail", "mail"),
        ("telephoneNumber", "telephoneNumber"), ("mobile", "mobile"), ("title", "title"), ("description", "description"),
        ("initials", "initials"), ("l", "l"), ("st", "st"), ("streetAddress", "street"), ("postalCode", "postalCode"),
        ("physicalDeliveryOfficeName", "physicalDeliveryOfficeName"), ("facsimileTelephoneNumber", "facsimileTelephoneNumber"),
        ("employeeID", "employeeNumber"), ("department", "departmentNumber"), ("company", "o"), ("manager", "manager"),
    ]
    /// AD name ← metaverse name (group), besides the computed sAMAccountName.
    static let adGroupOutbound: [(String, String)] = [("description", "description"), ("mail", "mail"), ("member", "member")]

    /// The attributes ldapsync manages in an AD target object (lowercased); the rest (SIDs,
    /// timestamps, what admins set there) is the target's own. `cn` is the RDN: renames change it.
    static let adManaged: [String: Set<String>] = [
        "person": Set(adPersonOutbound.map { $0.0.lowercased() } + ["samaccountname", "userprincipalname", "useraccountcontrol"]),
        "group": Set(adGroupOutbound.map { $0.0.lowercased() } + ["samaccountname"]),
    ]

    /// A connector space object's attributes as the metaverse names them.
    public static func inbound(_ attributes: AttributeSet, flavor: ConnectorFlavor, objectType: String) -> AttributeSet {
        guard flavor == .activeDirectory else { return attributes }
        var mapped = AttributeSet()
        for (name, candidates) in objectType == "group" ? adGroupInbound : adPersonInbound {
            if let found = candidates.first(where: { !attributes[$0].isEmpty }) { mapped[name] = attributes[found] }
        }
        if objectType == "person", let control = attributes.string("userAccountControl").flatMap(Int.init) {
            mapped[accountDisabled] = [Array((control & 2 != 0 ? "TRUE" : "FALSE").utf8)]
        }
        return mapped
    }

    /// The attributes a target object should have, from what the metaverse wants (`desired`,
    /// already filtered by the rules and with references translated) and what the target
    /// holds now (`current`, nil for a new object).
    public static func outbound(_ desired: AttributeSet, target: ConnectorConfiguration, objectType: String, current: AttributeSet?) -> AttributeSet {
        let disabled = desired.string(accountDisabled)
        switch target.flavor {
        case .openldap:
            var attributes = desired
            attributes[accountDisabled] = []
            // A source that names no object classes (AD) leaves the target's as they are.
            if attributes["objectClass"].isEmpty { attributes["objectClass"] = current?["objectClass"] ?? [] }
            guard objectType == "person" else { return attributes }
            // A disabled account is locked the way ppolicy admins lock one; lockouts ppolicy set
            // itself (failed binds: a real time) are left alone.
            let lock = current?.string("pwdAccountLockedTime")
            switch disabled {
            case "TRUE": attributes["pwdAccountLockedTime"] = [Array(permanentLock.utf8)]
            case "FALSE": attributes["pwdAccountLockedTime"] = lock == nil || lock == permanentLock ? [] : current?["pwdAccountLockedTime"] ?? []
            default: attributes["pwdAccountLockedTime"] = current?["pwdAccountLockedTime"] ?? []
            }
            return attributes
        case .activeDirectory:
            var attributes = AttributeSet()
            for (name, source) in objectType == "group" ? adGroupOutbound : adPersonOutbound where !desired[source].isEmpty {
                attributes[name] = desired[source]
            }
            if !desired["cn"].isEmpty { attributes["cn"] = desired["cn"] }
            let account = objectType == "group" ? desired.string("cn") : desired.string("uid")
            if let account { attributes.set("sAMAccountName", [samAccountName(account, limit: objectType == "group" ? 64 : 20)]) }
            if objectType == "person" {
                if let uid = desired.string("uid"), let domain = domainName(target.baseDN) {
                    attributes.set("userPrincipalName", ["\(uid)@\(domain)"])
                }
                // Only the disabled bit is ours; other flags set in AD stay as they are.
                let now = current?.string("userAccountControl").flatMap(Int.init) ?? 512
                let control = disabled == "TRUE" ? now | 2 : (disabled == "FALSE" ? now & ~2 : now)
                attributes.set("userAccountControl", [String(control)])
            }
            return attributes
        }
    }

    /// Whether ldapsync manages attribute `key` (lowercased) in a target of `flavor`.
    public static func manages(_ key: String, flavor: ConnectorFlavor, objectType: String, policy: FlowPolicy) -> Bool {
        switch flavor {
        case .openldap: policy.flows(key, objectType: objectType) || (objectType == "person" && key == "pwdaccountlockedtime")
        case .activeDirectory: adManaged[objectType]?.contains(key) ?? false
        }
    }

    /// A sAMAccountName from a uid or group name: characters AD refuses replaced, at most `limit`.
    static func samAccountName(_ name: String, limit: Int) -> String {
        let refused = Set("\"/\\[]:;|=,+*?<>@")
        return String(name.map { refused.contains($0) ? "_" : $0 }.prefix(limit))
    }

    /// The DNS domain of a base DN made of DC components (`DC=contoso,DC=com` → contoso.com).
    static func domainName(_ base: DistinguishedName) -> String? {
        let parts = base.rdns.compactMap { rdn -> String? in
            guard let ava = rdn.attributes.first, rdn.attributes.count == 1, ava.type.lowercased() == "dc" else { return nil }
            return ava.value
        }
        return parts.count == base.rdns.count && !parts.isEmpty ? parts.joined(separator: ".") : nil
    }
}
