import LDAPProtocol
import RuleLanguage
import Synchronization

/// One attribute's value from one rule: values, `AuthoritativeNull`, or references (the DNs of
/// the source object's reference attribute, translated to metaverse objects in pass 2).
enum FlowValue {
    case values([[UInt8]])
    case authoritativeNull
    case references(connector: String, dns: [String])

    /// Whether this value takes part in precedence (nothing at all lets a lower one through).
    var isPresent: Bool {
        switch self {
        case .values(let values): !values.isEmpty
        case .authoritativeNull: true
        case .references(_, let dns): !dns.isEmpty
        }
    }
}

/// What one connector object gives its metaverse object under one inbound rule.
struct Contribution {
    var precedence: Int
    var rule: String
    var connector: String
    /// By attribute key: its display name and value.
    var attributes: [String: (name: String, value: FlowValue)] = [:]
}

extension Synchronizer {
    /// Whether a rule's scope takes in an object (no scope: every object of its type).
    func inScope(_ rule: CompiledRule, _ attributes: AttributeSet, dn: String?) -> Bool {
        guard let filter = scopes[rule.name] else { return true }
        return filter.matches(FilterObject(attributes: attributes, dn: dn))
    }

    /// The first of a connector's inbound rules for the object's type that takes it in.
    func inboundRule(for object: ConnectorSpaceObject) -> CompiledRule? {
        rules.inbound(object.connector, object.objectType).first { inScope($0, object.attributes, dn: object.dn) }
    }

    /// Whether attribute `key` of `connector`'s objects holds DNs of other objects.
    func isReference(_ key: String, connector: String) -> Bool { kinds.kind(key, connector: connector, self).reference }

    /// Whether `flowAll` leaves attribute `key` of `connector`'s objects out.
    func isOperational(_ key: String, connector: String) -> Bool { kinds.kind(key, connector: connector, self).operational }

    /// What the schema says of an attribute (asked for every attribute of every object: the
    /// schema lookup splits and lowercases names, so each answer is kept).
    func attributeKind(_ key: String, connector: String) -> AttributeKinds.Kind {
        let schema = schemas[connector.lowercased()]
        let reference =
            if let schema, schema.attributeType(named: key) != nil { schema.isReference(key) } else { FlowPolicy.referenceAttributes.contains(key) }
        let operational = key != "objectclass" && schema?.isOperational(key) == true
        return AttributeKinds.Kind(reference: reference, operational: operational)
    }

    /// The context an inbound expression sees.
    func inboundContext(_ object: ConnectorSpaceObject) -> [(name: String, value: String?)] {
        [("dn", object.dn), ("baseDN", connector(object.connector)?.baseDN.description), ("connector", object.connector)]
    }

    /// Evaluates an inbound rule's flows on one connector object.
    func contribution(_ object: ConnectorSpaceObject, _ rule: CompiledRule) throws(SyncRuleError) -> Contribution {
        var contribution = Contribution(precedence: rule.precedence, rule: rule.name, connector: object.connector)
        let attributes = object.attributes
        if rule.spec.flowAll {
            for attribute in attributes.all
            where FlowPolicy.flows(attribute.key) && !rule.excluded.contains(attribute.key)
                && !isOperational(attribute.key, connector: object.connector)
            {
                let (key, name, values) = (attribute.key, attribute.name, attribute.values)
                contribution.attributes[key] =
                    isReference(key, connector: object.connector)
                    ? (name, .references(connector: object.connector, dns: values.map { Self.referenceDN($0) }))
                    : (name, .values(values))
            }
        }
        let input = RuleInput(attributes, context: inboundContext(object))
        for flow in rule.flows {
            if let source = flow.sourceAttribute, isReference(AttributeSet.key(source), connector: object.connector) {
                let dns = attributes[source].map { Self.referenceDN($0) }
                contribution.attributes[flow.key] = (flow.attribute, .references(connector: object.connector, dns: dns))
                continue
            }
            contribution.attributes[flow.key] = (flow.attribute, try evaluate(flow.expression, input, object.dn, rule, "flow \(flow.attribute)"))
        }
        return contribution
    }

    /// A DN value of a reference attribute: `uniqueMember`'s optional `#'…'B` UID left out.
    static func referenceDN(_ value: [UInt8]) -> String {
        let text = String(decoding: value, as: UTF8.self)
        guard text.hasSuffix("'B"), let hash = text.range(of: "#'", options: .backwards) else { return text }
        return String(text[..<hash.lowerBound])
    }

    /// Evaluates one expression; a failure is a per-object error naming the rule.
    func evaluate(
        _ expression: CompiledExpression, _ input: RuleInput, _ dn: String, _ rule: CompiledRule,
        _ part: String
    ) throws(SyncRuleError) -> FlowValue {
        do throws(ExpressionEvaluationError) {
            switch try expression.evaluate(input) {
            case .values(let values): return .values(values)
            case .authoritativeNull: return .authoritativeNull
            }
        } catch {
            throw SyncRuleError(dn: dn, message: "rule \"\(rule.name)\", \(part): \(error)")
        }
    }

    /// The metaverse attributes from contributions in precedence order: for each attribute, the
    /// first that has it (`AuthoritativeNull` wins and removes it). References are left to pass 2.
    func merge(_ contributions: [Contribution]) -> AttributeSet {
        var attributes = AttributeSet()
        var decided = Set<String>()
        for contribution in contributions.sorted(by: { $0.precedence < $1.precedence }) {
            for (key, entry) in contribution.attributes where !decided.contains(key) && entry.value.isPresent {
                decided.insert(key)
                if case .values(let values) = entry.value { attributes.setValues(values, key: key, name: entry.name) }
            }
        }
        return attributes
    }

    /// The keys joins find a metaverse object of `type` by.
    func joinKeys(_ attributes: AttributeSet, _ type: ObjectType) -> [String] {
        var keys: [String] = []
        for name in rules.joinAttributes[type] ?? [] {
            for value in attributes.strings(name) where !value.isEmpty { keys.append(Self.joinKey(name, value)) }
        }
        return keys.sorted()
    }

    /// `mail=ann@contoso.com`: the attribute and the value, lowercased.
    static func joinKey(_ attribute: String, _ value: String) -> String {
        "\(attribute.lowercased())=\(value.lowercased())"
    }
}

/// The schema's answers about attributes, by connector and attribute key, as a sync asks them.
final class AttributeKinds: Sendable {
    struct Kind {
        var reference: Bool
        var operational: Bool
    }
    private let known = Mutex<[String: [String: Kind]]>([:])

    func kind(_ key: String, connector: String, _ synchronizer: Synchronizer) -> Kind {
        if let kind = known.withLock({ $0[connector]?[key] }) { return kind }
        let kind = synchronizer.attributeKind(key, connector: connector)
        known.withLock { $0[connector, default: [:]][key] = kind }
        return kind
    }
}
