import CLDAP

#if canImport(Glibc)
    import Glibc
#endif

extension LDAPConnection {
    /// Sends a search request without waiting; returns its message id. Call on `queue` only.
    func sendSearch(_ ld: OpaquePointer, _ request: SearchRequest, extraControls: [LDAPControl] = []) throws(LDAPError) -> Int32 {
        try submit(ld, .search, dn: request.base) { id in
            CBridge.withControls(request.controls + extraControls) { cControls in
                withCStringArray(request.attributes) { attributes in
                    ldap_search_ext(
                        ld, request.base, request.scope.rawValue, request.filter, attributes, 0,
                        cControls, nil, nil, request.sizeLimit == 0 ? 0 : request.sizeLimit, &id)
                }
            }
        }
    }

    /// Decodes one search-entry message into `Entry` without copying through libldap's value
    /// arrays: `ldap_get_dn_ber` / `ldap_get_attribute_ber` point into the message's BER buffer.
    func decodeEntry<Entry: DecodedEntry>(_ ld: OpaquePointer, _ message: OpaquePointer, as: Entry.Type = LDAPEntry.self) throws(LDAPError) -> Entry {
        // Entry controls must be read first: once the attributes have been walked with
        // ldap_get_attribute_ber, libldap 2.5 no longer finds them (verified in C).
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<CLDAP.LDAPControl>?>?
        _ = ldap_get_entry_controls(ld, message, &controls)
        let entryControls = CBridge.takeControls(controls)
        var ber: OpaquePointer?
        var dn = berval(bv_len: 0, bv_val: nil)
        guard ldap_get_dn_ber(ld, message, &ber, &dn) == LDAP_SUCCESS, let ber else {
            if let ber { ber_free(ber, 0) }
            throw LDAPError(code: .decodingError, operation: .search, diagnostic: "an entry in the answer has no readable DN")
        }
        defer { ber_free(ber, 0) }
        let entryDN = CBridge.string(dn)
        // What is left of the message is about what the attributes take.
        var remaining: ber_len_t = 0
        _ = ber_get_option(UnsafeMutableRawPointer(ber), LBER_OPT_REMAINING_BYTES, &remaining)
        var entry = Entry(decodedDN: entryDN, controls: entryControls, decodingFailure: nil, capacity: min(Int(remaining), options.maxEntrySize))
        var lastName: String?
        var name = berval(bv_len: 0, bv_val: nil)
        var values: UnsafeMutablePointer<berval>?
        var size = 0
        // libldap answers success with a null name at the end of the attributes, and an error
        // when the encoding breaks off: then the entry is refused whole, never half-read.
        while true {
            let rc = ldap_get_attribute_ber(ld, message, ber, &name, &values)
            guard rc == LDAP_SUCCESS else {
                if let values { ber_memfree(values) }
                let after = lastName.map { " after the attribute \($0)" } ?? ""
                return Entry(
                    decodedDN: entryDN, controls: entryControls,
                    decodingFailure: "its attributes do not decode\(after) (\(LDAPResultCode(rawValue: rc)))", capacity: 0)
            }
            guard name.bv_val != nil else { break }
            let attributeName = CBridge.string(name)
            lastName = attributeName
            var count = 0
            if let values {
                while values[count].bv_val != nil {
                    size += Int(values[count].bv_len)
                    count += 1
                }
            }
            // Past the largest entry allowed nothing more is kept (the entry is refused below).
            if size <= options.maxEntrySize {
                entry.appendDecodedAttribute(name: attributeName, valueCount: count) { index in
                    UnsafeRawBufferPointer(start: values?[index].bv_val, count: Int(values?[index].bv_len ?? 0))
                }
            }
            if let values { ber_memfree(values) }
            values = nil
        }
        if size > options.maxEntrySize {
            return Entry(
                decodedDN: entryDN, controls: entryControls,
                decodingFailure: "it is \(size) bytes, more than the largest entry allowed (maxEntrySize, \(options.maxEntrySize) bytes)",
                capacity: 0)
        }
        return entry
    }

    /// Decodes a continuation reference.
    func decodeReference<Entry>(_ ld: OpaquePointer, _ message: OpaquePointer) -> SearchReply<Entry> {
        var urls: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<CLDAP.LDAPControl>?>?
        _ = ldap_parse_reference(ld, message, &urls, &controls, 0)
        var list: [String] = []
        if let urls {
            var index = 0
            while let url = urls[index] {
                list.append(String(cString: url))
                index += 1
            }
            ldap_memvfree(UnsafeMutablePointer<UnsafeMutableRawPointer?>(OpaquePointer(urls)))
        }
        return .reference(urls: list, controls: CBridge.takeControls(controls))
    }

    /// Decodes an intermediate response.
    func decodeIntermediate<Entry>(_ ld: OpaquePointer, _ message: OpaquePointer) -> SearchReply<Entry> {
        var oid: UnsafeMutablePointer<CChar>?
        var value: UnsafeMutablePointer<berval>?
        _ = ldap_parse_intermediate(ld, message, &oid, &value, nil, 0)
        let bytes = value.map { CBridge.bytes($0.pointee) }
        if let value { ber_bvfree(value) }
        return .intermediate(oid: oid.map { CBridge.takeString($0) }, value: bytes)
    }
}

/// Runs `body` with a NULL-terminated C string array (nil for an empty list: all attributes).
func withCStringArray<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> T) -> T {
    guard !strings.isEmpty else { return body(nil) }
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress) }
}
