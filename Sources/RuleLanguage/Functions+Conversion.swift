extension FunctionLibrary {
    /// `UTF8` (the default) or `Unicode` (UTF-16 little-endian, AAD Connect's default).
    static let encodingOption: ParameterKind = .option([
        "utf8": "UTF8", "utf-8": "UTF8", "unicode": "Unicode", "utf16": "Unicode", "utf-16": "Unicode",
    ])

    static let conversionFunctions: [FunctionDefinition] = [
        .lifted("CStr", [Parameter("value", .text)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(try arguments[0].text()))
        },
        .lifted("CNum", [Parameter("value", .number)], returns: .number) { arguments, _ throws(EvaluationFailure) in
            ValueList(.number(try arguments[0].number()))
        },
        .lifted("CBool", [Parameter("value", .text)], returns: .boolean) { arguments, _ throws(EvaluationFailure) in
            if case .number(let number) = arguments[0] { return ValueList(.boolean(number != 0)) }
            return ValueList(.boolean(try arguments[0].boolean()))
        },
        .lifted(
            "ConvertToBase64", [Parameter("value", .bytes), Parameter("encoding", encodingOption)], required: 1,
            returns: .text
        ) { arguments, limits throws(EvaluationFailure) in
            let bytes: [UInt8] =
                switch arguments[0] {
                case .binary(let bytes): bytes
                case let value where arguments.count > 1 && arguments[1] == .text("Unicode"):
                    utf16LittleEndian(try value.text())
                case let value: value.bytes
                }
            try Lifting.ensure(length: (bytes.count + 2) / 3 * 4, fits: limits)
            return ValueList(.text(Base64.encode(bytes)))
        },
        .lifted(
            "ConvertFromBase64", [Parameter("text", .text), Parameter("encoding", encodingOption)], required: 1,
            returns: .text
        ) { arguments, _ throws(EvaluationFailure) in
            guard let bytes = Base64.decode(try arguments[0].text()) else {
                throw EvaluationFailure("is not base64", arguments[0])
            }
            let unicode = arguments.count > 1 && arguments[1] == .text("Unicode")
            guard let text = unicode ? fromUTF16LittleEndian(bytes) : validUTF8(bytes) else {
                throw EvaluationFailure("does not decode to \(unicode ? "UTF-16" : "UTF-8") text", arguments[0])
            }
            return ValueList(.text(text))
        },
    ]

    static func utf16LittleEndian(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    static func fromUTF16LittleEndian(_ bytes: [UInt8]) -> String? {
        guard bytes.count.isMultiple(of: 2) else { return nil }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
        let text = String(decoding: units, as: UTF16.self)
        return text.utf16.elementsEqual(units) ? text : nil
    }

    /// The text, or `nil` when the bytes are not valid UTF-8 (decoding would replace them).
    static func validUTF8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }
}
