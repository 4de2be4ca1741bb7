extension DirectorySchema {
    /// `extensibleObject` (RFC 4512 §4.3): entries of this class may hold any user attribute.
    static let extensibleObjectOID = "1.3.6.1.4.1.1466.101.120.111"

    /// The primary names of the superclasses of `objectClass`, transitively, nearest first
    /// (`inetOrgPerson` → `organizationalPerson`, `person`, `top`); empty for an unknown class.
    public func superclasses(of objectClass: String) -> [String] {
        guard let position = index.objectClass(objectClass) else { return [] }
        return index.superclasses[position].map { objectClasses[$0].primaryName }
    }

    /// Whether `objectClass` is `superclass` or derives from it, by name or OID in any case.
    /// False when either is unknown.
    public func isSubclass(_ objectClass: String, of superclass: String) -> Bool {
        guard let position = index.objectClass(objectClass), let ancestor = index.objectClass(superclass) else { return false }
        return position == ancestor || index.superclasses[position].contains(ancestor)
    }

    /// The entry's structural class among `classes` (an entry's `objectClass` values): the
    /// most derived structural class (`inetOrgPerson` of `top person organizationalPerson
    /// inetOrgPerson`; `user` of AD's `top person organizationalPerson user`). When the
    /// structural classes are not one chain, the deepest one (first of equals). `nil` when none
    /// is structural or known.
    public func structuralClass(of classes: [String]) -> String? {
        structuralIndex(of: classes).map { objectClasses[$0].primaryName }
    }

    /// The attributes entries of `classes` must have: `MUST` of every class and its
    /// superclasses, and of the content rules that apply (see ``allowedAttributes(for:)``).
    /// Primary names, sorted case-insensitively.
    public func requiredAttributes(for classes: [String]) -> [String] {
        names(attributeSets(for: classes).required)
    }

    /// The attributes entries of `classes` may have: the required ones, `MAY` of every class
    /// and its superclasses, and what the DIT content rules of the structural class and its
    /// superclasses add (their `MUST`, `MAY`, and the attributes of their auxiliary classes)
    /// minus their `NOT`. Rules of superclasses count because Active Directory lets subclasses
    /// inherit auxiliary classes while Samba publishes each rule only on the class that
    /// declares them (no rule for `inetOrgPerson`, one for `user`). With `extensibleObject`,
    /// every user attribute of the schema. Primary names, sorted case-insensitively.
    public func allowedAttributes(for classes: [String]) -> [String] {
        names(attributeSets(for: classes).allowed)
    }

    /// Whether an entry of `classes` may hold `attribute` (always, with `extensibleObject`,
    /// unless it is an operational attribute the schema does not list for the classes).
    public func isAllowed(_ attribute: String, for classes: [String]) -> Bool {
        let sets = attributeSets(for: classes)
        let key = index.attribute(attribute).map { index.attributes[$0].primaryName.lowercased() } ?? attribute.lowercased()
        return sets.allowed.keys.contains(key)
    }

    /// Whether `classes` include `extensibleObject`, which allows every user attribute.
    public func allowsAnyAttribute(for classes: [String]) -> Bool {
        classClosure(of: classes).contains { objectClasses[$0].oid == Self.extensibleObjectOID }
            || classes.contains { $0.lowercased() == "extensibleobject" }
    }

    /// Attribute primary names keyed by their lowercased form.
    private struct AttributeSets {
        var required: [String: String] = [:]
        var allowed: [String: String] = [:]
    }

    private func attributeSets(for classes: [String]) -> AttributeSets {
        var sets = AttributeSets()
        func add(_ names: [String], required: Bool) {
            for name in names {
                let primary = primaryName(of: name) ?? name
                if required { sets.required[primary.lowercased()] = primary }
                sets.allowed[primary.lowercased()] = primary
            }
        }
        for position in classClosure(of: classes) {
            add(objectClasses[position].must, required: true)
            add(objectClasses[position].may, required: false)
        }
        var precluded: [String] = []
        if let structural = structuralIndex(of: classes) {
            for classPosition in [structural] + index.superclasses[structural] {
                guard let rulePosition = index.contentRuleByClass[classPosition] else { continue }
                let rule = contentRules[rulePosition]
                add(rule.must, required: true)
                add(rule.may, required: false)
                for auxiliary in classClosure(of: rule.auxiliaryClasses) {
                    add(objectClasses[auxiliary].must + objectClasses[auxiliary].may, required: false)
                }
                precluded += rule.not
            }
        }
        for name in precluded {
            let key = (primaryName(of: name) ?? name).lowercased()
            if sets.required[key] == nil { sets.allowed[key] = nil }
        }
        if allowsAnyAttribute(for: classes) {
            for (position, type) in attributeTypes.enumerated() where !isOperational(type.oid) {
                let primary = index.attributes[position].primaryName
                sets.allowed[primary.lowercased()] = primary
            }
        }
        return sets
    }

    /// The known classes among `names` and all their superclasses, each once, in order.
    private func classClosure(of names: [String]) -> [Int] {
        var seen = Set<Int>()
        var result: [Int] = []
        for name in names {
            guard let position = index.objectClass(name) else { continue }
            for member in [position] + index.superclasses[position] where seen.insert(member).inserted {
                result.append(member)
            }
        }
        return result
    }

    private func structuralIndex(of classes: [String]) -> Int? {
        let structural = classes.compactMap { index.objectClass($0) }.filter { objectClasses[$0].kind == .structural }
        if let derived = structural.first(where: { candidate in
            structural.allSatisfy { $0 == candidate || index.superclasses[candidate].contains($0) }
        }) {
            return derived
        }
        return structural.max { index.superclasses[$0].count < index.superclasses[$1].count }
    }

    private func names(_ set: [String: String]) -> [String] {
        set.sorted { $0.key < $1.key }.map(\.value)
    }
}
