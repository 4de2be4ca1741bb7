import Connectors
import Foundation
import LDAPClient
import SyncEngine
import TestSupport
import Testing

/// Sync rules as data, end to end against real slapd (and Samba as a second target): object
/// types by filter, scopes, joins by expression, expression flows, DN templates, precedence,
/// deprovision actions, several targets.
@Suite struct SyncRulesTests {
    /// posixAccount/posixGroup entries become inetOrgPerson/groupOfNames: cn, sn, mail and
    /// displayName built by expressions, members built from memberUid, one flat ou=people.
    @Test func posixPeopleAndGroupsBecomeInetOrgPeopleAndGroupsOfNames() async throws {
        let fixture = try await SyncFixture(name: "posix")
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let ou = "ou=posix,dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["posix"])])
        try await source.add("ou=eng,\(ou)", attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["eng"])])
        for (uid, gecos, parent) in [("ann", "Ann Lee", ou), ("bob", "Bob Stone", "ou=eng,\(ou)"), ("cid", "", ou)] {
            var attributes = [
                LDAPAttribute("objectClass", ["account", "posixAccount"]), LDAPAttribute("uid", [uid]), LDAPAttribute("cn", [uid]),
                LDAPAttribute("uidNumber", ["\(1000 + uid.count)"]), LDAPAttribute("gidNumber", ["100"]),
                LDAPAttribute("homeDirectory", ["/home/\(uid)"]),
            ]
            if !gecos.isEmpty { attributes.append(LDAPAttribute("gecos", [gecos])) }
            try await source.add("uid=\(uid),\(parent)", attributes: attributes)
        }
        try await source.add(
            "cn=staff,\(ou)",
            attributes: [
                LDAPAttribute("objectClass", ["posixGroup"]), LDAPAttribute("cn", ["staff"]), LDAPAttribute("gidNumber", ["100"]),
                LDAPAttribute("memberUid", ["ann", "bob"]),
            ])
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=posix"],
            sourceSettings: ["objectTypes": #"{ person: { filter: "(objectClass=posixAccount)" }, group: { filter: "(objectClass=posixGroup)" } }"#],
            rules: """
                builtInRules: false
                rules:
                  - name: posix people in
                    connector: contoso.com
                    direction: inbound
                    objectType: person
                    join: [uid]
                    flows:
                      uid: uid
                      gecos: gecos
                      uidNumber: uidNumber
                  - name: posix groups in
                    connector: contoso.com
                    direction: inbound
                    objectType: group
                    join: [cn]
                    flows: { cn: cn, memberUid: memberUid }
                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    dn: '"uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN'
                    flows:
                      uid: uid
                      cn: 'Coalesce(gecos, uid)'
                      sn: 'IIF(IsPresent(gecos), Word(gecos, 2, " "), uid)'
                      displayName: 'Coalesce(gecos, UCase(uid))'
                      mail: 'uid & "@cloud.example"'
                      employeeNumber: uidNumber
                  - name: groups out
                    connector: cloud
                    direction: outbound
                    objectType: group
                    dn: '"cn=" & EscapeDNComponent(cn) & ",ou=groups," & baseDN'
                    flows:
                      cn: cn
                      member: '"uid=" & EscapeDNComponent(memberUid) & ",ou=people," & baseDN'
                """)
        let runs = try await fixture.coordinator(configuration).cycle(initial: true)
        #expect(runs.allSatisfy { $0.errors.isEmpty }, "\(runs.flatMap(\.errors))")

        let ann = try #require(try await fixture.targetEntry("uid=ann,ou=people,dc=cloud,dc=example"))
        #expect(ann.strings("objectClass").contains("inetOrgPerson"))
        #expect(ann.string("cn") == "Ann Lee" && ann.string("sn") == "Lee" && ann.string("displayName") == "Ann Lee")
        #expect(ann.string("mail") == "ann@cloud.example" && ann.string("employeeNumber") == "1003")
        #expect(ann.string("homeDirectory") == nil, "only the flows are written")
        // Bob lived one level deeper in the source: the template flattens the tree.
        #expect(try await fixture.targetEntry("uid=bob,ou=people,dc=cloud,dc=example")?.string("sn") == "Stone")
        let cid = try #require(try await fixture.targetEntry("uid=cid,ou=people,dc=cloud,dc=example"))
        #expect(cid.string("cn") == "cid" && cid.string("displayName") == "CID" && cid.string("sn") == "cid")
        let staff = try #require(try await fixture.targetEntry("cn=staff,ou=groups,dc=cloud,dc=example"))
        #expect(staff.strings("objectClass").contains("groupOfNames"))
        #expect(Set(staff.strings("member")) == ["uid=ann,ou=people,dc=cloud,dc=example", "uid=bob,ou=people,dc=cloud,dc=example"])

        // A changed flowed attribute flows; a quiet cycle writes nothing.
        try await source.modify("uid=cid,\(ou)", [Modification(.add, "gecos", ["Cid Moreau"])])
        let again = try await fixture.coordinator(configuration).cycle(initial: false)
        #expect(try await fixture.targetEntry("uid=cid,ou=people,dc=cloud,dc=example")?.string("displayName") == "Cid Moreau")
        #expect(again.first { $0.profile == .export }?.counters.updates == 1)
        let quiet = try await fixture.coordinator(configuration).cycle(initial: false)
        #expect(quiet.first { $0.profile == .export }?.counters.changes == 0)
    }

    /// The issue's new user: people of a subclass of inetOrgPerson and a groupOfUniqueNames
    /// group, with no rules written: people arrive with their class and attributes, the group
    /// with its uniqueMember values translated (one carries the optional `#'…'B` UID).
    @Test func subclassPeopleAndUniqueNameGroupsSyncExactlyByTheBuiltInRules() async throws {
        let fixture = try await SyncFixture(name: "subclass")
        defer { fixture.remove() }
        for directory in [fixture.source.directory, fixture.target.directory] { try await Self.loadContosoSchema(directory) }
        let source = try await fixture.sourceAdmin()
        let ou = "ou=sub,dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["sub"])])
        for (uid, badge) in [("ann", "B-1"), ("bob", "B-2")] {
            try await source.add(
                "uid=\(uid),\(ou)",
                attributes: [
                    LDAPAttribute("objectClass", ["contosoPerson"]), LDAPAttribute("uid", [uid]), LDAPAttribute("cn", [uid.capitalized]),
                    LDAPAttribute("sn", [uid]), LDAPAttribute("contosoBadge", [badge]),
                ])
        }
        try await source.add(
            "cn=team,\(ou)",
            attributes: [
                LDAPAttribute("objectClass", ["groupOfUniqueNames"]), LDAPAttribute("cn", ["team"]),
                LDAPAttribute("uniqueMember", ["uid=ann,\(ou)", "uid=bob,\(ou)#'0101'B"]),
            ])
        let configuration = try fixture.reconfigure(sourceContainers: ["ou=sub"])
        let runs = try await fixture.coordinator(configuration).cycle(initial: true)
        #expect(runs.allSatisfy { $0.errors.isEmpty && $0.counters.droppedReferences == 0 }, "\(runs.map { "\($0.profile) \($0.counters)" })")

        let ann = try #require(try await fixture.targetEntry("uid=ann,ou=sub,dc=cloud,dc=example"))
        #expect(ann.strings("objectClass").contains("contosoPerson"), "\(ann.strings("objectClass"))")
        #expect(ann.string("contosoBadge") == "B-1")
        let team = try #require(try await fixture.targetEntry("cn=team,ou=sub,dc=cloud,dc=example"))
        #expect(team.strings("objectClass").contains("groupOfUniqueNames"))
        #expect(Set(team.strings("uniqueMember").map(normalizedDN)) == ["uid=ann,ou=sub,dc=cloud,dc=example", "uid=bob,ou=sub,dc=cloud,dc=example"])
        // The schema was discovered and is shown.
        let shown = try await CommandLine.run(["connector", "schema", "contoso.com", "--class", "contosoPerson"], config: fixture.configPath)
        #expect(
            shown.code == 0 && shown.stdout.contains("class contosoPerson (structural); sup inetOrgPerson < organizationalPerson < person < top"),
            "\(shown.stdout)\(shown.stderr)")
        let attribute = try await CommandLine.run(["connector", "schema", "cloud", "--attribute", "uniqueMember"], config: fixture.configPath)
        #expect(attribute.stdout.contains("attribute uniqueMember:") && attribute.stdout.contains("reference"), "\(attribute.stdout)")
    }

    /// A DN template that flattens the source's tree (cn naming, a comma escaped), then a change
    /// of the flowed cn: a rename in the target, the same entry (entryUUID kept).
    @Test func aDNTemplateFlattensTheTreeAndAFlowedChangeRenames() async throws {
        let fixture = try await SyncFixture(name: "flatten")
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let ou = "ou=flat,dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["flat"])])
        for child in ["a", "b"] {
            try await source.add(
                "ou=\(child),\(ou)", attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [child])])
        }
        try await Self.addPerson(source, "uid=ann,ou=a,\(ou)", uid: "ann", cn: "Lee, Ann")
        try await Self.addPerson(source, "uid=bob,ou=b,\(ou)", uid: "bob", cn: "Bob Stone")
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=flat"],
            rules: """
                rules:
                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    join: [uid]
                    dn: '"cn=" & EscapeDNComponent(cn) & ",ou=people," & baseDN'
                    flowAll: true
                    exclude: [userPassword]
                """)
        _ = try await fixture.coordinator(configuration).cycle(initial: true)
        let ann = try #require(try await fixture.targetEntry(#"cn=Lee\, Ann,ou=people,dc=cloud,dc=example"#))
        #expect(ann.string("uid") == "ann")
        #expect(try await fixture.targetEntry("cn=Bob Stone,ou=people,dc=cloud,dc=example") != nil)
        #expect(try await fixture.targetEntry("ou=a,ou=flat,dc=cloud,dc=example") == nil, "no source container is mirrored")

        try await source.modify("uid=ann,ou=a,\(ou)", [Modification(.replace, "cn", ["Ann Lee-Smith"])])
        let runs = try await fixture.coordinator(configuration).cycle(initial: false)
        #expect(runs.first { $0.profile == .export }?.counters.renames == 1, "\(runs.map { "\($0.profile) \($0.counters)" })")
        #expect(try await fixture.targetEntry(#"cn=Lee\, Ann,ou=people,dc=cloud,dc=example"#) == nil)
        let renamed = try #require(try await fixture.targetEntry("cn=Ann Lee-Smith,ou=people,dc=cloud,dc=example"))
        #expect(renamed.string("entryUUID") == ann.string("entryUUID"), "renamed, not deleted and added again")
        #expect(renamed.strings("cn") == ["Ann Lee-Smith"])
    }

    /// A person leaves the outbound rule's scope (employeeType=contractor): `delete` deletes
    /// the target entry, `disable` locks it and lets go, `keep` lets go of it as it is. Back in
    /// scope, the kept entry is adopted again.
    @Test(arguments: [RuleSpec.Deprovision.delete, .disable, .keep])
    func leavingTheScopeDeprovisionsByTheRulesAction(_ action: RuleSpec.Deprovision) async throws {
        let fixture = try await SyncFixture(name: "scope-\(action.rawValue)")
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let ou = "ou=scope,dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["scope"])])
        try await Self.addPerson(source, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee")
        try await Self.addPerson(source, "uid=bob,\(ou)", uid: "bob", cn: "Bob Stone")
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=scope"],
            rules: """
                rules:
                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    scope: "(!(employeeType=contractor))"
                    join: [uid]
                    deprovision: \(action.rawValue)
                    accountDisabled: '"FALSE"'
                    flowAll: true
                    exclude: [userPassword]
                """)
        _ = try await fixture.coordinator(configuration).cycle(initial: true)
        let annDN = "uid=ann,ou=scope,dc=cloud,dc=example"
        #expect(try await fixture.targetEntry(annDN) != nil)

        try await source.modify("uid=ann,\(ou)", [Modification(.add, "employeeType", ["contractor"])])
        let runs = try await fixture.coordinator(configuration).cycle(initial: false)
        #expect(runs.first { $0.profile == .fullSync || $0.profile == .deltaSync }?.counters.deprovisions == 1)
        let after = try await fixture.targetEntry(annDN)
        switch action {
        case .delete:
            #expect(after == nil)
        case .disable:
            #expect(
                after?.string("pwdAccountLockedTime") == AccountState.permanentLock,
                "\(String(describing: after)) \(runs.map { "\($0.connector) \($0.profile) \($0.counters) \($0.errors) \($0.message ?? "")" })")
            #expect(after?.string("employeeType") == nil, "a disabled object is no longer managed")
        case .keep:
            #expect(after != nil && after?.string("pwdAccountLockedTime") == nil && after?.string("employeeType") == nil)
        }
        let link = try await fixture.store.read { try $0.csObject(connector: "cloud", dn: annDN) }
        #expect(link?.metaverseID == nil, "no longer joined")
        #expect(try await fixture.targetEntry("uid=bob,ou=scope,dc=cloud,dc=example") != nil, "bob is in scope and untouched")

        // Back in scope: provisioned again (delete) or adopted again (disable, keep) and enabled.
        try await source.modify("uid=ann,\(ou)", [Modification(.delete, "employeeType", [])])
        _ = try await fixture.coordinator(configuration).cycle(initial: false)
        let back = try #require(try await fixture.targetEntry(annDN))
        #expect(back.string("pwdAccountLockedTime") == nil)
        if action != .delete { #expect(back.string("entryUUID") == after?.string("entryUUID"), "the same entry, adopted") }
        let relinked = try await fixture.store.read { try $0.csObject(connector: "cloud", dn: annDN) }
        #expect(relinked?.metaverseID != nil)
    }

    /// Two sources flow the same person: the lower precedence wins per attribute; what the
    /// winner lacks comes from the other; `AuthoritativeNull` keeps the other's value out.
    @Test func precedenceBetweenTwoSources() async throws {
        let fixture = try await SyncFixture(name: "precedence")
        defer { fixture.remove() }
        let hr = try await PrivateDirectory(.source, name: "precedence-hr")
        defer { hr.remove() }
        let ou = "ou=prec,dc=contoso,dc=com"
        let main = try await fixture.sourceAdmin()
        let second = try await hr.directory.admin()
        for connection in [main, second] {
            try await connection.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["prec"])])
        }
        try await Self.addPerson(
            main, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee",
            extra: [LDAPAttribute("title", ["Engineer"]), LDAPAttribute("telephoneNumber", ["+1 555 0100"]), LDAPAttribute("description", ["main"])])
        try await Self.addPerson(second, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee", extra: [LDAPAttribute("title", ["Principal Engineer"])])
        try fixture.credentials.setPassword(hr.directory.servicePassword, for: "hr", by: "test")
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=prec"],
            extraConnectors: [
                .init(
                    name: "hr", role: "source", uri: hr.directory.uri, bindDN: hr.directory.serviceDN, baseDN: hr.directory.base,
                    containers: ["ou=prec"])
            ],
            rules: """
                rules:
                  - name: main in
                    connector: contoso.com
                    direction: inbound
                    objectType: person
                    join: [uid]
                    precedence: 20
                    flowAll: true
                    exclude: [userPassword]
                  - name: hr in
                    connector: hr
                    direction: inbound
                    objectType: person
                    join: [uid]
                    precedence: 10
                    flows:
                      uid: uid
                      title: title
                      description: 'IIF(IsPresent(description), description, AuthoritativeNull)'
                """)
        let runs = try await fixture.coordinator(configuration).cycle(initial: true)
        #expect(runs.allSatisfy { $0.errors.isEmpty }, "\(runs.flatMap(\.errors))")
        let ann = try #require(try await fixture.targetEntry("uid=ann,ou=prec,dc=cloud,dc=example"))
        #expect(ann.string("title") == "Principal Engineer", "hr (10) wins over main (20)")
        #expect(ann.string("telephoneNumber") == "+1 555 0100", "what hr does not flow comes from main")
        #expect(ann.string("description") == nil, "AuthoritativeNull from hr keeps main's value out")
        let mv = try await fixture.store.read { try $0.mvSearch(attribute: "uid", value: "ann", limit: 5) }
        #expect(mv.count == 1, "both sources joined one metaverse object")

        // hr drops the title: main's flows.
        try await second.modify("uid=ann,\(ou)", [Modification(.delete, "title", [])])
        _ = try await fixture.coordinator(configuration).cycle(initial: false)
        #expect(try await fixture.targetEntry("uid=ann,ou=prec,dc=cloud,dc=example")?.string("title") == "Engineer")
    }

    /// A target entry that already exists under another name is adopted through the outbound
    /// rule's join expression (no duplicate); two metaverse objects with the same key are an
    /// error for the target object, never a guess.
    @Test func aTargetEntryJoinsByAnExpressionAndAnAmbiguousOneIsAnError() async throws {
        let fixture = try await SyncFixture(name: "joinexpr")
        defer { fixture.remove() }
        let source = try await fixture.sourceAdmin()
        let target = try await fixture.target.directory.admin()
        let ou = "ou=join,dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["join"])])
        try await target.add(
            "ou=join,dc=cloud,dc=example", attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["join"])])
        try await Self.addPerson(source, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee", extra: [LDAPAttribute("employeeNumber", ["1001"])])
        try await Self.addPerson(source, "uid=twin1,\(ou)", uid: "twin1", cn: "Twin One", extra: [LDAPAttribute("employeeNumber", ["1003"])])
        try await Self.addPerson(source, "uid=twin2,\(ou)", uid: "twin2", cn: "Twin Two", extra: [LDAPAttribute("employeeNumber", ["1003"])])
        let existing = "uid=a.lee,ou=join,dc=cloud,dc=example"
        try await Self.addPerson(target, existing, uid: "a.lee", cn: "A. Lee", extra: [LDAPAttribute("employeeNumber", ["E-1001"])])
        try await Self.addPerson(
            target, "uid=t.one,ou=join,dc=cloud,dc=example", uid: "t.one", cn: "T", extra: [LDAPAttribute("employeeNumber", ["E-1003"])])
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=join"], targetSettings: ["containers": "[ou=join]"],
            rules: """
                rules:
                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    join: [ { target: 'Replace(employeeNumber, "E-", "")', metaverse: employeeNumber } ]
                    dn: '"uid=" & EscapeDNComponent(uid) & ",ou=join," & baseDN'
                    flows: { uid: uid, cn: cn, sn: sn, employeeNumber: employeeNumber, title: '"synced"' }
                """)
        let before = try #require(try await fixture.targetEntry(existing))
        let runs = try await fixture.coordinator(configuration).cycle(initial: true)
        // Adopted, then named by the rule's DN template: renamed, not duplicated.
        #expect(try await fixture.targetEntry(existing) == nil)
        let adopted = try #require(try await fixture.targetEntry("uid=ann,ou=join,dc=cloud,dc=example"))
        #expect(adopted.string("entryUUID") == before.string("entryUUID"), "the existing entry, renamed")
        #expect(adopted.string("title") == "synced" && adopted.string("employeeNumber") == "1001", "the existing entry is managed now")
        let anns = try await fixture.targetEntries("ou=join,dc=cloud,dc=example", filter: "(cn=Ann Lee)")
        #expect(anns.count == 1, "no duplicate was created")
        let targetSync = try #require(runs.first { $0.connector == "cloud" && $0.profile == .fullSync })
        #expect(
            targetSync.errors.contains { $0.dn.hasPrefix("uid=t.one") && $0.message.contains("2 metaverse objects match") },
            "\(targetSync.errors)")
    }

    /// One source, two targets (OpenLDAP and Samba), each with its own rules: a flat OpenLDAP
    /// tree named by uid, and AD's built-in mapping (CN naming, sAMAccountName, UPN).
    @Test func oneSourceTwoTargetsEachWithItsOwnRules() async throws {
        let fixture = try await SyncFixture(name: "twotargets")
        defer { fixture.remove() }
        let samba = TestDirectory.samba
        let tag = "rt\(UInt32.random(in: 0...999_999))"
        let ad = try await samba.admin(tls: .ldaps)
        defer { Task { await SambaOU.removeSubtree("OU=\(tag),\(samba.base)", ad) } }
        try await ad.add("OU=\(tag),\(samba.base)", attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"])])
        let source = try await fixture.sourceAdmin()
        let ou = "ou=\(tag),dc=contoso,dc=com"
        try await source.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", [tag])])
        try await Self.addPerson(
            source, "uid=ann-\(tag),\(ou)", uid: "ann-\(tag)", cn: "Ann \(tag)", extra: [LDAPAttribute("mail", ["ann@contoso.com"])])
        try await Self.addPerson(source, "uid=bob-\(tag),\(ou)", uid: "bob-\(tag)", cn: "Bob \(tag)")
        try await source.add(
            "cn=team-\(tag),\(ou)",
            attributes: [
                LDAPAttribute("objectClass", ["groupOfNames"]), LDAPAttribute("cn", ["team-\(tag)"]),
                LDAPAttribute("member", ["uid=ann-\(tag),\(ou)", "uid=bob-\(tag),\(ou)"]),
            ])
        try fixture.credentials.setPassword(samba.adminPassword, for: "ad", by: "test")
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=\(tag)"],
            extraConnectors: [
                .init(
                    name: "ad", flavor: "active-directory", role: "target", uri: samba.ldapsURI, bindDN: samba.adminDN, baseDN: samba.base,
                    containers: ["OU=\(tag)"], settings: ["caFile": TestDirectory.caFile])
            ],
            rules: """
                rules:
                  - name: people to cloud
                    connector: cloud
                    direction: outbound
                    objectType: person
                    join: [uid]
                    dn: '"uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN'
                    flows: { uid: uid, cn: cn, sn: sn, mail: 'Coalesce(mail, uid & "@cloud.example")' }
                """)
        let runs = try await fixture.coordinator(configuration).cycle(initial: true)
        #expect(runs.allSatisfy { $0.errors.isEmpty }, "\(runs.flatMap(\.errors))")
        #expect(Set(runs.filter { $0.profile == .export }.map(\.connector)) == ["cloud", "ad"])

        let ann = try #require(try await fixture.targetEntry("uid=ann-\(tag),ou=people,dc=cloud,dc=example"))
        #expect(ann.string("mail") == "ann@contoso.com" && ann.string("description") == nil)
        #expect(try await fixture.targetEntry("uid=bob-\(tag),ou=people,dc=cloud,dc=example")?.string("mail") == "bob-\(tag)@cloud.example")
        // The OpenLDAP group kept the source's place (built-in rule) with members at their new DNs.
        let cloudTeam = try #require(try await fixture.targetEntry("cn=team-\(tag),ou=\(tag),dc=cloud,dc=example"))
        #expect(Set(cloudTeam.strings("member").map(normalizedDN)) == Set(["ann", "bob"].map { "uid=\($0)-\(tag),ou=people,dc=cloud,dc=example" }))

        let adAnn = try #require(
            try await ad.searchAll(SearchRequest(base: "OU=\(tag),\(samba.base)", filter: "(sAMAccountName=ann-\(tag))", attributes: ["*"])).first)
        #expect(normalizedDN(adAnn.dn) == normalizedDN("CN=Ann \(tag),OU=\(tag),\(samba.base)"))
        let domain = samba.base.split(separator: ",").map { $0.split(separator: "=")[1].lowercased() }.joined(separator: ".")
        #expect(adAnn.string("userPrincipalName") == "ann-\(tag)@\(domain)")
        let adTeam = try #require(
            try await ad.searchAll(SearchRequest(base: "OU=\(tag),\(samba.base)", filter: "(cn=team-\(tag))", attributes: ["member"])).first)
        #expect(adTeam.strings("member").count == 2)
    }

    /// Load-time errors (an unknown function, a wrong argument count) and `rules check` errors
    /// against the discovered schemas (a misspelt attribute, a MUST attribute no flow fills),
    /// each at its file:line:column; then `rules show` and `rules test` on real objects.
    @Test func rulesCheckShowAndTestThroughTheCommandLine() async throws {
        let fixture = try await SyncFixture(name: "rulescli")
        defer { fixture.remove() }
        let path = fixture.configPath
        for name in ["contoso.com", "cloud"] {
            let test = try await CommandLine.run(["connector", "test", name], config: path)
            #expect(test.code == 0 && test.stdout.contains("schema: "), "\(test.stdout)\(test.stderr)")
        }
        let good = try String(contentsOfFile: path, encoding: .utf8)
        func rules(_ text: String) throws -> String {
            let yaml = good.replacingOccurrences(of: "state: ./state\n", with: "state: ./state\n" + text + "\n")
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            return yaml
        }
        /// "file:line:column" of `needle` (its `offset`-th character) in `yaml`.
        func place(_ needle: String, in yaml: String, offset: Int = 0) -> String {
            let start = yaml.range(of: needle)!.lowerBound
            let before = yaml[..<start]
            let line = before.filter { $0 == "\n" }.count + 1
            let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            return "\(path):\(line):\(column + offset)"
        }
        let inbound = """
            rules:
              - name: people in
                connector: contoso.com
                direction: inbound
                objectType: person
                join: [uid]
                flows:
                  uid: uid
                  mail: 'LCase(%@)'
            """

        // Caught when the configuration loads: every command refuses it (exit 2).
        var yaml = try rules(inbound.replacingOccurrences(of: "LCase(%@)", with: "LCaes(mail)"))
        var result = try await CommandLine.run(["rules", "check"], config: path)
        #expect(result.code == 2 && result.stderr.contains(place("LCaes", in: yaml)) && result.stderr.contains("LCaes"), "\(result.stderr)")
        yaml = try rules(inbound.replacingOccurrences(of: "LCase(%@)", with: "Left(mail)"))
        result = try await CommandLine.run(["runs"], config: path)
        #expect(
            result.code == 2 && result.stderr.contains(place("Left(mail)", in: yaml).split(separator: ":").dropLast().joined(separator: ":")),
            "\(result.stderr)")
        #expect(result.stderr.contains("Left"), "\(result.stderr)")

        // Caught by rules check, against the schemas connector test read.
        yaml = try rules(
            inbound.replacingOccurrences(of: "LCase(%@)", with: "LCase(mial)") + """

                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    dn: '"uid=" & EscapeDNComponent(uid) & ",ou=people," & baseDN'
                    flows: { uid: uid, cn: uid, mail: mail }
                """)
        result = try await CommandLine.run(["rules", "check"], config: path)
        #expect(result.code == 2, "\(result.stdout)\(result.stderr)")
        #expect(
            result.stdout.contains(
                "\(place("mial", in: yaml)): error: rule \"people in\": the attribute mial is not in contoso.com's schema (did you mean mail?)"),
            "\(result.stdout)")
        #expect(
            result.stdout.contains("rule \"people out\": person objects provisioned in cloud must have sn (required by person)"), "\(result.stdout)")
        let json = try await CommandLine.run(["rules", "check", "--json"], config: path)
        #expect(json.stdout.contains("\"severity\" : \"error\""), "\(json.stdout)")

        // The built-in rules, as data to copy.
        _ = try rules("")
        let shown = try await CommandLine.run(["rules", "show"], config: path)
        #expect(shown.code == 0)
        #expect(shown.stdout.contains("- name: 'built-in: contoso.com person in'") && shown.stdout.contains("flowAll: true"), "\(shown.stdout)")
        let builtInCheck = try await CommandLine.run(["rules", "check"], config: path)
        #expect(builtInCheck.code == 0, "\(builtInCheck.stdout)\(builtInCheck.stderr)")

        // One object through the rules: nothing written.
        #expect(try await CommandLine.run(["run", "contoso.com", "full-import"], config: path).code == 0)
        let tried = try await CommandLine.run(["rules", "test", "contoso.com", "--dn", "uid=user0001,ou=people,dc=contoso,dc=com"], config: path)
        #expect(tried.code == 0, "\(tried.stderr)")
        #expect(tried.stdout.contains("inbound rule \"built-in: contoso.com person in\" (built-in): in scope, applies"), "\(tried.stdout)")
        #expect(tried.stdout.contains("dn: uid=user0001,ou=people,dc=cloud,dc=example (new object)"), "\(tried.stdout)")
        #expect(tried.stdout.contains("Nothing was written."))
        #expect(try await fixture.store.read { try $0.mvSearch(attribute: "uid", value: "user0001", limit: 1) }.isEmpty)
        let missing = try await CommandLine.run(["rules", "test", "contoso.com", "--dn", "uid=nobody,dc=contoso,dc=com"], config: path)
        #expect(missing.code != 0 && missing.stderr.contains("no object with this DN"), "\(missing.stderr)")
    }

    // MARK: Helpers

    /// Adds `contosoPerson` (a subclass of inetOrgPerson) and its `contosoBadge` to a directory's
    /// schema, through cn=config.
    static func loadContosoSchema(_ directory: TestDirectory) async throws {
        let config = try await LDAPConnection.connect(directory.options())
        defer { Task { await config.close() } }
        try await config.bind("cn=admin,cn=config", password: directory.adminPassword)
        try await config.add(
            "cn=contoso,cn=schema,cn=config",
            attributes: [
                LDAPAttribute("objectClass", ["olcSchemaConfig"]), LDAPAttribute("cn", ["contoso"]),
                LDAPAttribute(
                    "olcAttributeTypes",
                    ["( 1.3.6.1.4.1.99999.1.1 NAME 'contosoBadge' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )"]),
                LDAPAttribute(
                    "olcObjectClasses", ["( 1.3.6.1.4.1.99999.2.1 NAME 'contosoPerson' SUP inetOrgPerson STRUCTURAL MAY ( contosoBadge ) )"]),
            ])
    }

    static func addPerson(_ connection: LDAPConnection, _ dn: String, uid: String, cn: String, extra: [LDAPAttribute] = []) async throws {
        try await connection.add(
            dn,
            attributes: [
                LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", [uid]), LDAPAttribute("cn", [cn]),
                LDAPAttribute("sn", [String(cn.split(separator: " ").last ?? "x")]),
            ] + extra)
    }
}
