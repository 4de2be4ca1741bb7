import Credentials
import Foundation
import PostgresStore
import SyncEngine
import SyncStore

/// The throwaway PostgreSQL cluster `scripts/directories.sh` starts (scripts/dev.env): every
/// store a test opens gets a schema of its own. Not running is a failure, never a skip.
enum TestPostgres {
    static let devDirectory = env("LDAPSYNC_DEV_DIR", TestDirectory.repositoryRoot.appendingPathComponent(".dev").path)
    static let url = env("LDAPSYNC_POSTGRES_URL", "postgres://127.0.0.1:55432/ldapsync")
    static let user = env("LDAPSYNC_POSTGRES_USER", "ldapsync")
    /// The password file scripts/directories.sh writes; where it is not on this machine (the
    /// compose `tests` container), one written from LDAPSYNC_POSTGRES_PASSWORD (0600).
    static let passwordFile: String = {
        let path = env("LDAPSYNC_POSTGRES_PASSWORD_FILE", devDirectory + "/secrets/postgres.pw")
        let password = ProcessInfo.processInfo.environment["LDAPSYNC_POSTGRES_PASSWORD"] ?? ""
        guard !FileManager.default.fileExists(atPath: path), !password.isEmpty else { return path }
        let written = NSTemporaryDirectory() + "ldapsync-postgres-\(getpid()).pw"
        FileManager.default.createFile(atPath: written, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
        return written
    }()

    /// Settings for a new schema (TLS verified against the throwaway CA).
    static func settings(schema: String = "t_\(UInt32.random(in: 0...UInt32.max))") -> PostgresSettings {
        guard
            case .success(let settings) = PostgresSettings.checked(
                url: url, user: user, passwordFile: passwordFile, caFile: TestDirectory.caFile, schema: schema)
        else { fatalError("LDAPSYNC_POSTGRES_URL \(url) is not postgres://host:port/database") }
        return settings
    }

    /// A new, empty store in a schema of its own.
    static func store() throws -> PostgresSyncStore {
        try PostgresSyncStore(settings: settings())
    }

    /// The configuration's `store:` value for these settings (YAML flow style).
    static func flowYAML(_ settings: PostgresSettings) -> String {
        "{ postgres: { url: \"\(settings.url)\", user: \(settings.user), passwordFile: \"\(settings.passwordFile)\", "
            + "caFile: \"\(settings.caFile ?? "")\", schema: \(settings.schema), leaseTime: \(settings.leaseTime.components.seconds)s } }"
    }
}

/// Which store a test runs on.
enum StoreKind: String, CaseIterable, Sendable {
    case sqlite, postgres

    /// The store the fixtures use: `LDAPSYNC_TEST_STORE=postgres` runs the suites that use
    /// `SyncFixture` on PostgreSQL (`make test` runs them on both).
    static let underTest: StoreKind = {
        let name = env("LDAPSYNC_TEST_STORE", "sqlite")
        guard let kind = StoreKind(rawValue: name) else { fatalError("LDAPSYNC_TEST_STORE must be sqlite or postgres, not \(name)") }
        return kind
    }()

    /// A new, empty store of this kind (SQLite: a file in a new temporary folder).
    func makeStore() throws -> any SyncStore & StoreTables {
        switch self {
        case .sqlite:
            let folder = NSTemporaryDirectory() + "ldapsync-contract-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return try SQLiteSyncStore(path: folder + "/ldapsync.db")
        case .postgres:
            return try TestPostgres.store()
        }
    }
}

/// The store of a test's own installation (`StoreKind.underTest` unless pinned): its `store:`
/// setting for the configuration and how to open it, so suites that write their own
/// configuration run on both stores too.
struct TestStore: Sendable {
    let kind: StoreKind
    /// The schema's settings on PostgreSQL, nil on SQLite.
    let postgres: PostgresSettings?

    init(_ kind: StoreKind = .underTest, leaseTime: Duration = .seconds(10)) {
        self.kind = kind
        var settings = kind == .postgres ? TestPostgres.settings() : nil
        settings?.leaseTime = leaseTime
        postgres = settings
    }

    /// The configuration's `store:` value (YAML flow style), nil for the SQLite default.
    var setting: String? { postgres.map(TestPostgres.flowYAML) }

    /// Opens the store of the installation whose state folder is `statePath`.
    func open(statePath: String) throws -> any SyncStore {
        try postgres.map { try PostgresSyncStore(settings: $0) } ?? SQLiteSyncStore(path: statePath + "/ldapsync.db")
    }

    /// The installation's credential store, where the commands keep it: the state folder's
    /// `credentials.json`, or the document of `store` (the installation's, opened) on PostgreSQL.
    func credentials(statePath: String, key: CredentialKey, store: any SyncStore) throws -> CredentialStore {
        try CredentialStore(directory: statePath, key: key, document: PostgresCredentialDocument.shared(by: store, stateDirectory: statePath))
    }
}
