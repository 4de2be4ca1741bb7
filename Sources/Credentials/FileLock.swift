#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An advisory `flock` on a lock file, held for the duration of a closure.
///
/// The CLI and a running service are different processes: every read-modify-write of the store
/// happens under the exclusive lock so neither loses the other's update, and every read under
/// the shared lock so it never sees a half-applied change. Each call opens its own file
/// description, so two threads of one process exclude each other just as two processes do.
enum FileLock {
    /// Whether others may hold the lock at the same time.
    enum Mode {
        /// Readers share the lock with each other.
        case shared
        /// A writer holds it alone.
        case exclusive
    }

    /// Runs `body` while holding the lock on `path` (created with mode 0600 if absent).
    static func withLock<T>(
        _ path: String, _ mode: Mode, _ body: () throws(CredentialError) -> T
    ) throws(CredentialError) -> T {
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("open the lock file", path, errno: errno) }
        // Closing the descriptor releases the lock, even if `body` throws.
        defer { close(fd) }
        while flock(fd, mode == .shared ? LOCK_SH : LOCK_EX) != 0 {
            guard errno == EINTR else { throw .io("lock", path, errno: errno) }
        }
        return try body()
    }
}
