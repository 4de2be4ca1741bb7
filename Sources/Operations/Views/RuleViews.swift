import LDAPProtocol
import SyncEngine

/// `connector schema NAME`: the schema last read from a connector's directory.
public struct SchemaView: Sendable, Codable, Hashable {
    public struct ObjectClass: Sendable, Codable, Hashable {
        public var name: String
        public var kind: String
        /// Nearest first, to `top`.
        public var superclasses: [String]
        /// Required and allowed attributes, superclasses' and content rules' included.
        public var must: [String]
        public var may: [String]
    }

    public struct AttributeType: Sendable, Codable, Hashable {
        public var name: String
        public var syntax: String
        public var singleValued: Bool
        /// DN-valued: translated through the metaverse.
        public var reference: Bool
        /// Maintained by the directory: never flows.
        public var operational: Bool
        public var binary: Bool
    }

    public var connector: String
    public var objectClasses: [ObjectClass]
    public var attributeTypes: [AttributeType]

    public init(connector: String, schema: DirectorySchema) {
        self.connector = connector
        let syntaxNames = Dictionary(
            schema.ldapSyntaxes.compactMap { syntax in syntax.desc.map { (syntax.oid, $0) } }, uniquingKeysWith: { a, _ in a })
        objectClasses = schema.objectClasses.map { description in
            let name = description.primaryName
            let must = schema.requiredAttributes(for: [name])
            return ObjectClass(
                name: name, kind: description.kind.rawValue, superclasses: schema.superclasses(of: name), must: must,
                may: schema.allowedAttributes(for: [name]).filter { !must.contains($0) })
        }.sorted { $0.name.lowercased() < $1.name.lowercased() }
        attributeTypes = schema.attributeTypes.map { description in
            let name = description.primaryName
            let syntax = schema.syntax(of: name) ?? ""
            return AttributeType(
                name: name, syntax: syntaxNames[syntax].map { "\($0) (\(syntax))" } ?? syntax, singleValued: schema.isSingleValued(name),
                reference: schema.isReference(name), operational: schema.isOperational(name), binary: schema.isBinary(name))
        }.sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    /// As the command line prints it: one line per class and per attribute type.
    public var text: String {
        var lines = ["\(connector): \(objectClasses.count) object classes, \(attributeTypes.count) attribute types"]
        for objectClass in objectClasses { lines.append(Self.line(objectClass)) }
        for attribute in attributeTypes { lines.append(Self.line(attribute)) }
        return lines.joined(separator: "\n")
    }

    public static func line(_ objectClass: ObjectClass) -> String {
        var parts = ["class \(objectClass.name) (\(objectClass.kind.lowercased()))"]
        if !objectClass.superclasses.isEmpty { parts.append("sup \(objectClass.superclasses.joined(separator: " < "))") }
        if !objectClass.must.isEmpty { parts.append("must \(objectClass.must.joined(separator: " "))") }
        if !objectClass.may.isEmpty { parts.append("may \(objectClass.may.joined(separator: " "))") }
        return parts.joined(separator: "; ")
    }

    public static func line(_ attribute: AttributeType) -> String {
        var flags: [String] = []
        if attribute.singleValued { flags.append("single-valued") }
        if attribute.reference { flags.append("reference") }
        if attribute.operational { flags.append("operational") }
        if attribute.binary { flags.append("binary") }
        return "attribute \(attribute.name): \(attribute.syntax.isEmpty ? "no syntax" : attribute.syntax)"
            + (flags.isEmpty ? "" : "; " + flags.joined(separator: ", "))
    }
}

/// `rules show`: every rule that applies (written and built-in), as data and as YAML.
public struct RulesView: Sendable, Codable, Hashable {
    public struct Rule: Sendable, Codable, Hashable {
        public var name: String
        public var connector: String
        public var direction: String
        public var objectType: String
        public var builtIn: Bool
    }

    public var rules: [Rule]
    /// The same rules as a `rules:` list for the configuration file.
    public var yaml: String

    public init(_ specs: [RuleSpec]) {
        rules = specs.map {
            Rule(name: $0.name, connector: $0.connector, direction: $0.direction.rawValue, objectType: $0.objectType.rawValue, builtIn: $0.builtIn)
        }
        yaml = RulePrinter.yaml(specs)
    }
}

/// `rules check`: what the schemas say about the rules.
public struct RuleCheckReport: Sendable, Codable, Hashable {
    public var rules: Int
    public var findings: [RuleFinding]
    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var message: String {
        errors == 0
            ? "\(rules) rules checked: no errors" + (findings.isEmpty ? "" : " (\(findings.count) warnings)")
            : "\(rules) rules checked: \(errors) errors"
    }

    public init(rules: Int, findings: [RuleFinding]) {
        self.rules = rules
        self.findings = findings
    }
}
