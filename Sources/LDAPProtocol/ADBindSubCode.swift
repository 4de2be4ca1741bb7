/// The reason Active Directory (or Samba AD) gives inside a rejected bind's diagnostic message,
/// as in `80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, data 52e, v1db1`.
public struct ADBindSubCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The hexadecimal sub-code as AD writes it, lowercased (`52e`).
    public let rawValue: String

    /// Wraps a sub-code (normalised to lowercase).
    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }

    public static let noSuchUser = Self(rawValue: "525")
    public static let badPassword = Self(rawValue: "52e")
    public static let logonHoursRestricted = Self(rawValue: "530")
    public static let workstationRestricted = Self(rawValue: "531")
    public static let passwordExpired = Self(rawValue: "532")
    public static let accountDisabled = Self(rawValue: "533")
    public static let accountExpired = Self(rawValue: "701")
    public static let mustChangePassword = Self(rawValue: "773")
    public static let accountLockedOut = Self(rawValue: "775")

    /// Finds `data XXX` in a diagnostic message; nil when there is none (e.g. slapd).
    public init?(diagnostic: String) {
        guard let range = diagnostic.range(of: "data ") else { return nil }
        let code = diagnostic[range.upperBound...].prefix { $0.isHexDigit }
        guard !code.isEmpty, code.count <= 8 else { return nil }
        self.init(rawValue: String(code))
    }

    /// What the sub-code means, in words an admin acts on.
    public var explanation: String {
        switch self {
        case .noSuchUser: "the account does not exist (525)"
        case .badPassword: "the password is wrong, or the account does not exist (52e)"
        case .logonHoursRestricted: "the account may not log on at this time (530)"
        case .workstationRestricted: "the account may not log on from this computer (531)"
        case .passwordExpired: "the account's password has expired (532)"
        case .accountDisabled: "the account is disabled (533)"
        case .accountExpired: "the account has expired (701)"
        case .mustChangePassword: "the account's password must be changed before it can log on (773)"
        case .accountLockedOut: "the account is locked out (775)"
        default: "the directory refused the bind with sub-code \(rawValue)"
        }
    }

    /// Whether the same password could succeed later without an admin doing anything.
    public var isPasswordWrong: Bool { self == .badPassword || self == .noSuchUser }

    public var description: String { explanation }
}
