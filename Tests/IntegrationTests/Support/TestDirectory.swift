import Foundation
import LDAPClient
import Testing

/// One of the throwaway directories `scripts/directories.sh` starts, as the tests see it.
///
/// Addresses and dev credentials come from the environment (`scripts/dev.env`, which
/// `make test` sources) with the same defaults. A directory that does not answer is a test
/// **failure**, never a skip: `make test` starts them all.
struct TestDirectory: Sendable {
    let name: String
    let uri: String
    let ldapsURI: String
    let base: String
    let adminDN: String
    let adminPassword: Password
    let serviceDN: String
    let servicePassword: Password

    static let source = TestDirectory(
        name: "source",
        uri: env("LDAPSYNC_SOURCE_URI", "ldap://127.0.0.1:3389"),
        ldapsURI: env("LDAPSYNC_SOURCE_LDAPS_URI", "ldaps://127.0.0.1:3636"),
        base: env("LDAPSYNC_SOURCE_BASE", "dc=contoso,dc=com"),
        adminDN: env("LDAPSYNC_SOURCE_ADMIN_DN", "cn=admin,dc=contoso,dc=com"),
        adminPassword: Password(env("LDAPSYNC_SOURCE_ADMIN_PASSWORD", "Source-Admin-2024")),
        serviceDN: env("LDAPSYNC_SOURCE_SVC_DN", "cn=svc-sync,ou=service,dc=contoso,dc=com"),
        servicePassword: Password(env("LDAPSYNC_SOURCE_SVC_PASSWORD", "Svc-Sync-2024")))

    static let target = TestDirectory(
        name: "target",
        uri: env("LDAPSYNC_TARGET_URI", "ldap://127.0.0.1:4389"),
        ldapsURI: env("LDAPSYNC_TARGET_LDAPS_URI", "ldaps://127.0.0.1:4636"),
        base: env("LDAPSYNC_TARGET_BASE", "dc=cloud,dc=example"),
        adminDN: env("LDAPSYNC_TARGET_ADMIN_DN", "cn=admin,dc=cloud,dc=example"),
        adminPassword: Password(env("LDAPSYNC_TARGET_ADMIN_PASSWORD", "Target-Admin-2024")),
        serviceDN: env("LDAPSYNC_TARGET_SVC_DN", "cn=svc-cloud,ou=service,dc=cloud,dc=example"),
        servicePassword: Password(env("LDAPSYNC_TARGET_SVC_PASSWORD", "Svc-Cloud-2024")))

    static let samba = TestDirectory(
        name: "samba",
        uri: env("LDAPSYNC_SAMBA_URI", "ldap://127.0.0.1:389"),
        ldapsURI: env("LDAPSYNC_SAMBA_LDAPS_URI", "ldaps://127.0.0.1:636"),
        base: env("LDAPSYNC_SAMBA_BASE", "DC=contoso,DC=com"),
        adminDN: env("LDAPSYNC_SAMBA_ADMIN_DN", "CN=Administrator,CN=Users,DC=contoso,DC=com"),
        adminPassword: Password(env("LDAPSYNC_SAMBA_ADMIN_PASSWORD", "Samba-Admin-2024")),
        serviceDN: env("LDAPSYNC_SAMBA_SVC_DN", "CN=svc-sync,OU=Service,DC=contoso,DC=com"),
        servicePassword: Password(env("LDAPSYNC_SAMBA_SVC_PASSWORD", "Replica-Key-2024")))

    /// The repository's root (for scripts and seed files).
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static let caFile = env("LDAPSYNC_CA_FILE", repositoryRoot.appendingPathComponent(".dev/ca/ca.pem").path)
    static let wrongCAFile = env("LDAPSYNC_WRONG_CA_FILE", repositoryRoot.appendingPathComponent(".dev/ca/wrong-ca.pem").path)

    /// Options for plain LDAP (or TLS as asked), with the dev CA and short timeouts.
    func options(tls: TLSMode = .none, caFile: String? = TestDirectory.caFile, timeoutMilliseconds: Int = 20_000) -> LDAPConnectionOptions {
        LDAPConnectionOptions(
            uri: tls == .ldaps ? ldapsURI : uri, tls: tls, caFile: caFile,
            connectTimeoutMilliseconds: 15_000, operationTimeoutMilliseconds: timeoutMilliseconds)
    }

    /// A new connection, not bound.
    func connect(tls: TLSMode = .none) async throws -> LDAPConnection {
        do {
            return try await LDAPConnection.connect(options(tls: tls))
        } catch let error as LDAPError where error.code.closesConnection {
            Issue.record("the \(name) directory at \(uri) does not answer: start it with `make directories` (scripts/directories.sh start). \(error)")
            throw error
        }
    }

    /// A new connection bound as the directory's sync service account.
    func service(tls: TLSMode = .none) async throws -> LDAPConnection {
        let connection = try await connect(tls: tls)
        try await connection.bind(serviceDN, password: servicePassword)
        return connection
    }

    /// A new connection bound as the directory's administrator.
    func admin(tls: TLSMode = .none) async throws -> LDAPConnection {
        let connection = try await connect(tls: tls)
        try await connection.bind(adminDN, password: adminPassword)
        return connection
    }
}

/// An environment variable, or `fallback`.
func env(_ name: String, _ fallback: String) -> String {
    ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback
}

/// A name no other test run uses, for entries a test creates.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}
