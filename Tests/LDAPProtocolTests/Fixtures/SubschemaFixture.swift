import LDAPProtocol

/// Real subschema entries captured from the test directories, and the schemas parsed from them.
enum SubschemaFixture {
    /// The test slapd's schema.
    static let slapd = DirectorySchema.parse(values(ldif: slapdLDIF))
    /// The test Samba AD DC's schema.
    static let samba = DirectorySchema.parse(values(ldif: sambaLDIF))
    /// The test slapd's schema with OpenLDAP's `openldap.schema` classes added as slapd 2.5.13
    /// publishes them when that schema is loaded (the test slapd does not load it).
    static let slapdWithOpenLDAPClasses: DirectorySchema = {
        var subschema = values(ldif: slapdLDIF)
        subschema.objectClasses += openLDAPClasses
        return DirectorySchema.parse(subschema).schema
    }()

    /// `objectClasses` values of `openldap.schema`, captured from a slapd 2.5.13 that loads it.
    /// `OpenLDAPperson` derives from both `pilotPerson` and `inetOrgPerson`.
    static let openLDAPClasses = [
        "( 1.3.6.1.4.1.4203.1.4.3 NAME 'OpenLDAPorg' DESC 'OpenLDAP Organizational Object' SUP organization STRUCTURAL MAY ( buildingName $ displayName $ labeledURI ) )",
        "( 1.3.6.1.4.1.4203.1.4.4 NAME 'OpenLDAPou' DESC 'OpenLDAP Organizational Unit Object' SUP organizationalUnit STRUCTURAL MAY ( buildingName $ displayName $ labeledURI $ o ) )",
        "( 1.3.6.1.4.1.4203.1.4.5 NAME 'OpenLDAPperson' DESC 'OpenLDAP Person' SUP ( pilotPerson $ inetOrgPerson ) STRUCTURAL MUST ( uid $ cn ) MAY ( givenName $ labeledURI $ o ) )",
        "( 1.3.6.1.4.1.4203.1.4.6 NAME 'OpenLDAPdisplayableObject' DESC 'OpenLDAP Displayable Object' AUXILIARY MAY displayName )",
    ]

    /// The values of an unwrapped LDIF subschema entry (`name: value` lines).
    static func values(ldif: String) -> SubschemaValues {
        var values = SubschemaValues()
        for line in ldif.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = String(line[line.index(after: colon)...].drop { $0 == " " })
            switch line[..<colon].lowercased() {
            case "attributetypes": values.attributeTypes.append(value)
            case "objectclasses": values.objectClasses.append(value)
            case "ldapsyntaxes": values.ldapSyntaxes.append(value)
            case "ditcontentrules": values.dITContentRules.append(value)
            default: break
            }
        }
        return values
    }
}
