/// One RFC 4512 description split into its OID and its fields, before it is read as an
/// attribute type, object class, syntax or content rule.
///
/// Lenient with what real servers send: values may be quoted or bare (Samba quotes SYNTAX
/// OIDs), lists may hold `$` or not, spaces may be missing inside parentheses (`(cn )`), and
/// unknown keywords (`X-ORIGIN`, vendor extensions) are kept with their values.
struct SchemaDescriptionFields {
    /// The numeric OID (or whatever the server put first).
    var oid: String
    /// Values by uppercased keyword; flags such as `SINGLE-VALUE` have no values.
    var fields: [String: [String]] = [:]

    /// Keywords that never take a value.
    private static let flags: Set<String> = [
        "OBSOLETE", "SINGLE-VALUE", "COLLECTIVE", "NO-USER-MODIFICATION", "ABSTRACT", "STRUCTURAL", "AUXILIARY",
    ]
    /// Keywords that always take one value or a parenthesized list.
    private static let valued: Set<String> = [
        "NAME", "DESC", "SUP", "EQUALITY", "ORDERING", "SUBSTR", "SYNTAX", "USAGE", "MUST", "MAY", "AUX", "NOT",
        "APPLIES", "FORM", "OC",
    ]

    /// Reads `( oid keyword values … )`.
    init(parsing text: String) throws(SchemaParseError) {
        var tokens = SchemaTokenizer(text)
        guard try tokens.next() == .open else { throw tokens.error("'(' opening the description") }
        switch try tokens.next() {
        case .word(let oid), .quoted(let oid): self.oid = oid
        default: self.oid = ""
        }
        guard !oid.isEmpty else { throw tokens.error("the OID after '('") }
        while true {
            guard let token = try tokens.next() else { throw tokens.error("')' closing the description") }
            switch token {
            case .close:
                guard try tokens.next() == nil else { throw tokens.error("the end after ')'") }
                return
            case .word(let word):
                let keyword = word.uppercased()
                let values = try Self.readValues(of: keyword, from: &tokens)
                if fields[keyword] == nil { fields[keyword] = values }
            default:
                throw tokens.error("a keyword such as NAME, SUP or MUST")
            }
        }
    }

    /// The values of `keyword`; empty when absent or a flag.
    func values(_ keyword: String) -> [String] { fields[keyword] ?? [] }

    /// The first value of `keyword`.
    func value(_ keyword: String) -> String? { fields[keyword]?.first }

    /// Whether `keyword` is present (for flags).
    func has(_ keyword: String) -> Bool { fields[keyword] != nil }

    /// The `X-` extensions and their values.
    var extensions: [String: [String]] {
        fields.filter { $0.key.hasPrefix("X-") }
    }

    private static func readValues(of keyword: String, from tokens: inout SchemaTokenizer) throws(SchemaParseError) -> [String] {
        if flags.contains(keyword) { return [] }
        let takesValue: Bool
        switch try tokens.peek() {
        case .open, .quoted: takesValue = true
        case .word(let next): takesValue = valued.contains(keyword) || keyword.hasPrefix("X-") || !looksLikeKeyword(next)
        case .close, .dollar, nil: takesValue = false
        }
        guard takesValue else {
            if valued.contains(keyword) {
                _ = try tokens.next()  // point at what stands where the value should
                throw tokens.error("a value after \(keyword)")
            }
            return []
        }
        switch try tokens.next() {
        case .word(let value), .quoted(let value):
            return [value]
        case .open:
            var values: [String] = []
            while true {
                switch try tokens.next() {
                case .close: return values
                case .dollar: continue
                case .word(let value), .quoted(let value): values.append(value)
                case .open, nil: throw tokens.error("')' closing the list of \(keyword)")
                }
            }
        default:
            throw tokens.error("a value after \(keyword)")
        }
    }

    /// An unknown keyword's next word starts a new field when it is written like a keyword.
    private static func looksLikeKeyword(_ word: String) -> Bool {
        flags.contains(word) || valued.contains(word) || word.hasPrefix("X-")
    }
}
