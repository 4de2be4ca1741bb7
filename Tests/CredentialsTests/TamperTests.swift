import Credentials
import Foundation
import LDAPProtocol
import Testing

@Suite("Wrong keys and tampered secrets")
struct TamperTests {
    @Test("reopening with a different key fails clearly; a new password re-seals that connector")
    func differentKey() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("sealed-under-key-1"), for: "cloud", by: "bob")
        let otherKey = try CredentialKey.create(at: sandbox.directory + "/other.key")
        let store = try sandbox.reopen(with: otherKey)
        #expect(try store.record(for: "cloud")?.generation == 1)
        let error = expectError(.wrongKey) { _ = try store.password(for: "cloud") }
        #expect(error?.connector == "cloud")
        #expect(error?.description.contains(sandbox.storeFile) == true)
        #expect(error?.description.contains("other.key") == true)
        #expect(error?.description.contains("ldapsync connector set-password cloud") == true)
        #expect(error?.description.contains("sealed-under-key-1") == false)
        try store.setPassword(Password("sealed-under-key-2"), for: "cloud", by: "bob")
        #expect(try store.password(for: "cloud")?.password == Password("sealed-under-key-2"))
        expectError(.wrongKey) { _ = try sandbox.store.password(for: "cloud") }
    }

    @Test("a flipped bit in the ciphertext fails authentication")
    func tamperedCiphertext() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("do-not-change-me"), for: "cloud", by: "bob")
        try sandbox.editEntry("cloud") { entry in
            let text = try #require(entry["sealed"] as? String)
            var box = try #require(Data(base64Encoded: text))
            box[box.count / 2] ^= 0x01
            entry["sealed"] = box.base64EncodedString()
        }
        let error = expectError(.sealedDataDamaged) { _ = try sandbox.store.password(for: "cloud") }
        #expect(error?.connector == "cloud")
        #expect(error?.description.contains(sandbox.storeFile) == true)
        #expect(error?.description.contains("set-password cloud") == true)
    }

    @Test("a blob that is not base64 or too short is damaged, not a crash", arguments: ["!!!", "", "AAAA"])
    func garbageBlob(blob: String) throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("x"), for: "cloud", by: "bob")
        try sandbox.editEntry("cloud") { $0["sealed"] = blob }
        expectError(.sealedDataDamaged) { _ = try sandbox.store.password(for: "cloud") }
    }

    @Test("a blob copied to another connector fails to open")
    func movedToAnotherConnector() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("contoso-secret"), for: "contoso.com", by: "bob")
        try sandbox.store.setPassword(Password("cloud-secret"), for: "cloud", by: "bob")
        let json = try sandbox.storeJSON()
        let connectors = try #require(json["connectors"] as? [String: Any])
        let contoso = try #require(connectors["contoso.com"] as? [String: Any])
        try sandbox.editEntry("cloud") { $0["sealed"] = contoso["sealed"] }
        let error = expectError(.sealedDataDamaged) { _ = try sandbox.store.password(for: "cloud") }
        #expect(error?.description.contains("copied from another connector") == true)
        #expect(try sandbox.store.password(for: "contoso.com")?.password == Password("contoso-secret"))
    }

    @Test("a blob replayed under another generation fails to open")
    func movedToAnotherGeneration() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("first"), for: "cloud", by: "bob")
        let old = try #require((try sandbox.storeJSON()["connectors"] as? [String: Any])?["cloud"] as? [String: Any])
        try sandbox.store.setPassword(Password("second"), for: "cloud", by: "bob")
        try sandbox.editEntry("cloud") { $0["sealed"] = old["sealed"] }
        expectError(.sealedDataDamaged) { _ = try sandbox.store.password(for: "cloud") }
    }

    @Test("a pending blob cannot stand in for the current password")
    func pendingIsNotCurrent() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("current"), for: "cloud", by: "bob")
        try sandbox.store.setPending(Password("pending"), for: "cloud", by: "reset")
        try sandbox.editEntry("cloud") { entry in
            entry["sealed"] = entry["pendingSealed"]
            var record = try #require(entry["record"] as? [String: Any])
            record["generation"] = 2
            entry["record"] = record
        }
        expectError(.sealedDataDamaged) { _ = try sandbox.store.password(for: "cloud") }
    }
}
