// Active Directory DirSync, LDAP_SERVER_DIRSYNC_OID ([MS-ADTS] 3.1.1.3.4.1.3):
//
//   DirSyncRequestValue  ::= SEQUENCE { Flags INTEGER, MaxBytes INTEGER, Cookie OCTET STRING }
//   DirSyncResponseValue ::= SEQUENCE { MoreResults INTEGER, unused INTEGER, CookieServer OCTET STRING }

/// Flags of a DirSync request ([MS-ADTS] LDAP_SERVER_DIRSYNC_OID).
///
/// The flags travel as a 32-bit *signed* INTEGER: with ``incrementalValues`` set the high bit is
/// set, and Active Directory and Samba expect the four-octet negative form (`02 04 80 00 00 01`),
/// not the five-octet positive one (`02 05 00 80 00 00 01`) that plain BER would produce.
public struct DirSyncFlags: OptionSet, Sendable, Hashable {
    /// The flag bits, as the 32-bit pattern Active Directory defines them.
    public var rawValue: UInt32

    /// Wraps flag bits, including any this type has no name for.
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// LDAP_DIRSYNC_OBJECT_SECURITY: return only what the caller may read; no replication rights needed.
    public static let objectSecurity = DirSyncFlags(rawValue: 0x0000_0001)
    /// LDAP_DIRSYNC_ANCESTORS_FIRST_ORDER: return parents before their children.
    public static let ancestorsFirstOrder = DirSyncFlags(rawValue: 0x0000_0800)
    /// LDAP_DIRSYNC_PUBLIC_DATA_ONLY: leave out secret attributes such as password hashes.
    public static let publicDataOnly = DirSyncFlags(rawValue: 0x0000_2000)
    /// LDAP_DIRSYNC_INCREMENTAL_VALUES: return only changed values of multi-valued attributes.
    public static let incrementalValues = DirSyncFlags(rawValue: 0x8000_0000)

    /// The flags as the signed 32-bit INTEGER that goes on the wire.
    var wireValue: Int64 { Int64(Int32(bitPattern: rawValue)) }
}

extension LDAPControl {
    /// A DirSync request: critical, asking for changes since `cookie` (empty for a full sync).
    ///
    /// `maxAttributeCount` is the MaxBytes field, the most attribute values per response;
    /// 0 lets the server choose.
    public static func dirSync(flags: DirSyncFlags, maxAttributeCount: Int32 = 0, cookie: [UInt8] = []) -> LDAPControl {
        let value = BEREncoder.sequence { body in
            body.writeInteger(flags.wireValue)
            body.writeInteger(Int64(maxAttributeCount))
            body.writeOctetString(cookie)
        }
        return LDAPControl(oid: OID.dirSync, isCritical: true, value: value)
    }
}

/// The DirSync control Active Directory attaches to SearchResultDone.
public struct DirSyncResponse: Sendable {
    /// Whether more changes are waiting; search again with ``cookie`` until this is `false`.
    public var moreResults: Bool
    /// The cookie to store and send in the next DirSync request.
    public var cookie: [UInt8]

    /// Decodes the value of a ``LDAPControl/OID/dirSync`` response control.
    public init(_ control: LDAPControl) throws(BERError) {
        (moreResults, cookie) = try control.decodeValue(expecting: LDAPControl.OID.dirSync) { decoder throws(BERError) in
            try decoder.readSequence { body throws(BERError) in
                let moreResults = try body.readInteger() != 0
                _ = try body.readInteger()
                return (moreResults, try body.readOctetString())
            }
        }
    }
}
