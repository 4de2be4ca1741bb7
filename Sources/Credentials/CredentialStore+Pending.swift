import Foundation
import LDAPProtocol

/// The two-phase change behind `service-account reset`.
///
/// The new password is sealed as pending BEFORE it is written to the directory; once the
/// directory accepted it, `promotePending` makes it current (generation + 1), otherwise
/// `discardPending` drops it. A crash in between leaves the pending one readable, so the next
/// command can finish: try binding with the pending password and, if that works, promote it.
extension CredentialStore {
    /// Seals `password` as pending for `connector`, replacing any earlier pending one. The
    /// current password stays current. Refuses an empty password.
    public func setPending(
        _ password: Password, for connector: String, by actor: String, at date: Date = Date()
    ) throws(CredentialError) {
        try Self.validate(password, for: connector)
        try update(about: connector) { file throws(CredentialError) in
            var entry = file.connectors[connector] ?? StoredCredential(placeholderFor: connector, by: actor, at: date)
            let generation = entry.record.generation + 1
            entry.pendingSealed = try Sealing.seal(password, key: key, as: label(connector, generation, .pending))
            entry.pendingKeyID = key.id
            entry.pendingGeneration = generation
            entry.pendingSetBy = actor
            entry.record.hasPendingPassword = true
            file.connectors[connector] = entry
        }
    }

    /// The pending password, or nil when none waits.
    public func pendingPassword(for connector: String) throws(CredentialError) -> Password? {
        try read(about: connector) { file throws(CredentialError) in
            guard let entry = file.connectors[connector] else { return nil }
            return try openPending(of: entry)
        }
    }

    /// Makes the pending password current: generation + 1, `setBy` the actor of `setPending`,
    /// any rejection cleared. Fails with `noPendingPassword` when none waits.
    @discardableResult
    public func promotePending(_ connector: String, at date: Date = Date()) throws(CredentialError) -> CredentialRecord {
        try update(about: connector) { file throws(CredentialError) in
            guard var entry = file.connectors[connector], let password = try openPending(of: entry) else {
                throw CredentialError(
                    .noPendingPassword,
                    "no pending password waits for connector \"\(connector)\" in \(location); run "
                        + "`ldapsync service-account reset \(connector)` again",
                    path: location, connector: connector)
            }
            var record = entry.record
            record.generation += 1
            record.setAt = date
            record.setBy = entry.pendingSetBy ?? "service-account reset"
            record.clearRejection()
            record.hasPendingPassword = false
            let sealed = try Sealing.seal(password, key: key, as: label(connector, record.generation, .current))
            entry = StoredCredential(record: record, sealed: sealed, keyID: key.id)
            file.connectors[connector] = entry
            return record
        }
    }

    /// Drops the pending password (the directory refused it); does nothing when none waits.
    public func discardPending(_ connector: String) throws(CredentialError) {
        try update(about: connector) { file in
            guard var entry = file.connectors[connector], entry.hasPending else { return }
            entry.clearPending()
            // An entry that only existed for the pending password goes with it.
            file.connectors[connector] = entry.record.generation == 0 ? nil : entry
        }
    }

    /// Opens the pending blob of `entry`, if there is one.
    private func openPending(of entry: StoredCredential) throws(CredentialError) -> Password? {
        guard let sealed = entry.pendingSealed, let keyID = entry.pendingKeyID,
            let generation = entry.pendingGeneration
        else { return nil }
        return try Sealing.open(sealed, keyID: keyID, key: key, as: label(entry.record.connector, generation, .pending))
    }
}
