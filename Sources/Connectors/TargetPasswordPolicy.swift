import LDAPClient
import SyncEngine

/// Reads a target's password policy configuration before a password sync batch: OpenLDAP's
/// ppolicy entries (`objectClass=pwdPolicy` under the base), or AD's domain password settings
/// (on the domain head). Returns a one-line summary for the run's message; throws when the
/// directory does not answer (event 659).
enum TargetPasswordPolicy {
    static func read(_ connection: LDAPConnection, _ target: ConnectorConfiguration) async throws -> String {
        switch target.flavor {
        case .openldap:
            let policies = try await connection.searchAll(
                SearchRequest(
                    base: target.baseDN.description, scope: .subtree, filter: "(objectClass=pwdPolicy)",
                    attributes: ["pwdMinLength", "pwdCheckQuality", "pwdLockout", "pwdMaxFailure", "pwdInHistory"], sizeLimit: 50))
            guard !policies.isEmpty else { return "no pwdPolicy entry is readable under \(target.baseDN)" }
            return policies.map { policy in
                "\(policy.dn) (minimum length \(policy.string("pwdMinLength") ?? "0"), quality check \(policy.string("pwdCheckQuality") ?? "0"), "
                    + "lockout \(policy.string("pwdLockout") == "TRUE" ? "after \(policy.string("pwdMaxFailure") ?? "?") failures" : "off"))"
            }.joined(separator: "; ")
        case .activeDirectory:
            let domain = try await connection.searchAll(
                SearchRequest(
                    base: target.baseDN.description, scope: .base,
                    attributes: ["minPwdLength", "pwdProperties", "pwdHistoryLength", "lockoutThreshold"]))
            guard let head = domain.first, let length = head.string("minPwdLength") else {
                throw LDAPError(
                    code: .noSuchAttribute, operation: .search,
                    diagnostic:
                        "the domain head \(target.baseDN) shows no minPwdLength: the service account cannot read the domain password settings",
                    dn: target.baseDN.description)
            }
            let complex = (Int(head.string("pwdProperties") ?? "0") ?? 0) & 1 == 1
            return "domain \(target.baseDN) (minimum length \(length), complexity \(complex ? "on" : "off"), "
                + "lockout threshold \(head.string("lockoutThreshold") ?? "0"))"
        }
    }
}
