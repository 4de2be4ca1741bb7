/// Builds BER with definite lengths, in the form RFC 4511 section 5.1 asks of LDAP:
/// primitive OCTET STRINGs, BOOLEAN TRUE as 0xFF, minimal INTEGERs and minimal lengths.
///
/// ```swift
/// let value = BEREncoder.sequence { body in
///     body.writeInteger(1000)
///     body.writeOctetString([])
/// }   // 30 06 02 02 03 e8 04 00
/// ```
public struct BEREncoder: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts an empty encoding.
    public init() {}

    /// Encodes a whole `SEQUENCE { ... }` whose members `body` writes.
    public static func sequence(_ body: (inout BEREncoder) -> Void) -> [UInt8] {
        var encoder = BEREncoder()
        encoder.writeConstructed(.sequence, body)
        return encoder.bytes
    }

    /// Writes an INTEGER (or any integer-valued tag) in minimal two's complement form.
    public mutating func writeInteger(_ value: Int64, tag: BERTag = .integer) {
        var contents = withUnsafeBytes(of: value.bigEndian) { Array($0) }
        // Drop leading octets that only repeat the sign bit (X.690 8.3.2).
        while contents.count > 1,
            (contents[0] == 0x00 && contents[1] & 0x80 == 0) || (contents[0] == 0xFF && contents[1] & 0x80 != 0)
        {
            contents.removeFirst()
        }
        writeElement(tag, contents: contents)
    }

    /// Writes an ENUMERATED value (0x0A by default).
    public mutating func writeEnumerated(_ value: Int64, tag: BERTag = .enumerated) {
        writeInteger(value, tag: tag)
    }

    /// Writes a BOOLEAN, TRUE as 0xFF as RFC 4511 section 5.1 requires.
    public mutating func writeBoolean(_ value: Bool, tag: BERTag = .boolean) {
        writeElement(tag, contents: [value ? 0xFF : 0x00])
    }

    /// Writes a primitive OCTET STRING, or an IMPLICIT one under a context-specific tag.
    public mutating func writeOctetString(_ value: some Collection<UInt8>, tag: BERTag = .octetString) {
        writeElement(tag, contents: value)
    }

    /// Writes a NULL (empty contents).
    public mutating func writeNull(tag: BERTag = .null) {
        writeElement(tag, contents: [])
    }

    /// Writes a constructed element (SEQUENCE, SET, `[n]` constructed) whose members `body` writes.
    public mutating func writeConstructed(_ tag: BERTag, _ body: (inout BEREncoder) -> Void) {
        var inner = BEREncoder()
        body(&inner)
        writeElement(tag, contents: inner.bytes)
    }

    /// Writes one element: the tag, its definite length, then `contents` unchanged.
    public mutating func writeElement(_ tag: BERTag, contents: some Collection<UInt8>) {
        bytes.append(tag.rawValue)
        writeLength(contents.count)
        bytes.append(contentsOf: contents)
    }

    /// Short form below 128, otherwise 0x80 | octet count followed by the big-endian length.
    private mutating func writeLength(_ length: Int) {
        guard length >= 0x80 else {
            bytes.append(UInt8(truncatingIfNeeded: length))
            return
        }
        var octets: [UInt8] = []
        var remaining = UInt64(truncatingIfNeeded: length)
        while remaining > 0 {
            octets.insert(UInt8(truncatingIfNeeded: remaining), at: 0)
            remaining >>= 8
        }
        bytes.append(0x80 | UInt8(truncatingIfNeeded: octets.count))
        bytes.append(contentsOf: octets)
    }
}
