/// What a search entry is decoded into, attribute by attribute as the message holds them:
/// `LDAPEntry` (attributes and values as arrays) or `PackedEntry` (one buffer, for imports).
public protocol DecodedEntry: Sendable {
    /// An entry without attributes yet; `capacity` is about how many bytes they take.
    init(decodedDN dn: String, controls: [LDAPControl], decodingFailure: String?, capacity: Int)
    /// Appends an attribute of `valueCount` values, `value(i)` being the i-th (valid only
    /// during the call).
    mutating func appendDecodedAttribute(name: String, valueCount: Int, value: (Int) -> UnsafeRawBufferPointer)
    /// Its size in values: one for the entry, one per attribute value.
    var valueCount: Int { get }
    /// The entry's controls (RFC 4533 sync state…).
    var controls: [LDAPControl] { get }
}

extension LDAPEntry: DecodedEntry {
    public init(decodedDN dn: String, controls: [LDAPControl], decodingFailure: String?, capacity: Int) {
        self.init(dn: dn, attributes: [], controls: controls, decodingFailure: decodingFailure)
        if decodingFailure == nil { attributes.reserveCapacity(16) }
    }

    public mutating func appendDecodedAttribute(name: String, valueCount: Int, value: (Int) -> UnsafeRawBufferPointer) {
        var list: [[UInt8]] = []
        list.reserveCapacity(valueCount)
        for index in 0..<valueCount { list.append(Array(value(index))) }
        attributes.append(LDAPAttribute(name, values: list))
    }
}
