/// The identifier octet of a BER element, restricted to the single-octet form LDAP uses
/// (tag numbers 0...30; RFC 4511 section 5.1 never needs the high-tag-number form).
public struct BERTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The identifier octet as it appears on the wire.
    public var rawValue: UInt8

    /// Wraps an identifier octet exactly as read or to be written.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Universal BOOLEAN (0x01).
    public static let boolean = BERTag(rawValue: 0x01)
    /// Universal INTEGER (0x02).
    public static let integer = BERTag(rawValue: 0x02)
    /// Universal OCTET STRING, primitive (0x04).
    public static let octetString = BERTag(rawValue: 0x04)
    /// Universal NULL (0x05).
    public static let null = BERTag(rawValue: 0x05)
    /// Universal ENUMERATED (0x0A).
    public static let enumerated = BERTag(rawValue: 0x0A)
    /// Universal SEQUENCE / SEQUENCE OF, constructed (0x30).
    public static let sequence = BERTag(rawValue: 0x30)
    /// Universal SET / SET OF, constructed (0x31).
    public static let set = BERTag(rawValue: 0x31)

    /// A context-specific primitive tag `[number]` (0x80 | number), e.g. an IMPLICIT OCTET STRING.
    /// Numbers above 30 are masked to the low five bits; LDAP never uses them.
    public static func contextPrimitive(_ number: UInt8) -> BERTag {
        BERTag(rawValue: 0x80 | (number & 0x1F))
    }

    /// A context-specific constructed tag `[number]` (0xA0 | number), e.g. an IMPLICIT SEQUENCE.
    /// Numbers above 30 are masked to the low five bits; LDAP never uses them.
    public static func contextConstructed(_ number: UInt8) -> BERTag {
        BERTag(rawValue: 0xA0 | (number & 0x1F))
    }

    /// Whether the constructed bit (0x20) is set.
    public var isConstructed: Bool { rawValue & 0x20 != 0 }

    /// The tag in hexadecimal, e.g. `0x30`. Tags are structure, never secret, so they may be shown.
    public var description: String {
        let hex = String(rawValue, radix: 16)
        return "0x" + (hex.count < 2 ? "0" + hex : hex)
    }
}

/// A failure to decode (or accept) a BER value: what was expected and at which byte offset.
///
/// Control values carry sync cookies and extended operations carry passwords, so neither
/// `description` nor any stored property ever holds bytes from the value being decoded;
/// only tags, offsets and lengths derived from structure.
public struct BERError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure, an open set of static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case truncated, invalidLength, unexpectedTag, invalidValue, trailingData, missingValue, wrongOID
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The input ended before a complete element was read.
        public static let truncated = Code(.truncated)
        /// A length was indefinite, reserved, too large or ran past the enclosing element.
        public static let invalidLength = Code(.invalidLength)
        /// An element carried a different tag from the one the structure requires.
        public static let unexpectedTag = Code(.unexpectedTag)
        /// The contents of an element were malformed or out of range for the field.
        public static let invalidValue = Code(.invalidValue)
        /// Bytes were left over after the last element the structure allows.
        public static let trailingData = Code(.trailingData)
        /// A control or extended response had no value where one is required.
        public static let missingValue = Code(.missingValue)
        /// A control with another OID was handed to a decoder for a specific control.
        public static let wrongOID = Code(.wrongOID)

        /// The code's name, e.g. `truncated`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What the decoder expected, e.g. `"INTEGER"` or `"syncUUID of 16 bytes"`.
    public var expected: String
    /// Offset, in bytes from the start of the decoded value, of the element that failed.
    public var offset: Int

    /// Creates an error; `expected` must describe structure, never quote value bytes.
    public init(_ code: Code, expected: String, at offset: Int) {
        self.code = code
        self.expected = expected
        self.offset = offset
    }

    /// A one-line summary, e.g. `BER unexpectedTag at offset 2: expected INTEGER (tag 0x02), found tag 0x04`.
    public var description: String {
        "BER \(code) at offset \(offset): expected \(expected)"
    }
}

extension BERTag {
    /// The ASN.1 type name for universal tags, or a generic name for tagged fields; for errors.
    var asn1Name: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .integer: "INTEGER"
        case .octetString: "OCTET STRING"
        case .null: "NULL"
        case .enumerated: "ENUMERATED"
        case .sequence: "SEQUENCE"
        case .set: "SET"
        default: "tagged field"
        }
    }
}
