import LDAPClient
import LDAPProtocol

extension WriteRequest {
    /// The adds of `count` people `uid=<prefix>1` … under the source's `ou=people`: bulk data
    /// that keeps a run long enough to be caught mid-way.
    static func bulkPeople(_ prefix: String, count: Int, base: String = "ou=people,dc=contoso,dc=com") -> [WriteRequest] {
        (1...count).map { index in
            .add(
                dn: "uid=\(prefix)\(index),\(base)",
                attributes: [
                    LDAPAttribute("objectClass", ["inetOrgPerson"]), LDAPAttribute("uid", ["\(prefix)\(index)"]),
                    LDAPAttribute("cn", ["\(prefix) \(index)"]), LDAPAttribute("sn", [prefix]),
                    LDAPAttribute("mail", ["\(prefix)\(index)@contoso.com"]),
                ])
        }
    }
}
