import LDAPProtocol

extension FunctionLibrary {
    static let distinguishedNameFunctions: [FunctionDefinition] = [
        .lifted("EscapeDNComponent", [Parameter("value", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(escapeDNValue(try arguments[0].text())))
        },
        .lifted("DNComponent", [Parameter("dn", .text), Parameter("number", .number)], returns: .text) {
            arguments, _ throws(EvaluationFailure) in
            let components = try distinguishedName(arguments[0]).rdns
            return component(components, try arguments[1].number())
        },
        .lifted(
            "DNComponentRev", [Parameter("dn", .text), Parameter("number", .number), Parameter("options", .option(["dc": "DC"]))],
            required: 2, returns: .text
        ) { arguments, _ throws(EvaluationFailure) in
            var components = Array(try distinguishedName(arguments[0]).rdns.reversed())
            if arguments.count > 2 {
                components.removeAll { $0.attributes.first?.type.lowercased() == "dc" }
            }
            return component(components, try arguments[1].number())
        },
        .lifted("RDN", [Parameter("dn", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            try distinguishedName(arguments[0]).rdn.map { ValueList(.text($0.description)) } ?? []
        },
        .lifted("DNSDomain", [Parameter("dn", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            // The DNS domain of a DN's domain components (DC=contoso,DC=com → contoso.com); none without them.
            let parts = try distinguishedName(arguments[0]).rdns.compactMap { rdn -> String? in
                guard rdn.attributes.count == 1, rdn.attributes[0].type.lowercased() == "dc" else { return nil }
                return rdn.attributes[0].value
            }
            return parts.isEmpty ? [] : ValueList(.text(parts.joined(separator: ".").lowercased()))
        },
        .lifted("Parent", [Parameter("dn", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            try distinguishedName(arguments[0]).parent.map { ValueList(.text($0.description)) } ?? []
        },
    ]

    /// A value escaped for use in a DN, as RFC 4514 §2.4 requires: `"uid=" & EscapeDNComponent(uid)`.
    static func escapeDNValue(_ value: String) -> String {
        let utf8 = value.utf8
        // Most values need no escaping; RFC 4514 §2.4 escapes `"+,;<>\=` and NUL anywhere, a
        // leading space or `#`, and a trailing space.
        let needsEscaping =
            utf8.first == 0x20 || utf8.first == 0x23 || utf8.last == 0x20
            || utf8.contains { byte in
                switch byte {
                case 0x00, 0x22, 0x2B, 0x2C, 0x3B, 0x3C, 0x3D, 0x3E, 0x5C: true
                default: false
                }
            }
        guard needsEscaping else { return value }
        // The pair's string form is `x=` and the escaped value.
        return String(AttributeTypeAndValue(type: "x", value: value).description.dropFirst(2))
    }

    private static func distinguishedName(_ value: Value) throws(EvaluationFailure) -> DistinguishedName {
        do {
            return try DistinguishedName(try value.text())
        } catch let error as DNError {
            let position = error.offset.map { " at offset \($0)" } ?? ""
            throw EvaluationFailure("is not a distinguished name: \(error.code)\(position)", value)
        } catch let failure as EvaluationFailure {
            throw failure
        } catch {
            throw EvaluationFailure("is not a distinguished name", value)
        }
    }

    /// The value of the `number`th component (1-based) of `components`, or none when out of range.
    private static func component(_ components: [RelativeDistinguishedName], _ number: Int64) -> ValueList {
        guard number >= 1, number <= components.count, let first = components[Int(number - 1)].attributes.first else {
            return []
        }
        return ValueList(.text(first.value))
    }
}
