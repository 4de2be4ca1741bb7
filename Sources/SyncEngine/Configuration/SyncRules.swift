/// How metaverse objects are matched and which attributes flow (`rules:` in the configuration).
///
/// With no `rules:` section people join on `uid` and never carry `userPassword`, and groups
/// join on `cn`: the built-in rules DESIGN.md describes.
public struct SyncRules: Sendable, Hashable {
    /// The rule for `person` objects.
    public var person: ObjectRule
    /// The rule for `group` objects.
    public var group: ObjectRule

    /// Creates rules; the defaults are the built-in ones.
    public init(person: ObjectRule = .defaultPerson, group: ObjectRule = .defaultGroup) {
        self.person = person
        self.group = group
    }

    /// The rule for an object type name (`person`, `group`), or nil for an unknown type.
    public func rule(for objectType: String) -> ObjectRule? {
        switch objectType {
        case "person": person
        case "group": group
        default: nil
        }
    }
}

/// Joining and attribute flow for one object type.
public struct ObjectRule: Sendable, Hashable {
    /// Attributes tried in order to join a connector space object to an existing metaverse
    /// object (the first attribute whose value matches exactly one object wins); an object that
    /// joins on none of them is projected as a new metaverse object.
    public var join: [String]
    /// Attributes that never flow, in either direction.
    public var exclude: [String]

    /// Creates a rule.
    public init(join: [String], exclude: [String] = []) {
        self.join = join
        self.exclude = exclude
    }

    /// People join on `uid`; passwords never flow (password sync is a separate, explicit feature).
    public static let defaultPerson = ObjectRule(join: ["uid"], exclude: ["userPassword"])
    /// Groups join on `cn`.
    public static let defaultGroup = ObjectRule(join: ["cn"], exclude: [])
}
