/// Where the credential store's document (the JSON of `CredentialFile`: records and sealed
/// secrets, nothing in clear) lives, and how its readers and writers exclude each other:
/// `credentials.json` in the state folder under a `flock` (`CredentialFileDocument`, the
/// default), or a row of a store that several hosts share (PostgreSQL: every host then sees a
/// password set on any of them).
public protocol CredentialDocument: Sendable {
    /// Where it is, for messages.
    var location: String { get }
    /// The document as it is now (nil: nothing stored yet).
    func load() throws(CredentialError) -> [UInt8]?
    /// Read-modify-write, excluding other writers: `change` gets the current document and
    /// returns the new one (nil: unchanged, nothing written). Nothing is written when it throws.
    func update(_ change: ([UInt8]?) throws(CredentialError) -> [UInt8]?) throws(CredentialError)
}

/// `credentials.json` (mode 0600) in a state folder: every read under a shared `flock` on
/// `credentials.lock`, every read-modify-write under an exclusive one, every write an atomic,
/// durable replacement.
public struct CredentialFileDocument: CredentialDocument {
    public let path: String
    let lockPath: String

    public init(directory: String) {
        path = directory + "/credentials.json"
        lockPath = directory + "/credentials.lock"
    }

    public var location: String { path }

    public func load() throws(CredentialError) -> [UInt8]? {
        try FileLock.withLock(lockPath, .shared) { () throws(CredentialError) -> [UInt8]? in try read() }
    }

    public func update(_ change: ([UInt8]?) throws(CredentialError) -> [UInt8]?) throws(CredentialError) {
        try FileLock.withLock(lockPath, .exclusive) { () throws(CredentialError) in
            if let after = try change(try read()) { try PrivateFile.replace(path, with: after) }
        }
    }

    private func read() throws(CredentialError) -> [UInt8]? {
        guard let contents = try PrivateFile.read(path, limit: CredentialFile.sizeLimit) else { return nil }
        guard contents.size <= CredentialFile.sizeLimit else {
            throw CredentialFile.corrupt(path, nil, "it holds \(contents.size) bytes, far more than a credential store")
        }
        return contents.bytes
    }
}
