import Foundation
import Testing

/// The real `ldapsync` binary (built by `swift build --build-tests`), run as an admin would.
struct CommandLine {
    /// What one invocation printed and returned.
    struct Result {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        let candidates = [".build/debug/ldapsync", ".build/x86_64-unknown-linux-gnu/debug/ldapsync"].map {
            TestDirectory.repositoryRoot.appendingPathComponent($0).path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// Runs `ldapsync --config CONFIG ARGS…` with `input` on stdin (and, given `umask`, started
    /// under that umask by a shell, as an admin's session might).
    static func run(
        _ arguments: [String], config: String?, input: String = "", extraEnvironment: [String: String] = [:],
        umask: String? = nil
    ) async throws -> Result {
        let folder = NSTemporaryDirectory() + "ldapsync-cli-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try input.write(toFile: folder + "/stdin", atomically: true, encoding: .utf8)
        var executable = binary
        var argv = (config.map { ["--config", $0] } ?? []) + arguments
        if let umask {
            argv = ["-c", "umask \(umask) && exec \"$0\" \"$@\"", executable] + argv
            executable = "/bin/sh"
        }
        let pid = try spawn(
            executable, argv, environment: environment.merging(extraEnvironment) { $1 },
            stdin: folder + "/stdin", stdout: folder + "/stdout", stderr: folder + "/stderr")
        let code = await exitStatus(of: pid)
        return Result(
            code: code, stdout: (try? String(contentsOfFile: folder + "/stdout", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: folder + "/stderr", encoding: .utf8)) ?? "")
    }

    /// Starts `ldapsync` in the background; output to `log`.
    static func start(_ arguments: [String], config: String, log: String, extraEnvironment: [String: String] = [:]) throws -> pid_t {
        try spawn(
            binary, ["--config", config] + arguments, environment: environment.merging(extraEnvironment) { $1 }, stdin: "/dev/null", stdout: log,
            stderr: nil)
    }

    /// The test's environment without the dev passwords `scripts/dev.env` exports: ldapsync
    /// needs none of them, and the secret checks must see only what ldapsync itself holds.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.contains("PASSWORD") }
        environment["LDAPSYNC_LOG_LEVEL"] = "warning"
        return environment
    }
}
