/// The sync rules of a configuration (`rules:`): the rules written out (a list), and the
/// built-in rules (`BuiltInRules`) for every connector, direction and object type they do not
/// cover. The short form `rules: { person: { join: [uid], exclude: [userPassword] } }` adjusts
/// the built-in rules' joins and exclusions instead.
public struct SyncRules: Sendable, Hashable {
    /// The built-in rules' adjustments for `person` objects.
    public var person: ObjectRule
    /// The built-in rules' adjustments for `group` objects.
    public var group: ObjectRule
    /// The rules written in the configuration.
    public var specs: [RuleSpec]
    /// Whether the built-in rules apply where no written rule does (`builtInRules: false` turns them off).
    public var builtIn: Bool

    /// Creates rules; the defaults are the built-in ones.
    public init(person: ObjectRule = .defaultPerson, group: ObjectRule = .defaultGroup, specs: [RuleSpec] = [], builtIn: Bool = true) {
        self.person = person
        self.group = group
        self.specs = specs
        self.builtIn = builtIn
    }

    /// The built-in rules' adjustments for an object type, or nil for a type without them.
    public func rule(for objectType: String) -> ObjectRule? {
        switch ObjectType(objectType) {
        case .person: person
        case .group: group
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
