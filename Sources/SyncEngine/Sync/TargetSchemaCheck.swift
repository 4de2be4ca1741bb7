import LDAPProtocol

/// What a target's discovered schema says about an object ldapsync is about to write, checked
/// before any write: every attribute must exist and be allowed by the object's classes, every
/// MUST attribute must be filled, and a single-valued attribute gets one value. With no schema
/// discovered yet, nothing is checked (the directory's answer will be the check).
public struct TargetSchemaCheck: Sendable {
    public let schema: DirectorySchema
    public let flavor: ConnectorFlavor

    public init(schema: DirectorySchema, flavor: ConnectorFlavor) {
        self.schema = schema
        self.flavor = flavor
    }

    /// MUST attributes the directory fills itself (lowercased): Active Directory sets the
    /// security descriptor, category, instance type, SID, a generated sAMAccountName and the
    /// default group type.
    public static func systemProvided(_ flavor: ConnectorFlavor) -> Set<String> {
        switch flavor {
        case .openldap: openLDAPProvided
        case .activeDirectory: activeDirectoryProvided
        }
    }
    private static let openLDAPProvided: Set<String> = ["objectclass"]
    private static let activeDirectoryProvided: Set<String> = [
        "objectclass", "objectcategory", "ntsecuritydescriptor", "instancetype", "objectsid", "samaccountname", "grouptype",
    ]

    /// What entries of a set of object classes may and must hold (computed once per set).
    public struct ClassAttributes: Sendable {
        /// The classes as given, those the schema knows.
        public var classes: [String]
        /// A class the schema does not know, if any.
        public var unknownClass: String?
        /// Lowercased names of the allowed attributes.
        public var allowed: Set<String>
        /// Required attributes with the class that requires each (primary names).
        public var required: [(name: String, objectClass: String)]
        /// Every name (lowercased) of every allowed attribute, and whether it is single-valued:
        /// an object whose attributes are all here needs one lookup each (the sync checks every
        /// object it provisions).
        var singleValued: [String: Bool] = [:]
    }

    /// The allowed and required attributes of `classes`.
    public func classAttributes(_ classes: [String]) -> ClassAttributes {
        let known = classes.filter { schema.objectClass(named: $0) != nil }
        var required: [(String, String)] = []
        var seen = Set<String>()
        for name in known {
            for attribute in schema.requiredAttributes(for: [name]) where seen.insert(attribute.lowercased()).inserted {
                required.append((attribute, name))
            }
        }
        let allowed = Set(schema.allowedAttributes(for: known).map { $0.lowercased() })
        var singleValued: [String: Bool] = [:]
        for name in allowed {
            guard let type = schema.attributeType(named: name), allowed.contains(type.primaryName.lowercased()) else { continue }
            for alias in type.names { singleValued[alias.lowercased()] = schema.isSingleValued(alias) }
        }
        return ClassAttributes(
            classes: known, unknownClass: classes.first { schema.objectClass(named: $0) == nil }, allowed: allowed, required: required,
            singleValued: singleValued)
    }

    /// Checks and fixes `attributes` for an entry of `classes` whose DN starts with `rdn`: its values are
    /// added when missing (the directory requires them), a missing MUST reference (a
    /// groupOfNames' `member`) gets the empty DN as placeholder, single-valued attributes keep
    /// their first value. Throws a message naming the attribute and the class.
    public func apply(_ attributes: inout AttributeSet, _ classes: ClassAttributes, rdn: RelativeDistinguishedName?) throws(SyncRuleError) {
        if let unknown = classes.unknownClass {
            throw SyncRuleError(message: "object class \(unknown) is not in the target's schema")
        }
        if let single = classes.singleValuedKeys(attributes) {
            for key in single { attributes[key] = [attributes[key][0]] }
        } else {
            try checkEach(&attributes, classes)
        }
        for ava in rdn?.attributes ?? [] where !attributes.strings(ava.type).contains(where: { $0.lowercased() == ava.value.lowercased() }) {
            attributes[ava.type] = attributes[ava.type] + [Array(ava.value.utf8)]
        }
        let provided = Self.systemProvided(flavor)
        for (name, owner) in classes.required where !provided.contains(name.lowercased()) && attributes[name].isEmpty {
            guard schema.isReference(name) else {
                throw SyncRuleError(message: "attribute \(name), required by object class \(owner), has no value: no flow fills it")
            }
            attributes[name] = [[]]
        }
    }

    /// Each attribute looked up in the schema, in name order: the way for an OID, an operational
    /// attribute, or one the classes do not allow (the first such name is the error).
    private func checkEach(_ attributes: inout AttributeSet, _ classes: ClassAttributes) throws(SyncRuleError) {
        for key in attributes.keys where key != "objectclass" && !attributes[key].isEmpty {
            let name = attributes.displayName(key)
            guard let type = schema.attributeType(named: key) else {
                throw SyncRuleError(message: "attribute \(name) is not in the target's schema")
            }
            if !schema.isOperational(key), !classes.allowed.contains(type.primaryName.lowercased()) {
                throw SyncRuleError(
                    message: "attribute \(name) is not allowed by the object classes \(classes.classes.joined(separator: ", ")) in the target")
            }
            if schema.isSingleValued(key), attributes[key].count > 1 { attributes[key] = [attributes[key][0]] }
        }
    }
}

extension TargetSchemaCheck.ClassAttributes {
    /// The single-valued attributes of `attributes` that hold more than one value, when every
    /// attribute is allowed by name (one lookup each); nil when one needs `checkEach`.
    func singleValuedKeys(_ attributes: AttributeSet) -> [String]? {
        var keys: [String] = []
        for attribute in attributes.all where attribute.key != "objectclass" {
            guard let isSingle = singleValued[attribute.key] else { return nil }
            if isSingle, attribute.values.count > 1 { keys.append(attribute.key) }
        }
        return keys
    }
}
