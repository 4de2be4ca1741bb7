import LDAPProtocol
import Testing

/// A compiled filter scopes many objects with the same answers as one by one (its speed is
/// measured by `make bench`, not here).
@Suite struct SearchFilterPerformanceTests {
    @Test func aCompiledFilterScopesManyObjects() throws {
        let schema = SubschemaFixture.slapd.schema
        let objects = (0..<10_000).map { index in
            filterObject([
                "objectClass": ["top", "person", "organizationalPerson", "inetOrgPerson"],
                "cn": ["User \(index)"], "sn": ["Number \(index)"], "uidNumber": ["\(10_000 + index)"],
                "employeeType": [index % 10 == 0 ? "Contractor" : "Staff"],
                "mail": ["user\(index)@contoso.com"],
            ])
        }
        let scope = CompiledFilter(
            try SearchFilter("(&(objectClass=person)(!(employeeType=contractor))(|(mail=*@contoso.com)(uidNumber>=50000)))"),
            schema: schema)
        var matched = 0
        for object in objects where scope.matches(object) { matched += 1 }
        #expect(matched == 9_000)
    }
}
