import Foundation

/// Runs a program to completion with `posix_spawn` and `waitpid`, output appended to a file.
/// (Foundation's `Process.waitUntilExit` never returned here from test tasks: the child stayed
/// defunct, unreaped.)
func runToCompletion(_ executable: String, _ arguments: [String], environment: [String: String], logFile: String) async throws -> Int32 {
    let pid = try spawn(executable, arguments, environment: environment, stdin: "/dev/null", stdout: logFile, stderr: nil)
    return await exitStatus(of: pid)
}

/// Waits for a child on a thread of its own: a blocking `waitpid` on Swift's cooperative pool
/// (two threads on two cores) would stall every other test running beside this one.
func exitStatus(of pid: pid_t) async -> Int32 {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: wait(for: pid)) }
    }
}

/// Starts a program without waiting; stdout and stderr go to files (stderr nil: with stdout).
func spawn(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String, stdout: String, stderr: String?) throws -> pid_t
{
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    if let stderr {
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    } else {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // A child starts with the spawning thread's signal mask: Swift's worker threads block
    // SIGTERM, and a child that inherits that mask cannot be stopped with it. Start clean.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard rc == 0 else { throw DirectoryScriptError(message: "cannot start \(executable): error \(rc)") }
    return pid
}

/// Waits for a child; its exit code, or -1 when a signal ended it.
func wait(for pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, spelled out (the macros do not import).
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}
