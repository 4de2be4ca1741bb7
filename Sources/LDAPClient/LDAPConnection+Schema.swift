/// Reading the directory's schema from its subschema entry (RFC 4512 §4.2).
extension LDAPConnection {
    /// Reads and parses the subschema that governs `entry` (or, without one, the root DSE):
    /// the entry's `subschemaSubentry` (falling back to the root DSE's when the entry cannot be
    /// read or publishes none), then a base search of that entry with filter `(objectClass=subschema)` for
    /// `attributeTypes`, `objectClasses`, `ldapSyntaxes` and `dITContentRules`.
    ///
    /// OpenLDAP's subschema is `cn=Subschema` and readable anonymously; Active Directory's and
    /// Samba's is `CN=Aggregate,CN=Schema,CN=Configuration,…`. Descriptions that do not parse
    /// come back as warnings. Throws `noSuchAttribute` when no `subschemaSubentry` is published.
    public func readSubschema(for entry: String? = nil) async throws -> ParsedSchema {
        let subentry = try await subschemaSubentry(for: entry)
        let request = SearchRequest(
            base: subentry, scope: .base, filter: "(objectClass=subschema)", attributes: SubschemaValues.attributeNames)
        for try await message in search(request) {
            if case .entry(let found) = message {
                return DirectorySchema.parse(SubschemaValues(entry: found))
            }
        }
        throw LDAPError(code: .noSuchObject, operation: .search, diagnostic: "the subschema entry returned nothing", dn: subentry)
    }

    /// The DN of the subschema entry: `entry`'s `subschemaSubentry`, else the root DSE's.
    private func subschemaSubentry(for entry: String?) async throws -> String {
        var candidates = [""]
        if let entry, !entry.isEmpty { candidates.insert(entry, at: 0) }
        for base in candidates {
            let request = SearchRequest(base: base, scope: .base, attributes: ["subschemaSubentry"])
            do {
                for try await message in search(request) {
                    if case .entry(let found) = message, let dn = found.string("subschemaSubentry"), !dn.isEmpty {
                        return dn
                    }
                }
            } catch let error as LDAPError where !base.isEmpty && !error.isConnectionLost {
                continue  // the entry cannot be read (no such object, no access): try the root DSE
            }
        }
        throw LDAPError(
            code: .noSuchAttribute, operation: .search,
            diagnostic: "neither the entry nor the root DSE publishes subschemaSubentry", dn: entry ?? "")
    }
}
