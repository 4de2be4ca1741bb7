import Foundation
import Logging
import SyncEngine

#if canImport(Glibc)
    import Glibc
#endif

/// One run per connector space at a time, across processes (the command line and the
/// service): an exclusive `flock` on `<state>/locks/<connector>.lock`, held for the run. The
/// kernel releases it when the process dies, so a killed run never leaves a stale lock.
///
/// A run takes the lock of every connector space it writes: an import or export its own; a
/// sync its own and the target's (it writes pending exports there), so a sync and an export
/// of the same target never overwrite each other's rows. Locks are taken in name order, so two
/// runs never wait for each other in a circle. The holder writes its pid and command into the
/// file, and a run that has to wait says who it waits for. Waiting happens on a thread of its
/// own, never on Swift's cooperative pool; a lock that cannot be taken is an error, never a
/// run without it.
final class RunLock: Sendable {
    private let descriptors: [Int32]

    private init(descriptors: [Int32]) {
        self.descriptors = descriptors
    }

    /// Takes the locks of `connectors`, waiting for runs in progress to finish.
    static func acquire(stateDirectory: String, connectors: [String], logger: Logger) async throws -> RunLock {
        let folder = (stateDirectory as NSString).appendingPathComponent("locks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var taken: [Int32] = []
        do {
            for name in Set(connectors).sorted() {
                let path = (folder as NSString).appendingPathComponent("\(name).lock")
                taken.append(try await lock(path, connector: name, logger: logger))
            }
        } catch {
            for descriptor in taken { close(descriptor) }
            throw error
        }
        return RunLock(descriptors: taken)
    }

    private static func lock(_ path: String, connector: String, logger: Logger) async throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw RunLockError("cannot open the run lock \(path): \(String(cString: strerror(errno)))") }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                throw RunLockError("cannot take the run lock \(path): \(String(cString: strerror(errno)))")
            }
            logger.warning("waiting for the run lock of \"\(connector)\", held by \(holder(descriptor) ?? "another process")")
            let failure: Int32 = await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    while flock(descriptor, LOCK_EX) != 0 {
                        guard errno == EINTR else {
                            continuation.resume(returning: errno)
                            return
                        }
                    }
                    continuation.resume(returning: 0)
                }
            }
            guard failure == 0 else {
                close(descriptor)
                throw RunLockError("cannot take the run lock \(path): \(String(cString: strerror(failure)))")
            }
        }
        // Who holds it now, for whoever waits next.
        let command = ((try? String(contentsOfFile: "/proc/self/cmdline", encoding: .utf8)) ?? "ldapsync")
            .split(separator: "\0").dropFirst().joined(separator: " ")
        let text = Array("pid \(getpid()) (ldapsync \(command)) since \(Date().formatted(.iso8601))\n".utf8)
        if ftruncate(descriptor, 0) == 0 { _ = pwrite(descriptor, text, text.count, 0) }
        return descriptor
    }

    /// What the lock's holder wrote into it, if it is still alive.
    private static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit {
        for descriptor in descriptors {
            flock(descriptor, LOCK_UN)
            close(descriptor)
        }
    }
}

/// A run lock that could not be taken.
struct RunLockError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The run locks a run, or a cycle for all of its runs, holds: this host's and the shared
/// store's. `release()` gives up the shared one; the local one lives until then.
struct RunLocks: Sendable {
    let local: RunLock
    let shared: (any SharedRunLock)?

    func release() {
        shared?.release()
        withExtendedLifetime(local) {}
    }
}
