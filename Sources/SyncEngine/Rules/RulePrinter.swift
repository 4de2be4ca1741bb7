import Foundation

/// The rules as configuration text (`ldapsync rules show`): the written ones and the built-in
/// ones in the same YAML a `rules:` list takes, so an admin can copy one and change it.
public enum RulePrinter {
    /// Every rule that applies, as a `rules:` list.
    public static func yaml(_ specs: [RuleSpec]) -> String {
        var lines = ["rules:"]
        for spec in specs {
            if spec.builtIn {
                lines.append("  # built-in: a rule written for \(spec.connector), \(spec.direction.rawValue), \(spec.objectType) replaces it")
            }
            lines += rule(spec).map { "  " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rule(_ spec: RuleSpec) -> [String] {
        var lines = ["- name: \(quoted(spec.name))"]
        var fields: [String] = [
            "connector: \(quoted(spec.connector))", "direction: \(spec.direction.rawValue)", "objectType: \(spec.objectType.rawValue)",
        ]
        if let scope = spec.scope { fields.append("scope: \(quoted(scope.text))") }
        if !spec.join.isEmpty {
            let side = spec.direction == .inbound ? "source" : "target"
            fields.append("join:")
            fields += spec.join.map { "  - { \(side): \(quoted($0.connectorSide.text)), metaverse: \($0.metaverse) }" }
        }
        switch spec.direction {
        case .inbound:
            fields.append("project: \(spec.project)")
            if let precedence = spec.precedence { fields.append("precedence: \(precedence)") }
        case .outbound:
            fields.append("provision: \(spec.provision)")
            if let dn = spec.dn { fields.append("dn: \(quoted(dn.text))") }
            fields.append("deprovision: \(spec.deprovision.rawValue)")
            if let account = spec.accountDisabled { fields.append("accountDisabled: \(quoted(account.text))") }
        }
        if spec.flowAll { fields.append("flowAll: true") }
        if !spec.exclude.isEmpty { fields.append("exclude: [\(spec.exclude.joined(separator: ", "))]") }
        if !spec.flows.isEmpty {
            fields.append("flows:")
            fields += spec.flows.map { "  \($0.attribute): \(quoted($0.expression.text))" }
        }
        lines += fields.map { "  " + $0 }
        return lines
    }

    /// A YAML single-quoted scalar (a quote is doubled; nothing else is special).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
