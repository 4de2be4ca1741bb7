import LDAPProtocol

extension ConnectorConfiguration {
    /// The keys a connector entry may have, in the order the starter configuration shows them.
    static let keys = [
        "name", "flavor", "role", "uri", "tls", "caFile", "verifyCertificate", "bindDN", "baseDN",
        "containers", "objectTypes", "pageSize", "exportWindow", "exportConnections", "connectTimeout", "operationTimeout",
        "insecureSendPasswordsInClear", "maxEntrySize",
    ]

    /// Reads and checks one entry of `connectors:`; relative paths resolve against `folder`.
    static func decode(
        _ node: ConfigurationNode, folder: String, objectTypes: [ObjectType] = ObjectType.builtIn
    ) throws(ConfigurationError) -> ConnectorConfiguration {
        let rawName = node.value(of: "name")?.scalar?.string
        let map = try node.mapping(allowed: keys, connectorName: rawName.flatMap { isValidName($0) ? $0 : nil })
        let nameNode = try map.required("name")
        let name = try nameNode.string()
        guard isValidName(name) else {
            throw nameNode.error(
                "\"\(name)\" is not a valid connector name: 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit")
        }
        let flavor = try map.required("flavor").oneOf(ConnectorFlavor.self)
        let role = try map.required("role").oneOf(ConnectorRole.self)
        let uriNode = try map.required("uri")
        let uri = try checkedURI(uriNode)
        let isLDAPS = uri.lowercased().hasPrefix("ldaps://")
        let options = LDAPConnectionOptions(uri: uri)
        var tls: TLSMode = isLDAPS ? .ldaps : (options.isLoopback ? .none : .startTLS)
        let passwordsInClear = try map["insecureSendPasswordsInClear"]?.bool() ?? false
        if let tlsNode = map["tls"] {
            tls = try tlsNode.oneOf(TLSMode.self)
            if isLDAPS && tls != .ldaps {
                throw tlsNode.error("\(uri) is an ldaps:// URI, so tls must be ldaps (or left out), not \(tls.rawValue)")
            }
            if !isLDAPS && tls == .ldaps {
                throw tlsNode.error("ldaps needs an ldaps:// URI, but uri is \(uri); with ldap:// use starttls")
            }
            if tls == .none, !options.isLoopback, !passwordsInClear {
                throw tlsNode.error(
                    "tls: none would send the bind password of \"\(name)\" in clear to \(options.endpoint?.host ?? uri), "
                        + "which is not a loopback address; use tls: starttls or an ldaps:// URI, with caFile naming the CA that "
                        + "signed the server's certificate (insecureSendPasswordsInClear: true accepts the risk)")
            }
        }
        var caFile: String?
        if let caNode = map["caFile"] {
            guard tls != .none else {
                throw caNode.error("caFile is only used with TLS, but tls is none; set tls: starttls (or use ldaps://)")
            }
            caFile = try checkedCAFile(caNode, folder: folder)
        }
        let verifyCertificate = try map["verifyCertificate"]?.bool() ?? true
        let bindDN = try checkedBindDN(try map.required("bindDN"), flavor: flavor)
        let baseNode = try map.required("baseDN")
        let baseDN = try distinguishedName(baseNode)
        guard !baseDN.rdns.isEmpty else { throw baseNode.error("must not be empty") }
        let containers = try resolvedContainers(map["containers"], base: baseDN)
        let objectTypes = try ObjectTypeConfiguration.decode(map["objectTypes"], flavor: flavor, known: objectTypes)
        return ConnectorConfiguration(
            name: name, flavor: flavor, role: role, uri: uri, tls: tls, caFile: caFile,
            verifyCertificate: verifyCertificate, bindDN: bindDN, baseDN: baseDN, containers: containers,
            objectTypes: objectTypes,
            pageSize: try map["pageSize"]?.int(in: 1...10_000) ?? 1000,
            exportWindow: try map["exportWindow"]?.int(in: 1...512) ?? 64,
            exportConnections: try map["exportConnections"]?.int(in: 1...16) ?? 4,
            connectTimeout: try map["connectTimeout"]?.duration() ?? .seconds(10),
            operationTimeout: try map["operationTimeout"]?.duration() ?? .seconds(120),
            sendsPasswordsInClear: passwordsInClear,
            maxEntrySize: try map["maxEntrySize"]?.byteSize(in: 1024...(1 << 40)) ?? 64 << 20)
    }

    /// Whether `name` matches `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`: safe in file names, URLs and
    /// command lines without quoting.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, (1...64).contains(name.unicodeScalars.count) else {
            return false
        }
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        return isAlphanumeric(first)
            && name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// A DN read from `node`, with LDAPClient's explanation when it does not parse.
    static func distinguishedName(_ node: ConfigurationNode) throws(ConfigurationError) -> DistinguishedName {
        let text = try node.string()
        do throws(DNError) {
            return try DistinguishedName(text)
        } catch {
            throw node.error(error.description)
        }
    }
}
