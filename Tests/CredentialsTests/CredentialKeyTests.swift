import Credentials
import Foundation
import LDAPProtocol
import Testing

@Suite("Credential key file")
struct CredentialKeyTests {
    @Test("a new key file holds 32 bytes and has mode 0600")
    func createdPrivate() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.mode(of: sandbox.keyPath) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.keyPath)).count == 32)
        #expect(try sandbox.allFiles().allSatisfy { !$0.name.contains(".tmp-") })
    }

    @Test("a key file group or others can read is refused, naming the file, the mode and chmod 600")
    func refusedWhenReadable() throws {
        let sandbox = try Sandbox()
        #expect(chmod(sandbox.keyPath, 0o644) == 0)
        let error = expectError(.keyFileInsecure) { _ = try CredentialKey.load(from: sandbox.keyPath) }
        #expect(error?.description.contains(sandbox.keyPath) == true)
        #expect(error?.description.contains("0644") == true)
        #expect(error?.description.contains("chmod 600") == true)
        #expect(chmod(sandbox.keyPath, 0o600) == 0)
        _ = try CredentialKey.load(from: sandbox.keyPath)
    }

    @Test("a key file of the wrong size is refused", arguments: [0, 31, 33, 64])
    func wrongSize(size: Int) throws {
        let sandbox = try Sandbox()
        let path = sandbox.directory + "/short.key"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: size), attributes: [.posixPermissions: 0o600]))
        let error = expectError(.keyFileWrongSize) { _ = try CredentialKey.load(from: path) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("\(size) bytes") == true)
    }

    @Test("a missing key file says to run ldapsync init")
    func missing() throws {
        let sandbox = try Sandbox()
        let path = sandbox.directory + "/absent.key"
        let error = expectError(.keyFileMissing) { _ = try CredentialKey.load(from: path) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("ldapsync init") == true)
    }

    @Test("create never overwrites an existing key file")
    func createRefusesExisting() throws {
        let sandbox = try Sandbox()
        let before = try Data(contentsOf: URL(fileURLWithPath: sandbox.keyPath))
        let error = expectError(.keyFileExists) { _ = try CredentialKey.create(at: sandbox.keyPath) }
        #expect(error?.description.contains(sandbox.keyPath) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.keyPath)) == before)
    }

    @Test("loadOrCreate creates once, then loads the same key")
    func loadOrCreate() throws {
        let sandbox = try Sandbox()
        let path = sandbox.directory + "/init.key"
        let first = try CredentialKey.loadOrCreate(at: path)
        #expect(first.created)
        let second = try CredentialKey.loadOrCreate(at: path)
        #expect(!second.created)
        let store = try CredentialStore(directory: sandbox.directory + "/state", key: first.key)
        try store.setPassword(Password("hunter2-init"), for: "cloud", by: "test")
        let reopened = try CredentialStore(directory: sandbox.directory + "/state", key: second.key)
        #expect(try reopened.password(for: "cloud")?.password == Password("hunter2-init"))
    }
}
