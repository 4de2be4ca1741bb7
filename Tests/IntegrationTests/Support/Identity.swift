import LDAPClient
import Testing

extension TestDirectory {
    /// Proves a connection is bound as the service account. OpenLDAP answers Who Am I; Samba
    /// has no Who Am I operation, and refuses subtree searches to anonymous sessions, so there
    /// the service account's own entry must be found by a subtree search.
    func expectBoundAsService(_ connection: LDAPConnection) async throws {
        if name == "samba" {
            let found = try await connection.searchAll(SearchRequest(base: base, filter: "(sAMAccountName=svc-sync)", attributes: ["sAMAccountName"]))
            #expect(found.count == 1)
        } else {
            #expect(try await connection.whoAmI() == "dn:\(serviceDN)")
        }
    }
}
