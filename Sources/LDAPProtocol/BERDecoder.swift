/// A cursor that reads BER elements from bytes, as LDAP (RFC 4511 section 5.1) restricts them:
/// definite lengths only, single-octet tags, primitive OCTET STRINGs.
///
/// Built for hostile input: every length is checked against the bytes that remain before it is
/// used, arithmetic cannot overflow, and every failure is a thrown ``BERError``, never a trap.
/// Long-form lengths padded with leading zero octets are accepted, because Active Directory
/// (Wldap32) always writes constructed lengths as `84 00 00 00 nn`.
///
/// ```swift
/// var decoder = BERDecoder(value)
/// let (size, cookie) = try decoder.readSequence { body throws(BERError) in
///     (try body.readInt32(), try body.readOctetString())
/// }
/// try decoder.finish()
/// ```
public struct BERDecoder: Sendable {
    private let input: ArraySlice<UInt8>
    private var position: Int
    /// The index that counts as offset 0, so nested decoders report offsets into the whole value.
    private let origin: Int

    /// Reads from the start of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// Reads from the start of `bytes`; offsets in errors count from `bytes.startIndex`.
    public init(_ bytes: ArraySlice<UInt8>) {
        self.init(bytes, origin: bytes.startIndex)
    }

    private init(_ bytes: ArraySlice<UInt8>, origin: Int) {
        self.input = bytes
        self.position = bytes.startIndex
        self.origin = origin
    }

    /// Offset of the next unread byte from the start of the outermost value.
    public var offset: Int { position - origin }

    /// Whether every byte has been read.
    public var isAtEnd: Bool { position >= input.endIndex }

    /// The tag of the next element without consuming it, or `nil` at the end; for OPTIONAL fields.
    public var nextTag: BERTag? {
        isAtEnd ? nil : BERTag(rawValue: input[position])
    }

    /// Throws unless every byte has been read; call after the last field a structure allows.
    public func finish() throws(BERError) {
        guard isAtEnd else {
            throw BERError(.trailingData, expected: "end of value", at: offset)
        }
    }

    /// Reads one element of any tag and returns its tag and contents octets.
    public mutating func readElement() throws(BERError) -> (tag: BERTag, contents: ArraySlice<UInt8>) {
        let start = offset
        guard let identifier = nextByte() else {
            throw BERError(.truncated, expected: "an element", at: start)
        }
        guard identifier & 0x1F != 0x1F else {
            throw BERError(.unexpectedTag, expected: "a single-octet tag (LDAP has no high tag numbers)", at: start)
        }
        let length = try readLength()
        let contents = input[position..<position + length]
        position += length
        return (BERTag(rawValue: identifier), contents)
    }

    /// Reads an INTEGER (or an IMPLICIT one under `tag`) of one to eight contents octets.
    public mutating func readInteger(tag: BERTag = .integer) throws(BERError) -> Int64 {
        let start = offset
        let contents = try readContents(of: tag)
        guard let first = contents.first, contents.count <= 8 else {
            throw BERError(.invalidValue, expected: "\(tag.asn1Name) of 1 to 8 octets", at: start)
        }
        // Sign-extend the first octet; at most 8 octets, so the shifts drop nothing significant.
        var value = Int64(Int8(bitPattern: first))
        for octet in contents.dropFirst() {
            value = (value << 8) | Int64(octet)
        }
        return value
    }

    /// Reads an INTEGER that must fit in 32 bits, as LDAP's `INTEGER (0 .. maxInt)` fields do.
    public mutating func readInt32(tag: BERTag = .integer) throws(BERError) -> Int32 {
        let start = offset
        guard let value = Int32(exactly: try readInteger(tag: tag)) else {
            throw BERError(.invalidValue, expected: "\(tag.asn1Name) within 32 bits", at: start)
        }
        return value
    }

    /// Reads an ENUMERATED value (0x0A by default).
    public mutating func readEnumerated(tag: BERTag = .enumerated) throws(BERError) -> Int64 {
        try readInteger(tag: tag)
    }

    /// Reads a BOOLEAN of exactly one octet; any non-zero octet is TRUE (X.690 8.2.2).
    public mutating func readBoolean(tag: BERTag = .boolean) throws(BERError) -> Bool {
        let start = offset
        let contents = try readContents(of: tag)
        guard contents.count == 1, let octet = contents.first else {
            throw BERError(.invalidValue, expected: "\(tag.asn1Name) of 1 octet", at: start)
        }
        return octet != 0
    }

    /// Reads a primitive OCTET STRING, or an IMPLICIT one under a context-specific tag.
    public mutating func readOctetString(tag: BERTag = .octetString) throws(BERError) -> [UInt8] {
        Array(try readContents(of: tag))
    }

    /// Reads an OPTIONAL OCTET STRING: `nil` unless the next element carries `tag`.
    public mutating func readOctetStringIfPresent(tag: BERTag = .octetString) throws(BERError) -> [UInt8]? {
        nextTag == tag ? try readOctetString(tag: tag) : nil
    }

    /// Reads an OPTIONAL (or DEFAULT) BOOLEAN: `nil` unless the next element carries `tag`.
    public mutating func readBooleanIfPresent(tag: BERTag = .boolean) throws(BERError) -> Bool? {
        nextTag == tag ? try readBoolean(tag: tag) : nil
    }

    /// Reads a NULL, whose contents must be empty.
    public mutating func readNull(tag: BERTag = .null) throws(BERError) {
        let start = offset
        guard try readContents(of: tag).isEmpty else {
            throw BERError(.invalidValue, expected: "\(tag.asn1Name) with no contents", at: start)
        }
    }

    /// Reads a constructed element under `tag`, handing its members to `body`, which must
    /// consume all of them.
    public mutating func readConstructed<Result>(
        _ tag: BERTag,
        _ body: (inout BERDecoder) throws(BERError) -> Result
    ) throws(BERError) -> Result {
        var inner = BERDecoder(try readContents(of: tag), origin: origin)
        let result = try body(&inner)
        try inner.finish()
        return result
    }

    /// Reads a `SEQUENCE { ... }`; shorthand for `readConstructed(.sequence, body)`.
    public mutating func readSequence<Result>(
        _ body: (inout BERDecoder) throws(BERError) -> Result
    ) throws(BERError) -> Result {
        try readConstructed(.sequence, body)
    }

    /// Reads one element and returns its contents, throwing unless it carries `tag`.
    private mutating func readContents(of tag: BERTag) throws(BERError) -> ArraySlice<UInt8> {
        let start = offset
        guard let found = nextTag else {
            throw BERError(.truncated, expected: "\(tag.asn1Name) (tag \(tag)), found end of input", at: start)
        }
        guard found == tag else {
            throw BERError(.unexpectedTag, expected: "\(tag.asn1Name) (tag \(tag)), found tag \(found)", at: start)
        }
        return try readElement().contents
    }

    /// Reads a definite length and checks it against the bytes that remain.
    private mutating func readLength() throws(BERError) -> Int {
        let start = offset
        guard let first = nextByte() else {
            throw BERError(.truncated, expected: "a length octet", at: start)
        }
        var length = UInt64(first)
        if first >= 0x80 {
            guard first != 0x80 else {
                throw BERError(.invalidLength, expected: "a definite length (indefinite 0x80 is not LDAP)", at: start)
            }
            let octetCount = Int(first & 0x7F)
            guard octetCount <= 8 else {
                throw BERError(.invalidLength, expected: "at most 8 length octets", at: start)
            }
            length = 0
            for _ in 0..<octetCount {
                guard let octet = nextByte() else {
                    throw BERError(.truncated, expected: "\(octetCount) length octets", at: start)
                }
                length = (length << 8) | UInt64(octet)
            }
        }
        let remaining = input.endIndex - position
        guard length <= UInt64(remaining) else {
            throw BERError(.invalidLength, expected: "a length of at most the \(remaining) bytes remaining", at: start)
        }
        return Int(length)
    }

    private mutating func nextByte() -> UInt8? {
        guard position < input.endIndex else { return nil }
        defer { position += 1 }
        return input[position]
    }
}
