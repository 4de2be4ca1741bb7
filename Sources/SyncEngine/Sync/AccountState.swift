/// An account's enabled/disabled state, written the way each target flavor keeps it: Active
/// Directory in `userAccountControl`'s disabled bit (0x2; the other flags are the directory's own),
/// OpenLDAP in ppolicy's administrative lock (`pwdAccountLockedTime: 000001010000Z`; a lock ppolicy
/// set itself after failed binds is left alone). A rule's `accountDisabled:` gives the state
/// (`TRUE`/`FALSE`); `deprovision: disable` sets it.
public enum AccountState {
    /// What OpenLDAP's ppolicy reads as "locked by an administrator" (a disabled account).
    public static let permanentLock = "000001010000Z"

    /// The attribute a flavor keeps the state in (lowercased).
    public static func attribute(_ flavor: ConnectorFlavor) -> String {
        switch flavor {
        case .openldap: "pwdaccountlockedtime"
        case .activeDirectory: "useraccountcontrol"
        }
    }

    /// Writes `disabled` (`TRUE`, `FALSE`, or nil: leave as it is) into `desired`, given the
    /// target object's `current` image (nil: a new object).
    public static func apply(_ disabled: String?, to desired: inout AttributeSet, current: AttributeSet?, flavor: ConnectorFlavor) {
        switch flavor {
        case .openldap:
            let lock = current?.string("pwdAccountLockedTime")
            switch disabled?.uppercased() {
            case "TRUE": desired["pwdAccountLockedTime"] = [Array(permanentLock.utf8)]
            case "FALSE": desired["pwdAccountLockedTime"] = lock == nil || lock == permanentLock ? [] : current?["pwdAccountLockedTime"] ?? []
            default: desired["pwdAccountLockedTime"] = current?["pwdAccountLockedTime"] ?? []
            }
        case .activeDirectory:
            let now = current?.string("userAccountControl").flatMap(Int.init) ?? 512
            let control =
                switch disabled?.uppercased() {
                case "TRUE": now | 2
                case "FALSE": now & ~2
                default: now
                }
            desired.set("userAccountControl", [String(control)])
        }
    }
}
