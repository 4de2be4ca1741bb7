import LDAPClient

/// What changed in Active Directory since a watermark, as objectGUIDs: DirSync returns only the
/// changed attributes of an object, so every changed object is read again in full afterwards.
struct ADChanges: Sendable {
    /// Objects added, modified, renamed or moved: anchor → DN as reported.
    var changed: [String: String] = [:]
    /// Objects deleted (their tombstones).
    var deleted: Set<String> = []
    /// Whether a deleted object was reported: this account is shown deletions. (`CN=Deleted
    /// Objects` itself has isDeleted TRUE and any account sees it: it does not count.)
    var sawTombstone = false
    /// The DirSync cookie after the last page (DirSync only).
    var cookie: [UInt8] = []

    /// Takes one reported entry; a later report of the same object replaces an earlier one.
    mutating func record(_ entry: LDAPEntry) {
        guard let anchor = entry.values("objectGUID").first.flatMap(Anchor.guid) else { return }
        // A deleted object's name is mangled with "\0ADEL:<guid>" (DirSync may also send no DN).
        let tombstone = entry.dn.isEmpty || entry.dn.contains("\\0ADEL:")
        if tombstone || entry.string("isDeleted")?.uppercased() == "TRUE" {
            changed[anchor] = nil
            deleted.insert(anchor)
            if tombstone { sawTombstone = true }
        } else {
            deleted.remove(anchor)
            changed[anchor] = entry.dn
        }
    }
}

/// Reads changes from a DC: by DirSync cookie, or by `uSNChanged`.
enum ADChangeFeed {
    /// Replication-rights DirSync (no object-security flag: an account without "Replicating
    /// Directory Changes" is refused, and falls back to USNs); never password hashes.
    static let flags: DirSyncFlags = [.publicDataOnly]

    /// Whether a DirSync failure means "not for you / not this cookie" rather than a passing
    /// fault: an error result from the server that retrying would not change (insufficient
    /// access 50, unavailable critical extension 12, unwilling 53, protocol error 2…).
    static func isRefusal(_ error: LDAPError) -> Bool {
        error.code.rawValue > 0 && !error.isTransient && !error.isConnectionLost && !error.isCredentialRejection
    }

    /// A DirSync cookie for "now": a search that matches nothing still returns the cookie of
    /// the naming context's current state (verified on Samba: no entries, a valid cookie).
    static func currentCookie(_ connection: LDAPConnection, namingContext: String) async throws -> [UInt8] {
        try await dirSync(connection, from: [], namingContext: namingContext, filter: "(!(objectClass=*))", attributes: ["objectGUID"]).cookie
    }

    /// Every change since `cookie`, following MoreResults. `(objectClass=*)` with all
    /// attributes: an object is reported when any attribute changed, tombstones included (when
    /// this account may see them); a narrower filter would miss objects that stopped matching.
    static func changes(_ connection: LDAPConnection, since cookie: [UInt8], namingContext: String) async throws -> ADChanges {
        try await dirSync(connection, from: cookie, namingContext: namingContext, filter: "(objectClass=*)", attributes: ["*"])
    }

    private static func dirSync(
        _ connection: LDAPConnection, from start: [UInt8], namingContext: String,
        filter: String, attributes: [String]
    ) async throws -> ADChanges {
        var changes = ADChanges(cookie: start)
        while true {
            let request = SearchRequest(
                base: namingContext, scope: .subtree, filter: filter, attributes: attributes,
                controls: [.dirSync(flags: flags, cookie: changes.cookie)])
            var response: DirSyncResponse?
            for try await message in connection.search(request) {
                switch message {
                case .entry(let entry):
                    changes.record(entry)
                case .done(let controls):
                    guard let control = controls.first(where: { $0.oid == LDAPControl.OID.dirSync }) else { break }
                    do {
                        response = try DirSyncResponse(control)
                    } catch {
                        throw LDAPError(
                            code: .decodingError, operation: .search, diagnostic: "the DC's DirSync control is malformed: \(error)", dn: namingContext
                        )
                    }
                case .reference, .intermediate:
                    break
                }
            }
            guard let response else {
                throw LDAPError(
                    code: .controlNotFound, operation: .search, diagnostic: "the DC answered a DirSync search without a DirSync control",
                    dn: namingContext)
            }
            if !response.cookie.isEmpty { changes.cookie = response.cookie }
            if !response.moreResults { return changes }
        }
    }

    /// Every object below `base` whose `uSNChanged` is above `usn`, and (Show Deleted) every
    /// tombstone of the naming context above it. Tombstones this account may not see are
    /// simply not returned.
    static func changes(
        _ connection: LDAPConnection, sinceUSN usn: UInt64, base: String, namingContext: String, pageSize: Int32
    ) async throws -> ADChanges {
        var changes = ADChanges()
        let changed = SearchRequest(base: base, filter: "(uSNChanged>=\(usn + 1))", attributes: ["objectGUID"])
        for try await page in connection.pagedSearch(changed, pageSize: pageSize) { page.forEach { changes.record($0) } }
        let tombstones = SearchRequest(
            base: namingContext, filter: "(&(isDeleted=TRUE)(uSNChanged>=\(usn + 1)))",
            attributes: ["objectGUID", "isDeleted"], controls: [.showDeleted])
        do {
            for try await page in connection.pagedSearch(tombstones, pageSize: pageSize) { page.forEach { changes.record($0) } }
        } catch let error as LDAPError where isRefusal(error) {
            // No right to Show Deleted here: deletions are found by comparing anchors instead.
        }
        return changes
    }
}
