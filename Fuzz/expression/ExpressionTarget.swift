import RuleLanguage

// The sync rules' expression language: parser, printer, type checker and evaluator.
// Properties beyond "no crash":
// - parse ∘ print = identity on the tree, and printing is stable;
// - errors point inside the source (line and column);
// - what compiles evaluates against a person with text, number, boolean and binary
//   attributes to a result or an evaluation error, within the limits, never a trap.

func fuzz(_ input: [UInt8]) {
    let source = String(decoding: input, as: UTF8.self)
    let node: ExpressionNode
    do throws(ExpressionError) {
        node = try ExpressionNode(parsing: source)
    } catch {
        checkLocation(error.location, in: source)
        return
    }
    let printed = node.description
    guard let reparsed = try? ExpressionNode(parsing: printed) else {
        require(false, "\(printed.debugDescription), printed from \(source.debugDescription), does not parse")
        return
    }
    require(reparsed == node, "\(printed.debugDescription) parses to another tree than \(source.debugDescription)")
    require(reparsed.description == printed, "printing is not stable for \(source.debugDescription)")

    let compiled: CompiledExpression
    do throws(ExpressionError) {
        compiled = try compiler.compile(source)
    } catch {
        checkLocation(error.location, in: source)
        return
    }
    _ = try? compiled.evaluate(person)
    _ = try? compiled.evaluate(ExpressionValues())
}

/// A location inside the source: line 1 up to the number of lines (the lexer counts `\n`),
/// a column (counted in scalars) up to one past the longest line.
func checkLocation(_ location: SourceLocation, in source: String) {
    let lines = source.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
    let widest = lines.map(\.count).max() ?? 0
    require(
        location.line >= 1 && location.line <= lines.count && location.column >= 1 && location.column <= widest + 1,
        "error at \(location) outside \(source.debugDescription)")
}

/// What the engine's compiler knows: a few typed attributes and the context variables.
let compiler = ExpressionCompiler(
    attributeInfo: { attributeInfo[$0] }, contextVariables: ["baseDN": .text, "dn": .text, "connector": .text])

let attributeInfo: [String: AttributeInfo] = [
    "objectguid": AttributeInfo(singleValued: true, binary: true),
    "objectsid": AttributeInfo(singleValued: true, binary: true),
    "jpegphoto": AttributeInfo(singleValued: false, binary: true),
    "uidnumber": AttributeInfo(isSingleValued: true, kind: .number),
    "useraccountcontrol": AttributeInfo(isSingleValued: true, kind: .number),
    "accountexpires": AttributeInfo(isSingleValued: true, kind: .number),
    "ldapsyncaccountdisabled": AttributeInfo(isSingleValued: true, kind: .boolean),
    "employeeid": AttributeInfo(isSingleValued: true, kind: .text),
]

/// A person as an import leaves it, with the awkward values directories hold.
let person = ExpressionValues(
    attributes: [
        "uid": [Array("jdoe".utf8)], "givenName": [Array("John".utf8)], "sn": [Array("Doe-Ünal".utf8)],
        "cn": [Array("John Doe".utf8), Array("".utf8)], "mail": [Array("John.Doe@Contoso.com".utf8)],
        "uidNumber": [Array("-9223372036854775808".utf8)], "userAccountControl": [Array("514".utf8)],
        "accountExpires": [Array("9223372036854775807".utf8)], "ldapSyncAccountDisabled": [Array("TRUE".utf8)],
        "objectGUID": [[0x00, 0xFF, 0x5C, 0x80, 0xC3, 0x28, 0x0A, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]],
        "objectSid": [[0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF]],
        "manager": [Array("CN=Boss\\, The,OU=People,DC=contoso,DC=com".utf8)],
        "member": (0..<40).map { Array("cn=m\($0),ou=groups,dc=contoso,dc=com".utf8) },
        "description": [[0xFF, 0xFE, 0x00, 0x41]],
        "whenCreated": [Array("20261206101500.0Z".utf8)],
    ],
    context: ["baseDN": [Array("dc=cloud,dc=example".utf8)], "dn": [Array("uid=jdoe,ou=People,dc=contoso,dc=com".utf8)]])
