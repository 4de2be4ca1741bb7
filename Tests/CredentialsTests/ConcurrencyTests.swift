import Credentials
import Dispatch
import Foundation
import LDAPProtocol
import Testing

@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("8 writers × 25 setPassword on different connectors lose no update")
    func concurrentWriters() async throws {
        let sandbox = try Sandbox()
        let directory = sandbox.directory
        let key = sandbox.key
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Each writer opens its own store, as the CLI and the service each do.
                    let store = try CredentialStore(directory: directory, key: key)
                    for round in 1...25 {
                        try store.setPassword(Password("w\(writer)-r\(round)"), for: "connector-\(writer)", by: "writer")
                    }
                }
            }
            try await group.waitForAll()
        }
        let records = try sandbox.store.allRecords()
        #expect(records.count == 8)
        #expect(records.allSatisfy { $0.generation == 25 })
        for writer in 0..<8 {
            #expect(try sandbox.store.password(for: "connector-\(writer)")?.password == Password("w\(writer)-r25"))
        }
        #expect(try sandbox.allFiles().allSatisfy { !$0.name.contains(".tmp-") })
    }

    @Test("8 threads × 25 read-modify-writes on one connector lose no update")
    func concurrentThreadsOneConnector() throws {
        let sandbox = try Sandbox()
        try sandbox.store.setPassword(Password("start"), for: "shared", by: "setup")
        let directory = sandbox.directory
        let key = sandbox.key
        let finished = DispatchGroup()
        // Real threads, not the cooperative pool (which may have as few threads as cores), so
        // the writers really overlap the way two processes do.
        for writer in 0..<8 {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                guard let store = try? CredentialStore(directory: directory, key: key) else { return }
                for round in 1...25 {
                    _ = try? store.setPassword(Password("w\(writer)-r\(round)"), for: "shared", by: "writer")
                    _ = try? store.markAccepted("shared", generation: 1, at: Date(timeIntervalSince1970: Double(round)))
                }
            }
        }
        #expect(finished.wait(timeout: .now() + 60) == .success)
        let record = try #require(try sandbox.store.record(for: "shared"))
        #expect(record.generation == 1 + 8 * 25)
        #expect(record.lastAcceptedAt == Date(timeIntervalSince1970: 25))
    }

    @Test("a write waits while another process holds the lock")
    func writerWaitsForLock() throws {
        let sandbox = try Sandbox()
        let lock = open(sandbox.directory + "/credentials.lock", O_RDWR | O_CREAT, 0o600)
        try #require(lock >= 0)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX) == 0)
        let done = DispatchSemaphore(value: 0)
        let store = sandbox.store
        DispatchQueue.global().async {
            _ = try? store.setPassword(Password("after-lock"), for: "cloud", by: "cli")
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 0.3) == .timedOut)
        #expect(flock(lock, LOCK_UN) == 0)
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(try store.record(for: "cloud")?.generation == 1)
    }
}
