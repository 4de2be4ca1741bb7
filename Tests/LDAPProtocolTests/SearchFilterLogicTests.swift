import LDAPProtocol
import Testing

/// RFC 4511 three-valued logic: TRUE, FALSE and UNDEFINED through and, or and not.
@Suite struct SearchFilterLogicTests {
    let schema = SubschemaFixture.slapd.schema
    let person = filterObject(["cn": ["Ann Lee"], "uidNumber": ["1000"], "objectClass": ["inetOrgPerson"]])
    // With the slapd schema: T is true, F is false, U is undefined (an integer assertion that is not one).
    let truth = ["T": "(cn=Ann Lee)", "F": "(cn=Bob)", "U": "(uidNumber=abc)"]

    private func result(_ text: String) throws -> FilterResult {
        try evaluate(text, on: person, schema: schema)
    }

    @Test func theThreeValues() throws {
        #expect(try result(truth["T"] ?? "") == .true)
        #expect(try result(truth["F"] ?? "") == .false)
        #expect(try result(truth["U"] ?? "") == .undefined)
    }

    @Test(arguments: [
        ("T", "T", FilterResult.true, FilterResult.true), ("T", "F", .false, .true), ("T", "U", .undefined, .true),
        ("F", "F", .false, .false), ("F", "U", .false, .undefined), ("U", "U", .undefined, .undefined),
    ])
    func andAndOrTruthTables(left: String, right: String, and: FilterResult, or: FilterResult) throws {
        let a = truth[left] ?? ""
        let b = truth[right] ?? ""
        #expect(try result("(&\(a)\(b))") == and)
        #expect(try result("(&\(b)\(a))") == and)
        #expect(try result("(|\(a)\(b))") == or)
        #expect(try result("(|\(b)\(a))") == or)
    }

    @Test func notKeepsUndefinedUndefined() throws {
        #expect(try result("(!\(truth["T"] ?? ""))") == .false)
        #expect(try result("(!\(truth["F"] ?? ""))") == .true)
        #expect(try result("(!\(truth["U"] ?? ""))") == .undefined)
        #expect(!(try SearchFilter("(!(uidNumber=abc))").evaluate(person, schema: schema).matches))
    }

    @Test func absoluteTrueAndFalse() throws {
        #expect(try result("(&)") == .true)
        #expect(try result("(|)") == .false)
        #expect(try result("(!(|))") == .true)
    }

    @Test func anUnknownAttributeIsUndefinedWithASchemaAndWarnedAbout() throws {
        // The classic typo: on a server `(!(employeType=contractor))` matches nothing; so here.
        let compiled = CompiledFilter(try SearchFilter("(&(objectClass=inetOrgPerson)(!(employeType=contractor)))"), schema: schema)
        #expect(compiled.evaluate(person) == .undefined)
        #expect(compiled.warnings == [FilterWarning(.unknownAttribute, item: "(employeType=contractor)")])
        // A presence test of an unknown attribute is simply false.
        #expect(try result("(employeType=*)") == .false)
        // Without a schema every attribute is known: absent means false.
        #expect(try evaluate("(!(employeType=contractor))", on: person) == .true)
    }

    @Test func anAbsentAttributeIsFalseNotUndefined() throws {
        #expect(try result("(mail=ann@contoso.com)") == .false)
        #expect(try result("(!(mail=ann@contoso.com))") == .true)
        #expect(try result("(mail=*)") == .false)
        #expect(try result("(mail>=a)") == .false)
        #expect(try result("(mail=a*)") == .false)
    }

    @Test func anyTrueValueWinsOverUndecidableOnes() throws {
        let object = filterObject(["uidNumber": ["not a number", "1000"]])
        #expect(try evaluate("(uidNumber=1000)", on: object, schema: schema) == .true)
        #expect(try evaluate("(uidNumber=2000)", on: object, schema: schema) == .undefined)
    }

    @Test func theBriefsScopingFilter() throws {
        let scope = CompiledFilter(try SearchFilter("(&(objectClass=inetOrgPerson)(!(employeeType=contractor)))"), schema: schema)
        #expect(scope.matches(filterObject(["objectClass": ["top", "person", "organizationalPerson", "inetOrgPerson"], "employeeType": ["staff"]])))
        #expect(scope.matches(filterObject(["objectClass": ["inetOrgPerson"]])))
        #expect(!scope.matches(filterObject(["objectClass": ["inetOrgPerson"], "employeeType": ["Contractor "]])))
        #expect(!scope.matches(filterObject(["objectClass": ["groupOfNames"]])))
        #expect(scope.warnings.isEmpty)
    }
}
