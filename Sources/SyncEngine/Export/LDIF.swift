import Foundation
import LDAPProtocol

/// RFC 2849 LDIF text: values that are not SAFE-STRINGs (binary, leading space/colon/`<`,
/// trailing space, non-ASCII) are base64 (`attr:: …`).
public enum LDIF {
    static func line(_ name: String, _ value: [UInt8]) -> String {
        isSafe(value) ? "\(name): \(String(decoding: value, as: UTF8.self))" : "\(name):: \(Data(value).base64EncodedString())"
    }

    static func line(_ name: String, _ text: String) -> String { line(name, Array(text.utf8)) }

    public static func isSafe(_ value: [UInt8]) -> Bool {
        guard let first = value.first else { return true }
        if first == 0x20 || first == 0x3A || first == 0x3C { return false }
        if value.last == 0x20 { return false }
        return value.allSatisfy { $0 >= 0x01 && $0 <= 0x7F && $0 != 0x0A && $0 != 0x0D }
    }

    /// The LDIF change records of one export plan (what the export writes).
    public static func changes(_ plan: ExportPlan) -> String {
        changes(plan.steps, initialPassword: plan.initialPassword)
    }

    /// The LDIF change records of a list of writes (the first an add that gets a random
    /// initial password, when `initialPassword`).
    public static func changes(_ steps: [WriteRequest], initialPassword: Bool = false) -> String {
        var lines: [String] = []
        for (index, step) in steps.enumerated() {
            lines.append(line("dn", step.dn))
            switch step {
            case .add(_, let attributes):
                lines.append("changetype: add")
                for attribute in attributes { for value in attribute.values { lines.append(line(attribute.name, value)) } }
                if index == 0, initialPassword { lines.append("# unicodePwd: a random initial password, sent over TLS and never stored") }
            case .delete:
                lines.append("changetype: delete")
            case .rename(_, let newRDN, let newSuperior, let deleteOldRDN):
                lines.append("changetype: modrdn")
                lines.append(line("newrdn", newRDN))
                lines.append("deleteoldrdn: \(deleteOldRDN ? 1 : 0)")
                if let newSuperior { lines.append(line("newsuperior", newSuperior)) }
            case .modify(_, let changes):
                lines.append("changetype: modify")
                for change in changes {
                    let verb =
                        switch change.kind {
                        case .add: "add"
                        case .delete: "delete"
                        case .replace: "replace"
                        }
                    lines.append("\(verb): \(change.attribute)")
                    for value in change.values { lines.append(line(change.attribute, value)) }
                    lines.append("-")
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
