import Foundation

/// `ldapsync explain`: one object's whole path through the engine, both directions, and why.
public struct ObjectExplanation: Sendable, Codable, Hashable {
    /// Whether one object type's filter takes the object in.
    public struct TypeVerdict: Sendable, Codable, Hashable {
        public var type: String
        public var filter: String
        public var matches: Bool
    }

    /// Where one metaverse attribute's values came from, and what lost on precedence.
    public struct Origin: Sendable, Codable, Hashable {
        public struct Loser: Sendable, Codable, Hashable {
            public var connector: String
            public var rule: String
            public var precedence: Int
            public var values: [String]
        }

        public var attribute: String
        public var values: [String]
        public var connector: String
        public var rule: String
        /// The flow's expression, or `flowAll`.
        public var expression: String
        public var precedence: Int
        public var lost: [Loser]
    }

    /// What one target holds or will hold for the metaverse object.
    public struct Target: Sendable, Codable, Hashable {
        public var target: String
        public var rule: String?
        /// The rules' scopes when none takes the object in.
        public var scopes: [String]
        public var dn: String?
        public var currentDN: String?
        /// The pending export (`add`, `update`, `delete`) and its writes as LDIF.
        public var pendingExport: String?
        public var ldif: String?
        /// Why the next export of this target would stop (the deletion threshold), if it would.
        public var guardStop: String?
        public var note: String?
    }

    /// A recorded event or export write concerning the object.
    public struct Event: Sendable, Codable, Hashable {
        public var runID: Int64
        public var connector: String
        public var dn: String
        public var what: String
        public var at: Date?
    }

    public var connector: String
    public var dn: String
    public var anchor: String?
    public var found: Bool
    /// One line: what happens to the object and why.
    public var verdict: String
    public var objectType: String?
    public var types: [TypeVerdict]
    public var inbound: [RuleTestReport.Inbound]
    public var metaverseID: Int64?
    public var origins: [Origin]
    /// Reference attributes of the metaverse object: how many objects each lists.
    public var references: [String: Int]
    public var outbound: [Target]
    public var history: [Event]

    /// The explanation as the command line prints it.
    public var text: String {
        var lines = ["\(connector): \(dn)" + (anchor.map { " (anchor \($0))" } ?? ""), verdict]
        if !types.isEmpty {
            lines.append("object type:")
            for verdict in types { lines.append("  \(verdict.type): \(verdict.filter) \(verdict.matches ? "matches" : "does not match")") }
        }
        for rule in inbound {
            let state = rule.inScope ? (rule.applies ? "in scope, applies" : "in scope (an earlier rule applies)") : "not in scope"
            lines.append("inbound rule \"\(rule.rule)\"\(rule.builtIn ? " (built-in)" : ""): \(state)")
            if let join = rule.join { lines.append("  join: \(join)") }
            if let error = rule.error { lines.append("  error: \(error)") }
        }
        if let metaverseID {
            lines.append("metaverse object \(metaverseID):")
            for origin in origins {
                lines.append(
                    "  \(origin.attribute) = \(origin.values.map { "\"\($0)\"" }.joined(separator: ", "))  ← \(origin.connector), rule \"\(origin.rule)\" "
                        + "(\(origin.expression), precedence \(origin.precedence))")
                for loser in origin.lost {
                    lines.append(
                        "      lost: \(loser.connector), rule \"\(loser.rule)\" (precedence \(loser.precedence)): "
                            + loser.values.map { "\"\($0)\"" }.joined(separator: ", "))
                }
            }
            for (attribute, count) in references.sorted(by: { $0.key < $1.key }) { lines.append("  \(attribute): \(count) references") }
        }
        for target in outbound {
            lines.append("target \(target.target)" + (target.rule.map { ": rule \"\($0)\"" } ?? ""))
            if let dn = target.dn { lines.append("  dn: \(dn)" + (target.currentDN.map { $0 == dn ? "" : " (now \($0))" } ?? " (not there yet)")) }
            for scope in target.scopes { lines.append("  not in scope: \(scope)") }
            if let pending = target.pendingExport { lines.append("  pending export: \(pending)") }
            if let ldif = target.ldif { lines += ldif.split(separator: "\n").map { "    " + $0 } }
            if let stop = target.guardStop { lines.append("  the next export would stop: \(stop)") }
            if let note = target.note { lines.append("  \(note)") }
        }
        if !history.isEmpty {
            lines.append("history:")
            for event in history { lines.append("  run \(event.runID) (\(event.connector)): \(event.what)") }
        }
        return lines.joined(separator: "\n")
    }
}
