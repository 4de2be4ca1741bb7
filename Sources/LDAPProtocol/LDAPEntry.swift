/// One attribute of an entry: its name as the server wrote it and its values as bytes.
public struct LDAPAttribute: Sendable, Hashable {
    /// The attribute description (`cn`, `member;range=0-1499`).
    public var name: String
    /// The values, binary-safe.
    public var values: [[UInt8]]

    /// Creates an attribute from byte values.
    public init(_ name: String, values: [[UInt8]]) {
        self.name = name
        self.values = values
    }

    /// Creates an attribute from text values (stored as UTF-8).
    public init(_ name: String, _ strings: [String]) {
        self.init(name, values: strings.map { Array($0.utf8) })
    }

    /// The values as UTF-8 text (invalid sequences become U+FFFD).
    public var strings: [String] { values.map { String(decoding: $0, as: UTF8.self) } }
}

/// An entry read from a directory.
public struct LDAPEntry: Sendable, Hashable {
    /// The entry's DN exactly as the server sent it.
    public var dn: String
    /// The attributes in the order the server sent them.
    public var attributes: [LDAPAttribute]
    /// Controls attached to this entry (e.g. RFC 4533 sync state).
    public var controls: [LDAPControl]
    /// Why the entry's attributes could not be read whole (malformed encoding, larger than the
    /// connection's `maxEntrySize`); nil for a complete entry. Such an entry carries no
    /// attributes: it must be refused as an object, never taken as one without them.
    public var decodingFailure: String?

    /// Creates an entry.
    public init(dn: String, attributes: [LDAPAttribute], controls: [LDAPControl] = [], decodingFailure: String? = nil) {
        self.dn = dn
        self.attributes = attributes
        self.controls = controls
        self.decodingFailure = decodingFailure
    }

    /// The attribute named `name` (case-insensitive), if present.
    public func attribute(_ name: String) -> LDAPAttribute? {
        attributes.first { $0.name.equalsIgnoringASCIICase(name) }
    }

    /// All byte values of `name` (case-insensitive); empty when absent.
    public func values(_ name: String) -> [[UInt8]] { attribute(name)?.values ?? [] }

    /// Its size in values: one for the entry, one per attribute value (what batches of large
    /// entries are bounded by).
    public var valueCount: Int { attributes.reduce(1) { $0 + $1.values.count } }

    /// All values of `name` as UTF-8 text; empty when absent.
    public func strings(_ name: String) -> [String] { attribute(name)?.strings ?? [] }

    /// The first value of `name` as text.
    public func string(_ name: String) -> String? { strings(name).first }
}

extension String {
    /// ASCII case-insensitive equality, which is what attribute descriptions use.
    package func equalsIgnoringASCIICase(_ other: String) -> Bool {
        let a = utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a)
        }
    }
}
