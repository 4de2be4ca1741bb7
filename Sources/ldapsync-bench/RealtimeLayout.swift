import LDAPClient

/// Options of `ldapsync-bench realtime`.
struct RealtimeOptions {
    let sourceURI, sourceBindDN, sourcePasswordFile, sourceBase: String
    let sourceCAFile: String?
    let targetURI, targetBindDN, targetPasswordFile, targetBase: String
    let rate, seconds, users: Int
    let phase: String
    let layout: RealtimeLayout

    init(_ arguments: BenchArguments) throws(BenchUsageError) {
        let known: Set<String> = [
            "source-uri", "source-bind-dn", "source-password-file", "source-base", "source-ca-file", "target-uri", "target-bind-dn",
            "target-password-file", "target-base", "rate", "seconds", "users", "phase", "flavor", "source-people", "source-scratch",
        ]
        let extra = arguments.unknown(besides: known)
        guard extra.isEmpty else { throw BenchUsageError("unknown option --\(extra[0])") }
        sourceURI = try arguments.required("source-uri")
        sourceBindDN = try arguments.required("source-bind-dn")
        sourcePasswordFile = try arguments.required("source-password-file")
        sourceBase = try arguments.required("source-base")
        sourceCAFile = try? arguments.required("source-ca-file")
        targetURI = try arguments.required("target-uri")
        targetBindDN = try arguments.required("target-bind-dn")
        targetPasswordFile = try arguments.required("target-password-file")
        targetBase = try arguments.required("target-base")
        rate = try arguments.integer("rate", default: 100)
        seconds = try arguments.integer("seconds", default: 30)
        users = try arguments.integer("users", default: 100_000)
        phase = try arguments.required("phase")
        switch (try? arguments.required("flavor")) ?? "openldap" {
        case "openldap":
            layout = .openLDAP(base: sourceBase, users: users)
        case "active-directory":
            layout = .activeDirectory(
                people: try arguments.required("source-people"), scratch: try arguments.required("source-scratch"), users: users)
        case let other:
            throw BenchUsageError("--flavor must be openldap or active-directory, not \"\(other)\"")
        }
    }
}

/// Where the real-time benchmark finds and puts things in the source, per directory flavor:
/// the bench's OpenLDAP tree (`uid=user000001,ou=people`, `cn=group0001,ou=groups`), or an AD
/// OU seeded by `ad-seed` (`CN=bench-u000000,OU=Bench20k`) with a scratch OU for the people it
/// adds and the groups it changes, so the seeded OU keeps its count (`bench-rt-g1` … `g5`,
/// made by scripts/bench/lib/ad_realtime.sh).
/// The target holds the same containers under its own base (the built-in rules rebase DNs).
struct RealtimeLayout {
    enum Flavor { case openLDAP, activeDirectory }
    let flavor: Flavor
    /// Containers whose people are compared (one level), in the source.
    let peopleContainers: [String]
    /// Where added people go.
    let scratch: String
    /// The groups whose membership changes.
    let groups: [String]
    /// The attribute that names a person in the source (the target's `uid` comes from it).
    let key: String
    let personFilter: String
    /// An existing person's DN.
    let person: @Sendable (Int) -> String
    /// The range of existing people's numbers.
    let people: ClosedRange<Int>

    static func openLDAP(base: String, users: Int) -> RealtimeLayout {
        let container = "ou=people,\(base)"
        let width = max(6, String(users).count)
        return RealtimeLayout(
            flavor: .openLDAP, peopleContainers: [container], scratch: container,
            groups: (1...20).map { "cn=group\(String(repeating: "0", count: 4 - String($0).count))\($0),ou=groups,\(base)" },
            key: "uid", personFilter: "(objectClass=inetOrgPerson)",
            person: { "uid=user\(String(repeating: "0", count: max(0, width - String($0).count)))\($0),\(container)" },
            people: 1...users)
    }

    static func activeDirectory(people: String, scratch: String, users: Int) -> RealtimeLayout {
        RealtimeLayout(
            flavor: .activeDirectory, peopleContainers: [people, scratch], scratch: scratch,
            groups: (1...5).map { "CN=bench-rt-g\($0),\(scratch)" },
            key: "sAMAccountName", personFilter: "(&(objectCategory=person)(objectClass=user))",
            person: { "CN=bench-u\(String(repeating: "0", count: max(0, 6 - String($0).count)))\($0),\(people)" },
            people: 0...(users - 1))
    }

    /// A new person named `name` (at most 20 characters: AD's sAMAccountName) whose description is `value`.
    func newPerson(_ name: String, description value: String) -> (dn: String, attributes: [LDAPAttribute]) {
        switch flavor {
        case .openLDAP:
            return (
                "uid=\(name),\(scratch)",
                [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", [name]), LDAPAttribute("cn", ["RT \(name)"]),
                    LDAPAttribute("sn", ["RT"]), LDAPAttribute("description", [value]),
                ]
            )
        case .activeDirectory:
            return (
                "CN=\(name),\(scratch)",
                [
                    LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]), LDAPAttribute("sAMAccountName", [name]),
                    LDAPAttribute("sn", ["RT"]), LDAPAttribute("description", [value]),
                ]
            )
        }
    }

    /// The RDN a rename gives the person named `name`.
    func renamedRDN(_ name: String) -> String { flavor == .openLDAP ? "uid=\(name)" : "CN=\(name)" }
}
