import Foundation
import LDAPProtocol

extension ConnectorConfiguration {
    /// The URI, which must be `ldap://` or `ldaps://` with a host and optional port, and nothing
    /// after them: a base DN or filter in the URI would compete with `baseDN:` and `objectTypes:`.
    static func checkedURI(_ node: ConfigurationNode) throws(ConfigurationError) -> String {
        let uri = try node.nonEmptyString()
        let lower = uri.lowercased()
        guard lower.hasPrefix("ldap://") || lower.hasPrefix("ldaps://") else {
            throw node.error("\"\(uri)\" is not an LDAP URI; write ldap://host[:port] or ldaps://host[:port]")
        }
        guard LDAPConnectionOptions(uri: uri).endpoint != nil else {
            throw node.error("\"\(uri)\" needs a host and, optionally, a port from 1 to 65535 (ldap://dc1.contoso.com:389)")
        }
        let afterScheme = uri.drop { $0 != "/" }.dropFirst(2)
        if let extra = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }),
            afterScheme[extra...] != "/"
        {
            throw node.error("\"\(uri)\" must name only a host and port; set the base with baseDN:")
        }
        return uri
    }

    /// The CA file resolved against the configuration folder; it must be a readable file.
    static func checkedCAFile(_ node: ConfigurationNode, folder: String) throws(ConfigurationError) -> String {
        let path = ConfigurationPath.resolve(try node.nonEmptyString(), against: folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw node.error("the CA file \(path) does not exist")
        }
        guard !isDirectory.boolValue else {
            throw node.error("\(path) is a folder; caFile must name a PEM file of CA certificates")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw node.error("the CA file \(path) is not readable by this user; check its permissions")
        }
        return path
    }

    /// The bind identity: a DN; on Active Directory also `user@domain` or `DOMAIN\user`.
    static func checkedBindDN(_ node: ConfigurationNode, flavor: ConnectorFlavor) throws(ConfigurationError) -> String {
        let text = try node.nonEmptyString()
        if flavor == .activeDirectory && !text.contains("=") {
            let upn = text.split(separator: "@", omittingEmptySubsequences: false)
            let downLevel = text.split(separator: "\\", omittingEmptySubsequences: false)
            let isUPN = upn.count == 2 && upn.allSatisfy { !$0.isEmpty } && !text.contains("\\")
            let isDownLevel = downLevel.count == 2 && downLevel.allSatisfy { !$0.isEmpty } && !text.contains("@")
            guard isUPN || isDownLevel else {
                throw node.error(
                    "\"\(text)\" is neither a DN, a user principal name (svc-sync@contoso.com) "
                        + "nor a down-level logon name (CONTOSO\\svc-sync)")
            }
            return text
        }
        let dn = try distinguishedName(node)
        guard !dn.rdns.isEmpty else { throw node.error("must not be empty: ldapsync does not bind anonymously") }
        return text
    }
}
