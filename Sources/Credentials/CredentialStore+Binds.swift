import Foundation

/// What the directory said about binds: the facts that keep the engine from locking an account out.
extension CredentialStore {
    /// Records a successful bind with `generation`. The latest report by time wins: an older
    /// report arriving late changes nothing, and a success later than a rejection of the same
    /// generation clears that rejection (the directory took the password after all).
    public func markAccepted(_ connector: String, generation: Int, at date: Date = Date()) throws(CredentialError) {
        try update(about: connector) { file throws(CredentialError) in
            guard var entry = file.connectors[connector] else { throw unknown(connector) }
            try check(generation, of: entry.record)
            if let last = entry.record.lastAcceptedAt, last > date { return }
            entry.record.lastAcceptedAt = date
            entry.record.lastAcceptedGeneration = generation
            if entry.record.rejectedGeneration == generation, let rejectedAt = entry.record.rejectedAt, rejectedAt < date {
                entry.record.clearRejection()
            }
            file.connectors[connector] = entry
        }
    }

    /// Records that the directory rejected a bind with `generation`, for `reason` (the
    /// directory's words, never the secret): no further binds with it until a new password is
    /// set or `clearRejection` is called. A report about an older generation changes nothing
    /// (the password was replaced since), nor does one older than a success with the same generation.
    public func markRejected(
        _ connector: String, generation: Int, reason: String, at date: Date = Date()
    ) throws(CredentialError) {
        try update(about: connector) { file throws(CredentialError) in
            guard var entry = file.connectors[connector] else { throw unknown(connector) }
            try check(generation, of: entry.record)
            guard generation == entry.record.generation else { return }
            if entry.record.lastAcceptedGeneration == generation, let accepted = entry.record.lastAcceptedAt,
                accepted > date
            {
                return
            }
            entry.record.rejectedGeneration = generation
            entry.record.rejectedAt = date
            entry.record.rejectionReason = reason
            file.connectors[connector] = entry
        }
    }

    /// Admin asked to try the same password again (`ldapsync connector retry`).
    public func clearRejection(_ connector: String) throws(CredentialError) {
        try update(about: connector) { file throws(CredentialError) in
            guard var entry = file.connectors[connector] else { throw unknown(connector) }
            entry.record.clearRejection()
            file.connectors[connector] = entry
        }
    }

    /// Refuses a generation the store never handed out.
    private func check(_ generation: Int, of record: CredentialRecord) throws(CredentialError) {
        guard generation < 1 || generation > record.generation else { return }
        throw CredentialError(
            .unknownGeneration,
            "connector \"\(record.connector)\" has password generation \(record.generation) in "
                + "\(location); generation \(generation) was never stored",
            path: location, connector: record.connector)
    }
}
