#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files that hold ldapsync's secrets (the key, the sealed passwords, the admin token) and
/// its state folder: read without following symbolic links, only when the current user owns
/// them, created complete or not at all with mode 0600, replaced atomically. Every failure is a
/// `CredentialError` that names the file and says what to do.
public enum PrivateFile {
    /// A file's bytes and the facts about it that callers check.
    public struct Contents: Sendable {
        /// The bytes read (at most the limit given, plus one).
        public var bytes: [UInt8]
        /// The permission bits (`st_mode & 0o7777`).
        public var permissions: UInt32
        /// The size the file system reports.
        public var size: Int
    }

    /// Reads a regular file owned by the current user; nil when it does not exist. Reads at
    /// most `limit + 1` bytes so a wrong path pointing at a huge file costs nothing. A symbolic
    /// link (someone could point it anywhere), a file another user owns, and — with
    /// `private: true` — a file group or others may read are refused, naming the fix.
    public static func read(_ path: String, limit: Int, private mustBePrivate: Bool = false) throws(CredentialError) -> Contents? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP {
                throw CredentialError(
                    .insecureFile,
                    "\(path) is a symbolic link; ldapsync does not follow links to its secret files: "
                        + "put the file itself there", path: path)
            }
            throw .io("open", path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io("inspect", path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw CredentialError(.ioFailure, "\(path) is not a regular file", path: path)
        }
        guard info.st_uid == geteuid() else {
            throw CredentialError(
                .insecureFile,
                "\(path) belongs to user id \(info.st_uid), not to the user running ldapsync "
                    + "(\(geteuid())); run ldapsync as the file's owner, or `chown` it", path: path)
        }
        let permissions = UInt32(info.st_mode) & 0o7777
        if mustBePrivate, permissions & 0o077 != 0 {
            throw CredentialError(
                .insecureFile,
                "\(path) has mode \(octal(permissions)), which lets group or others read it; "
                    + "run `chmod 600 \(path)`", path: path)
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while bytes.count <= limit {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("read", path, errno: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        buffer.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        return Contents(bytes: bytes, permissions: permissions, size: Int(info.st_size))
    }

    /// Checks that a folder ldapsync keeps state in is private enough: a folder (or a link to
    /// one) owned by the current user that neither group nor others may write (they could
    /// replace the database, the key or the token).
    public static func checkFolder(_ path: String) throws(CredentialError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io("inspect the folder", path, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw CredentialError(.ioFailure, "the state folder \(path) is not a folder", path: path)
        }
        guard info.st_uid == geteuid() else {
            throw CredentialError(
                .insecureFile,
                "the state folder \(path) belongs to user id \(info.st_uid), not to the user running "
                    + "ldapsync (\(geteuid())); run ldapsync as its owner, or `chown` it", path: path)
        }
        let permissions = UInt32(info.st_mode) & 0o7777
        guard permissions & 0o022 == 0 else {
            throw CredentialError(
                .insecureFile,
                "the state folder \(path) has mode \(octal(permissions)), which lets group or others "
                    + "change what is in it; run `chmod 700 \(path)`", path: path)
        }
    }

    /// `0644`-style text for permission bits.
    public static func octal(_ permissions: UInt32) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Replaces `path` atomically and durably: a 0600 temporary file in the same folder,
    /// fsync, rename over the old one, fsync the folder. A crash leaves the old or the new file.
    public static func replace(_ path: String, with bytes: [UInt8]) throws(CredentialError) {
        let temporary = try writeTemporary(bytes, beside: path)
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        guard rename(temporary, path) == 0 else { throw .io("replace", path, errno: errno) }
        renamed = true
        try syncDirectory(parentDirectory(of: path))
    }

    /// Creates `path` with `bytes` and mode 0600 unless it exists, in which case it returns
    /// false and leaves the file alone. The file appears complete or not at all: it is written
    /// under a temporary name and hard-linked into place (`link` never replaces a file).
    public static func createNew(_ path: String, with bytes: [UInt8]) throws(CredentialError) -> Bool {
        let temporary = try writeTemporary(bytes, beside: path)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw .io("create", path, errno: errno)
        }
        try syncDirectory(parentDirectory(of: path))
        return true
    }

    /// Creates a folder with mode 0700 unless it exists.
    public static func ensureDirectory(_ path: String) throws(CredentialError) {
        if mkdir(path, 0o700) == 0 || errno == EEXIST { return }
        throw .io("create the folder", path, errno: errno)
    }

    /// The folder part of a path (`.` for a bare file name).
    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// Makes a rename or link in `directory` durable.
    static func syncDirectory(_ directory: String) throws(CredentialError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io("open the folder", directory, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .io("sync the folder", directory, errno: errno) }
    }

    /// Writes `bytes` to a new 0600 file next to `path` (umask-proof: `fchmod` after `open`)
    /// and syncs it; returns its name.
    private static func writeTemporary(_ bytes: [UInt8], beside path: String) throws(CredentialError) -> String {
        let temporary = "\(path).tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("create", temporary, errno: errno) }
        var complete = false
        defer {
            close(fd)
            if !complete { unlink(temporary) }
        }
        guard fchmod(fd, 0o600) == 0 else { throw .io("set mode 0600 on", temporary, errno: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("write", temporary, errno: errno)
            }
            written += count
        }
        guard fsync(fd) == 0 else { throw .io("sync", temporary, errno: errno) }
        complete = true
        return temporary
    }
}
