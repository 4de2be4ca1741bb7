/// Syntax OIDs the schema and the filter evaluator treat specially (RFC 4517, and the ones
/// Active Directory and Samba publish).
enum WellKnownSyntax {
    static let distinguishedName = "1.3.6.1.4.1.1466.115.121.1.12"
    static let nameAndOptionalUID = "1.3.6.1.4.1.1466.115.121.1.34"
    static let integer = "1.3.6.1.4.1.1466.115.121.1.27"
    /// Active Directory's LargeInteger (`uSNChanged`, `pwdLastSet`, `accountExpires`).
    static let largeInteger = "1.2.840.113556.1.4.906"
    static let boolean = "1.3.6.1.4.1.1466.115.121.1.7"
    static let numericString = "1.3.6.1.4.1.1466.115.121.1.36"
    static let telephoneNumber = "1.3.6.1.4.1.1466.115.121.1.50"
    static let octetString = "1.3.6.1.4.1.1466.115.121.1.40"
    /// Active Directory's case-sensitive string (String(Case)).
    static let caseExactString = "1.2.840.113556.1.4.1362"

    /// Values of these syntaxes are bytes, not text: Audio, Binary, Certificate, Certificate
    /// List, Certificate Pair, Fax, JPEG, Octet String, Supported Algorithm, AD's NT security
    /// descriptor, PKCS#8 keys and X.509 attribute certificates.
    static let binary: Set<String> = [
        "1.3.6.1.4.1.1466.115.121.1.4", "1.3.6.1.4.1.1466.115.121.1.5", "1.3.6.1.4.1.1466.115.121.1.8",
        "1.3.6.1.4.1.1466.115.121.1.9", "1.3.6.1.4.1.1466.115.121.1.10", "1.3.6.1.4.1.1466.115.121.1.23",
        "1.3.6.1.4.1.1466.115.121.1.28", octetString, "1.3.6.1.4.1.1466.115.121.1.49",
        "1.2.840.113556.1.4.907", "1.2.840.113549.1.8.1.1", "1.3.6.1.4.1.4203.666.11.10.2.1",
    ]
}
