import CLDAP

/// A search's answer as an asynchronous sequence of messages, read in batches from the
/// connection's queue as the consumer asks for them: memory holds two batches, not the result.
///
/// A server error (size limit, no such object…) is thrown after the messages that came before
/// it. Stopping early abandons the request.
public struct SearchStream<Entry: DecodedEntry>: AsyncSequence, Sendable {
    public typealias Element = SearchReply<Entry>
    let cursor: SearchCursor<Entry>

    public func makeAsyncIterator() -> Iterator { Iterator(cursor: cursor) }

    /// Iterates the messages. While the consumer works through one batch, the next is read
    /// and decoded on the connection's queue.
    public struct Iterator: AsyncIteratorProtocol {
        let cursor: SearchCursor<Entry>
        var buffer: [SearchReply<Entry>] = []
        var index = 0
        var upcoming: Task<[SearchReply<Entry>], any Error>?

        init(cursor: SearchCursor<Entry>) { self.cursor = cursor }

        public mutating func next() async throws -> SearchReply<Entry>? {
            if index == buffer.count {
                let cursor = self.cursor
                let fetch = upcoming ?? Task { try await cursor.connection.onQueue(.search) { _ in try cursor.nextBatch() } }
                upcoming = nil
                buffer = try await fetch.value
                index = 0
                if buffer.isEmpty { return nil }
                upcoming = Task { try await cursor.connection.onQueue(.search) { _ in try cursor.nextBatch() } }
            }
            defer { index += 1 }
            return buffer[index]
        }
    }
}

extension LDAPConnection {
    /// Starts a search and streams its messages (entries, references, intermediate responses,
    /// then `.done`). Use `pagedSearch` for large result sets.
    public func search(_ request: SearchRequest) -> SearchStream<LDAPEntry> {
        SearchStream(cursor: SearchCursor(connection: self, request: request))
    }

    /// The same search with each entry in one buffer (`PackedEntry`), for imports.
    public func packedSearch(_ request: SearchRequest) -> SearchStream<PackedEntry> {
        SearchStream(cursor: SearchCursor(connection: self, request: request))
    }
}

/// One search in flight on a connection; all state is confined to the connection's queue.
final class SearchCursor<Entry: DecodedEntry>: @unchecked Sendable {
    let connection: LDAPConnection
    let request: SearchRequest
    private var messageID: Int32?
    private var finished = false
    private var pendingError: LDAPError?

    init(connection: LDAPConnection, request: SearchRequest) {
        self.connection = connection
        self.request = request
    }

    deinit {
        if let chain { ldap_msgfree(chain) }
        guard let messageID, !finished else { return }
        let connection = self.connection
        connection.queue.async {
            if let ld = connection.handle { ldap_abandon_ext(ld, messageID, nil, nil) }
        }
    }

    /// Messages handed over at once, at most.
    static var batchSize: Int { 256 }
    /// A batch ends once its entries hold this many values (see `PagedSearch`).
    static var valueBudget: Int { 100_000 }
    /// The chain of received messages a batch stopped in, and where.
    private var chain: OpaquePointer?
    private var nextInChain: OpaquePointer?
    /// How long to wait for the next message before handing over a smaller batch.
    static var lingerMilliseconds: Int { 2 }

    var isFinished: Bool { finished && pendingError == nil }

    /// The next messages the server has sent (at least one), or none when finished. With
    /// `firstWait` (milliseconds), none either when nothing came within it: a search that stays
    /// open (`ChangeWatch`) is asked again later, not given up.
    func nextBatch(firstWait: Int? = nil) throws(LDAPError) -> [SearchReply<Entry>] {
        if let pendingError {
            self.pendingError = nil
            throw pendingError
        }
        guard !finished else { return [] }
        let ld = try connection.liveHandle(.search)
        let id: Int32
        if let messageID {
            id = messageID
        } else {
            id = try connection.sendSearch(ld, request)
            messageID = id
        }
        var batch: [SearchReply<Entry>] = []
        var values = 0
        // At least one message; then more while they keep coming (a few milliseconds apart) up
        // to a batch: one hop to the connection's queue per message costs more than decoding it.
        // A batch also ends at `valueBudget` values (entries of thousands of members); the rest
        // of the chain of received messages it stopped in comes first next time.
        gathering: while !finished, batch.count < Self.batchSize, values < Self.valueBudget {
            if chain == nil {
                let received: OpaquePointer
                do throws(LDAPError) {
                    if batch.isEmpty, let firstWait {
                        var first: OpaquePointer?
                        let rc = cldap_result(ld, id, LDAP_MSG_RECEIVED, firstWait, &first)
                        if rc == 0 { return [] }
                        guard rc > 0, let first else { throw connection.libraryError(ld, .search, dn: request.base) }
                        received = first
                    } else if batch.isEmpty {
                        received = try connection.waitForMessage(ld, id, all: LDAP_MSG_RECEIVED, .search, dn: request.base)
                    } else {
                        var more: OpaquePointer?
                        let rc = cldap_result(ld, id, LDAP_MSG_RECEIVED, Self.lingerMilliseconds, &more)
                        if rc == 0 { break gathering }
                        guard rc > 0, let more else { throw connection.libraryError(ld, .search, dn: request.base) }
                        received = more
                    }
                } catch {
                    finished = true
                    if batch.isEmpty { throw error }
                    pendingError = error
                    return batch
                }
                chain = received
                nextInChain = ldap_first_message(ld, received)
            }
            while let current = nextInChain, batch.count < Self.batchSize, values < Self.valueBudget {
                nextInChain = ldap_next_message(ld, current)
                do {
                    guard let decoded = try decode(ld, current) else { continue }
                    if case .entry(let entry) = decoded { values += entry.valueCount }
                    batch.append(decoded)
                } catch {
                    releaseChain()
                    finished = true
                    if batch.isEmpty { throw error }
                    pendingError = error
                    return batch
                }
            }
            if nextInChain == nil || finished { releaseChain() }
        }
        return batch
    }

    private func releaseChain() {
        if let chain { ldap_msgfree(chain) }
        chain = nil
        nextInChain = nil
    }

    private func decode(_ ld: OpaquePointer, _ message: OpaquePointer) throws(LDAPError) -> SearchReply<Entry>? {
        switch ldap_msgtype(message) {
        case MessageType.searchEntry:
            return .entry(try connection.decodeEntry(ld, message, as: Entry.self))
        case MessageType.searchReference:
            return connection.decodeReference(ld, message)
        case MessageType.intermediate:
            return connection.decodeIntermediate(ld, message)
        case MessageType.searchResult:
            finished = true
            let result = try connection.parseResult(ld, message, .search, dn: request.base)
            try result.requireSuccess(.search, dn: request.base)
            return .done(controls: result.controls)
        default:
            return nil
        }
    }
}
