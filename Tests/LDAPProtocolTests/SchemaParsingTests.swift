import LDAPProtocol
import Testing

/// RFC 4512 descriptions, the way real servers write them and the ways they get it wrong.
@Suite struct SchemaParsingTests {
    @Test func attributeTypeWithEveryField() throws {
        let type = try AttributeTypeDescription(
            parsing: """
                ( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by' \
                SUP name EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch \
                SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{32768} SINGLE-VALUE NO-USER-MODIFICATION \
                USAGE directoryOperation X-ORIGIN 'RFC 4519' )
                """)
        #expect(type.oid == "2.5.4.3")
        #expect(type.names == ["cn", "commonName"])
        #expect(type.desc == "RFC4519: common name(s) for which the entity is known by")
        #expect(type.superType == "name")
        #expect(type.equality == "caseIgnoreMatch")
        #expect(type.substring == "caseIgnoreSubstringsMatch")
        #expect(type.ordering == nil)
        #expect(type.syntax == "1.3.6.1.4.1.1466.115.121.1.15")
        #expect(type.syntaxLength == 32768)
        #expect(type.isSingleValued && type.isNoUserModification && !type.isCollective && !type.isObsolete)
        #expect(type.usage == .directoryOperation)
        #expect(type.extensions == ["X-ORIGIN": ["RFC 4519"]])
    }

    @Test func objectClassWithSeveralSuperclassesAndSingleNameLists() throws {
        let objectClass = try ObjectClassDescription(
            parsing:
                "( 0.9.2342.19200300.100.4.20 NAME 'pilotOrganization' SUP ( organization $ organizationalUnit ) STRUCTURAL MAY buildingName )")
        #expect(objectClass.superclasses == ["organization", "organizationalUnit"])
        #expect(objectClass.kind == .structural)
        #expect(objectClass.must == [])
        #expect(objectClass.may == ["buildingName"])
        let top = try ObjectClassDescription(parsing: "( 2.5.6.0 NAME 'top' DESC 'top of the superclass chain' ABSTRACT MUST objectClass )")
        #expect(top.kind == .abstract)
        #expect(top.must == ["objectClass"])
        let auxiliary = try ObjectClassDescription(parsing: "( 1.3.6.1.4.1.1466.344 NAME 'dcObject' SUP top AUXILIARY MUST dc )")
        #expect(auxiliary.kind == .auxiliary)
        let noKind = try ObjectClassDescription(parsing: "( 2.5.20.1 NAME 'subschema' AUXILIARY MAY ( dITStructureRules $ nameForms ) )")
        #expect(noKind.superclasses == [])
    }

    @Test func sambaQuotesSyntaxAndLeavesNoSpaceInsideParentheses() throws {
        let type = try AttributeTypeDescription(
            parsing:
                "( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )")
        #expect(type.syntax == "1.3.6.1.4.1.1466.115.121.1.15")
        #expect(type.isSingleValued)
        let objectClass = try ObjectClassDescription(
            parsing:
                "( 1.2.840.113556.1.5.15 NAME 'contact' SUP organizationalPerson STRUCTURAL MUST (cn ) MAY (msDS-SourceObjectDN $ notes ) )")
        #expect(objectClass.must == ["cn"])
        #expect(objectClass.may == ["msDS-SourceObjectDN", "notes"])
        let rule = try DITContentRuleDescription(
            parsing:
                "( 1.2.840.113556.1.3.30 NAME 'computer' AUX ( ipHost ) MAY (manager $ l $ uid $ ipHostNumber $ description $ cn ) )")
        #expect(rule.auxiliaryClasses == ["ipHost"])
        #expect(rule.may.count == 6)
    }

    @Test func oddButHarmlessSpellingsAreAccepted() throws {
        // Tabs and newlines, lowercase keywords, escaped quotes, descriptors with odd characters,
        // unknown extensions with lists, and a vendor keyword without a value.
        let type = try AttributeTypeDescription(
            parsing:
                "(\t1.3.6.1.4.1.99.1\n name ( 'odd_name' 'o\\27brien' ) desc 'a \\5C b' syntax 1.3.6.1.4.1.1466.115.121.1.15 X-ORDERED 'VALUES' X-LIST ( 'a' 'b' ) VENDOR-FLAG )"
        )
        #expect(type.names == ["odd_name", "o'brien"])
        #expect(type.desc == "a \\ b")
        #expect(type.syntax == "1.3.6.1.4.1.1466.115.121.1.15")
        #expect(type.extensions == ["X-ORDERED": ["VALUES"], "X-LIST": ["a", "b"]])
    }

    @Test func ldapSyntaxMarkedNotHumanReadable() throws {
        let jpeg = try LDAPSyntaxDescription(parsing: "( 1.3.6.1.4.1.1466.115.121.1.28 DESC 'JPEG' X-NOT-HUMAN-READABLE 'TRUE' )")
        #expect(jpeg.isNotHumanReadable)
        let string = try LDAPSyntaxDescription(parsing: "( 1.3.6.1.4.1.1466.115.121.1.15 DESC 'Directory String' )")
        #expect(!string.isNotHumanReadable)
    }

    @Test(arguments: [
        ("", 0), ("2.5.4.3 NAME 'cn'", 0), ("( )", 2), ("( 2.5.4.3 NAME 'cn'", 19), ("( 2.5.4.3 NAME 'cn ) ", 15),
        ("( 2.5.4.3 NAME ( 'cn' ) ) trailing", 26), ("( 2.5.4.3 NAME )", 15), ("( 2.5.4.3 'cn' )", 10),
        ("( 2.5.4.3 MUST ( a ( b ) ) )", 19), ("( 2.5.4.3 USAGE sometimes )", 0),
    ])
    func malformedDescriptionsThrowWithAPosition(text: String, offset: Int) {
        #expect {
            _ = try AttributeTypeDescription(parsing: text)
        } throws: { error in
            (error as? SchemaParseError)?.offset == offset
        }
    }

    @Test func aBadDescriptionIsSkippedWithAWarning() {
        let parsed = DirectorySchema.parse(
            SubschemaValues(
                attributeTypes: [
                    "( 2.5.4.41 NAME 'name' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )",
                    "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
                    "( 9.9.9 NAME 'broken' SYNTAX )",
                    "( 2.5.4.3 NAME 'duplicate' )",
                    "( 9.9.8 NAME 'orphan' SUP nowhere )",
                ],
                objectClasses: ["( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )", "garbage"]))
        #expect(parsed.schema.attributeTypes.map(\.primaryName) == ["name", "cn", "orphan"])
        #expect(parsed.schema.objectClasses.map(\.primaryName) == ["top"])
        #expect(parsed.warnings.map(\.element) == ["attributeTypes", "attributeTypes", "objectClasses", "attributeTypes", "objectClasses"])
        #expect(parsed.warnings[0].text == "( 9.9.9 NAME 'broken' SYNTAX )")
        #expect(parsed.warnings[0].message.contains("a value after SYNTAX"))
        #expect(parsed.warnings[1].message.contains("already defined"))
        #expect(parsed.warnings[3].message == "its SUP nowhere is not defined")
        #expect(parsed.warnings[4].message == "its attributes objectClass are not defined")
        #expect(parsed.schema.equalityRule(of: "commonName") == "caseIgnoreMatch")
    }

    @Test func supertypeLoopsDoNotHang() {
        let schema = DirectorySchema(
            attributeTypes: [
                AttributeTypeDescription(oid: "1.1", names: ["a"], superType: "b"),
                AttributeTypeDescription(oid: "1.2", names: ["b"], superType: "a", syntax: "1.3.6.1.4.1.1466.115.121.1.12"),
            ],
            objectClasses: [
                ObjectClassDescription(oid: "2.1", names: ["x"], superclasses: ["y"], must: ["a"]),
                ObjectClassDescription(oid: "2.2", names: ["y"], superclasses: ["x"], must: ["b"]),
            ])
        #expect(schema.isReference("a"))
        #expect(schema.superclasses(of: "x") == ["y"])
        #expect(schema.requiredAttributes(for: ["x"]) == ["a", "b"])
    }

    @Test func randomTextNeverCrashesTheParser() {
        var random = SeededGenerator(seed: 4512)
        let alphabet = Array("( )$'\\ 2.5.4NAMESUPMUSTX-{}a\t\u{e9}")
        for _ in 0..<5000 {
            let text = String((0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? " " })
            _ = try? AttributeTypeDescription(parsing: text)
            _ = try? ObjectClassDescription(parsing: text)
        }
        let parsed = DirectorySchema.parse(SubschemaValues(attributeTypes: ["(", ")", "'", "( 1 NAME '"], objectClasses: ["( 1 SUP ( a $"]))
        #expect(parsed.warnings.count == 5)
    }
}
