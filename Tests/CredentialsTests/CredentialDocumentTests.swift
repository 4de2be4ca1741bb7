import Credentials
import Foundation
import LDAPProtocol
import Testing

/// A document held in memory, as a shared store holds it (pure logic: the PostgreSQL one is
/// tested against the real server in IntegrationTests/SharedStateTests).
final class MemoryDocument: CredentialDocument, @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8]?
    private(set) var writes = 0

    var location: String { "memory" }

    func load() throws(CredentialError) -> [UInt8]? { lock.withLock { bytes } }

    func update(_ change: ([UInt8]?) throws(CredentialError) -> [UInt8]?) throws(CredentialError) {
        lock.lock()
        defer { lock.unlock() }
        if let after = try change(bytes) {
            bytes = after
            writes += 1
        }
    }
}

@Suite("Credential documents")
struct CredentialDocumentTests {
    @Test("a store over another document keeps everything there, sealed, and nothing in the state folder")
    func sharedDocument() throws {
        let sandbox = try Sandbox()
        let document = MemoryDocument()
        let hostA = try CredentialStore(directory: sandbox.directory, key: sandbox.key, document: document)
        try hostA.setPassword(Password("Shared-Secret-1"), for: "cloud", by: "alice")
        // Another host: its own folder, the same key, the same document.
        let other = try Sandbox()
        let hostB = try CredentialStore(directory: other.directory, key: sandbox.key, document: document)
        #expect(try hostB.password(for: "cloud")?.password == Password("Shared-Secret-1"))
        try hostB.setPassword(Password("Shared-Secret-2"), for: "cloud", by: "bob")
        #expect(try hostA.password(for: "cloud")?.password == Password("Shared-Secret-2"))
        #expect(try hostA.record(for: "cloud")?.generation == 2)
        #expect(!FileManager.default.fileExists(atPath: sandbox.storeFile))
        #expect(!FileManager.default.fileExists(atPath: other.storeFile))
        let stored = try #require(try document.load())
        #expect(Data(stored).range(of: Data("Shared-Secret".utf8)) == nil)
        // A host with another key cannot open it, and says which key file to check.
        let stranger = try CredentialStore(
            directory: other.directory, key: try CredentialKey.create(at: other.directory + "/other.key"), document: document)
        #expect(throws: CredentialError.self) { try stranger.password(for: "cloud") }
    }

    @Test("an unchanged store writes nothing, a refused change writes nothing")
    func unchangedWritesNothing() throws {
        let sandbox = try Sandbox()
        let document = MemoryDocument()
        let store = try CredentialStore(directory: sandbox.directory, key: sandbox.key, document: document)
        try store.remove("cloud")
        #expect(document.writes == 0)
        #expect(throws: CredentialError.self) { try store.setPassword(Password(""), for: "cloud", by: "alice") }
        #expect(document.writes == 0)
        try store.setPassword(Password("x-1"), for: "cloud", by: "alice")
        #expect(document.writes == 1)
    }

    @Test("a damaged document is named in the error")
    func damagedDocument() throws {
        let sandbox = try Sandbox()
        let document = MemoryDocument()
        try document.update { _ in Array("{not json".utf8) }
        #expect {
            _ = try CredentialStore(directory: sandbox.directory, key: sandbox.key, document: document)
        } throws: { error in
            (error as? CredentialError)?.code == .storeCorrupt && "\(error)".contains("memory")
        }
    }
}
