/// Range retrieval of large multi-valued attributes (Active Directory, MS-ADTS 3.1.1.3.1.3.3).
///
/// Every slice is read with a base search on the entry. Each answer is checked against the
/// request (it starts where asked, holds as many values as its range says, repeats none), and
/// each also carries the entry's `uSNChanged`: when that moves between slices the attribute
/// changed while it was read (values could be missed or doubled), so it is read again from the
/// start, up to `rangeReadAttempts` times. Samba and AD keep a value order that is stable as long
/// as the attribute does not change.
extension LDAPConnection {
    /// How often an attribute that changes while it is read is read again before giving up.
    static let rangeReadAttempts = 3

    /// `entry` with every ranged attribute (`member;range=0-1499`) completed: the remaining
    /// slices are fetched with base searches and the whole attribute is returned under its plain
    /// name (`member`), values in the server's order, in the place of the slice. An entry
    /// without ranged attributes is returned as it is, without a request.
    ///
    /// Errors are `LDAPError`s of operation `.search` whose `dn` is the entry and whose
    /// diagnostic names the attribute. Not for DirSync answers with incremental values, whose
    /// `;range=` options mean added/removed values, not slices.
    public func completeRangedAttributes(_ entry: LDAPEntry) async throws -> LDAPEntry {
        guard entry.hasRangedAttributes else { return entry }
        // Plain names of the sliced attributes (lowercased). A plain attribute of the same name
        // next to a slice adds nothing when it is empty; with values it contradicts the slice.
        var sliced = Set<String>()
        for attribute in entry.attributes where AttributeRange.hasRangeOption(attribute.name) {
            guard let range = attribute.range else {
                throw rangeError(entry.dn, attribute.name, "the range option is malformed")
            }
            guard sliced.insert(range.attribute.lowercased()).inserted else {
                throw rangeError(entry.dn, range.attribute, "the server sent more than one slice of it in one answer")
            }
            guard range.low == 0 else {
                throw rangeError(entry.dn, range.attribute, "the slice \(attribute.name) does not start at the first value")
            }
        }
        let version = entry.values(Self.versionAttribute).first
        var result = entry
        result.attributes = []
        result.attributes.reserveCapacity(entry.attributes.count)
        for attribute in entry.attributes {
            if let range = attribute.range {
                let reader = RangedRead(connection: self, dn: entry.dn, attribute: range.attribute, rangeSize: nil)
                let values = try await reader.read(first: RangedRead.Slice(kind: .ranged(range, attribute.values), version: version))
                result.attributes.append(LDAPAttribute(range.attribute, values: values))
            } else if sliced.contains(attribute.name.lowercased()) {
                guard attribute.values.isEmpty else {
                    throw rangeError(entry.dn, attribute.name, "the server sent both a slice and values under the plain name")
                }
            } else {
                result.attributes.append(attribute)
            }
        }
        return result
    }

    /// `completeRangedAttributes` for each entry, in order; entries without ranged attributes
    /// cost nothing.
    public func completeRangedAttributes(_ entries: [LDAPEntry]) async throws -> [LDAPEntry] {
        guard entries.contains(where: \.hasRangedAttributes) else { return entries }
        var result: [LDAPEntry] = []
        result.reserveCapacity(entries.count)
        for entry in entries { result.append(try await completeRangedAttributes(entry)) }
        return result
    }

    /// Every value of one attribute of one entry, requested in explicit slices of `rangeSize`
    /// (`member;range=0-999`, `member;range=1000-1999`, …) even from a server that would send
    /// them all at once; the server may cut a slice shorter (AD's MaxValRange). A server that
    /// ignores the range option and sends the plain attribute gets it taken whole; one that
    /// does not know the option at all (OpenLDAP returns nothing) is asked once more plainly.
    /// Empty when the entry has no such attribute; `noSuchObject` when there is no entry.
    public func allValues(dn: String, attribute: String, rangeSize: Int = 1000) async throws -> [[UInt8]] {
        guard rangeSize > 0 else {
            throw LDAPError(
                code: .parameterError, operation: .search, diagnostic: "the range size must be positive, not \(rangeSize)", dn: dn,
                reason: .invalidArgument)
        }
        guard !attribute.isEmpty, !AttributeRange.hasRangeOption(attribute) else {
            throw LDAPError(
                code: .parameterError, operation: .search, diagnostic: "\"\(attribute)\" is not an attribute description without a range", dn: dn,
                reason: .invalidArgument)
        }
        let reader = RangedRead(connection: self, dn: dn, attribute: attribute, rangeSize: rangeSize)
        let first = try await reader.slice(from: 0)
        guard case .absent = first.kind else { return try await reader.read(first: first) }
        // Nothing under either name: an absent attribute, or a server without range retrieval.
        let plain = try await reader.entry(attributes: [attribute])
        return plain?.values(attribute) ?? []
    }

    /// The attribute whose change between two slices means the attribute being read changed.
    static let versionAttribute = "uSNChanged"

    /// An error about `attribute` of `dn`, raised by the client (operation `.search`).
    func rangeError(_ dn: String, _ attribute: String, _ problem: String) -> LDAPError {
        LDAPError(code: .decodingError, operation: .search, diagnostic: "\(attribute), read in ranges: \(problem)", dn: dn)
    }
}

/// One attribute of one entry read slice by slice.
struct RangedRead: Sendable {
    let connection: LDAPConnection
    let dn: String
    /// The attribute description without a range option.
    let attribute: String
    /// Values per request; nil: `low-*`, as many as the server gives.
    let rangeSize: Int?

    /// One answer.
    struct Slice: Sendable {
        enum Kind: Sendable {
            /// `attribute;range=…` with these values.
            case ranged(AttributeRange, [[UInt8]])
            /// The plain attribute: the server ignored the range option.
            case whole([[UInt8]])
            /// Neither.
            case absent
        }
        var kind: Kind
        /// The entry's `uSNChanged` in the same answer, if the server sent one.
        var version: [UInt8]?
    }

    /// The attribute changed while it was read: read it again from the start.
    private struct Changed: Error {
        let problem: String
    }

    /// Every value, continuing after `first` (the slice that starts at value 0); reads the
    /// attribute again from the start when it changes in between.
    func read(first: Slice) async throws -> [[UInt8]] {
        var start: Slice? = first
        var attempt = 1
        while true {
            do {
                let first: Slice
                if let start { first = start } else { first = try await slice(from: 0) }
                return try await readOnce(first)
            } catch let changed as Changed {
                guard attempt < LDAPConnection.rangeReadAttempts else {
                    throw connection.rangeError(dn, attribute, "\(changed.problem); it kept changing while it was read (\(attempt) attempts)")
                }
                attempt += 1
                start = nil
            }
        }
    }

    private func readOnce(_ first: Slice) async throws -> [[UInt8]] {
        var values: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        var slice = first
        var expected = 0
        var version = first.version
        while true {
            if let current = slice.version {
                if let version, version != current {
                    throw Changed(
                        problem:
                            "its entry's \(LDAPConnection.versionAttribute) moved from \(String(decoding: version, as: UTF8.self)) to \(String(decoding: current, as: UTF8.self))"
                    )
                }
                version = current
            }
            switch slice.kind {
            case .whole(let all):
                guard expected == 0 else {
                    throw connection.rangeError(
                        dn, attribute, "asked for values from \(expected) on, the server sent the plain attribute (\(all.count) values)")
                }
                return all
            case .absent:
                guard expected == 0 else { throw Changed(problem: "the slice from value \(expected) on is missing from the answer") }
                return []
            case .ranged(let range, let part):
                guard range.low == expected else {
                    throw connection.rangeError(dn, attribute, "asked for values from \(expected) on, the server answered \(range)")
                }
                if let count = range.count, part.count != count {
                    throw connection.rangeError(dn, attribute, "the server answered \(range) with \(part.count) values")
                }
                for value in part where !seen.insert(value).inserted {
                    throw Changed(problem: "a value came twice (in \(range))")
                }
                values += part
                guard let high = range.high else { return values }
                expected = high + 1
                slice = try await self.slice(from: expected)
            }
        }
    }

    /// Requests the slice that starts at `low` (up to `rangeSize` values, or to the end).
    func slice(from low: Int) async throws -> Slice {
        // A size so large that the last index overflows asks for everything (`low-*`).
        let high = rangeSize.flatMap { size -> Int? in
            let (last, overflow) = low.addingReportingOverflow(size - 1)
            return overflow ? nil : last
        }
        let requested = AttributeRange(attribute: attribute, low: low, high: high)
        var names = [requested.description]
        if !attribute.equalsIgnoringASCIICase(LDAPConnection.versionAttribute) { names.append(LDAPConnection.versionAttribute) }
        guard let entry = try await entry(attributes: names, reading: requested.description) else {
            return Slice(kind: .absent, version: nil)
        }
        let version = entry.values(LDAPConnection.versionAttribute).first
        for answer in entry.attributes {
            if let range = answer.range, range.attribute.equalsIgnoringASCIICase(attribute) {
                return Slice(kind: .ranged(range, answer.values), version: version)
            }
        }
        if let plain = entry.attribute(attribute) { return Slice(kind: .whole(plain.values), version: version) }
        return Slice(kind: .absent, version: version)
    }

    /// The entry itself, read with a base search for `attributes`; errors name the entry and
    /// what was being read.
    func entry(attributes: [String], reading: String? = nil) async throws -> LDAPEntry? {
        let request = SearchRequest(base: dn, scope: .base, filter: "(objectClass=*)", attributes: attributes)
        do {
            var found: LDAPEntry?
            for try await message in connection.search(request) {
                if case .entry(let entry) = message { found = entry }
            }
            return found
        } catch var error as LDAPError {
            error.dn = dn
            let what = "reading \(reading ?? attributes.joined(separator: ", "))"
            error.diagnostic = error.diagnostic.isEmpty ? what : "\(what): \(error.diagnostic)"
            throw error
        }
    }
}
