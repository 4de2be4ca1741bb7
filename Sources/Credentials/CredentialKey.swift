import Crypto

/// The key that seals every stored credential: 32 random bytes in a file of mode 0600.
///
/// The key never appears in a description or an error; only its file's path does.
public struct CredentialKey: Sendable {
    /// The number of bytes in a key file (an AES-256 key).
    public static let byteCount = 32

    /// The file the key was read from or written to (named in error messages).
    public let path: String
    /// The AES-256 key.
    let symmetricKey: SymmetricKey
    /// A public fingerprint of the key, stored beside each sealed secret so that a secret
    /// sealed under another key is reported as such rather than as damaged data.
    let id: String

    init(path: String, bytes: [UInt8]) {
        self.path = path
        symmetricKey = SymmetricKey(data: bytes)
        let label = Array("ldapsync credential key id v1".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: label, using: symmetricKey)
        id = mac.prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// Loads the key file; refuses one whose mode lets group or others read it (names the file
    /// and the mode, says `chmod 600`), one of the wrong size, a missing one (says to run
    /// `ldapsync init`).
    public static func load(from path: String) throws(CredentialError) -> CredentialKey {
        guard var contents = try PrivateFile.read(path, limit: byteCount) else {
            throw CredentialError(
                .keyFileMissing,
                "the credential key file \(path) does not exist; run `ldapsync init` to create it "
                    + "(or point the configuration's state folder at the one that holds it)",
                path: path)
        }
        defer { contents.bytes.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        guard contents.permissions & 0o077 == 0 else {
            throw CredentialError(
                .keyFileInsecure,
                "the credential key file \(path) has mode \(PrivateFile.octal(contents.permissions)), which lets "
                    + "group or others use it; run `chmod 600 \(path)`",
                path: path)
        }
        guard contents.size == byteCount, contents.bytes.count == byteCount else {
            throw CredentialError(
                .keyFileWrongSize,
                "the credential key file \(path) holds \(contents.size) bytes, not the \(byteCount) "
                    + "random bytes of a key; restore the right file, or, if no password was stored "
                    + "under it, delete it and run `ldapsync init`",
                path: path)
        }
        return CredentialKey(path: path, bytes: contents.bytes)
    }

    /// Creates a new random key file with mode 0600 (created with O_EXCL and umask-proof
    /// fchmod; never overwrites an existing file — error if it exists).
    public static func create(at path: String) throws(CredentialError) -> CredentialKey {
        var bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        defer { bytes.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        guard try PrivateFile.createNew(path, with: bytes) else {
            throw CredentialError(
                .keyFileExists,
                "the credential key file \(path) already exists and is never overwritten "
                    + "(the stored passwords are sealed under it); use it, or move it aside first",
                path: path)
        }
        return CredentialKey(path: path, bytes: bytes)
    }

    /// Loads, or creates when absent (what `ldapsync init` uses).
    public static func loadOrCreate(at path: String) throws(CredentialError) -> (key: CredentialKey, created: Bool) {
        do throws(CredentialError) {
            return (key: try load(from: path), created: false)
        } catch {
            guard error.code == .keyFileMissing else { throw error }
        }
        do throws(CredentialError) {
            return (key: try create(at: path), created: true)
        } catch {
            guard error.code == .keyFileExists else { throw error }
        }
        // Another process created it between our two attempts: use theirs.
        return (key: try load(from: path), created: false)
    }
}

/// Printing or dumping a key shows its file, never its bytes.
extension CredentialKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `CredentialKey(/path/to/key, <redacted>)`.
    public var description: String { "CredentialKey(\(path), <redacted>)" }
    /// The same as `description`.
    public var debugDescription: String { description }
    /// Only the path, so `dump` and debuggers show no key material.
    public var customMirror: Mirror { Mirror(self, children: ["path": path]) }
}
