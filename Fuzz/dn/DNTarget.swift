import LDAPProtocol
import SyncEngine

// The RFC 4514 DN parser and printer, and the engine's DN normaliser (`normalizedDN`, which
// takes a fast path for plain ASCII). Properties beyond "no crash":
// - parse ∘ print = identity: the printed name parses to the same components, spelled the
//   same (types, values, hexstrings), and prints the same again;
// - the normalized form is a fixed point: it parses, and normalizes to itself;
// - `normalizedDN` (fast path or not) agrees with the parser's normalized form, and
//   `parentOfNormalizedDN` with the parsed parent's;
// - errors point inside the input.

func fuzz(_ input: [UInt8]) {
    let text = String(decoding: input, as: UTF8.self)
    let name: DistinguishedName
    do throws(DNError) {
        name = try DistinguishedName(text)
    } catch {
        let offset = error.offset ?? 0
        require(offset >= 0 && offset <= text.unicodeScalars.count, "error offset \(offset) outside \(text.debugDescription)")
        return
    }
    let printed = name.description
    guard let reparsed = try? DistinguishedName(printed) else {
        require(false, "\(printed.debugDescription), printed from \(text.debugDescription), does not parse")
        return
    }
    require(spelling(of: reparsed) == spelling(of: name), "\(printed.debugDescription) parses to other components than \(text.debugDescription)")
    require(reparsed.description == printed, "printing is not stable for \(text.debugDescription)")
    require(reparsed == name && reparsed.normalized == name.normalized, "the printed name is not equal to \(text.debugDescription)")

    let normalized = name.normalized
    let renormalized = try? DistinguishedName(normalized).normalized
    require(renormalized == normalized, "the normalized form \(normalized.debugDescription) is not a fixed point")

    let engineKey = normalizedDN(text)
    require(
        engineKey == normalized || hasEqualsInValue(name),
        "normalizedDN(\(text.debugDescription)) is \(engineKey.debugDescription), the parser says \(normalized.debugDescription)")
    require(
        parentOfNormalizedDN(normalized) == (name.parent?.normalized ?? ""),
        "parentOfNormalizedDN(\(normalized.debugDescription)) disagrees with the parsed parent")
    if let parent = name.parent {
        require(name.isDescendant(of: parent) && parent < name, "a name is not below its parent")
    }
}

/// Every component as written: type, value and whether it is a hexstring, leaf first.
func spelling(of name: DistinguishedName) -> [[String]] {
    name.rdns.map { rdn in rdn.attributes.flatMap { [$0.type, $0.value, $0.isBEREncoded ? "hex" : "text"] } }
}

/// KNOWN ISSUE (reported; in SyncEngine, not fixed here): `normalizedDN`'s fast path reads an
/// unescaped `=` inside a value as a separator: `cn=a=b` stays `cn=a=b` and `cn=a =b` becomes
/// `cn=a=b`, while the parser's normalized forms are `cn=a\=b` and `cn=a \=b`, so one DN
/// spelled two ways gets two keys. Tolerated for such values until the fast path declines
/// them; Fuzz/dn/regressions/equals-in-value* are the inputs.
func hasEqualsInValue(_ name: DistinguishedName) -> Bool {
    name.rdns.contains { rdn in rdn.attributes.contains { !$0.isBEREncoded && $0.value.contains("=") } }
}
