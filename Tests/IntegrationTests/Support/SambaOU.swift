import Foundation
import LDAPClient

/// An organizational unit of a test's own in the shared Samba AD DC, with helpers to create
/// users and groups in it, removed (with everything below it) by `remove()`.
struct SambaOU {
    let admin: LDAPConnection
    let tag: String
    let dn: String

    /// Creates `OU=<prefix><random>` under the domain, as Administrator over LDAPS.
    static func create(_ prefix: String) async throws -> SambaOU {
        let samba = TestDirectory.samba
        let admin = try await samba.admin(tls: .ldaps)
        let tag = "\(prefix)\(UInt32.random(in: 0...999_999))"
        let dn = "OU=\(tag),\(samba.base)"
        try await admin.add(dn, attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"]), LDAPAttribute("ou", [tag])])
        return SambaOU(admin: admin, tag: tag, dn: dn)
    }

    /// A child OU.
    func addOU(_ name: String) async throws -> String {
        let child = "OU=\(name),\(dn)"
        try await admin.add(child, attributes: [LDAPAttribute("objectClass", ["top", "organizationalUnit"]), LDAPAttribute("ou", [name])])
        return child
    }

    /// A user (enabled, with a password) named `CN=<cn>` in `parent` (default: this OU).
    @discardableResult
    func addUser(
        _ cn: String, account: String, password: String = "Ad-User-Pass-1", in parent: String? = nil,
        extra: [LDAPAttribute] = []
    ) async throws -> String {
        let user = "CN=\(cn),\(parent ?? dn)"
        try await admin.add(
            user,
            attributes: [
                LDAPAttribute("objectClass", ["top", "person", "organizationalPerson", "user"]), LDAPAttribute("cn", [cn]),
                LDAPAttribute("sAMAccountName", [account]), LDAPAttribute("userAccountControl", ["512"]),
                LDAPAttribute("unicodePwd", values: [Self.unicodePwd(password)]),
            ] + extra)
        return user
    }

    /// A global security group named `CN=<cn>` with these members.
    @discardableResult
    func addGroup(_ cn: String, members: [String]) async throws -> String {
        let group = "CN=\(cn),\(dn)"
        var attributes = [LDAPAttribute("objectClass", ["top", "group"]), LDAPAttribute("cn", [cn]), LDAPAttribute("sAMAccountName", [cn])]
        if !members.isEmpty { attributes.append(LDAPAttribute("member", members)) }
        try await admin.add(group, attributes: attributes)
        return group
    }

    /// Deletes everything below the OU, deepest first, then the OU.
    func remove() async {
        await Self.removeSubtree(dn, admin)
        await admin.close()
    }

    /// Deletes `base` and everything below it, one depth at a time (deepest first), each level
    /// pipelined. What is not there is fine.
    static func removeSubtree(_ base: String, _ admin: LDAPConnection) async {
        let all = (try? await admin.searchAll(SearchRequest(base: base, scope: .subtree, attributes: ["1.1"]))) ?? []
        let levels = Dictionary(grouping: all.map(\.dn)) { $0.split(separator: ",").count }
        for depth in levels.keys.sorted(by: >) {
            _ = try? await admin.writeAll(levels[depth, default: []].map { .delete(dn: $0) }, window: 32)
        }
    }

    /// A password as `unicodePwd` takes it: quoted, UTF-16LE.
    static func unicodePwd(_ password: String) -> [UInt8] {
        Array("\"\(password)\"".utf16).flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
    }
}
