import LDAPClient
import SyncEngine

/// Why a password cannot be written to a target at all (before any request is sent).
struct PasswordRefusal: Error {
    let message: String
}

/// How a password reaches a target directory.
///
/// OpenLDAP takes the source's `userPassword` values as they are (a `{SSHA}` hash verifies
/// binds the same on both sides). Active Directory takes only the password itself, in
/// `unicodePwd` (quoted, UTF-16LE), and only over TLS: ldapsync refuses to send it otherwise.
enum PasswordWrite {
    /// Schemes of hashed `userPassword` values (RFC 3112 and OpenLDAP's), which AD cannot take.
    static let hashSchemes: Set<String> = [
        "SSHA", "SHA", "SSHA256", "SSHA384", "SSHA512", "SHA256", "SHA384", "SHA512", "MD5", "SMD5", "CRYPT",
        "ARGON2", "PBKDF2", "PBKDF2-SHA1", "PBKDF2-SHA256", "PBKDF2-SHA512", "BSDMD5", "NS-MTA-MD5",
    ]

    /// The modifications that set `values` as the password of a target object.
    static func modifications(_ values: [[UInt8]], for target: ConnectorConfiguration) -> Result<[Modification], PasswordRefusal> {
        switch target.flavor {
        case .openldap:
            return .success([Modification(.replace, "userPassword", values: values)])
        case .activeDirectory:
            guard target.connectionOptions().tls != .none else {
                return .failure(
                    PasswordRefusal(
                        message: "\"\(target.name)\" is Active Directory and its connection is not encrypted: "
                            + "unicodePwd is written over TLS only (set tls: ldaps or starttls)"))
            }
            guard values.count == 1, let value = values.first else {
                return .failure(
                    PasswordRefusal(message: "the source object has \(values.count) userPassword values; Active Directory takes exactly one password")
                )
            }
            let text = String(decoding: value, as: UTF8.self)
            if let scheme = scheme(of: text) {
                if scheme == "CLEARTEXT" { return .success([unicodePwd(String(text.dropFirst("{CLEARTEXT}".count)))]) }
                return .failure(
                    PasswordRefusal(
                        message: "the source keeps only a {\(scheme)} hash of this password; Active Directory "
                            + "needs the password itself (a source that stores it reversibly, or an OpenLDAP target)"))
            }
            return .success([unicodePwd(text)])
        }
    }

    /// `unicodePwd` replaced with the quoted password in UTF-16LE (what AD requires of an admin set).
    static func unicodePwd(_ password: String) -> Modification {
        Modification(.replace, "unicodePwd", values: [encodeUnicodePwd(password)])
    }

    /// The quoted password in UTF-16LE.
    static func encodeUnicodePwd(_ password: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for unit in ("\"" + password + "\"").utf16 {
            bytes.append(UInt8(unit & 0xff))
            bytes.append(UInt8(unit >> 8))
        }
        return bytes
    }

    /// The `{SCHEME}` prefix of a userPassword value, uppercased, when it names a known scheme
    /// or `CLEARTEXT`.
    static func scheme(of value: String) -> String? {
        guard value.hasPrefix("{"), let close = value.firstIndex(of: "}") else { return nil }
        let name = value[value.index(after: value.startIndex)..<close].uppercased()
        return name == "CLEARTEXT" || hashSchemes.contains(name) || name.hasPrefix("PBKDF2") || name.hasPrefix("ARGON2") ? name : nil
    }
}
