import LDAPClient
import SyncEngine

/// How a connector reads directory entries: which object type an entry is, and its anchor.
struct EntryReader: Sendable {
    let connector: ConnectorConfiguration
    /// The normalized search bases.
    let scopeKeys: [String]
    /// Attributes never kept: the anchor (a column of its own) and secrets.
    private let skipped: Set<String>
    /// The anchor attribute's name, lowercased.
    private let anchorKey: String
    /// Which type an entry is (see `ObjectClassifier`).
    private let classifier: ObjectClassifier

    init(connector: ConnectorConfiguration, schema: DirectorySchema? = nil) {
        self.connector = connector
        scopeKeys = connector.searchBases.map(\.normalized)
        anchorKey = connector.anchorAttribute.lowercased()
        skipped = AttributeSet.secretAttributes.union([anchorKey])
        classifier = ObjectClassifier(connector: connector, schema: schema)
    }

    /// The object type of an entry: the first type whose filter matches it; nil when none.
    func objectType(of entry: some FilterInput) -> ObjectType? { classifier.objectType(of: entry) }

    /// The anchor of an entry (`entryUUID` text, or `objectGUID` in canonical form).
    func anchor(of entry: some FilterInput) -> String? {
        guard let value = entry.filterValues(anchorKey)?.first else { return nil }
        switch connector.flavor {
        case .openldap: return String(decoding: value, as: UTF8.self).lowercased()
        case .activeDirectory: return Anchor.guid(value)
        }
    }

    /// The attributes kept in the connector space: everything but the anchor and secrets
    /// (password hashes never reach the store; password sync reads them from the directory).
    func attributes(of entry: LDAPEntry) -> AttributeSet {
        AttributeSet(entry.attributes, skipping: skipped)
    }

    /// `attributes(of: LDAPEntry(entry)).encoded()`, without building the set.
    func encodedAttributes(of entry: PackedEntry) -> [UInt8] {
        AttributeSet.encoded(entry, skipping: skipped)
    }

    /// The entries with every attribute Active Directory sent in slices (`member;range=0-1499`
    /// for a group above MaxValRange) read to the end, under its plain name: staged as it came,
    /// a big group would lose every member past the first slice. Entries without a ranged
    /// attribute (all of OpenLDAP's) are returned as they are, without a request.
    /// Not for DirSync answers with incremental values (`;range=1-1` means added values there).
    func completingRanges(_ entries: [LDAPEntry], on connection: LDAPConnection) async throws -> [LDAPEntry] {
        try await connection.completeRangedAttributes(entries)
    }

    /// The same for packed entries: those with a ranged attribute are completed unpacked.
    func completingRanges(_ entries: [PackedEntry], on connection: LDAPConnection) async throws -> [PackedEntry] {
        var result = entries
        for index in entries.indices where entries[index].hasRangedAttributes {
            result[index] = PackedEntry(try await connection.completeRangedAttributes(LDAPEntry(entries[index])))
        }
        return result
    }

    /// Objects read in full below the base by anchor, 100 to a search (an OR of `anchorFilters`,
    /// one equality filter each, not a round trip each), with the object-type filter: an
    /// object not returned is gone from the base or no longer one of our types.
    func read(anchorFilters: [String], on connection: LDAPConnection) async throws -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        for chunk in anchorFilters.chunked(100) {
            let request = SearchRequest(
                base: connector.baseDN.description, filter: LDAPFilter.and([filter, LDAPFilter.or(Array(chunk))]), attributes: attributes)
            entries += try await completingRanges(connection.searchAll(request, pageSize: Int32(connector.pageSize)), on: connection)
        }
        return entries
    }

    /// Whether a DN is inside one of the connector's containers (compared normalized).
    func isInScope(_ dn: String) -> Bool {
        let key = normalizedDN(dn)
        return scopeKeys.contains { key == $0 || key.hasSuffix("," + $0) }
    }

    /// One filter for every object type.
    var filter: String {
        let filters = connector.objectTypes.map(\.filter)
        return filters.count == 1 ? filters[0] : LDAPFilter.or(filters)
    }

    /// Attributes to request: all user attributes plus the anchor (and, from an OpenLDAP
    /// target, the ppolicy lock that stands for a disabled account: see `AccountState`).
    var attributes: [String] {
        connector.flavor == .openldap && connector.role == .target
            ? ["*", connector.anchorAttribute, "pwdAccountLockedTime"] : ["*", connector.anchorAttribute]
    }
}

/// Anchor text forms.
public enum Anchor {
    /// 16 bytes as an RFC 4122 UUID string (RFC 4533 syncUUIDs, entryUUID).
    public static func uuid(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// 16 bytes of an AD objectGUID in its canonical form (first three fields little-endian).
    public static func guid(_ bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return nil }
        let order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
        return uuid(order.map { bytes[$0] })
    }
}
