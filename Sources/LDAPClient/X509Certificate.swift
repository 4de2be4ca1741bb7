import LDAPProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The parts of an X.509 certificate (RFC 5280) that explain why TLS refused it: who it is for,
/// who issued it, and when it is valid. Read only to word an error after libldap refused a
/// server; nothing here decides whether a certificate is trusted (GnuTLS does, inside libldap).
struct X509Certificate: Sendable {
    /// The subject as an RFC 4514 DN (`CN=127.0.0.1,O=ldapsync dev`).
    var subject: String
    /// The issuer as an RFC 4514 DN.
    var issuer: String
    /// The subject's DER encoding (contents of the Name), to match against an issuer.
    var subjectDER: [UInt8]
    /// The issuer's DER encoding (contents of the Name).
    var issuerDER: [UInt8]
    /// Start of the validity period.
    var notBefore: CertificateTime
    /// End of the validity period.
    var notAfter: CertificateTime
    /// subjectAltName DNS names and IP addresses (as text), in certificate order.
    var alternativeNames: [String]
    /// The last CN of the subject: the name libldap falls back to.
    var commonName: String?

    /// The names the certificate is for: its subjectAltNames, or its CN when it has none.
    var hostNames: [String] {
        alternativeNames.isEmpty ? commonName.map { [$0] } ?? [] : alternativeNames
    }

    /// Whether `name` is one of `hostNames`, exactly (ignoring case) or by a `*.` wildcard.
    func isFor(_ name: String) -> Bool {
        let name = name.lowercased()
        return hostNames.contains { candidate in
            let candidate = candidate.lowercased()
            if candidate == name { return true }
            guard candidate.hasPrefix("*."), let dot = name.firstIndex(of: ".") else { return false }
            return name[dot...] == candidate.dropFirst()
        }
    }

    /// Parses a DER certificate.
    init(der: [UInt8]) throws(BERError) {
        var certificate = BERDecoder(der)
        var parsed: X509Certificate?
        try certificate.readSequence { certificate throws(BERError) in
            try certificate.readSequence { tbs throws(BERError) in parsed = try Self(tbs: &tbs) }
            _ = try certificate.readElement()  // signatureAlgorithm
            _ = try certificate.readElement()  // signatureValue
        }
        guard let parsed else { throw BERError(.truncated, expected: "a TBSCertificate", at: 0) }
        self = parsed
    }

    /// Reads `TBSCertificate` (RFC 5280 section 4.1).
    private init(tbs: inout BERDecoder) throws(BERError) {
        if tbs.nextTag == .contextConstructed(0) { _ = try tbs.readElement() }  // version
        _ = try tbs.readElement()  // serialNumber
        _ = try tbs.readElement()  // signature
        issuerDER = Array(try tbs.readElement().contents)
        var validity: (CertificateTime, CertificateTime)?
        try tbs.readSequence { period throws(BERError) in
            validity = (try CertificateTime(&period), try CertificateTime(&period))
        }
        guard let validity else { throw BERError(.truncated, expected: "a validity period", at: tbs.offset) }
        (notBefore, notAfter) = validity
        subjectDER = Array(try tbs.readElement().contents)
        _ = try tbs.readElement()  // subjectPublicKeyInfo
        let issuerName = try Self.name(issuerDER)
        let subjectName = try Self.name(subjectDER)
        issuer = issuerName.dn
        subject = subjectName.dn
        commonName = subjectName.lastCN
        alternativeNames = []
        while let tag = tbs.nextTag {
            let element = try tbs.readElement()
            if tag == .contextConstructed(3) { alternativeNames = try Self.alternativeNames(extensions: element.contents) }
        }
    }

    /// An RFC 4514 string and the last CN of a DER `Name` (contents of its SEQUENCE).
    private static func name(_ contents: [UInt8]) throws(BERError) -> (dn: String, lastCN: String?) {
        var sequence = BERDecoder(contents)
        var rdns: [RelativeDistinguishedName] = []
        var lastCN: String?
        while !sequence.isAtEnd {
            var attributes: [AttributeTypeAndValue] = []
            try sequence.readConstructed(.set) { set throws(BERError) in
                while !set.isAtEnd {
                    try set.readSequence { pair throws(BERError) in
                        let type = attributeName(oid: try pair.readElement().contents)
                        let value = String(decoding: try pair.readElement().contents, as: UTF8.self)
                        if type == "CN" { lastCN = value }
                        attributes.append(AttributeTypeAndValue(type: type, value: value))
                    }
                }
            }
            if let rdn = try? RelativeDistinguishedName(attributes: attributes) { rdns.append(rdn) }
        }
        // X.509 lists the most significant RDN first; an LDAP DN string lists it last.
        return (DistinguishedName(rdns: rdns.reversed()).description, lastCN)
    }

    /// The DNS names and IP addresses of a subjectAltName extension (2.5.29.17) among `[3] Extensions`.
    private static func alternativeNames(extensions: ArraySlice<UInt8>) throws(BERError) -> [String] {
        let subjectAltName: [UInt8] = [0x55, 0x1D, 0x11]
        var names: [String] = []
        var explicit = BERDecoder(extensions)
        try explicit.readSequence { list throws(BERError) in
            while !list.isAtEnd {
                try list.readSequence { ext throws(BERError) in
                    let oid = try ext.readElement().contents
                    _ = try ext.readBooleanIfPresent()  // critical
                    let value = try ext.readOctetString()
                    guard oid.elementsEqual(subjectAltName) else { return }
                    var general = BERDecoder(value)
                    try general.readSequence { entries throws(BERError) in
                        while !entries.isAtEnd {
                            let (tag, contents) = try entries.readElement()
                            if tag == .contextPrimitive(2) { names.append(String(decoding: contents, as: UTF8.self)) }
                            if tag == .contextPrimitive(7), let address = ipAddressText(contents) { names.append(address) }
                        }
                    }
                }
            }
        }
        return names
    }

    /// An iPAddress name (4 or 16 octets) as text.
    private static func ipAddressText(_ octets: ArraySlice<UInt8>) -> String? {
        let family: Int32
        switch octets.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let bytes = Array(octets)
        guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The short name of a DN attribute type OID (contents octets), or its dotted form.
    private static func attributeName(oid: ArraySlice<UInt8>) -> String {
        let dotted = dottedOID(oid)
        let known = [
            "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O",
            "2.5.4.11": "OU", "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
            "1.2.840.113549.1.9.1": "emailAddress",
        ]
        return known[dotted] ?? dotted
    }

    /// An OBJECT IDENTIFIER's contents octets in dotted form (X.690 8.19).
    private static func dottedOID(_ octets: ArraySlice<UInt8>) -> String {
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        for octet in octets {
            value = (value << 7) | UInt64(octet & 0x7F)
            if octet & 0x80 == 0 {
                if arcs.isEmpty {
                    let first = min(value / 40, 2)
                    arcs += [first, value - first * 40]
                } else {
                    arcs.append(value)
                }
                value = 0
            }
        }
        return arcs.map(String.init).joined(separator: ".")
    }
}
