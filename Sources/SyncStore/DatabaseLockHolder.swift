import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who holds a SQLite database's write lock. In WAL mode SQLite takes POSIX record locks on
/// the `-shm` file; the writer's is byte 120 (WAL_WRITE_LOCK), and `F_GETLK` tells its pid.
enum DatabaseLockHolder {
    /// `pid 1234 (ldapsync service)`, or nil when nobody holds it (or it cannot be told).
    static func writer(of databasePath: String) -> String? {
        let descriptor = open(databasePath + "-shm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 120
        lock.l_len = 1
        guard fcntl(descriptor, F_GETLK, &lock) == 0, lock.l_type != Int16(F_UNLCK), lock.l_pid > 0 else { return nil }
        let command = ((try? String(contentsOfFile: "/proc/\(lock.l_pid)/cmdline", encoding: .utf8)) ?? "")
            .split(separator: "\0").map(String.init)
        let shown =
            command.isEmpty ? "" : " (\(([(command.first as NSString?)?.lastPathComponent ?? ""] + command.dropFirst()).joined(separator: " ")))"
        return "pid \(lock.l_pid)\(shown)"
    }
}

/// The database stayed busy for the whole busy timeout.
public struct StoreBusyError: Error, CustomStringConvertible {
    public var path: String
    public var holder: String?

    public init(path: String, holder: String?) {
        self.path = path
        self.holder = holder
    }

    public var description: String {
        "the database \(path) is busy: " + (holder.map { "\($0) holds its write lock" } ?? "another process holds its write lock")
            + " (waited 30 s); try again when it has finished"
    }
}
