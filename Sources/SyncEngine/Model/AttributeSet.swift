import LDAPProtocol

/// An object's attributes: names compared case-insensitively (kept as first seen, for display),
/// values as bytes (binary-safe), multi-valued.
///
/// Held as one array sorted by lowercased name: an object has a few dozen attributes at most, so a
/// binary search finds one without hashing its name, the stored encoding is written and read in
/// that order without sorting or hashing, and a set costs one allocation instead of two tables.
public struct AttributeSet: Sendable, Hashable {
    /// One attribute: its lowercased name (`key`), its name as first seen, its values (never empty).
    public struct Attribute: Sendable, Hashable {
        public let key: String
        public let name: String
        public fileprivate(set) var values: [[UInt8]]
    }

    /// The attributes, sorted by `key`, each key once.
    public private(set) var all: [Attribute]

    /// An empty set.
    public init() { all = [] }

    /// An empty set with room for `count` attributes.
    init(minimumCapacity count: Int) {
        all = []
        all.reserveCapacity(count)
    }

    /// The attributes of an LDAP entry (attribute options such as `;binary` kept in the name),
    /// leaving out `skipping` (lowercased names).
    public init(_ entryAttributes: [LDAPAttribute], skipping: Set<String> = []) {
        self.init(minimumCapacity: entryAttributes.count)
        for attribute in entryAttributes where !attribute.values.isEmpty {
            let key = Self.key(attribute.name)
            if skipping.contains(key) { continue }
            let (found, index) = position(of: key)
            if found {
                all[index].values += attribute.values
            } else {
                all.insert(Attribute(key: key, name: attribute.name, values: attribute.values), at: index)
            }
        }
    }

    /// Where `key` is, or where it would go to keep the order.
    private func position(of key: String) -> (found: Bool, index: Int) {
        // Most sets are built in key order (the stored encoding, rules' outputs): try the end first.
        if let last = all.last, last.key < key { return (false, all.count) }
        var low = 0
        var high = all.count
        while low < high {
            let middle = (low + high) / 2
            if all[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return (low < all.count && all[low].key == key, low)
    }

    /// The values of `name` (case-insensitive); empty when absent. Setting none removes it.
    public subscript(name: String) -> [[UInt8]] {
        get { values(forKey: Self.key(name)) ?? [] }
        set { setValues(newValue, key: Self.key(name), name: name) }
    }

    /// The values of a lowercased name, nil when absent.
    public func values(forKey key: String) -> [[UInt8]]? {
        let (found, index) = position(of: key)
        return found ? all[index].values : nil
    }

    /// The name as first seen of a lowercased name, nil when absent.
    public func name(forKey key: String) -> String? {
        let (found, index) = position(of: key)
        return found ? all[index].name : nil
    }

    /// The dictionary key of an attribute name: lowercased (ASCII names, all of LDAP's, without
    /// the cost of Unicode case mapping).
    static func key(_ name: String) -> String {
        var needsWork = false
        for byte in name.utf8 {
            if byte >= 0x80 { return name.lowercased() }
            if byte >= 0x41 && byte <= 0x5A { needsWork = true }
        }
        guard needsWork else { return name }
        // Written in place: LDAP's names fit a small string, so this allocates nothing.
        return String(unsafeUninitializedCapacity: name.utf8.count) { buffer in
            var index = 0
            for byte in name.utf8 {
                buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                index += 1
            }
            return index
        }
    }

    /// Sets the values of a key that is already lowercased (`key`), with its display name (kept
    /// when the set has the attribute already): the sync engine's copies between sets, without
    /// case mapping again. Empty values remove it.
    mutating func setValues(_ list: [[UInt8]], key: String, name: String) {
        let (found, index) = position(of: key)
        switch (found, list.isEmpty) {
        case (true, true): all.remove(at: index)
        case (true, false): all[index].values = list
        case (false, false): all.insert(Attribute(key: key, name: name, values: list), at: index)
        case (false, true): break
        }
    }

    /// The values of `name` as UTF-8 text.
    public func strings(_ name: String) -> [String] { self[name].map { String(decoding: $0, as: UTF8.self) } }

    /// The first value of `name` as text.
    public func string(_ name: String) -> String? { strings(name).first }

    /// Sets text values.
    public mutating func set(_ name: String, _ strings: [String]) { self[name] = strings.map { Array($0.utf8) } }

    /// Lowercased names, sorted.
    public var keys: [String] { all.map(\.key) }

    /// Whether there are no attributes.
    public var isEmpty: Bool { all.isEmpty }

    /// How many values all attributes hold together.
    public var valueCount: Int { all.reduce(0) { $0 + $1.values.count } }

    /// The display name of a lowercased key.
    public func displayName(_ key: String) -> String { name(forKey: key) ?? key }

    /// The set as LDAP attributes (sorted by name), for an add request or LDIF.
    public var ldapAttributes: [LDAPAttribute] { all.map { LDAPAttribute($0.name, values: $0.values) } }

    /// Attributes that hold passwords or keys (lowercased): never stored in a connector space,
    /// never shown, never flowed as attributes.
    public static let secretAttributes: Set<String> = [
        "userpassword", "unicodepwd", "dbcspwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials",
        "sambantpassword", "sambalmpassword", "krb5key", "authpassword",
    ]

    /// Attributes whose values are DNs: compared as normalized DNs, because servers rewrite
    /// the escaping (slapd stores `cn=Doe\, Jane` as `cn=Doe\2C Jane`).
    public static let dnValuedAttributes: Set<String> = ["member", "owner", "manager", "secretary", "seealso", "uniquemember"]

    /// Whether two value lists of attribute `key` (lowercased) hold the same values, in any order.
    public static func sameValues(_ a: [[UInt8]], _ b: [[UInt8]], key: String = "") -> Bool {
        guard a.count == b.count else { return false }
        if a == b { return true }
        if dnValuedAttributes.contains(key) {
            let normalize = { (values: [[UInt8]]) in values.map { normalizedDN(String(decoding: $0, as: UTF8.self)) }.sorted() }
            return normalize(a) == normalize(b)
        }
        return a.sorted { $0.lexicographicallyPrecedes($1) } == b.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Equality of content: same attributes with the same values (value order ignored, DNs
    /// compared normalized).
    public func sameContent(as other: AttributeSet) -> Bool {
        guard all.count == other.all.count else { return false }
        return zip(all, other.all).allSatisfy { mine, theirs in
            mine.key == theirs.key && Self.sameValues(mine.values, theirs.values, key: mine.key)
        }
    }
}
