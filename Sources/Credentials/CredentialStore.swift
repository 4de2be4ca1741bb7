import Foundation
import LDAPProtocol

/// Encrypted store of connector passwords: each secret sealed with AES-GCM under the key, with
/// the connector name and generation as authenticated data (a sealed blob copied to another
/// connector or generation fails to open), in a `CredentialDocument` — `credentials.json`
/// (mode 0600) in the state folder, or a shared store's row.
///
/// It holds only the document's place and the key; all state is in the document and read on
/// each call, so the service and the CLI (different processes, or hosts) see each other's
/// changes at once. Read-modify-writes exclude each other; nothing is written when one fails.
public final class CredentialStore: Sendable {
    /// The state folder (the key's).
    public let directory: String
    /// Where the document is, for messages: the file's path, or the shared store's place.
    public let location: String
    /// The document.
    let document: any CredentialDocument
    /// The key every secret is sealed under.
    let key: CredentialKey

    /// Opens the store of `directory` (created with mode 0700 if absent): its
    /// `credentials.json`, or `document` when given (a shared store's), and checks that what is
    /// stored can be read.
    public init(directory: String, key: CredentialKey, document: (any CredentialDocument)? = nil) throws(CredentialError) {
        self.directory = directory
        self.document = document ?? CredentialFileDocument(directory: directory)
        location = self.document.location
        self.key = key
        try PrivateFile.ensureDirectory(directory)
        _ = try read(about: nil) { $0 }
    }

    /// The record for `connector`; nil when nothing is stored for it.
    public func record(for connector: String) throws(CredentialError) -> CredentialRecord? {
        try read(about: connector) { $0.connectors[connector]?.record }
    }

    /// Whether `connector`'s stored password is marked rejected (no bind may send it). An
    /// unreadable store counts as not rejected here: the bind path reads the record itself and
    /// stops with the store's error.
    public func isRejected(_ connector: String) -> Bool {
        (try? record(for: connector))??.isRejected == true
    }

    /// Every record, sorted by connector name.
    public func allRecords() throws(CredentialError) -> [CredentialRecord] {
        try read(about: nil) { file in
            file.connectors.values.map(\.record).sorted { $0.connector < $1.connector }
        }
    }

    /// Stores a new password: generation + 1, clears any rejection, returns the new record.
    /// Refuses an empty password. An unfinished `service-account reset` is dropped: the password
    /// an admin sets explicitly supersedes it. The last accepted bind is kept.
    @discardableResult
    public func setPassword(
        _ password: Password, for connector: String, by actor: String, at date: Date = Date()
    ) throws(CredentialError) -> CredentialRecord {
        try Self.validate(password, for: connector)
        return try update(about: connector) { file throws(CredentialError) in
            var record =
                file.connectors[connector]?.record
                ?? CredentialRecord(connector: connector, generation: 0, setAt: date, setBy: actor)
            record.generation += 1
            record.setAt = date
            record.setBy = actor
            record.clearRejection()
            record.hasPendingPassword = false
            let sealed = try Sealing.seal(password, key: key, as: label(connector, record.generation, .current))
            file.connectors[connector] = StoredCredential(record: record, sealed: sealed, keyID: key.id)
            return record
        }
    }

    /// The current password and its generation; nil when none is set. It is returned even when
    /// the record is rejected: check `record(for:)?.isRejected` before binding.
    public func password(for connector: String) throws(CredentialError) -> (password: Password, generation: Int)? {
        try read(about: connector) { file throws(CredentialError) in
            guard let entry = file.connectors[connector], let sealed = entry.sealed, let keyID = entry.keyID else {
                return nil
            }
            let generation = entry.record.generation
            let password = try Sealing.open(sealed, keyID: keyID, key: key, as: label(connector, generation, .current))
            return (password: password, generation: generation)
        }
    }

    /// Forgets everything stored for `connector`; does nothing if nothing is stored.
    public func remove(_ connector: String) throws(CredentialError) {
        try update(about: connector) { $0.connectors[connector] = nil }
    }

    // MARK: - Shared machinery

    /// Runs `body` on the document's current contents.
    func read<T>(about connector: String?, _ body: (CredentialFile) throws(CredentialError) -> T) throws(CredentialError) -> T {
        try body(try CredentialFile.decode(try document.load(), at: location, about: connector))
    }

    /// Runs `body` on the document's current contents, excluding other writers, and writes the
    /// result back if it changed. Nothing is written when `body` throws.
    @discardableResult
    func update<T>(about connector: String, _ body: (inout CredentialFile) throws(CredentialError) -> T) throws(CredentialError) -> T {
        guard !connector.isEmpty else {
            throw CredentialError(.invalidConnectorName, "a connector name cannot be empty", path: location)
        }
        var result: T?
        try document.update { bytes throws(CredentialError) -> [UInt8]? in
            let before = try CredentialFile.decode(bytes, at: location, about: connector)
            var after = before
            result = try body(&after)
            return after == before ? nil : try after.encoded(for: location)
        }
        guard let result else { throw CredentialError(.ioFailure, "the credential store at \(location) was not read", path: location) }
        return result
    }

    /// Where a blob for `connector` belongs.
    func label(_ connector: String, _ generation: Int, _ slot: Sealing.Slot) -> Sealing.Label {
        Sealing.Label(connector: connector, generation: generation, slot: slot, location: location)
    }

    /// Refuses an empty password (a simple bind with it would be anonymous).
    static func validate(_ password: Password, for connector: String) throws(CredentialError) {
        guard password.isEmpty else { return }
        throw CredentialError(
            .emptyPassword,
            "refusing to store an empty password for connector \"\(connector)\": a bind with it "
                + "would be anonymous",
            connector: connector)
    }

    /// The error for a connector the store knows nothing about.
    func unknown(_ connector: String) -> CredentialError {
        CredentialError(
            .unknownConnector,
            "no password is stored for connector \"\(connector)\" in \(location); set one with "
                + "`ldapsync connector set-password \(connector)`",
            path: location, connector: connector)
    }
}
