import Connectors
import Foundation
import LDAPClient
import Operations
import SyncEngine
import TestSupport
import Testing

/// `ldapsync explain`: why an object is (not) synced, against real slapd and Samba.
@Suite struct ExplainTests {
    /// Two sources with precedence, a scope, a join conflict and a delete, explained.
    @Test func explainTellsOriginsScopesConflictsAndDeletes() async throws {
        let fixture = try await SyncFixture(name: "explain")
        defer { fixture.remove() }
        let hr = try await PrivateDirectory(.source, name: "explain-hr")
        defer { hr.remove() }
        let ou = "ou=ex,dc=contoso,dc=com"
        let main = try await fixture.sourceAdmin()
        let second = try await hr.directory.admin()
        for connection in [main, second] {
            try await connection.add(ou, attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["ex"])])
        }
        try await main.add("ou=sub,\(ou)", attributes: [LDAPAttribute("objectClass", ["organizationalUnit"]), LDAPAttribute("ou", ["sub"])])
        try await SyncRulesTests.addPerson(main, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee", extra: [LDAPAttribute("title", ["Engineer"])])
        try await SyncRulesTests.addPerson(second, "uid=ann,\(ou)", uid: "ann", cn: "Ann Lee", extra: [LDAPAttribute("title", ["Principal"])])
        try await SyncRulesTests.addPerson(main, "uid=cid,\(ou)", uid: "cid", cn: "Cid Roe", extra: [LDAPAttribute("employeeType", ["contractor"])])
        try await SyncRulesTests.addPerson(main, "uid=bob,\(ou)", uid: "bob", cn: "Bob Stone")
        // Two people of the main source share a uid: two metaverse objects; hr's "dup" matches both.
        try await SyncRulesTests.addPerson(main, "uid=dup,\(ou)", uid: "dup", cn: "Dup One")
        try await SyncRulesTests.addPerson(main, "uid=dup,ou=sub,\(ou)", uid: "dup", cn: "Dup Two")
        try await SyncRulesTests.addPerson(second, "uid=dup,\(ou)", uid: "dup", cn: "Dup")
        try fixture.credentials.setPassword(hr.directory.servicePassword, for: "hr", by: "test")
        let configuration = try fixture.reconfigure(
            sourceContainers: ["ou=ex"],
            extraConnectors: [
                .init(
                    name: "hr", role: "source", uri: hr.directory.uri, bindDN: hr.directory.serviceDN, baseDN: hr.directory.base,
                    containers: ["ou=ex"])
            ],
            rules: """
                rules:
                  - name: hr in
                    connector: hr
                    direction: inbound
                    objectType: person
                    join: [uid]
                    precedence: 10
                    flows: { uid: uid, title: title }
                  - name: people out
                    connector: cloud
                    direction: outbound
                    objectType: person
                    scope: "(!(employeeType=contractor))"
                    join: [uid]
                    flowAll: true
                    exclude: [userPassword]
                """)
        _ = try await fixture.coordinator(configuration).cycle(initial: true)
        let path = fixture.configPath

        // A synced person: every attribute's origin; the title hr won, main's that lost.
        let ann = try await CommandLine.run(["explain", "contoso.com", "--dn", "uid=ann,\(ou)"], config: path)
        #expect(ann.code == 0, "\(ann.stderr)")
        #expect(ann.stdout.contains("synced cloud as uid=ann,ou=ex,dc=cloud,dc=example"), "\(ann.stdout)")
        #expect(ann.stdout.contains(#"title = "Principal"  ← hr, rule "hr in" (title, precedence 10)"#), "\(ann.stdout)")
        #expect(
            ann.stdout.contains(#"lost: contoso.com, rule "built-in: contoso.com person in""#) && ann.stdout.contains(#""Engineer""#), "\(ann.stdout)"
        )
        #expect(ann.stdout.contains(#"cn = "Ann Lee"  ← contoso.com"#) && ann.stdout.contains("flowAll"), "\(ann.stdout)")
        #expect(ann.stdout.contains("exported: added"), "its export is in the history: \(ann.stdout)")
        #expect(ann.stdout.contains("person: (objectClass=inetOrgPerson) matches"), "\(ann.stdout)")

        // Out of the outbound rule's scope: the filter that excludes it.
        let cid = try await CommandLine.run(["explain", "contoso.com", "--dn", "uid=cid,\(ou)"], config: path)
        #expect(cid.stdout.contains("not to cloud (no outbound rule's scope takes it in)"), "\(cid.stdout)")
        #expect(cid.stdout.contains(#"not in scope: rule "people out": (!(employeeType=contractor))"#), "\(cid.stdout)")

        // A join conflict: both candidates named, nothing joined.
        let dup = try await CommandLine.run(["explain", "hr", "--dn", "uid=dup,\(ou)"], config: path)
        #expect(dup.stdout.contains("2 metaverse objects match"), "\(dup.stdout)")
        #expect(dup.stdout.contains("not synced"), "\(dup.stdout)")

        // Deleted: what was deprovisioned, by which runs.
        try await main.delete("uid=bob,\(ou)")
        _ = try await fixture.coordinator(configuration).cycle(initial: false)
        let bob = try await CommandLine.run(["explain", "contoso.com", "--dn", "uid=bob,\(ou)", "--json"], config: path)
        #expect(bob.code == 0, "\(bob.stderr)")
        let explained = try JSONDecoder.iso8601.decode(ObjectExplanation.self, from: Data(bob.stdout.utf8))
        #expect(!explained.found)
        #expect(explained.history.contains { $0.connector == "contoso.com" && $0.what.hasPrefix("deleted-in-directory") }, "\(explained.history)")
        let text = try await CommandLine.run(["explain", "contoso.com", "--dn", "uid=bob,\(ou)"], config: path)
        #expect(text.stdout.contains("last recorded: run"), "\(text.stdout)")
        let target = try await CommandLine.run(["explain", "cloud", "--dn", "uid=bob,ou=ex,dc=cloud,dc=example"], config: path)
        #expect(target.stdout.contains("deprovisioned: delete: metaverse object"), "\(target.stdout)")
        #expect(target.stdout.contains("exported: deleted"), "\(target.stdout)")

        // Outside the containers, and a usage mistake.
        let outside = try await CommandLine.run(["explain", "contoso.com", "--dn", "uid=user0001,ou=people,dc=contoso,dc=com"], config: path)
        #expect(outside.stdout.contains("outside contoso.com's containers"), "\(outside.stdout)")
        #expect(try await CommandLine.run(["explain", "contoso.com"], config: path).code == 2)
    }

    /// An AD user: the built-in mapping's expressions are what the origins name.
    @Test func explainAnActiveDirectoryUser() async throws {
        try await ADScratch.with("explain") { ad in
            try await ad.addUser("erin", [LDAPAttribute("department", ["Sales"]), LDAPAttribute("userAccountControl", ["514"])])
            try await ad.configure(bindDN: ad.samba.serviceDN, password: ad.samba.servicePassword.unsafeText)
            let store = try ad.store()
            _ = try await ad.run("full-import", store)
            _ = try await ad.run("full-sync", store)
            let result = try await CommandLine.run(["explain", "samba", "--dn", "CN=erin,\(ad.ou)"], config: ad.config)
            #expect(result.code == 0, "\(result.stderr)")
            #expect(
                result.stdout.contains(
                    #"uid = "\#(String("\(ad.tag)erin".prefix(20)))"  ← samba, rule "built-in: samba person in" (Coalesce(uid, sAMAccountName)"#),
                "\(result.stdout)")
            #expect(result.stdout.contains(#"departmentNumber = "Sales"  ← samba"#) && result.stdout.contains("(department,"), "\(result.stdout)")
            #expect(result.stdout.contains(#"ldapsyncAccountDisabled = "TRUE""#), "\(result.stdout)")
            #expect(
                result.stdout.contains("person: (|(&(objectCategory=person)(objectClass=user))(objectClass=contact)) matches"), "\(result.stdout)")
        }
    }
}

extension JSONDecoder {
    /// A decoder for the command line's JSON (ISO 8601 dates with fractional seconds).
    static var iso8601: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            try Date(try decoder.singleValueContainer().decode(String.self), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return decoder
    }
}
