import Credentials
import Foundation

/// The state folder holds the database, the key, the sealed passwords and the admin token:
/// it must be the user's own.
enum StateFolder {
    /// Refuses a folder group or others may change (or another user owns), and takes group and
    /// other permissions off the files in it (a database or WAL file left 0644 by an older
    /// version, or copied in by hand). The key and the token are not touched: one that others
    /// could read may have leaked, and loading it refuses it with the reason. Symbolic links in
    /// the folder are left as they are.
    static func secure(_ path: String) throws {
        try PrivateFile.checkFolder(path)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !secrets.contains(name) {
            let file = (path as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFSOCK,
                info.st_uid == geteuid(), info.st_mode & 0o077 != 0
            else { continue }
            chmod(file, mode_t(info.st_mode & 0o700))
        }
    }

    /// Files whose loose permissions are an error to report, not to repair.
    private static let secrets: Set<String> = ["ldapsync.key", "admin.token"]
}
