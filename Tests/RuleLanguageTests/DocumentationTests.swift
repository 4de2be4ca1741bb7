import Foundation
import RuleLanguage
import Testing

/// Every `expression ⇒ result` line in the code blocks of docs/rules-functions.md is evaluated
/// against the example object described there, so the reference cannot drift from the code.
@Suite struct DocumentationTests {
    private static let guid: [UInt8] = [0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF]

    private static var sid: [UInt8] {
        let parts: [UInt32] = [21, 1_004_336_348, 1_177_238_915, 682_003_330, 512]
        return [1, 5, 0, 0, 0, 0, 0, 5] + parts.flatMap { part in (0..<4).map { UInt8(truncatingIfNeeded: part >> (8 * $0)) } }
    }

    private static let example: ExpressionValues = {
        var attributes: [String: [[UInt8]]] = [
            "uid": ["jdoe"], "givenName": ["John"], "sn": ["Doe"], "cn": ["John Doe"], "mail": ["John.Doe@Contoso.com"],
            "proxyAddresses": ["SMTP:john.doe@contoso.com", "smtp:jd@contoso.com", "SIP:jd@contoso.com"],
            "objectClass": ["top", "person", "organizationalPerson", "inetOrgPerson"],
            "userAccountControl": ["514"], "pwdLastSet": ["133511760000000000"], "whenCreated": ["20240131120000Z"],
            "manager": [#"cn=Lee\, Ann,ou=People,dc=contoso,dc=com"#],
        ].mapValues { $0.map { Array($0.utf8) } }
        attributes["objectGUID"] = [guid]
        attributes["objectSid"] = [sid]
        let context = ["baseDN": "dc=cloud,dc=example", "dn": "uid=jdoe,ou=people,dc=contoso,dc=com"]
        return ExpressionValues(attributes: attributes, context: context.mapValues { [Array($0.utf8)] })
    }()

    private static let compiler = ExpressionCompiler(
        attributeInfo: { name in
            switch name {
            case "objectguid", "objectsid": AttributeInfo(singleValued: true, binary: true)
            case "useraccountcontrol": AttributeInfo(isSingleValued: true, kind: .number)
            default: nil
            }
        },
        contextVariables: ["baseDN": .text, "dn": .text])

    private static func examples() throws -> [(expression: String, expected: String)] {
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/rules-functions.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        var inCode = false
        var examples: [(String, String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            guard inCode, let arrow = line.range(of: "⇒") else { continue }
            examples.append(
                (
                    String(line[..<arrow.lowerBound]).trimmingCharacters(in: .whitespaces),
                    String(line[arrow.upperBound...]).trimmingCharacters(in: .whitespaces)
                ))
        }
        return examples
    }

    @Test func everyExampleHoldsTrue() throws {
        let examples = try Self.examples()
        #expect(examples.count > 90)
        for (expression, expected) in examples {
            let outcome: String
            do {
                let result = try Self.compiler.compile(expression).evaluate(Self.example)
                switch result {
                case .authoritativeNull: outcome = "AuthoritativeNull"
                case .values(let values) where values.isEmpty: outcome = "(no value)"
                case .values(let values):
                    outcome = values.map { Self.quoted(String(decoding: $0, as: UTF8.self)) }.joined(separator: ", ")
                }
            } catch let error as ExpressionError {
                outcome = "error: " + error.message
            } catch let error as ExpressionEvaluationError {
                outcome = "error: " + error.description.drop { $0 != " " }.dropFirst()
            }
            if expected.hasPrefix("error: ") {
                #expect(outcome.hasPrefix(expected), "\(expression)")
            } else {
                #expect(outcome == expected, "\(expression)")
            }
        }
    }

    /// A value written as the reference writes it: quoted, with the expression escapes.
    private static func quoted(_ text: String) -> String {
        var output = "\""
        for character in text {
            switch character {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default: output.append(character)
            }
        }
        return output + "\""
    }
}
