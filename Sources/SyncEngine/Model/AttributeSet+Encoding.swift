import LDAPProtocol

/// A compact, deterministic binary form of an attribute set for storage:
/// `count` then per attribute `name` and `values`, each length-prefixed (LEB128), names sorted.
extension AttributeSet {
    /// Encodes the set.
    public func encoded() -> [UInt8] {
        var size = 10
        for attribute in all {
            size += attribute.name.utf8.count + 20
            for value in attribute.values { size += value.count + 5 }
        }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        Self.appendLength(all.count, to: &out)
        for attribute in all {
            Self.appendLength(attribute.name.utf8.count, to: &out)
            out.append(contentsOf: attribute.name.utf8)
            Self.appendLength(attribute.values.count, to: &out)
            for value in attribute.values {
                Self.appendLength(value.count, to: &out)
                out.append(contentsOf: value)
            }
        }
        return out
    }

    /// What `AttributeSet(LDAPEntry(entry).attributes, skipping: skipping).encoded()` returns,
    /// written from the packed entry: its records already have the stored layout, so an
    /// attribute is copied whole into its place in key order (an attribute sent twice is
    /// written once, under the name it had first, with its values in the order they came).
    public static func encoded(_ entry: PackedEntry, skipping: Set<String>) -> [UInt8] {
        // Sorted by key, then by place in the entry (records come in order).
        var order: [(key: String, record: PackedEntry.Record)] = []
        order.reserveCapacity(24)
        for record in entry.records where record.valueCount > 0 {
            let key = Self.key(entry.name(of: record))
            if !skipping.contains(key) { order.append((key, record)) }
        }
        order.sort { $0.key != $1.key ? $0.key < $1.key : $0.record.whole.lowerBound < $1.record.whole.lowerBound }
        var out: [UInt8] = []
        out.reserveCapacity(entry.bytes.count + 10)
        var distinct = 0
        for (position, item) in order.enumerated() where position == 0 || order[position - 1].key != item.key { distinct += 1 }
        appendLength(distinct, to: &out)
        var position = 0
        while position < order.count {
            var end = position + 1
            while end < order.count, order[end].key == order[position].key { end += 1 }
            let first = order[position].record
            if end == position + 1 {
                out.append(contentsOf: entry.bytes[first.whole])
            } else {
                appendLength(first.name.count, to: &out)
                out.append(contentsOf: entry.bytes[first.name])
                appendLength(order[position..<end].reduce(0) { $0 + $1.record.valueCount }, to: &out)
                for item in order[position..<end] { out.append(contentsOf: entry.bytes[item.record.values]) }
            }
            position = end
        }
        return out
    }

    /// Decodes what `encoded()` wrote; throws on truncated or malformed input.
    public init(encoded bytes: [UInt8]) throws(AttributeDecodingError) {
        var index = 0
        let count = try Self.readLength(bytes, &index)
        // A damaged count cannot ask for more room than the bytes could hold.
        self.init(minimumCapacity: min(count, bytes.count))
        for _ in 0..<count {
            let nameLength = try Self.readLength(bytes, &index)
            guard index + nameLength <= bytes.count else { throw AttributeDecodingError() }
            let name = String(decoding: bytes[index..<index + nameLength], as: UTF8.self)
            index += nameLength
            let valueCount = try Self.readLength(bytes, &index)
            var list: [[UInt8]] = []
            list.reserveCapacity(valueCount)
            for _ in 0..<valueCount {
                let length = try Self.readLength(bytes, &index)
                guard index + length <= bytes.count else { throw AttributeDecodingError() }
                list.append(Array(bytes[index..<index + length]))
                index += length
            }
            // Written in key order, so each attribute goes at the end without a search.
            setValues(list, key: Self.key(name), name: name)
        }
        guard index == bytes.count else { throw AttributeDecodingError() }
    }

    private static func appendLength(_ length: Int, to out: inout [UInt8]) { PackedEntry.appendLength(length, to: &out) }

    private static func readLength(_ bytes: [UInt8], _ index: inout Int) throws(AttributeDecodingError) -> Int {
        var result = 0
        var shift = 0
        while true {
            guard index < bytes.count, shift < 56 else { throw AttributeDecodingError() }
            let byte = bytes[index]
            index += 1
            result |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }
}

/// A stored attribute blob could not be read (the database is damaged).
public struct AttributeDecodingError: Error, Sendable, CustomStringConvertible {
    public var description: String { "a stored attribute set is damaged and cannot be read" }
}
