import Crypto
import Foundation
import LDAPProtocol

/// AES-GCM sealing of one secret, bound to its connector, generation and slot.
///
/// The authenticated data names the connector, the generation and whether the blob is the
/// current or the pending password, so a blob copied to another connector, generation or slot
/// fails to open instead of handing out the wrong password.
enum Sealing {
    /// Which of a connector's two secrets a blob holds.
    enum Slot: String {
        /// The password in use.
        case current
        /// A `service-account reset` password not yet confirmed by the directory.
        case pending
    }

    /// Where a sealed blob belongs; used for the authenticated data and for messages.
    struct Label {
        var connector: String
        var generation: Int
        var slot: Slot
        /// Where the credentials are kept (a file, or a shared store), named in errors.
        var location: String

        /// Unambiguous: the connector (which may hold any character) comes last.
        var authenticatedData: [UInt8] {
            Array("ldapsync credential v1\n\(slot.rawValue)\n\(generation)\n\(connector)".utf8)
        }

        var what: String { slot == .current ? "password" : "pending password" }
    }

    /// Seals `password`; returns the base64 of the combined box (nonce, ciphertext, tag).
    static func seal(_ password: Password, key: CredentialKey, as label: Label) throws(CredentialError) -> String {
        do {
            let box = try AES.GCM.seal(password.bytes, using: key.symmetricKey, authenticating: label.authenticatedData)
            if let combined = box.combined { return combined.base64EncodedString() }
        } catch {}
        throw CredentialError(
            .ioFailure, "cannot seal the \(label.what) of connector \"\(label.connector)\" for \(label.location)",
            path: label.location, connector: label.connector)
    }

    /// Opens a blob sealed by `seal`, telling a wrong key apart from damaged data.
    static func open(
        _ sealed: String, keyID: String, key: CredentialKey, as label: Label
    ) throws(CredentialError) -> Password {
        guard keyID == key.id else {
            throw CredentialError(
                .wrongKey,
                "the key file \(key.path) does not match the store: the \(label.what) of connector "
                    + "\"\(label.connector)\" in \(label.location) was sealed under another key (was the key "
                    + "file replaced?); restore the original key file, or set the password again with "
                    + "`ldapsync connector set-password \(label.connector)`",
                path: label.location, connector: label.connector)
        }
        if let combined = Data(base64Encoded: sealed),
            let box = try? AES.GCM.SealedBox(combined: combined),
            let plain = try? AES.GCM.open(box, using: key.symmetricKey, authenticating: label.authenticatedData)
        {
            return Password(bytes: Array(plain))
        }
        throw CredentialError(
            .sealedDataDamaged,
            "the sealed \(label.what) of connector \"\(label.connector)\" (generation \(label.generation)) "
                + "in \(label.location) fails authentication: it was altered, damaged, or copied from another "
                + "connector or generation; set the password again with "
                + "`ldapsync connector set-password \(label.connector)`",
            path: label.location, connector: label.connector)
    }
}
