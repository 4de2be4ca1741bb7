import Foundation
import LDAPProtocol
import Testing

/// The captured subschemas of the test slapd and Samba parse completely.
@Suite struct SchemaFixtureTests {
    @Test func slapdSubschemaParsesEveryDescription() {
        let parsed = SubschemaFixture.slapd
        #expect(parsed.schema.attributeTypes.count == 337)
        #expect(parsed.schema.objectClasses.count == 81)
        #expect(parsed.schema.ldapSyntaxes.count == 33)
        // slapd hides these attribute types from cn=Subschema while its own classes use them.
        #expect(parsed.warnings.map(\.text) == ["subentry", "subschema"])
        #expect(parsed.warnings.allSatisfy { $0.message.hasSuffix("are not defined") })
    }

    @Test func sambaSubschemaParsesEveryDescription() {
        let parsed = SubschemaFixture.samba
        #expect(parsed.warnings == [])
        #expect(parsed.schema.attributeTypes.count == 1473)
        #expect(parsed.schema.objectClasses.count == 264)
        #expect(parsed.schema.contentRules.count == 9)
        #expect(parsed.schema.ldapSyntaxes.isEmpty)
    }

    @Test func schemaSurvivesJSON() throws {
        let schema = SubschemaFixture.samba.schema
        let data = try JSONEncoder().encode(schema)
        let decoded = try JSONDecoder().decode(DirectorySchema.self, from: data)
        #expect(decoded == schema)
        #expect(decoded.hashValue == schema.hashValue)
        #expect(decoded.isReference("member"))
        #expect(decoded.requiredAttributes(for: ["user"]) == schema.requiredAttributes(for: ["user"]))
    }
}
