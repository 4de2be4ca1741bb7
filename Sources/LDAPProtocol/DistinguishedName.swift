/// The name of a directory entry, such as `cn=Ann Lee,ou=People,dc=contoso,dc=com` (RFC 4514).
///
/// Two names are equal, hash alike and sort together when their ``normalized`` forms match, so
/// `CN=Ann  Lee, OU=People,DC=contoso,DC=com` equals the name above. ``description`` keeps the
/// spelling of types and values and escapes only what RFC 4514 requires; parsing it gives back
/// an equal name.
///
/// Names sort hierarchically: components are compared from the root down, so an entry sorts
/// after its ancestors (`dc=com` < `dc=contoso,dc=com` < `ou=People,dc=contoso,dc=com`), which
/// is the order in which entries can be created.
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible, Codable, Comparable {
    /// The components, leaf first: `cn=a,ou=b,dc=c` holds `[cn=a, ou=b, dc=c]`.
    public var rdns: [RelativeDistinguishedName] {
        didSet { normalized = Self.normalize(rdns) }
    }

    /// The form used to compare and as a key: every component's
    /// ``RelativeDistinguishedName/normalized`` form joined with `,`. Types are lowercased
    /// (numeric OIDs stay as they are), values lowercased with insignificant spaces removed,
    /// the attributes of a multi-valued component sorted, and values escaped canonically.
    public private(set) var normalized: String

    /// The empty name `""`, the root of the directory tree.
    public static let root = DistinguishedName(rdns: [])

    /// Creates a name from its components, leaf first.
    public init(rdns: [RelativeDistinguishedName]) {
        self.rdns = rdns
        self.normalized = Self.normalize(rdns)
    }

    /// The RFC 4514 string form: components joined with `,` and no spaces, types as given,
    /// values escaped minimally.
    public var description: String {
        rdns.map(\.description).joined(separator: ",")
    }

    /// The name one level up, or `nil` for ``root``.
    public var parent: DistinguishedName? {
        rdns.isEmpty ? nil : DistinguishedName(rdns: Array(rdns.dropFirst()))
    }

    /// The leaf component, or `nil` for ``root``.
    public var rdn: RelativeDistinguishedName? {
        rdns.first
    }

    /// Whether this name is strictly below `ancestor` (a name is not its own descendant).
    public func isDescendant(of ancestor: DistinguishedName) -> Bool {
        rdns.count > ancestor.rdns.count && isWithin(ancestor)
    }

    /// Whether this name equals `base` or is below it.
    public func isWithin(_ base: DistinguishedName) -> Bool {
        rdns.count >= base.rdns.count && rdns.suffix(base.rdns.count).elementsEqual(base.rdns)
    }

    /// The components below `base`, leaf first (empty when this name equals `base`), or `nil`
    /// when this name is not within `base`.
    public func relative(to base: DistinguishedName) -> [RelativeDistinguishedName]? {
        guard isWithin(base) else { return nil }
        return Array(rdns.dropLast(base.rdns.count))
    }

    /// The child of this name with leaf component `rdn`.
    public func appending(_ rdn: RelativeDistinguishedName) -> DistinguishedName {
        DistinguishedName(rdns: [rdn] + rdns)
    }

    /// The same place relative to `new` as this name has relative to `old`, or `nil` when this
    /// name is not within `old`. `cn=a,ou=x,dc=old` rebased from `dc=old` to `dc=new` is
    /// `cn=a,ou=x,dc=new`.
    public func rebased(from old: DistinguishedName, to new: DistinguishedName) -> DistinguishedName? {
        relative(to: old).map { DistinguishedName(rdns: $0 + new.rdns) }
    }

    /// Equal when the ``normalized`` forms are equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.normalized == rhs.normalized
    }

    /// Hashes the ``normalized`` form.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(normalized)
    }

    /// Hierarchical order: components compared from the root down, ancestors first.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.rdns.reversed().map(\.normalized)
            .lexicographicallyPrecedes(rhs.rdns.reversed().map(\.normalized))
    }

    /// Decodes a name from its RFC 4514 string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try DistinguishedName(string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: String(describing: error))
        }
    }

    /// Encodes the name as its RFC 4514 string (``description``).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func normalize(_ rdns: [RelativeDistinguishedName]) -> String {
        rdns.map(\.normalized).joined(separator: ",")
    }
}
