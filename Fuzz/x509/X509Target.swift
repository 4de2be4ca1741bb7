import LDAPProtocol

// The X.509 reader behind ldapsync's TLS error messages (`X509Certificate` in LDAPClient,
// compiled into this harness): it reads the certificate a server presents, after libldap has
// refused it. Beyond "no crash": the subject and issuer it prints are DNs that parse, the
// validity dates print as dates, and a PEM wrapping of the bytes reads back to the same DER.

func fuzz(_ input: [UInt8]) {
    if let certificate = try? X509Certificate(der: input) {
        for name in [certificate.subject, certificate.issuer] {
            require((try? DistinguishedName(name)) != nil, "the certificate names \(name.debugDescription), which does not parse as a DN")
        }
        for time in [certificate.notBefore, certificate.notAfter] {
            require(time.text.hasSuffix(" UTC"), "a validity date printed as \(time.text.debugDescription)")
        }
        _ = (certificate.hostNames, certificate.isFor("ldap.contoso.com"), certificate.isFor("127.0.0.1"))
    }
    let pem = "-----BEGIN CERTIFICATE-----\n\(base64(input))\n-----END CERTIFICATE-----\n"
    require(X509Certificate.pemBlocks(pem) == [input], "PEM of \(input.count) bytes does not read back")
    _ = X509Certificate.pemBlocks(String(decoding: input, as: UTF8.self))
}

/// Standard base64 with padding, in lines of 64 characters as PEM writes it.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    var text = ""
    var index = 0
    while index < bytes.count {
        let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
        let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
        for position in 0..<4 {
            text.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 0x3F)] : "=")
        }
        index += 3
        if index % 48 == 0, index < bytes.count { text.append("\n") }
    }
    return text
}
