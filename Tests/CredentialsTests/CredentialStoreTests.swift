import Credentials
import Foundation
import LDAPProtocol
import Testing

@Suite("Credential store")
struct CredentialStoreTests {
    @Test("a stored password reads back, also from another store instance")
    func roundTrip() throws {
        let sandbox = try Sandbox()
        let at = Date(timeIntervalSince1970: 1_700_000_000.25)
        let record = try sandbox.store.setPassword(Password("Ünïcode pass 1"), for: "contoso.com", by: "alice", at: at)
        #expect(record.generation == 1)
        #expect(record.setBy == "alice")
        #expect(record.setAt == at)
        #expect(!record.isRejected && !record.hasPendingPassword)
        let read = try #require(try sandbox.reopen().password(for: "contoso.com"))
        #expect(read.password == Password("Ünïcode pass 1"))
        #expect(read.generation == 1)
        #expect(try sandbox.reopen().record(for: "contoso.com") == record)
    }

    @Test("nothing stored: nil record and password")
    func absent() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.store.record(for: "cloud") == nil)
        #expect(try sandbox.store.password(for: "cloud") == nil)
        #expect(try sandbox.store.allRecords().isEmpty)
    }

    @Test("every setPassword bumps the generation and the new password is current")
    func generationBumps() throws {
        let sandbox = try Sandbox()
        for generation in 1...3 {
            let record = try sandbox.store.setPassword(Password("pass-\(generation)"), for: "cloud", by: "bob")
            #expect(record.generation == generation)
        }
        let current = try #require(try sandbox.store.password(for: "cloud"))
        #expect(current.password == Password("pass-3") && current.generation == 3)
        try sandbox.store.setPassword(Password("other"), for: "contoso.com", by: "bob")
        #expect(try sandbox.store.allRecords().map(\.connector) == ["cloud", "contoso.com"])
        #expect(try sandbox.store.record(for: "contoso.com")?.generation == 1)
    }

    @Test("an empty password is refused and nothing is stored")
    func emptyRefused() throws {
        let sandbox = try Sandbox()
        expectError(.emptyPassword) { try sandbox.store.setPassword(Password(""), for: "cloud", by: "bob") }
        #expect(try sandbox.store.record(for: "cloud") == nil)
        expectError(.invalidConnectorName) { try sandbox.store.setPassword(Password("x"), for: "", by: "bob") }
    }

    @Test("no plaintext password anywhere in the state folder; the store file has mode 0600")
    func secretNotOnDisk() throws {
        let sandbox = try Sandbox()
        let secrets = ["Plaintext-Marker-7f3a9c", "Pending-Marker-b81d22"]
        try sandbox.store.setPassword(Password(secrets[0]), for: "contoso.com", by: "alice")
        try sandbox.store.setPending(Password(secrets[1]), for: "contoso.com", by: "service-account reset")
        let files = try sandbox.allFiles()
        #expect(files.map(\.name) == ["credential.key", "credentials.json", "credentials.lock"])
        for secret in secrets {
            let forms = [Array(secret.utf8), Array(Data(secret.utf8).base64EncodedString().utf8)]
            for file in files {
                for form in forms { #expect(!file.bytes.contains(bytes: form), "\(file.name) holds a secret") }
            }
        }
        #expect(try sandbox.mode(of: sandbox.storeFile) == 0o600)
        #expect(try sandbox.mode(of: sandbox.directory + "/credentials.lock") == 0o600)
        // The file is the documented JSON shape.
        let json = try sandbox.storeJSON()
        #expect(json["version"] as? Int == 1)
        let entry = try #require((json["connectors"] as? [String: Any])?["contoso.com"] as? [String: Any])
        #expect(entry["sealed"] is String && entry["pendingSealed"] is String && entry["record"] is [String: Any])
    }

    @Test("remove forgets a connector and is harmless when repeated")
    func remove() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("a"), for: "cloud", by: "bob")
        try sandbox.store.remove("cloud")
        try sandbox.store.remove("cloud")
        #expect(try sandbox.store.record(for: "cloud") == nil)
        #expect(try sandbox.store.password(for: "cloud") == nil)
    }

    @Test("a corrupt store file is reported with its path and what to do")
    func corruptFile() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("a"), for: "cloud", by: "bob")
        try Data("{\"version\": 1, \"connectors\": {\"cloud\": ".utf8).write(to: URL(fileURLWithPath: sandbox.storeFile))
        let error = expectError(.storeCorrupt) { _ = try sandbox.store.password(for: "cloud") }
        #expect(error?.description.contains(sandbox.storeFile) == true)
        #expect(error?.description.contains("set-password") == true)
        expectError(.storeCorrupt) { _ = try sandbox.reopen() }
        // A write must not silently replace the damaged file either.
        expectError(.storeCorrupt) { try sandbox.store.setPassword(Password("b"), for: "cloud", by: "bob") }
    }

    @Test("an entry missing its sealed password is reported as damaged, naming the connector")
    func inconsistentEntry() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("a"), for: "cloud", by: "bob")
        try sandbox.editEntry("cloud") { $0["sealed"] = nil }
        let error = expectError(.storeCorrupt) { _ = try sandbox.store.record(for: "cloud") }
        #expect(error?.connector == "cloud")
        #expect(error?.description.contains("\"cloud\"") == true)
    }

    @Test("a store file from a newer format is refused")
    func newerVersion() throws {
        let sandbox = try Sandbox()
        try sandbox.writeStoreJSON(["version": 2, "connectors": [String: Any]()])
        let error = expectError(.unsupportedVersion) { _ = try sandbox.store.allRecords() }
        #expect(error?.description.contains("format 2") == true)
    }
}
