#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the credential store or its key could not do what was asked.
///
/// The message names the file and the connector involved and says what to do next. It never
/// contains a password, a key or a sealed blob, so it is safe to print and to log.
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, as an open set of codes so new ones can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case keyFileMissing, keyFileInsecure, keyFileWrongSize, keyFileExists
            case storeCorrupt, unsupportedVersion, wrongKey, sealedDataDamaged
            case unknownConnector, unknownGeneration, noPendingPassword, emptyPassword
            case invalidConnectorName, ioFailure, insecureFile
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The key file does not exist (`ldapsync init` creates it).
        public static let keyFileMissing = Code(.keyFileMissing)
        /// The key file's mode lets group or others read or change it.
        public static let keyFileInsecure = Code(.keyFileInsecure)
        /// The key file does not hold exactly 32 bytes.
        public static let keyFileWrongSize = Code(.keyFileWrongSize)
        /// A new key file was asked for where one already exists (it is never overwritten).
        public static let keyFileExists = Code(.keyFileExists)
        /// `credentials.json` is not valid JSON of the expected shape.
        public static let storeCorrupt = Code(.storeCorrupt)
        /// `credentials.json` was written in a format this version cannot read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// The secret was sealed under a different key than the one loaded.
        public static let wrongKey = Code(.wrongKey)
        /// The sealed secret fails authentication: altered, truncated, or copied from another
        /// connector or generation.
        public static let sealedDataDamaged = Code(.sealedDataDamaged)
        /// The store holds nothing for the connector.
        public static let unknownConnector = Code(.unknownConnector)
        /// A generation newer than the stored one was reported.
        public static let unknownGeneration = Code(.unknownGeneration)
        /// A pending password was to be promoted, but none is waiting.
        public static let noPendingPassword = Code(.noPendingPassword)
        /// An empty password was refused (a simple bind with it would be anonymous).
        public static let emptyPassword = Code(.emptyPassword)
        /// A connector name was empty.
        public static let invalidConnectorName = Code(.invalidConnectorName)
        /// A secret or state file is a symbolic link, belongs to another user, or may be read
        /// (a folder: changed) by group or others.
        public static let insecureFile = Code(.insecureFile)
        /// A system call on the key, store or lock file failed.
        public static let ioFailure = Code(.ioFailure)

        /// The code's name, e.g. `wrongKey`.
        public var description: String { base.rawValue }

        /// Lets `catch CredentialError.Code.wrongKey` match an untyped error too.
        public static func ~= (code: Code, error: any Error) -> Bool {
            (error as? CredentialError)?.code == code
        }
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for a person: what happened, to which file and connector, and what to do.
    public var message: String
    /// The file involved, if any.
    public var path: String?
    /// The connector involved, if any.
    public var connector: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, connector: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.connector = connector
    }

    /// The message; it already names the file and connector.
    public var description: String { message }

    /// Lets `catch CredentialError.Code.wrongKey` read naturally.
    public static func ~= (code: Code, error: CredentialError) -> Bool { error.code == code }

}

extension CredentialError {
    /// A failed system call: names the call's purpose, the file and the system's reason.
    static func io(_ doing: String, _ path: String, errno code: Int32, connector: String? = nil) -> CredentialError {
        let reason = String(cString: strerror(code))
        return CredentialError(.ioFailure, "cannot \(doing) \(path): \(reason)", path: path, connector: connector)
    }
}
