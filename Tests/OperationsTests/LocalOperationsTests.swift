import Credentials
import Foundation
import LDAPProtocol
import Logging
import Operations
import SyncEngine
import SyncStore
import Synchronization
import TestSupport
import Testing

/// The admin actions over an in-memory store (no directory): what they refuse and what they
/// report. The actions that reach a directory are tested against real ones (IntegrationTests).
@Suite struct LocalOperationsTests {
    final class Setup: Sendable {
        let folder: String
        let operations: LocalOperations
        let store: SQLiteSyncStore

        init(targetFlavor: String = "openldap", targetURI: String = "ldap://127.0.0.1:4389") throws {
            folder = NSTemporaryDirectory() + "ldapsync-ops-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: folder + "/state", withIntermediateDirectories: true)
            let builder = ConfigurationBuilder(connectors: [
                .init(
                    name: "contoso.com", role: "source", uri: "ldap://127.0.0.1:3389", bindDN: "cn=svc,dc=contoso,dc=com", baseDN: "dc=contoso,dc=com"
                ),
                .init(
                    name: "cloud", flavor: targetFlavor, role: "target", uri: targetURI, bindDN: "cn=svc,dc=cloud,dc=example",
                    baseDN: "dc=cloud,dc=example"),
            ])
            try builder.yaml.write(toFile: folder + "/ldapsync.yaml", atomically: true, encoding: .utf8)
            let configuration = try Configuration.load(path: folder + "/ldapsync.yaml")
            store = try SQLiteSyncStore()
            let credentials = try CredentialStore(directory: configuration.statePath, key: try CredentialKey.create(at: configuration.keyFile))
            operations = LocalOperations(
                configuration: configuration, store: store, credentials: credentials,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    private func kind(_ body: () async throws -> Void) async -> OperationError.Kind? {
        do {
            try await body()
            return nil
        } catch let error as OperationError {
            return error.kind
        } catch {
            return .init(rawValue: "other: \(error)")
        }
    }

    @Test func whatIsNamedMustExistAndWhatIsAskedMustMakeSense() async throws {
        let setup = try Setup()
        let ops = setup.operations
        #expect(await kind { _ = try await ops.run("nope", .fullImport, options: RunOptions()) } == .notFound)
        #expect(await kind { _ = try await ops.setPassword("nope", Password("x"), verify: false, actor: "t") } == .notFound)
        #expect(await kind { _ = try await ops.setPassword("cloud", Password(""), verify: false, actor: "t") } == .invalid)
        #expect(await kind { _ = try await ops.runs(connector: nil, last: 0) } == .invalid)
        #expect(await kind { _ = try await ops.connectorSpaceObject("cloud", dn: "not a dn", anchor: nil) } == .notFound)
        #expect(await kind { _ = try await ops.connectorSpaceObject("cloud", dn: "uid=a,dc=x", anchor: "a") } == .invalid)
        #expect(await kind { _ = try await ops.connectorSpaceObject("cloud", dn: "uid=a,dc=x", anchor: nil) } == .notFound)
        // What does not apply to what was named is a conflict (HTTP 409), still exit code 2.
        #expect(await kind { _ = try await ops.exportPreview("contoso.com") } == .conflict)
        #expect(await kind { _ = try await ops.run("contoso.com", .export, options: RunOptions()) } == .conflict)
        #expect(await kind { _ = try await ops.undo(runID: 42, action: .preview, options: RunOptions()) } == .notFound)
        #expect(OperationError(.conflict, "").exitCode == 2 && OperationError(.conflict, "").httpStatus == 409)
        #expect(await kind { _ = try await ops.metaverseObject(id: 42) } == .notFound)
        #expect(await kind { _ = try await ops.resetServiceAccount("cloud", admin: nil, actor: "t") } == .invalid)
        #expect(
            await kind { _ = try await ops.resetServiceAccount("cloud", admin: AdminCredentials(dn: "cn=admin", password: ""), actor: "t") }
                == .invalid)
        let error = try #require(
            await { () async -> OperationError? in
                do {
                    _ = try await ops.run("nope", .fullImport, options: RunOptions())
                    return nil
                } catch { return error as? OperationError }
            }())
        #expect(error.message.contains("known: contoso.com, cloud") && error.exitCode == 2)
    }

    @Test func aPasswordStoredWithoutVerificationIsRecordedAndNeverShown() async throws {
        let setup = try Setup()
        let change = try await setup.operations.setPassword("CLOUD", Password("Secret-1"), verify: false, actor: "tester")
        #expect(change.connector == "cloud" && change.generation == 1 && !change.verified && change.flushed == 0)
        #expect(!change.message.contains("Secret-1"))
        let event = try #require(try await setup.store.read { try $0.events(EventFilter(id: 6200)) }.first)
        #expect(event.message.contains("tester") && !event.message.contains("Secret-1"))
    }

    @Test func theSchedulerRemembersChangesAndSaysSo() async throws {
        let setup = try Setup()
        let told = Mutex(0)
        var ops = setup.operations
        ops.schedulerChanged = { told.withLock { $0 += 1 } }
        #expect(try await ops.scheduler().interval == "30m")
        let report = try await ops.changeScheduler(SchedulerChange(intervalSeconds: 900, enabled: false))
        #expect(report.interval == "15m" && report.intervalOverridden && !report.enabled && report.nextCycleAt == nil)
        #expect(try await ops.scheduler() == report)
        #expect(told.withLock { $0 } == 1)
        #expect(await kind { _ = try await ops.changeScheduler(SchedulerChange(intervalSeconds: 0)) } == .invalid)
    }

    @Test func thePreviewOfAnActiveDirectoryTargetIsWhatTheExporterWrites() async throws {
        let setup = try Setup(targetFlavor: "active-directory", targetURI: "ldaps://127.0.0.1:636")
        let members = (1...2500).map { "CN=user\($0),OU=People,DC=cloud,DC=example" }
        var person = AttributeSet()
        person.set("cn", ["Ann"])
        person.set("sAMAccountName", ["ann"])
        var group = AttributeSet()
        group.set("cn", ["big"])
        group.set("member", members)
        try await setup.store.write { session in
            try session.save(
                ConnectorSpaceObject(
                    connector: "cloud", anchor: nil, dn: "CN=Ann,OU=People,DC=cloud,DC=example", objectType: "person",
                    attributes: AttributeSet(), pendingExport: .add, desiredDN: "CN=Ann,OU=People,DC=cloud,DC=example",
                    desiredAttributes: person))
            try session.save(
                ConnectorSpaceObject(
                    connector: "cloud", anchor: nil, dn: "CN=big,OU=Groups,DC=cloud,DC=example", objectType: "group",
                    attributes: AttributeSet(), pendingExport: .add, desiredDN: "CN=big,OU=Groups,DC=cloud,DC=example",
                    desiredAttributes: group))
        }
        let preview = try await setup.operations.exportPreview("cloud")
        #expect(preview.count == 2)
        // The person: AD's classes, and the initial password the exporter adds (never its value).
        #expect(preview.ldif.contains("objectClass: user"))
        #expect(preview.ldif.contains("# unicodePwd: a random initial password, sent over TLS and never stored"))
        #expect(!preview.ldif.contains("unicodePwd::"))
        // The group: an add with 1,000 members, then two modifies adding the rest.
        #expect(preview.ldif.components(separatedBy: "changetype: add").count - 1 == 2)
        #expect(preview.ldif.components(separatedBy: "changetype: modify").count - 1 == 2)
        #expect(preview.ldif.components(separatedBy: "\nmember: ").count - 1 == 2500)
    }
}
