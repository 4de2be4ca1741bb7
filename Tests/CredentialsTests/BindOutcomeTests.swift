import Credentials
import Foundation
import LDAPProtocol
import Testing

@Suite("Accepted and rejected binds")
struct BindOutcomeTests {
    let sandbox: Sandbox
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    init() throws {
        sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("first"), for: "ad", by: "alice", at: t0)
    }

    @Test("a rejection marks the generation; setPassword clears it")
    func rejectedThenNewPassword() throws {
        try sandbox.store.markRejected("ad", generation: 1, reason: "the password is wrong (52e)", at: t0 + 60)
        let rejected = try #require(try sandbox.reopen().record(for: "ad"))
        #expect(rejected.isRejected)
        #expect(rejected.rejectedGeneration == 1 && rejected.rejectedAt == t0 + 60)
        #expect(rejected.rejectionReason == "the password is wrong (52e)")
        let renewed = try sandbox.store.setPassword(Password("second"), for: "ad", by: "alice")
        #expect(!renewed.isRejected && renewed.rejectedGeneration == nil && renewed.rejectionReason == nil)
        #expect(try sandbox.store.record(for: "ad") == renewed)
    }

    @Test("clearRejection lets the same password be tried again")
    func retry() throws {
        try sandbox.store.markRejected("ad", generation: 1, reason: "account locked (775)")
        try sandbox.store.clearRejection("ad")
        let record = try #require(try sandbox.store.record(for: "ad"))
        #expect(!record.isRejected && record.generation == 1 && record.rejectedAt == nil)
        expectError(.unknownConnector) { try sandbox.store.clearRejection("nowhere") }
    }

    @Test("a rejection of an older generation does not mark the new password")
    func staleRejection() throws {
        try sandbox.store.setPassword(Password("second"), for: "ad", by: "alice")
        try sandbox.store.markRejected("ad", generation: 1, reason: "wrong password")
        #expect(try sandbox.store.record(for: "ad")?.isRejected == false)
    }

    @Test("lastAcceptedAt keeps the latest bind of any generation, and which one")
    func lastAccepted() throws {
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 10)
        try sandbox.store.setPassword(Password("second"), for: "ad", by: "alice", at: t0 + 20)
        var record = try #require(try sandbox.store.record(for: "ad"))
        #expect(record.lastAcceptedAt == t0 + 10 && record.lastAcceptedGeneration == 1)
        // The service's last bind with the old password, reported after the change.
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 30)
        record = try #require(try sandbox.store.record(for: "ad"))
        #expect(record.lastAcceptedAt == t0 + 30 && record.lastAcceptedGeneration == 1)
        try sandbox.store.markAccepted("ad", generation: 2, at: t0 + 40)
        // An older report arriving late changes nothing.
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 35)
        record = try #require(try sandbox.store.record(for: "ad"))
        #expect(record.lastAcceptedAt == t0 + 40 && record.lastAcceptedGeneration == 2)
        // Rejection keeps it, so the event can say "last accepted at …".
        try sandbox.store.markRejected("ad", generation: 2, reason: "wrong password", at: t0 + 50)
        record = try #require(try sandbox.store.record(for: "ad"))
        #expect(record.isRejected && record.lastAcceptedAt == t0 + 40)
    }

    @Test("the later of an acceptance and a rejection of the same generation wins")
    func latestFactWins() throws {
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 20)
        try sandbox.store.markRejected("ad", generation: 1, reason: "late report", at: t0 + 10)
        #expect(try sandbox.store.record(for: "ad")?.isRejected == false)
        try sandbox.store.markRejected("ad", generation: 1, reason: "locked out (775)", at: t0 + 30)
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 25)
        #expect(try sandbox.store.record(for: "ad")?.isRejected == true)
        try sandbox.store.markAccepted("ad", generation: 1, at: t0 + 40)
        #expect(try sandbox.store.record(for: "ad")?.isRejected == false)
    }

    @Test("unknown connectors and generations are refused")
    func unknowns() throws {
        expectError(.unknownConnector) { try sandbox.store.markAccepted("nowhere", generation: 1) }
        expectError(.unknownConnector) { try sandbox.store.markRejected("nowhere", generation: 1, reason: "x") }
        let error = expectError(.unknownGeneration) { try sandbox.store.markRejected("ad", generation: 2, reason: "x") }
        #expect(error?.connector == "ad")
        expectError(.unknownGeneration) { try sandbox.store.markAccepted("ad", generation: 0) }
    }
}
