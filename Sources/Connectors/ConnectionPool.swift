import LDAPClient

/// Bound connections kept between runs by a long-running service, one per connector, with the
/// credential generation they were bound with.
///
/// A run checks a connection out, and `DirectoryLogin` re-authenticates it with a bind before
/// using it, so a password rotated in the directory still fails the next run (event 6000).
/// `flush()` closes every idle connection at once (after `connector set-password`); a connection
/// checked in with an older generation than the store's current one is closed, not kept.
public actor ConnectionPool {
    private var idle: [String: (connection: LDAPConnection, generation: Int)] = [:]

    /// An empty pool.
    public init() {}

    /// Takes the connector's idle connection, if any.
    func checkout(_ connector: String) -> (connection: LDAPConnection, generation: Int)? {
        idle.removeValue(forKey: connector)
    }

    /// Returns a connection after a run; closed instead when it is stale or already discarded.
    func checkin(_ connector: String, _ connection: LDAPConnection, generation: Int, currentGeneration: Int?) async {
        guard await connection.isOpen, generation == currentGeneration else {
            await connection.close()
            return
        }
        if let previous = idle.updateValue((connection, generation), forKey: connector), previous.connection !== connection {
            await previous.connection.close()
        }
    }

    /// Closes every idle connection; returns how many were closed.
    @discardableResult
    public func flush() async -> Int {
        let connections = idle.values.map(\.connection)
        idle.removeAll()
        for connection in connections { await connection.close() }
        return connections.count
    }

    /// How many connections are idle in the pool.
    public var count: Int { idle.count }
}
