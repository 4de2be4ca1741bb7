import Foundation
import LDAPProtocol

// RFC 4512 subschema descriptions as a server publishes them (slapd's and Samba's are the
// seeds). Each input line is one value; its first character says which attribute it came
// from: `a` attributeTypes, `o` objectClasses, `s` ldapSyntaxes, `d` dITContentRules.
// Beyond "no crash": parsing never throws (bad descriptions become warnings), every lookup
// the engine makes terminates, even with SUP loops, and answers consistently (a class is its
// own subclass, a required attribute is allowed, a parsed schema survives its JSON form).

func fuzz(_ input: [UInt8]) {
    var values = SubschemaValues()
    for line in String(decoding: input, as: UTF8.self).split(separator: "\n") {
        let description = String(line.dropFirst())
        switch line.first {
        case "a": values.attributeTypes.append(description)
        case "o": values.objectClasses.append(description)
        case "s": values.ldapSyntaxes.append(description)
        default: values.dITContentRules.append(description)
        }
    }
    let schema = DirectorySchema.parse(values).schema
    let classNames = schema.objectClasses.flatMap { $0.names + [$0.oid] }
    for type in schema.attributeTypes {
        // A `;` starts options in a lookup, so a (malformed) name holding one is not found by it.
        for name in type.names + [type.oid] where !name.utf8.contains(UInt8(ascii: ";")) {
            require(schema.attributeType(named: name) != nil, "the attribute \(name) is not found by its own name")
            _ = (schema.syntax(of: name), schema.equalityRule(of: name), schema.orderingRule(of: name), schema.substringRule(of: name))
            _ = (schema.isReference(name), schema.isSingleValued(name), schema.isBinary(name), schema.isOperational(name))
            _ = schema.primaryName(of: name)
        }
    }
    for name in classNames {
        require(schema.objectClass(named: name) != nil, "the class \(name) is not found by its own name")
        require(schema.isSubclass(name, of: name), "the class \(name) is not its own subclass")
        _ = schema.superclasses(of: name)
        let required = schema.requiredAttributes(for: [name])
        for attribute in required {
            require(schema.isAllowed(attribute, for: [name]), "\(attribute) is required but not allowed by \(name)")
        }
        _ = (schema.allowedAttributes(for: [name]), schema.allowsAnyAttribute(for: [name]), schema.contentRule(for: name))
    }
    _ = schema.structuralClass(of: classNames)
    if let encoded = try? JSONEncoder().encode(schema) {
        require((try? JSONDecoder().decode(DirectorySchema.self, from: encoded)) == schema, "the schema does not survive its JSON form")
    }
}
