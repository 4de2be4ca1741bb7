import Foundation

/// Signals a process once a directory has completed a number of adds (slapd's monitor), watched
/// by a shell loop of its own: a separate process, so the test process's load (other tests'
/// in-process syncs on its cooperative pool) cannot delay the signal past the moment it is for.
enum SignalWhen {
    /// Starts the watcher; await `exitStatus(of:)` of the pid it returns (0: signalled in time,
    /// 1: the deadline passed first, and the signal was sent anyway).
    static func addsCompleted(on directory: PrivateDirectory, atLeast count: Int, send signal: Int32, to pid: pid_t) throws -> pid_t {
        let passwordFile = directory.devDirectory + "/monitor-\(UInt32.random(in: 0...UInt32.max)).pw"
        FileManager.default.createFile(
            atPath: passwordFile, contents: Data(directory.directory.adminPassword.unsafeText.utf8), attributes: [.posixPermissions: 0o600])
        let script = """
            count() { ldapsearch -LLL -x -o nettimeout=10 -H "$1" -D "$2" -y "$3" -b cn=Add,cn=Operations,cn=Monitor -s base \
                monitorOpCompleted | sed -n 's/^monitorOpCompleted: //p'; }
            before=$(count "$1" "$2" "$3"); end=$(( $(date +%s) + 600 )); code=0
            while [ $(( $(count "$1" "$2" "$3") - before )) -lt "$4" ]; do
                if [ "$(date +%s)" -ge "$end" ]; then code=1; break; fi
                sleep 0.01
            done
            kill -"$5" "$6"; rm -f "$3"; exit $code
            """
        return try spawn(
            "/bin/sh",
            [
                "-c", script, "signal-when", directory.directory.uri, directory.directory.adminDN, passwordFile, String(count), String(signal),
                String(pid),
            ],
            environment: CommandLine.environment, stdin: "/dev/null", stdout: "/dev/null", stderr: nil)
    }
}
