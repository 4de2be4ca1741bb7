import LDAPProtocol

/// An object's attributes: names compared case-insensitively (kept as first seen, for display),
/// values as bytes (binary-safe), multi-valued.
public struct AttributeSet: Sendable, Hashable {
    /// Values by lowercased attribute name.
    public private(set) var values: [String: [[UInt8]]]
    /// Display name by lowercased attribute name.
    public private(set) var names: [String: String]

    /// An empty set.
    public init() {
        values = [:]
        names = [:]
    }

    /// An empty set with room for `count` attributes.
    init(minimumCapacity count: Int) {
        values = Dictionary(minimumCapacity: count)
        names = Dictionary(minimumCapacity: count)
    }

    /// The attributes of an LDAP entry (attribute options such as `;binary` kept in the name),
    /// leaving out `skipping` (lowercased names).
    public init(_ attributes: [LDAPAttribute], skipping: Set<String> = []) {
        values = Dictionary(minimumCapacity: attributes.count)
        names = Dictionary(minimumCapacity: attributes.count)
        for attribute in attributes where !attribute.values.isEmpty {
            let key = Self.key(attribute.name)
            if skipping.contains(key) { continue }
            // One lookup for the usual case: a name the entry has not listed before.
            if let earlier = values.updateValue(attribute.values, forKey: key) {
                values[key] = earlier + attribute.values
            } else {
                names[key] = attribute.name
            }
        }
    }

    /// The values of `name` (case-insensitive); empty when absent. Setting none removes it.
    public subscript(name: String) -> [[UInt8]] {
        get { values[Self.key(name)] ?? [] }
        set { setValues(newValue, key: Self.key(name), name: name) }
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
        return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Sets the values of a key that is already lowercased (`key`), with its display name: the
    /// sync engine's copies between sets, without case mapping again. Empty values remove it.
    mutating func setValues(_ list: [[UInt8]], key: String, name: String) {
        if list.isEmpty {
            values[key] = nil
            names[key] = nil
        } else {
            values[key] = list
            if names[key] == nil { names[key] = name }
        }
    }

    /// The values of `name` as UTF-8 text.
    public func strings(_ name: String) -> [String] { self[name].map { String(decoding: $0, as: UTF8.self) } }

    /// The first value of `name` as text.
    public func string(_ name: String) -> String? { strings(name).first }

    /// Sets text values.
    public mutating func set(_ name: String, _ strings: [String]) { self[name] = strings.map { Array($0.utf8) } }

    /// Lowercased names, sorted.
    public var keys: [String] { values.keys.sorted() }

    /// Whether there are no attributes.
    public var isEmpty: Bool { values.isEmpty }

    /// How many values all attributes hold together.
    public var valueCount: Int { values.values.reduce(0) { $0 + $1.count } }

    /// The display name of a lowercased key.
    public func displayName(_ key: String) -> String { names[key] ?? key }

    /// The set as LDAP attributes (sorted by name), for an add request or LDIF.
    public var ldapAttributes: [LDAPAttribute] {
        keys.map { LDAPAttribute(displayName($0), values: values[$0] ?? []) }
    }

    /// Attributes whose values are DNs: compared as normalized DNs, because servers rewrite
    /// the escaping (slapd stores `cn=Doe\, Jane` as `cn=Doe\2C Jane`).
    /// Attributes that hold passwords or keys (lowercased): never stored in a connector space,
    /// never shown, never flowed as attributes.
    public static let secretAttributes: Set<String> = [
        "userpassword", "unicodepwd", "dbcspwd", "ntpwdhistory", "lmpwdhistory", "supplementalcredentials",
        "sambantpassword", "sambalmpassword", "krb5key", "authpassword",
    ]

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
        guard values.count == other.values.count else { return false }
        for (key, mine) in values {
            guard let theirs = other.values[key], Self.sameValues(mine, theirs, key: key) else { return false }
        }
        return true
    }
}
