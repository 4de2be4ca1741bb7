import LDAPProtocol

/// A search that stays open and tells of changes as the server sends them: RFC 4533
/// refreshAndPersist on OpenLDAP, Active Directory's change notification control. The caller
/// asks for the next messages with a bounded wait, so it can stop between two asks; dropping
/// the watch (or closing the connection) abandons the search. Use a connection of its own:
/// the search holds it for as long as the watch lives.
public struct ChangeWatch: Sendable {
    let cursor: SearchCursor<LDAPEntry>

    /// The messages the server has sent since the last ask (entries, intermediate responses,
    /// `.done` when the server ended the search), waiting up to `milliseconds` for the first:
    /// empty when nothing came. A server error is thrown after the messages before it.
    public func next(waitingUpTo milliseconds: Int) async throws -> [SearchMessage] {
        let cursor = self.cursor
        let wait = max(1, milliseconds)
        return try await cursor.connection.onQueue(.search) { _ in try cursor.nextBatch(firstWait: wait) }
    }

    /// Whether the server ended the search (a `.done` was handed over).
    public var isFinished: Bool {
        get async throws {
            let cursor = self.cursor
            return try await cursor.connection.onQueue(.search, requiresHandle: false) { _ in cursor.isFinished }
        }
    }
}

extension LDAPConnection {
    /// Starts a search that stays open (the request carries the control that makes it so).
    public func watch(_ request: SearchRequest) -> ChangeWatch {
        ChangeWatch(cursor: SearchCursor(connection: self, request: request))
    }
}
