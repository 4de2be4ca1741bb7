import LDAPProtocol

/// The comparison key of a DN: RFC 4514-normalized (case, spacing, escaping and multi-valued
/// RDN order folded), or the lowercased text when the DN does not parse.
///
/// This is on every imported object's path: a DN of plain ASCII with no escapes, quotes,
/// multi-valued RDNs or hex values (almost all of them) is normalized without a full parse.
public func normalizedDN(_ dn: String) -> String {
    if let fast = plainNormalizedDN(dn) { return fast }
    return (try? DistinguishedName(dn).normalized) ?? dn.lowercased()
}

/// Lowercases a plain ASCII DN and removes spaces around `,` and `=`; nil when the DN needs the
/// full RFC 4514 treatment (non-ASCII, `\`, `"`, `+`, `#`, `;`, `<`, `>`, or runs of spaces).
private func plainNormalizedDN(_ dn: String) -> String? {
    var out: [UInt8] = []
    out.reserveCapacity(dn.utf8.count)
    var previousSpace = false
    for byte in dn.utf8 {
        switch byte {
        case 0x80...0xFF, UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "+"), UInt8(ascii: "#"),
            UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0x00:
            return nil
        case UInt8(ascii: " "):
            if previousSpace { return nil }
            previousSpace = true
            // Drop a space that follows a separator.
            if let last = out.last, last == UInt8(ascii: ",") || last == UInt8(ascii: "=") { continue }
            out.append(byte)
        case UInt8(ascii: ","), UInt8(ascii: "="):
            previousSpace = false
            // Drop spaces before a separator.
            while out.last == UInt8(ascii: " ") { out.removeLast() }
            out.append(byte)
        default:
            previousSpace = false
            out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
    }
    while out.last == UInt8(ascii: " ") { out.removeLast() }
    if out.first == UInt8(ascii: " ") { return nil }
    return String(decoding: out, as: UTF8.self)
}

/// The parent of a DN already in `normalizedDN` form (everything after its first unescaped
/// comma); "" for a one-RDN DN.
public func parentOfNormalizedDN(_ dn: String) -> String {
    var backslashes = 0
    for index in dn.utf8.indices {
        let byte = dn.utf8[index]
        if byte == UInt8(ascii: "\\") {
            backslashes += 1
            continue
        }
        if byte == UInt8(ascii: ","), backslashes % 2 == 0 {
            return String(dn[dn.utf8.index(after: index)...])
        }
        backslashes = 0
    }
    return ""
}
