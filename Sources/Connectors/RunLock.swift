import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run per connector at a time, across processes (the CLI and the service): an exclusive
/// `flock` on `<state>/locks/<connector>.lock`, held for the run. The kernel releases it when
/// the process dies, so a killed run never leaves a stale lock.
final class RunLock {
    private let descriptor: Int32

    /// Takes the connector's lock, waiting for a run in progress to finish.
    init(stateDirectory: String, connector: String) throws {
        let folder = (stateDirectory as NSString).appendingPathComponent("locks")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("\(connector).lock")
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
