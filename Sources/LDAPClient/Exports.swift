// What a connection speaks (DNs, filters, controls, entries, errors) comes with it.
@_exported import LDAPProtocol

/// libldap's C struct has the same name; in this module the name means ldapsync's control.
public typealias LDAPControl = LDAPProtocol.LDAPControl
