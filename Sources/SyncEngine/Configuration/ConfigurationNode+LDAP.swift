import LDAPProtocol

extension ConfigurationNode {
    /// An attribute or object class name: a descriptor (`mail`) or numeric OID, as LDAPClient
    /// accepts them in filters.
    func attributeName() throws(ConfigurationError) -> String {
        let name = try nonEmptyString()
        do throws(LDAPFilterError) {
            _ = try LDAPFilter.presence(name)
        } catch {
            throw self.error("\"\(name)\" is not an attribute name (a name such as mail, or a numeric OID)")
        }
        return name
    }

    /// A list of attribute or object class names; `nonEmpty` refuses an empty list.
    func attributeNames(nonEmpty: Bool) throws(ConfigurationError) -> [String] {
        let items = try list()
        if nonEmpty && items.isEmpty { throw error("needs at least one name") }
        var names: [String] = []
        for item in items { names.append(try item.attributeName()) }
        return names
    }

    /// An LDAP filter in its string form, checked for the mistakes a hand-written one has:
    /// missing outer parentheses, unbalanced parentheses, or two filters side by side.
    func ldapFilter() throws(ConfigurationError) -> String {
        let filter = try nonEmptyString()
        guard filter.hasPrefix("("), filter.hasSuffix(")") else {
            throw error("\"\(filter)\" is not an LDAP filter; filters are enclosed in parentheses: (objectClass=person)")
        }
        var depth = 0
        for (offset, character) in filter.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth < 0 || (depth == 0 && offset < filter.count - 1) {
                throw error("\"\(filter)\" has unbalanced parentheses (a literal parenthesis is written \\28 or \\29)")
            }
        }
        guard depth == 0 else {
            throw error("\"\(filter)\" has unbalanced parentheses (a literal parenthesis is written \\28 or \\29)")
        }
        // The engine evaluates it too (object types, scopes): it must parse the way RFC 4515 says.
        do throws(SearchFilterError) {
            _ = try SearchFilter(filter)
        } catch {
            throw self.error("\"\(filter)\" is not an LDAP filter: \(error)")
        }
        return filter
    }
}
