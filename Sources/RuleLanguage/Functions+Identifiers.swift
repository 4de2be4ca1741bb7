extension FunctionLibrary {
    static let identifierFunctions: [FunctionDefinition] = [
        .lifted("StringFromGuid", [Parameter("guid", .binary)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(try guidString(arguments[0].bytes, original: arguments[0])))
        },
        .lifted("StringFromSid", [Parameter("sid", .binary)], returns: .text) { arguments, _ throws(EvaluationFailure) in
            ValueList(.text(try sidString(arguments[0].bytes, original: arguments[0])))
        },
    ]

    /// AD's `objectGUID` bytes as `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, lower case: the first
    /// three groups are stored little-endian, the last two in order.
    static func guidString(_ bytes: [UInt8], original: Value) throws(EvaluationFailure) -> String {
        guard bytes.count == 16 else {
            throw EvaluationFailure("is not a GUID: it has \(bytes.count) bytes, not 16", original)
        }
        let order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
        return order.map { $0 < 0 ? "-" : hex(bytes[$0]) }.joined()
    }

    /// A binary security identifier as `S-1-5-21-…`: revision, a 48-bit big-endian authority,
    /// then 32-bit little-endian sub-authorities.
    static func sidString(_ bytes: [UInt8], original: Value) throws(EvaluationFailure) -> String {
        guard bytes.count >= 8, bytes[0] == 1, bytes.count == 8 + 4 * Int(bytes[1]) else {
            throw EvaluationFailure("is not a security identifier (SID)", original)
        }
        let authority = bytes[2..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        // MS-DTYP 2.4.2.1: authorities of 2^32 and more are written in hex.
        var text = "S-1-" + (authority < 1 << 32 ? String(authority) : "0x" + String(authority, radix: 16, uppercase: true))
        for offset in stride(from: 8, to: bytes.count, by: 4) {
            let part =
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            text += "-\(part)"
        }
        return text
    }

    private static func hex(_ byte: UInt8) -> String {
        byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
    }
}
