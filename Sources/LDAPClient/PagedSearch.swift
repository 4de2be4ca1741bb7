import CLDAP

/// A search read with the RFC 2696 paged-results control, as an asynchronous sequence of pages.
///
/// While the consumer works on page N the client decodes page N+1 and the server prepares
/// page N+2 (its request is sent as soon as N+1 is read). A page of large entries (a thousand
/// groups of thousands of members) comes in parts of about `valueBudget` values each, so memory
/// holds at most three pages or parts, whatever the entries' size.
public struct PagedSearch<Entry: DecodedEntry>: AsyncSequence, Sendable {
    public typealias Element = [Entry]
    let cursor: PagedCursor<Entry>

    public func makeAsyncIterator() -> Iterator { Iterator(cursor: cursor) }

    /// Iterates the pages. While the consumer works on page N, page N+1 is read and decoded
    /// on the connection's queue.
    public struct Iterator: AsyncIteratorProtocol {
        let cursor: PagedCursor<Entry>
        var upcoming: Task<[Entry]?, any Error>?

        init(cursor: PagedCursor<Entry>) { self.cursor = cursor }

        public mutating func next() async throws -> [Entry]? {
            let cursor = self.cursor
            let fetch = upcoming ?? Task { try await cursor.connection.onQueue(.search) { _ in try cursor.nextPage() } }
            upcoming = nil
            guard let page = try await fetch.value else { return nil }
            upcoming = Task { try await cursor.connection.onQueue(.search) { _ in try cursor.nextPage() } }
            return page
        }
    }

    /// The same search, one entry at a time.
    public var entries: Entries { Entries(pages: self) }

    /// A paged search's entries one at a time.
    public struct Entries: AsyncSequence, Sendable {
        public typealias Element = Entry
        let pages: PagedSearch

        public func makeAsyncIterator() -> Iterator { Iterator(pages: pages.makeAsyncIterator()) }

        /// Iterates the entries page by page.
        public struct Iterator: AsyncIteratorProtocol {
            var pages: PagedSearch.Iterator
            var page: [Entry] = []
            var index = 0

            public mutating func next() async throws -> Entry? {
                while index == page.count {
                    guard let next = try await pages.next() else { return nil }
                    page = next
                    index = 0
                }
                defer { index += 1 }
                return page[index]
            }
        }
    }
}

extension LDAPConnection {
    /// Starts a paged search (`pageSize` entries a page; 1000 suits OpenLDAP and AD's default
    /// MaxPageSize; a page whose entries hold `valueBudget` values comes in parts). References
    /// are skipped: referrals are never chased.
    public func pagedSearch(_ request: SearchRequest, pageSize: Int32 = 1000, valueBudget: Int = 100_000) -> PagedSearch<LDAPEntry> {
        PagedSearch(cursor: PagedCursor(connection: self, request: request, pageSize: pageSize, valueBudget: valueBudget))
    }

    /// The same paged search with each entry in one buffer (`PackedEntry`): what an import
    /// stores without looking into most values.
    public func packedPagedSearch(_ request: SearchRequest, pageSize: Int32 = 1000, valueBudget: Int = 100_000) -> PagedSearch<PackedEntry> {
        PagedSearch(cursor: PagedCursor(connection: self, request: request, pageSize: pageSize, valueBudget: valueBudget))
    }

    /// Every entry of a (paged) search, collected. For small result sets; stream large ones.
    public func searchAll(_ request: SearchRequest, pageSize: Int32 = 1000) async throws -> [LDAPEntry] {
        var all: [LDAPEntry] = []
        for try await page in pagedSearch(request, pageSize: pageSize) { all += page }
        return all
    }
}

/// One paged search in flight; all state is confined to the connection's queue.
final class PagedCursor<Entry: DecodedEntry>: @unchecked Sendable {
    let connection: LDAPConnection
    let request: SearchRequest
    let pageSize: Int32
    private var cookie: [UInt8] = []
    private var inFlight: Int32?
    private var started = false
    private var finished = false
    /// A page is handed over in parts once its entries hold this many values: the server
    /// counts a page in entries, and 1,000 groups of 2,500 members decoded at once took 250 MB.
    let valueBudget: Int
    /// The chain of received messages a part stopped in, and where (the rest of the page's
    /// entries in it come first with the next part).
    private var chain: OpaquePointer?
    private var nextInChain: OpaquePointer?

    init(connection: LDAPConnection, request: SearchRequest, pageSize: Int32, valueBudget: Int) {
        self.connection = connection
        self.request = request
        self.pageSize = max(1, pageSize)
        self.valueBudget = max(1, valueBudget)
    }

    deinit {
        if let chain { ldap_msgfree(chain) }
        guard let inFlight, !finished else { return }
        let connection = self.connection
        connection.queue.async {
            if let ld = connection.handle { ldap_abandon_ext(ld, inFlight, nil, nil) }
        }
    }

    /// The next page, or nil when the search is complete.
    func nextPage() throws(LDAPError) -> [Entry]? {
        guard !finished else { return nil }
        let ld = try connection.liveHandle(.search)
        if !started {
            started = true
            inFlight = try sendPage(ld)
        }
        guard let id = inFlight else { return nil }
        do {
            let (entries, complete) = try readPage(ld, id)
            if complete {
                // Prefetch the next page while this one is consumed.
                inFlight = finished ? nil : try sendPage(ld)
            }
            return entries
        } catch {
            finished = true
            inFlight = nil
            throw error
        }
    }

    private func sendPage(_ ld: OpaquePointer) throws(LDAPError) -> Int32 {
        try connection.sendSearch(ld, request, extraControls: [.pagedResults(size: pageSize, cookie: cookie)])
    }

    /// The page's entries up to its end (complete) or, when they hold `valueBudget` values
    /// before that, up to there (the rest comes with the next call, from the same chain of
    /// received messages).
    private func readPage(_ ld: OpaquePointer, _ id: Int32) throws(LDAPError) -> (entries: [Entry], complete: Bool) {
        var entries: [Entry] = []
        // One allocation for the page: grown entry by entry, its copies took 4% of an import.
        entries.reserveCapacity(Int(min(max(pageSize, 1), 5000)))
        var values = 0
        do {
            while true {
                if chain == nil {
                    let received = try connection.waitForMessage(ld, id, all: LDAP_MSG_RECEIVED, .search, dn: request.base)
                    chain = received
                    nextInChain = ldap_first_message(ld, received)
                }
                while let current = nextInChain {
                    if values >= valueBudget { return (entries, false) }
                    nextInChain = ldap_next_message(ld, current)
                    switch ldap_msgtype(current) {
                    case MessageType.searchEntry:
                        let entry = try connection.decodeEntry(ld, current, as: Entry.self)
                        values += entry.valueCount
                        entries.append(entry)
                    case MessageType.searchResult:
                        let result = try connection.parseResult(ld, current, .search, dn: request.base)
                        releaseChain()
                        try result.requireSuccess(.search, dn: request.base)
                        try takeCookie(from: result.controls)
                        return (entries, true)
                    default:
                        break
                    }
                }
                releaseChain()
            }
        } catch {
            releaseChain()
            throw error
        }
    }

    private func releaseChain() {
        if let chain { ldap_msgfree(chain) }
        chain = nil
        nextInChain = nil
    }

    private func takeCookie(from controls: [LDAPControl]) throws(LDAPError) {
        guard let control = controls.first(where: { $0.oid == LDAPControl.OID.pagedResults }) else {
            // A server that ignores a non-critical paging control returns everything at once.
            finished = true
            return
        }
        do {
            cookie = try PagedResultsResponse(control).cookie
        } catch {
            throw LDAPError(
                code: .decodingError, operation: .search, diagnostic: "the server's paged-results control is malformed: \(error)", dn: request.base)
        }
        if cookie.isEmpty { finished = true }
    }
}
