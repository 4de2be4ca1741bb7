import LDAPProtocol

// RFC 4515 filters: the parser, the printer, the evaluator, and the builder that turns
// untrusted values into filter strings. Properties beyond "no crash":
// - parse ∘ print = identity, and printing is stable;
// - errors point inside the input;
// - evaluation (without and with a schema) is three-valued logic: `(!f)` is the negation of
//   `f`, and `(&f)` and `(|f)` are `f`;
// - a value or attribute handed to `LDAPFilter` never changes the filter's structure: the
//   built string parses to exactly one equality (or presence) on that attribute and value.

func fuzz(_ input: [UInt8]) {
    let text = String(decoding: input, as: UTF8.self)
    checkBuilder(text, bytes: input)
    let filter: SearchFilter
    do throws(SearchFilterError) {
        filter = try SearchFilter(text)
    } catch {
        require(error.offset >= 0 && error.offset <= text.unicodeScalars.count, "error offset \(error.offset) outside \(text.debugDescription)")
        return
    }
    let printed = filter.description
    require((try? SearchFilter(printed)) == filter, "\(printed.debugDescription), printed from \(text.debugDescription), parses differently")
    require((try? SearchFilter(printed))?.description == printed, "printing is not stable for \(text.debugDescription)")
    for schema in [nil, sampleSchema] {
        let result = CompiledFilter(filter, schema: schema).evaluate(sampleObject)
        require(CompiledFilter(.not(filter), schema: schema).evaluate(sampleObject) == result.negated, "(!f) is not the negation of f: \(printed)")
        require(CompiledFilter(.and([filter]), schema: schema).evaluate(sampleObject) == result, "(&f) differs from f: \(printed)")
        require(CompiledFilter(.or([filter]), schema: schema).evaluate(sampleObject) == result, "(|f) differs from f: \(printed)")
    }
}

/// The builder: the text as a value for `cn`, and as an attribute description.
func checkBuilder(_ text: String, bytes: [UInt8]) {
    let cn = try? AttributeDescription("cn")
    if let built = try? LDAPFilter.equality("cn", text) {
        require(
            (try? SearchFilter(built)) == cn.map { .equality($0, Array(text.utf8)) }, "the value \(text.debugDescription) changed the filter \(built)"
        )
    }
    if let built = try? LDAPFilter.equality("cn", bytes: bytes) {
        require((try? SearchFilter(built)) == cn.map { .equality($0, bytes) }, "the bytes \(bytes) changed the filter \(built)")
    }
    if let built = try? LDAPFilter.presence(text) {
        guard case .present(let attribute)? = try? SearchFilter(built) else {
            require(false, "the attribute \(text.debugDescription) built \(built), not a presence filter")
            return
        }
        require(attribute.description == text, "the attribute \(text.debugDescription) became \(attribute)")
    }
}

/// An entry with text, DN, integer, time and binary values, in lowercased-name form.
let sampleObject: [String: [[UInt8]]] = [
    "objectclass": ["top", "person", "inetOrgPerson"].map { Array($0.utf8) },
    "cn": ["Ann Lee", "ann"].map { Array($0.utf8) },
    "sn": [Array("Lee".utf8)],
    "uid": [Array("alee".utf8)],
    "mail": [Array("Ann.Lee@Contoso.com".utf8)],
    "member": [Array("CN=Bob, OU=People,DC=contoso,DC=com".utf8)],
    "uidnumber": [Array("1001".utf8)],
    "createtimestamp": [Array("20261206101500Z".utf8)],
    "objectguid": [[0x00, 0x2A, 0xFF, 0x5C, 0x28, 0x29, 0x2A, 0x80, 0xC3, 0x28, 0x0A, 0x00, 0x01, 0x02, 0x03, 0x04]],
    "description": [Array("Müller (ÅB) * \\ café".utf8)],
]

/// A small schema with the rules the matcher knows: case-ignoring text, DNs, integers, times,
/// object identifiers, a supertype (`name`) and a class hierarchy.
let sampleSchema: DirectorySchema = DirectorySchema.parse(
    SubschemaValues(
        attributeTypes: [
            "( 2.5.4.0 NAME 'objectClass' EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 )",
            "( 2.5.4.41 NAME 'name' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{32768} )",
            "( 2.5.4.3 NAME ( 'cn' 'commonName' ) SUP name )",
            "( 2.5.4.4 NAME ( 'sn' 'surname' ) SUP name )",
            "( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{256} )",
            "( 0.9.2342.19200300.100.1.3 NAME ( 'mail' 'rfc822Mailbox' ) EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256} )",
            "( 2.5.4.49 NAME 'distinguishedName' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
            "( 2.5.4.31 NAME 'member' SUP distinguishedName )",
            "( 1.3.6.1.1.1.1.0 NAME 'uidNumber' EQUALITY integerMatch ORDERING integerOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
            "( 2.5.18.1 NAME 'createTimestamp' EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )",
            "( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )",
            "( 2.5.4.13 NAME 'description' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{1024} )",
        ],
        objectClasses: [
            "( 2.5.6.0 NAME 'top' ABSTRACT MUST objectClass )",
            "( 2.5.6.6 NAME 'person' SUP top STRUCTURAL MUST ( sn $ cn ) MAY description )",
            "( 2.16.840.1.113730.3.2.2 NAME 'inetOrgPerson' SUP person STRUCTURAL MAY ( uid $ mail ) )",
            "( 2.5.6.9 NAME 'groupOfNames' SUP top STRUCTURAL MUST ( member $ cn ) )",
        ])
).schema
