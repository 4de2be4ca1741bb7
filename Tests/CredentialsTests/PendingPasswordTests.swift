import Credentials
import Foundation
import LDAPProtocol
import Testing

@Suite("Pending password (service-account reset)")
struct PendingPasswordTests {
    @Test("a pending password survives a restart and promoting it makes it current")
    func pendingThenPromote() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("old"), for: "cloud", by: "alice")
        try sandbox.store.markRejected("cloud", generation: 1, reason: "wrong password")
        try sandbox.store.setPending(Password("generated-NEW"), for: "cloud", by: "service-account reset")
        #expect(try sandbox.store.record(for: "cloud")?.hasPendingPassword == true)
        // The process "crashed": a new instance finds the pending password.
        let restarted = try sandbox.reopen()
        #expect(try restarted.pendingPassword(for: "cloud") == Password("generated-NEW"))
        #expect(try restarted.password(for: "cloud")?.password == Password("old"))
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let record = try restarted.promotePending("cloud", at: at)
        #expect(record.generation == 2 && !record.hasPendingPassword && !record.isRejected)
        #expect(record.setBy == "service-account reset" && record.setAt == at)
        let current = try #require(try sandbox.store.password(for: "cloud"))
        #expect(current.password == Password("generated-NEW") && current.generation == 2)
        #expect(try sandbox.store.pendingPassword(for: "cloud") == nil)
        expectError(.noPendingPassword) { try sandbox.store.promotePending("cloud") }
    }

    @Test("discarding keeps the current password and generation")
    func discard() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("old"), for: "cloud", by: "alice")
        try sandbox.store.setPending(Password("refused-by-directory"), for: "cloud", by: "service-account reset")
        try sandbox.store.discardPending("cloud")
        try sandbox.store.discardPending("cloud")
        let record = try #require(try sandbox.store.record(for: "cloud"))
        #expect(!record.hasPendingPassword && record.generation == 1)
        #expect(try sandbox.store.pendingPassword(for: "cloud") == nil)
        #expect(try sandbox.store.password(for: "cloud")?.password == Password("old"))
    }

    @Test("a first reset on a connector without a password: generation 0 until promoted")
    func firstReset() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPending(Password("brand-new"), for: "cloud", by: "service-account reset")
        let record = try #require(try sandbox.store.record(for: "cloud"))
        #expect(record.generation == 0 && record.hasPendingPassword)
        #expect(try sandbox.store.password(for: "cloud") == nil)
        #expect(try sandbox.reopen().promotePending("cloud").generation == 1)
        #expect(try sandbox.store.password(for: "cloud")?.password == Password("brand-new"))
        // Discarding a first reset leaves nothing behind.
        try sandbox.store.setPending(Password("other"), for: "cloud2", by: "service-account reset")
        try sandbox.store.discardPending("cloud2")
        #expect(try sandbox.store.record(for: "cloud2") == nil)
    }

    @Test("an explicit setPassword supersedes an unfinished reset")
    func setPasswordDropsPending() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("old"), for: "cloud", by: "alice")
        try sandbox.store.setPending(Password("unfinished"), for: "cloud", by: "service-account reset")
        let record = try sandbox.store.setPassword(Password("typed-by-admin"), for: "cloud", by: "alice")
        #expect(!record.hasPendingPassword && record.generation == 2)
        #expect(try sandbox.store.pendingPassword(for: "cloud") == nil)
    }

    @Test("a tampered pending blob fails clearly, and promoting it stores nothing")
    func tamperedPending() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("old"), for: "cloud", by: "alice")
        try sandbox.store.setPending(Password("new"), for: "cloud", by: "reset")
        try sandbox.editEntry("cloud") { entry in
            let text = try #require(entry["pendingSealed"] as? String)
            var box = try #require(Data(base64Encoded: text))
            box[0] ^= 0x80
            entry["pendingSealed"] = box.base64EncodedString()
        }
        let error = expectError(.sealedDataDamaged) { _ = try sandbox.store.pendingPassword(for: "cloud") }
        #expect(error?.description.contains("pending password") == true)
        expectError(.sealedDataDamaged) { try sandbox.store.promotePending("cloud") }
        #expect(try sandbox.store.password(for: "cloud")?.generation == 1)
    }
}
