// Simple Paged Results, RFC 2696:
//
//   realSearchControlValue ::= SEQUENCE {
//       size    INTEGER (0..maxInt),  -- requested page size / server's estimate of the total
//       cookie  OCTET STRING }

extension LDAPControl {
    /// A paged results request (RFC 2696) for pages of `size` entries, not critical.
    ///
    /// Pass an empty `cookie` for the first page and the cookie of the previous
    /// ``PagedResultsResponse`` for each following one; `size` 0 with a cookie abandons the search.
    public static func pagedResults(size: Int32, cookie: [UInt8] = []) -> LDAPControl {
        let value = BEREncoder.sequence { body in
            body.writeInteger(Int64(size))
            body.writeOctetString(cookie)
        }
        return LDAPControl(oid: OID.pagedResults, value: value)
    }
}

/// The paged results control a server attaches to SearchResultDone (RFC 2696).
public struct PagedResultsResponse: Sendable {
    /// The server's estimate of the total result size, often 0 (unknown).
    public var size: Int32
    /// The cookie for the next page; empty when the search is complete.
    public var cookie: [UInt8]

    /// Decodes the value of a ``LDAPControl/OID/pagedResults`` response control.
    public init(_ control: LDAPControl) throws(BERError) {
        (size, cookie) = try control.decodeValue(expecting: LDAPControl.OID.pagedResults) { decoder throws(BERError) in
            try decoder.readSequence { body throws(BERError) in
                (try body.readInt32(), try body.readOctetString())
            }
        }
    }

    /// Whether the server has more pages; `false` once the cookie is empty.
    public var hasMorePages: Bool { !cookie.isEmpty }
}
