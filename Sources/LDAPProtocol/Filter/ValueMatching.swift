/// How the evaluator compares values: the matching rules it implements, each standing for the
/// RFC 4517 rules (and vendor ones) that behave alike.
enum ValueMatching: Sendable, Hashable {
    /// caseIgnoreMatch and kin: spaces trimmed and collapsed, case folded (RFC 4518, loosely:
    /// no NFKC).
    case caseIgnore
    /// caseExactMatch and kin: spaces trimmed and collapsed, case kept.
    case caseExact
    /// octetStringMatch: bytes as they are.
    case octetString
    /// integerMatch: numeric.
    case integer
    /// distinguishedNameMatch: ``DistinguishedName/normalized`` forms compared.
    case distinguishedName
    /// uniqueMemberMatch: a DN with an optional `#'…'B` UID.
    case nameAndOptionalUID
    /// booleanMatch: `TRUE` / `FALSE`.
    case boolean
    /// numericStringMatch: every space ignored.
    case numericString
    /// telephoneNumberMatch: spaces and hyphens ignored, case folded.
    case telephoneNumber

    /// The behaviour of the matching rule named `rule` (name or OID, any case); `nil` when
    /// the evaluator does not implement it.
    static func rule(_ rule: String) -> ValueMatching? {
        byRule[rule.lowercased()]
    }

    /// The behaviour the syntax implies when the schema names no rule (Samba never does).
    static func syntaxDefault(_ syntax: String?) -> ValueMatching? {
        switch syntax {
        case nil: nil
        case WellKnownSyntax.distinguishedName: .distinguishedName
        case WellKnownSyntax.nameAndOptionalUID: .nameAndOptionalUID
        case WellKnownSyntax.integer, WellKnownSyntax.largeInteger: .integer
        case WellKnownSyntax.boolean: .boolean
        case WellKnownSyntax.numericString: .numericString
        case WellKnownSyntax.telephoneNumber: .telephoneNumber
        case WellKnownSyntax.caseExactString: .caseExact
        case let syntax? where WellKnownSyntax.binary.contains(syntax): .octetString
        default: nil
        }
    }

    /// The text form values take for substrings and text ordering; `nil` for raw bytes.
    var textForm: TextForm? {
        switch self {
        case .caseExact: .caseExact
        case .octetString: nil
        case .numericString: .numericString
        case .telephoneNumber: .telephoneNumber
        case .caseIgnore, .integer, .distinguishedName, .nameAndOptionalUID, .boolean: .caseIgnore
        }
    }

    private static let byRule: [String: ValueMatching] = {
        let groups: [(ValueMatching, [String])] = [
            (
                .caseIgnore,
                [
                    "caseIgnoreMatch", "2.5.13.2", "caseIgnoreOrderingMatch", "2.5.13.3", "caseIgnoreSubstringsMatch", "2.5.13.4",
                    "caseIgnoreIA5Match", "1.3.6.1.4.1.1466.109.114.2", "caseIgnoreIA5SubstringsMatch", "1.3.6.1.4.1.1466.109.114.3",
                    "caseIgnoreListMatch", "2.5.13.11", "caseIgnoreListSubstringsMatch", "2.5.13.12",
                    "objectIdentifierMatch", "2.5.13.0", "objectIdentifierFirstComponentMatch", "2.5.13.30",
                    "directoryStringFirstComponentMatch", "2.5.13.31", "generalizedTimeMatch", "2.5.13.27",
                    "generalizedTimeOrderingMatch", "2.5.13.28", "UUIDMatch", "1.3.6.1.1.16.2", "UUIDOrderingMatch", "1.3.6.1.1.16.3",
                    "keywordMatch", "2.5.13.33", "wordMatch", "2.5.13.32",
                ]
            ),
            (
                .caseExact,
                [
                    "caseExactMatch", "2.5.13.5", "caseExactOrderingMatch", "2.5.13.6", "caseExactSubstringsMatch", "2.5.13.7",
                    "caseExactIA5Match", "1.3.6.1.4.1.1466.109.114.1", "caseExactIA5SubstringsMatch", "1.3.6.1.4.1.4203.1.2.1",
                    "bitStringMatch", "2.5.13.16", "CSNMatch", "1.3.6.1.4.1.4203.666.11.2.2",
                    "CSNOrderingMatch", "1.3.6.1.4.1.4203.666.11.2.3",
                ]
            ),
            (
                .octetString,
                [
                    "octetStringMatch", "2.5.13.17", "octetStringOrderingMatch", "2.5.13.18", "octetStringSubstringsMatch", "2.5.13.19",
                    "certificateExactMatch", "2.5.13.34",
                ]
            ),
            (.integer, ["integerMatch", "2.5.13.14", "integerOrderingMatch", "2.5.13.15", "integerFirstComponentMatch", "2.5.13.29"]),
            (.distinguishedName, ["distinguishedNameMatch", "2.5.13.1"]),
            (.nameAndOptionalUID, ["uniqueMemberMatch", "2.5.13.23"]),
            (.boolean, ["booleanMatch", "2.5.13.13"]),
            (
                .numericString,
                ["numericStringMatch", "2.5.13.8", "numericStringOrderingMatch", "2.5.13.9", "numericStringSubstringsMatch", "2.5.13.10"]
            ),
            (.telephoneNumber, ["telephoneNumberMatch", "2.5.13.20", "telephoneNumberSubstringsMatch", "2.5.13.21"]),
        ]
        var table: [String: ValueMatching] = [:]
        for (matching, names) in groups {
            for name in names { table[name.lowercased()] = matching }
        }
        return table
    }()
}
