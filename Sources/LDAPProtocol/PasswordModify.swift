/// The LDAP Password Modify extended operation (RFC 3062):
///
///     PasswdModifyRequestValue ::= SEQUENCE {
///         userIdentity [0] OCTET STRING OPTIONAL,
///         oldPasswd    [1] OCTET STRING OPTIONAL,
///         newPasswd    [2] OCTET STRING OPTIONAL }
///     PasswdModifyResponseValue ::= SEQUENCE {
///         genPasswd    [0] OCTET STRING OPTIONAL }
public enum PasswordModify {
    /// The request name (and response name) of the operation.
    public static let oid = "1.3.6.1.4.1.4203.1.11.1"

    private static let userIdentityTag = BERTag.contextPrimitive(0)
    private static let oldPasswordTag = BERTag.contextPrimitive(1)
    private static let newPasswordTag = BERTag.contextPrimitive(2)
    private static let generatedPasswordTag = BERTag.contextPrimitive(0)

    /// Encodes a request value; omitted fields are left out of the SEQUENCE.
    ///
    /// `userIdentity` `nil` changes the bound user's own password; `newPassword` `nil` asks the
    /// server to generate one (see ``generatedPassword(fromResponse:)``).
    public static func requestValue(userIdentity: String?, oldPassword: [UInt8]?, newPassword: [UInt8]?) -> [UInt8] {
        BEREncoder.sequence { body in
            if let userIdentity {
                body.writeOctetString(Array(userIdentity.utf8), tag: userIdentityTag)
            }
            if let oldPassword {
                body.writeOctetString(oldPassword, tag: oldPasswordTag)
            }
            if let newPassword {
                body.writeOctetString(newPassword, tag: newPasswordTag)
            }
        }
    }

    /// Decodes the response value and returns the server-generated password, if any.
    ///
    /// Returns `nil` when the response has no value (the usual answer when a new password was
    /// supplied), an empty value, or an empty SEQUENCE.
    public static func generatedPassword(fromResponse value: [UInt8]?) throws(BERError) -> [UInt8]? {
        guard let value, !value.isEmpty else { return nil }
        var decoder = BERDecoder(value)
        let generated = try decoder.readSequence { body throws(BERError) in
            try body.readOctetStringIfPresent(tag: generatedPasswordTag)
        }
        try decoder.finish()
        return generated
    }
}
