/// What a run did with one object, for runs that report every object (password sync: each
/// password change notification and how it ended). Never holds a secret.
public struct RunObjectResult: Sendable, Hashable, Codable {
    /// How one object's notification ended.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Applied to the target.
        case applied
        /// Not applied; the message says why. Stays pending for the next run.
        case failed
        /// Not applied yet: the object has no exported counterpart in the target. Stays pending.
        case waiting
    }

    /// The source object's DN.
    public var dn: String
    /// The target object's DN, when it has one.
    public var targetDN: String?
    public var outcome: Outcome
    /// The directory's reason for a failure, or why the object waits.
    public var message: String?
    /// The directory's result code for a failure.
    public var resultCode: Int32?

    /// Creates a result.
    public init(dn: String, targetDN: String?, outcome: Outcome, message: String? = nil, resultCode: Int32? = nil) {
        self.dn = dn
        self.targetDN = targetDN
        self.outcome = outcome
        self.message = message
        self.resultCode = resultCode
    }
}
