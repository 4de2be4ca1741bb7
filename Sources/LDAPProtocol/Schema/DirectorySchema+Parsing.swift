extension DirectorySchema {
    /// Parses the descriptions of a subschema entry. A description that does not parse is
    /// skipped with a warning; so are later descriptions that reuse an OID already seen.
    /// References to unknown types or classes (`SUP`, `MUST`, `MAY`, `AUX`) are kept and warned
    /// about. Never throws.
    public static func parse(_ values: SubschemaValues) -> ParsedSchema {
        var warnings: [SchemaWarning] = []
        let attributeTypes = parseAll(values.attributeTypes, "attributeTypes", &warnings, AttributeTypeDescription.init(parsing:), \.oid)
        let objectClasses = parseAll(values.objectClasses, "objectClasses", &warnings, ObjectClassDescription.init(parsing:), \.oid)
        let syntaxes = parseAll(values.ldapSyntaxes, "ldapSyntaxes", &warnings, LDAPSyntaxDescription.init(parsing:), \.oid)
        let rules = parseAll(values.dITContentRules, "dITContentRules", &warnings, DITContentRuleDescription.init(parsing:), \.oid)
        let schema = DirectorySchema(attributeTypes: attributeTypes, objectClasses: objectClasses, ldapSyntaxes: syntaxes, contentRules: rules)
        return ParsedSchema(schema: schema, warnings: warnings + schema.unresolvedReferences())
    }

    private static func parseAll<Description>(
        _ texts: [String], _ element: String, _ warnings: inout [SchemaWarning],
        _ parse: (String) throws(SchemaParseError) -> Description, _ oid: (Description) -> String
    ) -> [Description] {
        var seen = Set<String>()
        var descriptions: [Description] = []
        for text in texts {
            do {
                let description = try parse(text)
                guard seen.insert(oid(description).lowercased()).inserted else {
                    warnings.append(SchemaWarning(element: element, text: text, message: "skipped: its OID was already defined"))
                    continue
                }
                descriptions.append(description)
            } catch {
                warnings.append(SchemaWarning(element: element, text: text, message: "skipped: \(error)"))
            }
        }
        return descriptions
    }

    /// Names used in the schema that name nothing in it.
    func unresolvedReferences() -> [SchemaWarning] {
        var warnings: [SchemaWarning] = []
        for type in attributeTypes {
            if let superType = type.superType, index.attribute(superType) == nil {
                warnings.append(SchemaWarning(element: "attributeTypes", text: type.primaryName, message: "its SUP \(superType) is not defined"))
            }
        }
        for objectClass in objectClasses {
            let missingClasses = objectClass.superclasses.filter { index.objectClass($0) == nil }
            let missingAttributes = (objectClass.must + objectClass.may).filter { index.attribute($0) == nil }
            if !missingClasses.isEmpty {
                warnings.append(
                    SchemaWarning(
                        element: "objectClasses", text: objectClass.primaryName,
                        message: "its SUP \(missingClasses.joined(separator: ", ")) is not defined"))
            }
            if !missingAttributes.isEmpty {
                warnings.append(
                    SchemaWarning(
                        element: "objectClasses", text: objectClass.primaryName,
                        message: "its attributes \(missingAttributes.joined(separator: ", ")) are not defined"))
            }
        }
        for rule in contentRules where index.objectClass(rule.oid) == nil {
            warnings.append(
                SchemaWarning(element: "dITContentRules", text: rule.names.first ?? rule.oid, message: "its class \(rule.oid) is not defined"))
        }
        return warnings
    }
}
