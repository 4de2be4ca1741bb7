/// Where the next Active Directory delta import starts, kept as the connector's watermark blob.
///
/// Two kinds, taken by a full import **before** it reads, so that a delta import repeats
/// (harmlessly) whatever changed during that import:
/// - a **DirSync cookie** (the server's own, opaque), when the account may use DirSync
///   ("Replicating Directory Changes");
/// - otherwise the DC's **highestCommittedUSN** with its **invocationId**: USNs are local to
///   one DC database, so they are only comparable while the invocationId stays the same
///   (a restore or another DC gives a new one, and the next delta import is a full import).
///
/// Encoding, version 1 (all integers big-endian):
///
///     "ADW" 0x01 tag payload
///     tag 0x01 DirSync:  flags (1 byte; bit 0: DirSync has shown this account a tombstone)
///                        cookie (the rest)
///     tag 0x02 USN:      usn (8 bytes), invocationId as canonical GUID text (the rest, UTF-8)
///
/// Anything else (an OpenLDAP cookie, another version) decodes to nil: no usable watermark.
enum ADWatermark: Sendable, Hashable {
    /// A DirSync cookie. `seesTombstones`: DirSync has returned a deleted object to this
    /// account before, so it reports deletions and no anchor comparison is needed.
    case dirSync(cookie: [UInt8], seesTombstones: Bool)
    /// `highestCommittedUSN` of the DC whose `invocationId` (canonical GUID text) is given.
    case usn(invocationID: String, usn: UInt64)

    private static let magic: [UInt8] = Array("ADW".utf8) + [1]

    /// The stored form.
    var encoded: [UInt8] {
        switch self {
        case .dirSync(let cookie, let seesTombstones):
            return Self.magic + [1, seesTombstones ? 1 : 0] + cookie
        case .usn(let invocationID, let usn):
            let number = (0..<8).reversed().map { UInt8(truncatingIfNeeded: usn >> (8 * UInt64($0))) }
            return Self.magic + [2] + number + Array(invocationID.utf8)
        }
    }

    /// Decodes a stored watermark; nil when it is not one this version wrote.
    init?(encoded bytes: [UInt8]) {
        guard bytes.count > Self.magic.count + 1, Array(bytes.prefix(Self.magic.count)) == Self.magic else { return nil }
        let body = Array(bytes.dropFirst(Self.magic.count + 1))
        switch bytes[Self.magic.count] {
        case 1 where !body.isEmpty:
            self = .dirSync(cookie: Array(body.dropFirst()), seesTombstones: body[0] & 1 == 1)
        case 2 where body.count > 8:
            let usn = body.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            self = .usn(invocationID: String(decoding: body.dropFirst(8), as: UTF8.self), usn: usn)
        default:
            return nil
        }
    }

    /// How an admin reads it in a run message.
    var summary: String {
        switch self {
        case .dirSync: "a DirSync cookie"
        case .usn(let invocationID, let usn): "USN \(usn) of the DC with invocationId \(invocationID)"
        }
    }
}
