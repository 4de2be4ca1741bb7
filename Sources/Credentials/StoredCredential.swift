import Foundation

/// One connector's entry in `credentials.json`: the record and the sealed secrets.
struct StoredCredential: Codable, Equatable {
    /// The metadata (`hasPendingPassword` is kept in step with `pendingSealed`).
    var record: CredentialRecord
    /// Base64 of the AES-GCM combined box of the current password; absent only at generation 0.
    var sealed: String?
    /// The fingerprint of the key `sealed` was sealed under.
    var keyID: String?
    /// Base64 of the AES-GCM combined box of a pending `service-account reset` password.
    var pendingSealed: String?
    /// The fingerprint of the key `pendingSealed` was sealed under.
    var pendingKeyID: String?
    /// The generation `pendingSealed` was sealed for (its authenticated data).
    var pendingGeneration: Int?
    /// Who asked for the pending password; becomes `setBy` when it is promoted.
    var pendingSetBy: String?

    /// An entry that so far only exists to hold a pending password.
    init(placeholderFor connector: String, by actor: String, at date: Date) {
        record = CredentialRecord(connector: connector, generation: 0, setAt: date, setBy: actor)
    }

    /// An entry with a current password.
    init(record: CredentialRecord, sealed: String, keyID: String) {
        self.record = record
        self.sealed = sealed
        self.keyID = keyID
    }

    /// Whether a pending password waits.
    var hasPending: Bool { pendingSealed != nil }

    /// Drops the pending password.
    mutating func clearPending() {
        pendingSealed = nil
        pendingKeyID = nil
        pendingGeneration = nil
        pendingSetBy = nil
        record.hasPendingPassword = false
    }

    /// What is wrong with an entry read from disk under `name`, if anything.
    func inconsistency(named name: String) -> String? {
        if record.connector != name { return "the entry \"\(name)\" holds the record of \"\(record.connector)\"" }
        if record.generation < 0 { return "the generation is negative" }
        if (sealed == nil) != (keyID == nil) { return "the sealed password and its key id go together" }
        if record.generation > 0, sealed == nil { return "the sealed password is missing" }
        if record.generation == 0, pendingSealed == nil { return "the entry holds no password" }
        let pendingParts = [pendingSealed == nil, pendingKeyID == nil, pendingGeneration == nil]
        if Set(pendingParts).count > 1 { return "the pending password is incomplete" }
        if record.hasPendingPassword != hasPending { return "the pending flag does not match the pending password" }
        return nil
    }
}
