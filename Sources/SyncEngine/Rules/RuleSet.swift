import LDAPProtocol
import RuleLanguage

/// One rule, compiled: its scope filter, joins, flows, DN template and account state, each
/// parsed and type-checked once, then evaluated per object without text.
public struct CompiledRule: Sendable {
    public let spec: RuleSpec
    /// The scope filter (nil: every object of the type).
    public let scope: SearchFilter?
    public let joins: [(expression: CompiledExpression, metaverse: String)]
    public let flows: [CompiledFlow]
    public let dn: CompiledExpression?
    public let accountDisabled: CompiledExpression?
    /// Lower wins between connectors flowing the same metaverse attribute.
    public let precedence: Int
    /// Lowercased names `flowAll` leaves out (the rule's `exclude`, and what flows explicitly).
    public let excluded: Set<String>

    /// The rule's name as messages show it.
    public var name: String { spec.name }
}

/// One compiled attribute flow. `sourceAttribute` is set when the expression is a bare attribute
/// reference: such a flow carries references (DN-valued attributes) through the metaverse.
public struct CompiledFlow: Sendable {
    public let attribute: String
    public let key: String
    public let expression: CompiledExpression
    public let sourceAttribute: String?
}

/// The configuration's rules, compiled: the rules written in `rules:` and the built-in ones for
/// whatever they do not cover (a written rule for a connector, direction and type replaces the
/// built-in one). `compile` is what the loader, `rules check` and every sync run use.
public struct RuleSet: Sendable {
    public let rules: [CompiledRule]
    private let inboundIndex: [String: [Int]]
    private let outboundIndex: [String: [Int]]
    /// The metaverse attributes joins look up, per type (lowercased): their values are indexed.
    public let joinAttributes: [ObjectType: Set<String>]

    /// Context variables inbound expressions may use.
    public static let inboundContext: [String: ValueType] = ["dn": .text, "baseDN": .text, "connector": .text]
    /// Context variables outbound expressions may use.
    public static let outboundContext: [String: ValueType] = [
        "baseDN": .text, "connector": .text, "sourceDN": .text, "rebasedDN": .text, "targetContainer": .text,
    ]

    /// The rules that apply: written ones, then built-in ones where none is written.
    public static func specs(for configuration: Configuration) -> [RuleSpec] {
        let written = configuration.rules.specs
        guard configuration.rules.builtIn else { return written }
        let covered = Set(written.map { "\($0.connector.lowercased())|\($0.direction)|\($0.objectType)" })
        return written
            + BuiltInRules.specs(for: configuration).filter {
                !covered.contains("\($0.connector.lowercased())|\($0.direction)|\($0.objectType)")
            }
    }

    /// Compiles the configuration's rules; the first error names file:line:column.
    public static func compile(_ configuration: Configuration) throws(ConfigurationError) -> RuleSet {
        var compiled: [CompiledRule] = []
        let specs = specs(for: configuration)
        for (index, spec) in specs.enumerated() {
            let order = configuration.connectors.firstIndex { $0.name.lowercased() == spec.connector.lowercased() } ?? 0
            compiled.append(try compile(spec, defaultPrecedence: 1000 + order * 10 + index % 10))
        }
        return RuleSet(compiled)
    }

    init(_ rules: [CompiledRule]) {
        self.rules = rules
        var inbound: [String: [Int]] = [:]
        var outbound: [String: [Int]] = [:]
        var joins: [ObjectType: Set<String>] = [:]
        for (index, rule) in rules.enumerated() {
            let key = Self.key(rule.spec.connector, rule.spec.objectType)
            switch rule.spec.direction {
            case .inbound: inbound[key, default: []].append(index)
            case .outbound: outbound[key, default: []].append(index)
            }
            for join in rule.joins { joins[rule.spec.objectType, default: []].insert(join.metaverse.lowercased()) }
        }
        inboundIndex = inbound
        outboundIndex = outbound
        joinAttributes = joins
    }

    private static func key(_ connector: String, _ type: ObjectType) -> String { "\(connector.lowercased())|\(type.rawValue)" }

    /// The inbound rules of a connector for a type.
    public func inbound(_ connector: String, _ type: ObjectType) -> [CompiledRule] {
        (inboundIndex[Self.key(connector, type)] ?? []).map { rules[$0] }
    }

    /// The outbound rules of a target for a type.
    public func outbound(_ connector: String, _ type: ObjectType) -> [CompiledRule] {
        (outboundIndex[Self.key(connector, type)] ?? []).map { rules[$0] }
    }

    /// Whether any rule flows into a connector (for targets without a rule of a type).
    public func hasInbound(_ connector: String) -> Bool {
        rules.contains { $0.spec.direction == .inbound && $0.spec.connector.lowercased() == connector.lowercased() }
    }

    // MARK: Compiling one rule

    static func compile(_ spec: RuleSpec, defaultPrecedence: Int) throws(ConfigurationError) -> CompiledRule {
        let context = spec.direction == .inbound ? inboundContext : outboundContext
        let compiler = ExpressionCompiler(contextVariables: context)
        var scope: SearchFilter?
        if let text = spec.scope {
            do throws(SearchFilterError) {
                scope = try SearchFilter(text.text)
            } catch {
                throw located(text, message: "rule \"\(spec.name)\": scope is not an LDAP filter: \(error)")
            }
        }
        // Join expressions read the connector's object: inbound context on both sides' objects.
        let joinCompiler = ExpressionCompiler(contextVariables: inboundContext)
        var joins: [(CompiledExpression, String)] = []
        for join in spec.join { joins.append((try compile(join.connectorSide, joinCompiler, spec, "join"), join.metaverse)) }
        var flows: [CompiledFlow] = []
        for flow in spec.flows {
            let expression = try compile(flow.expression, compiler, spec, "flow \(flow.attribute)")
            flows.append(
                CompiledFlow(
                    attribute: flow.attribute, key: AttributeSet.key(flow.attribute), expression: expression,
                    sourceAttribute: bareAttribute(flow.expression.text, context: context)))
        }
        let dn = try spec.dn.map { text throws(ConfigurationError) in try compile(text, compiler, spec, "dn") }
        let account = try spec.accountDisabled.map { text throws(ConfigurationError) in try compile(text, compiler, spec, "accountDisabled") }
        var excluded = Set(spec.exclude.map { $0.lowercased() })
        excluded.formUnion(flows.map(\.key))
        return CompiledRule(
            spec: spec, scope: scope, joins: joins, flows: flows, dn: dn, accountDisabled: account,
            precedence: spec.precedence ?? defaultPrecedence, excluded: excluded)
    }

    private static func compile(
        _ text: RuleExpression, _ compiler: ExpressionCompiler, _ spec: RuleSpec,
        _ part: String
    ) throws(ConfigurationError) -> CompiledExpression {
        do throws(ExpressionError) {
            return try compiler.compile(text.text)
        } catch {
            let function = error.functionName.map { " (\($0))" } ?? ""
            throw located(
                text, message: "rule \"\(spec.name)\", \(part)\(function): \(error.message)",
                line: error.line, column: error.column)
        }
    }

    /// An error at a position inside an expression, placed in the file.
    static func located(_ text: RuleExpression, message: String, line: Int = 1, column: Int = 1) -> ConfigurationError {
        let fileLine = text.line.map { $0 + line - 1 }
        let fileColumn = line == 1 ? text.column.map { $0 + column - 1 } : column
        return ConfigurationError(
            file: text.file.isEmpty ? "(built-in rules)" : text.file, line: fileLine,
            column: text.line == nil ? nil : fileColumn, key: nil, message: message)
    }

    /// The attribute an expression reads when it is nothing but an attribute reference.
    static func bareAttribute(_ text: String, context: [String: ValueType]) -> String? {
        guard let node = try? ExpressionNode(parsing: text) else { return nil }
        switch node.kind {
        case .attribute(let name): return name
        case .identifier(let name) where !context.keys.contains(where: { $0.lowercased() == name.lowercased() }): return name
        default: return nil
        }
    }
}
