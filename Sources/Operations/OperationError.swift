/// Why an admin action could not be done, in words an admin can act on, with the kind of
/// failure that decides the command's exit code and the API's HTTP status (one mapping each).
/// Never holds a secret. Through the service's API it arrives as the same error.
public struct OperationError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind of failure: an open set, so new ones can be added.
    public struct Kind: RawRepresentable, Sendable, Hashable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// What was asked is not valid (a usage or configuration error).
        public static let invalid = Kind(rawValue: "invalid")
        /// What was named does not exist (a connector, a run, an object).
        public static let notFound = Kind(rawValue: "not-found")
        /// What was asked does not apply to what was named as it is now: an export preview of a
        /// source, the undo of a run that is not an export, an export in staging mode.
        public static let conflict = Kind(rawValue: "conflict")
        /// The directory refused the credentials given or stored.
        public static let credentialsRefused = Kind(rawValue: "credentials-refused")
        /// The directory could not be reached.
        public static let unreachable = Kind(rawValue: "unreachable")
        /// The action ran and failed (the message says how).
        public static let failed = Kind(rawValue: "failed")
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The command line's exit code (DESIGN.md): 2 usage, 3 credentials, 4 unreachable, 1 otherwise.
    public var exitCode: Int32 {
        switch kind {
        case .invalid, .notFound, .conflict: 2
        case .credentialsRefused: 3
        case .unreachable: 4
        default: 1
        }
    }

    /// The admin API's HTTP status.
    public var httpStatus: Int {
        switch kind {
        case .invalid: 400
        case .notFound: 404
        case .conflict: 409
        case .credentialsRefused, .unreachable, .failed: 422
        default: 500
        }
    }
}
