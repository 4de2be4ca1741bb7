import Foundation

/// Paths in the configuration are relative to the folder of the configuration file, so the
/// service and the command line find the same files whatever their working directory.
enum ConfigurationPath {
    /// `path` made absolute against `folder` (itself made absolute against the working
    /// directory), with `~/` expanded and `.` / `..` components removed.
    static func resolve(_ path: String, against folder: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        if path.hasPrefix("/") { return normalize(path) }
        let base = folder.hasPrefix("/") ? folder : join(FileManager.default.currentDirectoryPath, folder)
        return normalize(join(base, path))
    }

    /// The absolute folder that holds `file`.
    static func folder(of file: String) -> String {
        let absolute = resolve(file, against: FileManager.default.currentDirectoryPath)
        guard let slash = absolute.lastIndex(of: "/"), slash != absolute.startIndex else { return "/" }
        return String(absolute[..<slash])
    }

    /// `folder` and `name` joined with exactly one `/`.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// An absolute path without empty, `.` or `..` components (`..` at the root stays at the root).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
