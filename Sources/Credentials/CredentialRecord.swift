import Foundation

/// What the store knows about one connector's credential; never the secret.
public struct CredentialRecord: Sendable, Hashable, Codable {
    /// The connector's name.
    public var connector: String
    /// Bumped by every `setPassword` and `promotePending`; 0 while only a pending password
    /// exists (a first `service-account reset` not yet finished).
    public var generation: Int
    /// When the current password was stored.
    public var setAt: Date
    /// Who set it (OS user name, or "service-account reset").
    public var setBy: String
    /// The latest successful bind with this generation or an earlier one.
    public var lastAcceptedAt: Date?
    /// The generation that bind used.
    public var lastAcceptedGeneration: Int?
    /// Set when a bind with this generation was rejected: no further binds with it.
    public var rejectedGeneration: Int?
    /// When the rejection happened.
    public var rejectedAt: Date?
    /// The directory's reason in words (no secret).
    public var rejectionReason: String?
    /// A sealed password waiting to be promoted (service-account reset crash safety).
    public var hasPendingPassword: Bool

    /// Whether the current password was rejected: the engine must not bind with it until a new
    /// password is set or an admin asks for a retry (this keeps the account from being locked out).
    public var isRejected: Bool { rejectedGeneration == generation }

    /// Creates a record.
    public init(
        connector: String, generation: Int, setAt: Date, setBy: String,
        lastAcceptedAt: Date? = nil, lastAcceptedGeneration: Int? = nil,
        rejectedGeneration: Int? = nil, rejectedAt: Date? = nil, rejectionReason: String? = nil,
        hasPendingPassword: Bool = false
    ) {
        self.connector = connector
        self.generation = generation
        self.setAt = setAt
        self.setBy = setBy
        self.lastAcceptedAt = lastAcceptedAt
        self.lastAcceptedGeneration = lastAcceptedGeneration
        self.rejectedGeneration = rejectedGeneration
        self.rejectedAt = rejectedAt
        self.rejectionReason = rejectionReason
        self.hasPendingPassword = hasPendingPassword
    }

    /// Forgets a rejection: a new password was stored, or an admin asked to try again.
    mutating func clearRejection() {
        rejectedGeneration = nil
        rejectedAt = nil
        rejectionReason = nil
    }
}
