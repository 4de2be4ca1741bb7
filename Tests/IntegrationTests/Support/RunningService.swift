import Foundation
import Testing

/// `ldapsync service` started by a test in the background, stopped (SIGTERM, then SIGKILL) by `stop()`.
final class RunningService: @unchecked Sendable {
    let pid: pid_t
    let log: String
    private var reaped = false

    /// Starts the service on `fixture`'s configuration with `arguments` and waits until `ready`
    /// (an HTTP URL answered with any status, or the Unix socket) is reachable.
    init(fixture: SyncFixture, arguments: [String], ready url: String? = nil, caFile: String? = nil, resolve: String? = nil) async throws {
        log = fixture.stateDirectory + "/service-\(UInt32.random(in: 0...UInt32.max)).log"
        pid = try CommandLine.start(["service"] + arguments, config: fixture.configPath, log: log)
        let deadline = ContinuousClock.now + .seconds(60)
        let socket = fixture.configuration.statePath + "/service.sock"
        while ContinuousClock.now < deadline {
            if kill(pid, 0) != 0 || isZombie { throw CurlError(message: "the service exited: \(output)") }
            if let url {
                if let response = try? await Curl.request(url, caFile: caFile, resolve: resolve), response.status != 0 { return }
            } else if FileManager.default.fileExists(atPath: socket) {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CurlError(message: "the service did not come up within 60 s: \(output)")
    }

    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    private var isZombie: Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "").split(separator: " ").dropFirst(2).first == "Z"
    }

    /// Waits up to `seconds` for `condition`; records the service's log when it does not come.
    func waitFor(_ what: String, seconds: Int = 120, _ condition: () async throws -> Bool) async throws {
        if try await poll(seconds: seconds, condition) { return }
        Issue.record("timed out waiting for \(what); service log:\n\(output)")
        throw CancellationError()
    }

    /// SIGTERM and the exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard !reaped else { return 0 }
        reaped = true
        kill(pid, SIGTERM)
        return await exitStatus(of: pid)
    }

    deinit {
        if !reaped {
            kill(pid, SIGKILL)
            _ = wait(for: pid)
        }
    }
}
