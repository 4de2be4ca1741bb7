/// `ldapsync rules test`: what the rules do with one connector space object, rule by rule,
/// without writing anything.
public struct RuleTestReport: Sendable, Codable, Hashable {
    /// One attribute's outcome: its values as text, or a note (`AuthoritativeNull`, references).
    public struct Value: Sendable, Codable, Hashable {
        public var attribute: String
        public var values: [String]
        public var note: String?
    }

    /// One inbound rule of the object's connector and type.
    public struct Inbound: Sendable, Codable, Hashable {
        public var rule: String
        public var builtIn: Bool
        public var inScope: Bool
        /// Whether this is the rule the engine applies (the first in scope).
        public var applies: Bool
        public var join: String?
        public var flows: [Value]
        public var error: String?
    }

    /// What one target's rules make of the metaverse object.
    public struct Outbound: Sendable, Codable, Hashable {
        public var target: String
        public var rule: String?
        public var dn: String?
        /// The object's DN in the target now, if it has one.
        public var currentDN: String?
        public var attributes: [Value]
        /// Why nothing would be there, or the per-object error the sync would record.
        public var note: String?
    }

    public var connector: String
    public var dn: String
    public var objectType: String
    public var metaverseID: Int64?
    public var inbound: [Inbound]
    /// The metaverse object's attributes with this object's flows applied.
    public var metaverse: [Value]
    public var outbound: [Outbound]

    /// The report as the command line prints it.
    public var text: String {
        var lines = ["\(connector): \(dn) (\(objectType))"]
        for rule in inbound {
            let state = rule.inScope ? (rule.applies ? "in scope, applies" : "in scope (an earlier rule applies)") : "not in scope"
            lines.append("inbound rule \"\(rule.rule)\"\(rule.builtIn ? " (built-in)" : ""): \(state)")
            if let join = rule.join { lines.append("  join: \(join)") }
            for value in rule.flows { lines.append("  " + Self.render(value)) }
            if let error = rule.error { lines.append("  error: \(error)") }
        }
        if !metaverse.isEmpty {
            lines.append((metaverseID.map { "metaverse object \($0)" } ?? "new metaverse object") + " (\(objectType)) with these flows:")
            for value in metaverse { lines.append("  " + Self.render(value)) }
        }
        for target in outbound {
            lines.append("target \(target.target)" + (target.rule.map { ": rule \"\($0)\"" } ?? ""))
            if let dn = target.dn {
                lines.append("  dn: \(dn)" + (target.currentDN.map { $0 == dn ? "" : " (now \($0): a rename)" } ?? " (new object)"))
            }
            for value in target.attributes { lines.append("  " + Self.render(value)) }
            if let note = target.note { lines.append("  \(note)") }
        }
        lines.append("Nothing was written.")
        return lines.joined(separator: "\n")
    }

    static func render(_ value: Value) -> String {
        if let note = value.note { return "\(value.attribute): \(note)" }
        if value.values.isEmpty { return "\(value.attribute): (no value)" }
        return "\(value.attribute) = " + value.values.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
