/// An entry held in one buffer: its attributes in the order the server sent them, each as a
/// record of LEB128 name length, name, LEB128 value count, then per value LEB128 length and
/// bytes. That is the record layout of a stored attribute set (`AttributeSet.encoded()`), so an
/// import stores an entry by reordering whole records; and a decoded search entry costs one
/// buffer instead of an array per attribute and an array per value (an import of 100,000
/// entries spent a fifth of its time allocating and freeing those).
public struct PackedEntry: Sendable {
    /// The entry's DN exactly as the server sent it.
    public var dn: String
    /// The attribute records.
    public private(set) var bytes: [UInt8] = []
    /// How many values the records hold together.
    public private(set) var attributeValues = 0
    /// Controls attached to this entry (e.g. RFC 4533 sync state).
    public var controls: [LDAPControl]
    /// Why the entry's attributes could not be read whole (see `LDAPEntry.decodingFailure`);
    /// such an entry holds no attributes.
    public var decodingFailure: String?

    /// An entry without attributes, to append them to.
    public init(dn: String, controls: [LDAPControl] = [], decodingFailure: String? = nil, capacity: Int = 0) {
        self.dn = dn
        self.controls = controls
        self.decodingFailure = decodingFailure
        bytes.reserveCapacity(capacity)
    }

    /// The same entry packed.
    public init(_ entry: LDAPEntry) {
        let size = entry.attributes.reduce(0) { sum, attribute in
            sum + attribute.name.utf8.count + 10 + attribute.values.reduce(0) { $0 + $1.count + 5 }
        }
        self.init(dn: entry.dn, controls: entry.controls, decodingFailure: entry.decodingFailure, capacity: size)
        for attribute in entry.attributes {
            appendAttribute(named: attribute.name, valueCount: attribute.values.count)
            for value in attribute.values { value.withUnsafeBytes { appendValue($0) } }
        }
    }

    /// Its size in values, as `LDAPEntry.valueCount` counts it (one for the entry).
    public var valueCount: Int { attributeValues + 1 }

    /// Starts an attribute of `valueCount` values, to be appended next (`appendValue`). Both
    /// stay in this file: a record must hold as many values as it says, or it cannot be read.
    private mutating func appendAttribute(named name: String, valueCount: Int) {
        Self.appendLength(name.utf8.count, to: &bytes)
        bytes.append(contentsOf: name.utf8)
        Self.appendLength(valueCount, to: &bytes)
    }

    /// Appends a value of the attribute last started.
    private mutating func appendValue(_ value: UnsafeRawBufferPointer) {
        Self.appendLength(value.count, to: &bytes)
        bytes.append(contentsOf: value)
        attributeValues += 1
    }

    /// Where one attribute's record lies in `bytes`.
    public struct Record: Sendable {
        /// The whole record, from its name's length to its last value.
        public let whole: Range<Int>
        /// The name's bytes.
        public let name: Range<Int>
        /// The values, each length-prefixed (the record after its value count).
        public let values: Range<Int>
        public let valueCount: Int
    }

    /// The records in the order they were appended (walked in place, nothing allocated).
    public var records: Records { Records(bytes: bytes) }

    /// The records of an entry, as a sequence.
    public struct Records: Sequence {
        let bytes: [UInt8]

        public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

        public struct Iterator: IteratorProtocol {
            let bytes: [UInt8]
            var index = 0

            public mutating func next() -> Record? {
                guard index < bytes.count else { return nil }
                let start = index
                let nameLength = PackedEntry.readLength(bytes, &index)
                let name = index..<index + nameLength
                index += nameLength
                let count = PackedEntry.readLength(bytes, &index)
                let valuesStart = index
                for _ in 0..<count { index += PackedEntry.readLength(bytes, &index) }
                return Record(whole: start..<index, name: name, values: valuesStart..<index, valueCount: count)
            }
        }
    }

    /// The name of a record.
    public func name(of record: Record) -> String { String(decoding: bytes[record.name], as: UTF8.self) }

    /// The values of a record.
    public func values(of record: Record) -> [[UInt8]] {
        var list: [[UInt8]] = []
        list.reserveCapacity(record.valueCount)
        var index = record.values.lowerBound
        for _ in 0..<record.valueCount {
            let length = Self.readLength(bytes, &index)
            list.append(Array(bytes[index..<index + length]))
            index += length
        }
        return list
    }

    /// The values of the first attribute named `name` (ASCII case-insensitive), as
    /// `LDAPEntry.attribute(_:)` finds it; nil when absent.
    public func values(_ name: String) -> [[UInt8]]? {
        var wanted = name
        return wanted.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { bytes in
                for record in records where record.name.count == wanted.count {
                    var same = true
                    for (x, y) in zip(bytes[record.name], wanted) where x != y {
                        guard x | 0x20 == y | 0x20, (x | 0x20) >= 0x61, (x | 0x20) <= 0x7a else {
                            same = false
                            break
                        }
                    }
                    if same { return values(of: record) }
                }
                return nil
            }
        }
    }

    /// Whether an attribute came in slices (`member;range=0-1499`, see `AttributeRange`).
    public var hasRangedAttributes: Bool {
        records.contains { bytes[$0.name].contains(UInt8(ascii: ";")) && AttributeRange.hasRangeOption(name(of: $0)) }
    }

    static func readLength(_ bytes: [UInt8], _ index: inout Int) -> Int {
        var result = 0
        var shift = 0
        while true {
            let byte = bytes[index]
            index += 1
            result |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// Appends a LEB128 length (the stored attribute encoding's).
    public static func appendLength(_ length: Int, to out: inout [UInt8]) {
        var value = UInt(length)
        while value >= 0x80 {
            out.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}

extension LDAPEntry {
    /// The entry unpacked.
    public init(_ packed: PackedEntry) {
        var attributes: [LDAPAttribute] = []
        attributes.reserveCapacity(16)
        for record in packed.records { attributes.append(LDAPAttribute(packed.name(of: record), values: packed.values(of: record))) }
        self.init(dn: packed.dn, attributes: attributes, controls: packed.controls, decodingFailure: packed.decodingFailure)
    }
}

extension PackedEntry: DecodedEntry {
    public init(decodedDN dn: String, controls: [LDAPControl], decodingFailure: String?, capacity: Int) {
        self.init(dn: dn, controls: controls, decodingFailure: decodingFailure, capacity: capacity)
    }

    public mutating func appendDecodedAttribute(name: String, valueCount: Int, value: (Int) -> UnsafeRawBufferPointer) {
        appendAttribute(named: name, valueCount: valueCount)
        for index in 0..<valueCount { appendValue(value(index)) }
    }
}

extension PackedEntry: FilterInput {
    public func filterValues(_ lowercasedName: String) -> [[UInt8]]? { values(lowercasedName) }

    public var filterDistinguishedName: String? { dn }
}
