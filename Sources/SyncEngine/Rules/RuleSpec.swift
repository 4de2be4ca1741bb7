/// An expression as the configuration wrote it, with where its text starts (for errors that
/// name file:line:column).
public struct RuleExpression: Sendable, Hashable, CustomStringConvertible {
    public var text: String
    public var file: String
    /// 1-based line and column of the expression's first character in the file (nil: not from a file).
    public var line: Int?
    public var column: Int?

    public init(_ text: String, file: String = "", line: Int? = nil, column: Int? = nil) {
        self.text = text
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { text }
}

/// One join rule: an expression on the connector's object, matched against a metaverse
/// attribute (`{ source: "LCase(mail)", metaverse: mail }`; `uid` alone means `uid` = `uid`).
public struct JoinSpec: Sendable, Hashable {
    public var connectorSide: RuleExpression
    public var metaverse: String

    public init(connectorSide: RuleExpression, metaverse: String) {
        self.connectorSide = connectorSide
        self.metaverse = metaverse
    }
}

/// One attribute flow: the attribute it fills (a metaverse attribute inbound, a connector
/// attribute outbound) and the expression that gives its values.
public struct FlowSpec: Sendable, Hashable {
    public var attribute: String
    public var expression: RuleExpression

    public init(_ attribute: String, _ expression: RuleExpression) {
        self.attribute = attribute
        self.expression = expression
    }
}

/// One sync rule as the configuration states it (or as the built-in rules are written): what
/// it applies to, its scope, joins, flows and, outbound, how objects are named, provisioned and
/// deprovisioned. `RuleSet` compiles these.
public struct RuleSpec: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Connector space → metaverse.
        case inbound
        /// Metaverse → a target's connector space.
        case outbound
    }

    /// What happens to a target object whose metaverse object went away or left the rule's scope.
    public enum Deprovision: String, Sendable, Hashable, CaseIterable {
        /// Deleted in the target.
        case delete
        /// Left in the target, disabled the way the target's flavor disables an account, and no
        /// longer managed.
        case disable
        /// Left in the target as it is, no longer managed.
        case keep
    }

    public var name: String
    public var connector: String
    public var direction: Direction
    public var objectType: ObjectType
    /// An LDAP filter evaluated by the engine on the object (the connector's object inbound,
    /// the metaverse object outbound); nil: every object of the type.
    public var scope: RuleExpression?
    /// Tried in order; the first that finds exactly one metaverse object joins.
    public var join: [JoinSpec]
    /// Inbound: an object that joins nothing becomes a new metaverse object.
    public var project: Bool
    /// Inbound: lower wins when two connectors flow the same metaverse attribute (nil: by the
    /// connector's place in the file).
    public var precedence: Int?
    public var flows: [FlowSpec]
    /// Every attribute the other side has (but secrets, operational ones and `exclude`), as is,
    /// with `flows` on top.
    public var flowAll: Bool
    public var exclude: [String]
    /// Outbound: create target objects for metaverse objects in scope.
    public var provision: Bool
    /// Outbound: the target object's DN; nil keeps the source's structure under the target base.
    public var dn: RuleExpression?
    public var deprovision: Deprovision
    /// Outbound: the account state (`TRUE` disables), written the target's way (AD's
    /// userAccountControl bit, OpenLDAP ppolicy's administrative lock).
    public var accountDisabled: RuleExpression?
    /// Written by ldapsync (`ldapsync rules show` marks them); an explicit rule for the same
    /// connector, direction and type replaces it.
    public var builtIn: Bool

    public init(
        name: String, connector: String, direction: Direction, objectType: ObjectType, scope: RuleExpression? = nil,
        join: [JoinSpec] = [], project: Bool = true, precedence: Int? = nil, flows: [FlowSpec] = [], flowAll: Bool = false,
        exclude: [String] = [], provision: Bool = true, dn: RuleExpression? = nil, deprovision: Deprovision = .delete,
        accountDisabled: RuleExpression? = nil, builtIn: Bool = false
    ) {
        self.name = name
        self.connector = connector
        self.direction = direction
        self.objectType = objectType
        self.scope = scope
        self.join = join
        self.project = project
        self.precedence = precedence
        self.flows = flows
        self.flowAll = flowAll
        self.exclude = exclude
        self.provision = provision
        self.dn = dn
        self.deprovision = deprovision
        self.accountDisabled = accountDisabled
        self.builtIn = builtIn
    }
}
