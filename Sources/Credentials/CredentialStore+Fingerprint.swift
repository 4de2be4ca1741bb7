import Crypto

extension CredentialStore {
    /// A keyed fingerprint of a secret (HMAC-SHA-256 under a key derived from the credential
    /// key): how password sync tells a changed password from one it applied already without
    /// keeping the password, or an unsalted hash of it that could be guessed offline, on disk.
    /// `context` binds the fingerprint to one object (connector and anchor).
    public func fingerprint(_ secret: [UInt8], context: String) -> [UInt8] {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key.symmetricKey, info: Array("ldapsync secret fingerprint v1".utf8), outputByteCount: 32)
        var message = Array(context.utf8)
        message.append(0)
        message += secret
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: derived))
    }
}
