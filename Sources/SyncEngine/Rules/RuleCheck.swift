import LDAPProtocol
import RuleLanguage

/// One problem `rules check` found, placed in the configuration file.
public struct RuleFinding: Sendable, Codable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Hashable {
        case error, warning
    }

    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: Int?
    public var rule: String?
    public var message: String

    /// `ldapsync.yaml:12:20: error: rule "people in": …`, as compilers print them.
    public var description: String {
        let place = [file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(place): \(severity.rawValue): " + (rule.map { "rule \"\($0)\": " } ?? "") + message
    }
}

/// `ldapsync rules check`: the rules (already parsed and type-checked when the configuration
/// loaded) checked against the directories' discovered schemas. Inbound expressions and scopes
/// must read attributes the source has; outbound expressions must read metaverse attributes some
/// inbound rule fills; an outbound flow must write an attribute the target has and its object
/// classes allow; a provisioned class's MUST attributes must be filled by a flow.
public struct RuleCheck: Sendable {
    public let configuration: Configuration
    public let rules: RuleSet
    public let schemas: [String: DirectorySchema]

    public init(configuration: Configuration, schemas: [String: DirectorySchema]) throws(ConfigurationError) {
        self.configuration = configuration
        self.rules = try RuleSet.compile(configuration)
        self.schemas = schemas
    }

    /// Every finding, errors first, in file order.
    public func findings() -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for connector in configuration.connectors where schemas[connector.name.lowercased()] == nil {
            findings.append(
                RuleFinding(
                    severity: .warning, file: configuration.file, line: nil, column: nil, rule: nil,
                    message: "no schema of \(connector.name) has been read yet (`ldapsync connector test \(connector.name)` reads it): "
                        + "its attributes and classes are not checked"))
        }
        for rule in rules.rules {
            switch rule.spec.direction {
            case .inbound: findings += inbound(rule)
            case .outbound: findings += outbound(rule)
            }
        }
        return findings.sorted { ($0.severity == .error ? 0 : 1, $0.line ?? 0) < ($1.severity == .error ? 0 : 1, $1.line ?? 0) }
    }

    // MARK: Inbound

    private func inbound(_ rule: CompiledRule) -> [RuleFinding] {
        guard let schema = schemas[rule.spec.connector.lowercased()] else { return [] }
        var findings: [RuleFinding] = []
        let place = "\(rule.spec.connector)'s schema"
        var expressions: [(RuleExpression, CompiledExpression)] = zip(rule.spec.join.map(\.connectorSide), rule.joins.map(\.expression)).map {
            ($0, $1)
        }
        expressions += zip(rule.spec.flows.map(\.expression), rule.flows.map(\.expression)).map { ($0, $1) }
        for (text, compiled) in expressions {
            for key in compiled.attributeKeys.sorted() where schema.attributeType(named: key) == nil {
                findings.append(unknown(key, in: text, rule, schema: schema, place))
            }
        }
        findings += scope(rule, schema: schema, place)
        return findings
    }

    private func scope(_ rule: CompiledRule, schema: DirectorySchema?, _ place: String) -> [RuleFinding] {
        guard let text = rule.spec.scope, let filter = rule.scope, let schema else { return [] }
        return Self.attributes(of: filter).sorted().filter { schema.attributeType(named: $0) == nil }.map {
            unknown($0, in: text, rule, schema: schema, place)
        }
    }

    // MARK: Outbound

    private func outbound(_ rule: CompiledRule) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        let type = rule.spec.objectType
        // What the metaverse holds for the type: what inbound rules flow.
        let inboundRules = rules.rules.filter { $0.spec.direction == .inbound && $0.spec.objectType == type }
        // The account state is ldapsync's own metaverse attribute: absent until a rule fills it.
        var metaverse = Set(inboundRules.flatMap { $0.flows.map(\.key) } + [BuiltInRules.accountDisabled.lowercased()])
        var open = false
        for inbound in inboundRules where inbound.spec.flowAll {
            guard let schema = schemas[inbound.spec.connector.lowercased()] else {
                open = true
                continue
            }
            for attribute in schema.attributeTypes { metaverse.formUnion(attribute.names.map { $0.lowercased() }) }
        }
        var expressions: [(RuleExpression, CompiledExpression)] = zip(rule.spec.flows.map(\.expression), rule.flows.map(\.expression)).map {
            ($0, $1)
        }
        if let text = rule.spec.dn, let compiled = rule.dn { expressions.append((text, compiled)) }
        if let text = rule.spec.accountDisabled, let compiled = rule.accountDisabled { expressions.append((text, compiled)) }
        if !open {
            for (text, compiled) in expressions {
                for key in compiled.attributeKeys.sorted() where !metaverse.contains(key) {
                    let near = Suggestions.nearest(to: key, among: Array(metaverse)).map { " (did you mean \($0)?)" } ?? ""
                    findings.append(
                        finding(
                            text, rule, offset: Self.offset(of: key, in: text.text),
                            "no inbound rule flows the metaverse attribute \(key) of \(type) objects\(near)"))
                }
            }
        }
        guard let target = configuration.connector(named: rule.spec.connector), let schema = schemas[target.name.lowercased()] else {
            return findings
        }
        let classes = target.objectType(named: type.rawValue)?.objectClasses ?? []
        let check = TargetSchemaCheck(schema: schema, flavor: target.flavor)
        let allowed = check.classAttributes(classes)
        if let unknown = allowed.unknownClass {
            findings.append(
                finding(nil, rule, "the object class \(unknown) that \(target.name) provisions \(type) objects with is not in its schema"))
        }
        for (flow, compiled) in zip(rule.spec.flows, rule.flows) {
            guard let attribute = schema.attributeType(named: flow.attribute) else {
                let near =
                    Suggestions.nearest(to: flow.attribute, among: schema.attributeTypes.flatMap(\.names)).map { " (did you mean \($0)?)" } ?? ""
                findings.append(finding(flow.expression, rule, "the attribute \(flow.attribute) is not in \(target.name)'s schema\(near)"))
                continue
            }
            let classFlow = compiled.key == "objectclass"
            if !classFlow, !schema.isOperational(compiled.key), !allowed.allowed.contains(attribute.primaryName.lowercased()) {
                findings.append(
                    finding(
                        flow.expression, rule,
                        "the attribute \(flow.attribute) is not allowed by the object classes \(allowed.classes.joined(separator: ", ")) "
                            + "of \(type) objects in \(target.name)"))
            }
        }
        // MUST attributes of a provisioned object: a flow must fill them (with flowAll the
        // metaverse decides, object by object).
        if rule.spec.provision, !rule.spec.flowAll, !rule.flows.contains(where: { $0.key == "objectclass" }) {
            let provided = TargetSchemaCheck.systemProvided(target.flavor).union(rule.flows.map(\.key))
            let naming = rule.spec.dn.flatMap { Self.namingAttribute($0.text) }
            for (name, owner) in allowed.required
            where !provided.contains(name.lowercased()) && name.lowercased() != naming && !schema.isReference(name) {
                findings.append(
                    finding(
                        rule.spec.flows.first?.expression ?? rule.spec.dn, rule,
                        "\(type) objects provisioned in \(target.name) must have \(name) (required by \(owner)), and no flow fills it"))
            }
        }
        return findings
    }

    // MARK: Helpers

    private func unknown(_ key: String, in text: RuleExpression, _ rule: CompiledRule, schema: DirectorySchema, _ place: String) -> RuleFinding {
        let near = Suggestions.nearest(to: key, among: schema.attributeTypes.flatMap(\.names)).map { " (did you mean \($0)?)" } ?? ""
        return finding(text, rule, offset: Self.offset(of: key, in: text.text), "the attribute \(key) is not in \(place)\(near)")
    }

    private func finding(_ text: RuleExpression?, _ rule: CompiledRule, offset: (line: Int, column: Int)? = nil, _ message: String) -> RuleFinding {
        guard let text else {
            return RuleFinding(severity: .error, file: configuration.file, line: nil, column: nil, rule: rule.name, message: message)
        }
        let located = RuleSet.located(text, message: message, line: offset?.line ?? 1, column: offset?.column ?? 1)
        return RuleFinding(severity: .error, file: located.file, line: located.line, column: located.column, rule: rule.name, message: message)
    }

    /// Where a name first appears in an expression as a whole word (1-based line and column).
    static func offset(of name: String, in text: String) -> (line: Int, column: Int)? {
        let characters = Array(text)
        let target = Array(name.lowercased())
        guard !target.isEmpty, characters.count >= target.count else { return nil }
        var line = 1
        var column = 1
        var inString = false
        for index in 0...(characters.count - target.count) {
            let character = characters[index]
            if character == "\"" { inString.toggle() }
            let before = index == 0 ? " " : characters[index - 1]
            let after = index + target.count < characters.count ? characters[index + target.count] : " "
            if !inString, !Self.isNameCharacter(before), !Self.isNameCharacter(after),
                characters[index..<(index + target.count)].map({ Character($0.lowercased()) }) == target
            {
                return (line, column)
            }
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }

    private static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_" || character == "[" || character == "]"
    }

    /// The naming attribute a DN template starts with (`"uid=" & …` → uid).
    static func namingAttribute(_ template: String) -> String? {
        let trimmed = template.drop { $0 == " " }
        guard trimmed.first == "\"", let equals = trimmed.firstIndex(of: "=") else { return nil }
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<equals]
        return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) && !name.isEmpty ? name.lowercased() : nil
    }

    /// The attribute names a filter tests (lowercased).
    static func attributes(of filter: SearchFilter) -> Set<String> {
        switch filter {
        case .and(let filters), .or(let filters): filters.reduce(into: Set<String>()) { $0.formUnion(attributes(of: $1)) }
        case .not(let inner): attributes(of: inner)
        default: filter.attribute.map { [$0.type.lowercased()] } ?? []
        }
    }
}
