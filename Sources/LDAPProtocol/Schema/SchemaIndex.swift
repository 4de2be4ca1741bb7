/// Lookup tables derived once from a schema's descriptions. Immutable, shared by copies.
final class SchemaIndex: Sendable {
    /// Attribute type index by lowercased name, alias and OID.
    let attributeKeys: [String: Int]
    /// Object class index by lowercased name, alias and OID.
    let classKeys: [String: Int]
    /// Effective properties of each attribute type (same order as the descriptions).
    let attributes: [ResolvedAttributeType]
    /// Each class's superclasses, transitively, nearest first, without the class itself.
    let superclasses: [[Int]]
    /// Each class's lowercased names and OIDs together with those of all its subclasses.
    let subclassKeys: [Set<String>]
    /// Content rule index by the index of its structural class.
    let contentRuleByClass: [Int: Int]
    /// Syntaxes whose values are bytes.
    let binarySyntaxes: Set<String>

    init(
        attributeTypes: [AttributeTypeDescription], objectClasses: [ObjectClassDescription],
        ldapSyntaxes: [LDAPSyntaxDescription], contentRules: [DITContentRuleDescription]
    ) {
        let attributeKeys = Self.keys(attributeTypes.map { [$0.oid] + $0.names })
        let classKeys = Self.keys(objectClasses.map { [$0.oid] + $0.names })
        self.attributeKeys = attributeKeys
        self.classKeys = classKeys
        self.attributes = ResolvedAttributeType.resolve(attributeTypes, keys: attributeKeys)
        let superclasses = objectClasses.indices.map { Self.closure(from: $0, objectClasses, classKeys) }
        self.superclasses = superclasses
        var subclassKeys = Array(repeating: Set<String>(), count: objectClasses.count)
        for (index, objectClass) in objectClasses.enumerated() {
            let keys = ([objectClass.oid] + objectClass.names).map { $0.lowercased() }
            for ancestor in [index] + superclasses[index] { subclassKeys[ancestor].formUnion(keys) }
        }
        self.subclassKeys = subclassKeys
        var rules: [Int: Int] = [:]
        for (ruleIndex, rule) in contentRules.enumerated() {
            if let classIndex = classKeys[rule.oid.lowercased()], rules[classIndex] == nil { rules[classIndex] = ruleIndex }
        }
        self.contentRuleByClass = rules
        self.binarySyntaxes = WellKnownSyntax.binary.union(ldapSyntaxes.filter(\.isNotHumanReadable).map(\.oid))
    }

    /// The attribute type named `name` (any case; `;options` ignored). Split at the `;` scalar,
    /// not a `Character`: U+037E (GREEK QUESTION MARK) compares equal to `;` as a Character.
    func attribute(_ name: String) -> Int? {
        let type = name.unicodeScalars.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        return attributeKeys[type.lowercased()]
    }

    /// The object class named `name` (any case).
    func objectClass(_ name: String) -> Int? {
        classKeys[name.lowercased()]
    }

    /// Each lowercased name to the first element that has it.
    private static func keys(_ namesOfEach: [[String]]) -> [String: Int] {
        var keys: [String: Int] = [:]
        for (index, names) in namesOfEach.enumerated() {
            for name in names where keys[name.lowercased()] == nil { keys[name.lowercased()] = index }
        }
        return keys
    }

    /// The superclasses of `start`, breadth first; cycles and unknown names are ignored.
    private static func closure(from start: Int, _ classes: [ObjectClassDescription], _ keys: [String: Int]) -> [Int] {
        var result: [Int] = []
        var seen: Set<Int> = [start]
        var queue = [start]
        while !queue.isEmpty {
            let current = queue.removeFirst()
            for name in classes[current].superclasses {
                guard let parent = keys[name.lowercased()], seen.insert(parent).inserted else { continue }
                result.append(parent)
                queue.append(parent)
            }
        }
        return result
    }
}
