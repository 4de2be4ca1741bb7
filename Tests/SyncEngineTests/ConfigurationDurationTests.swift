import Foundation
import Testing

@testable import SyncEngine

/// Durations as admins write them: `30m`, `1h30m`, `7d`, `250ms`; a bare number is refused.
@Suite struct ConfigurationDurationTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("5s", .seconds(5)), ("30m", .seconds(1800)),
        ("1h", .seconds(3600)), ("1h30m", .seconds(5400)), ("1h 30m", .seconds(5400)), ("7d", .seconds(604_800)),
        ("1d2h3m4s5ms", .milliseconds(93_784_005)), (" 90s ", .seconds(90)),
    ])
    func parses(text: String, expected: Duration) throws {
        #expect(try DurationText.parse(text) == expected)
    }

    @Test(arguments: [
        ("30", "has no unit; add one: 30s, 30m, 30h or 30d"),
        ("0s", "is zero"),
        ("-5m", "negative"),
        ("1.5h", "whole numbers"),
        ("5 minutes", "unknown unit"),
        ("30x", "unknown unit \"x\""),
        ("30m1h", "largest first"),
        ("1m1m", "largest first"),
        ("h", "is not a duration"),
        ("", "is not a duration"),
        ("99999999999999999999d", "too long"),
        ("999999999d", "too long"),
    ])
    func refuses(text: String, explanation: String) {
        #expect {
            try DurationText.parse(text)
        } throws: { error in
            let message = (error as? DurationTextError)?.message ?? ""
            return message.contains(explanation) && message.hasPrefix("\"\(text)\"")
        }
    }

    @Test(arguments: ["250ms", "5s", "30m", "1h30m", "7d", "1d2h3m4s5ms"])
    func formatsWhatItParses(text: String) throws {
        #expect(DurationText.format(try DurationText.parse(text)) == text)
    }

    /// The admin API's scheduler interval is a number of seconds: any of them formats without
    /// trapping (POST /api/scheduler with 9223372036854775807 crashed the service), and a
    /// stored interval beyond the bound is a damaged scheduler.json, not a crash at every start.
    @Test func anyIntervalFormatsAndAStoredOneBeyondTheBoundIsDamage() throws {
        #expect(DurationText.format(.seconds(Int64.max)) == DurationText.format(.milliseconds(Int64.max)))
        #expect(DurationText.format(.seconds(DurationText.maximumSeconds)) == "36500d")
        let folder = NSTemporaryDirectory() + "ldapsync-interval-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for seconds: Int64 in [0, DurationText.maximumSeconds + 1, .max] {
            var state = SchedulerState()
            state.intervalSeconds = seconds
            try state.save(stateDirectory: folder)
            #expect(throws: SchedulerStateError.self) { try SchedulerState.load(stateDirectory: folder) }
        }
    }

    @Test func scheduleIntervalInTheConfigurationIsChecked() throws {
        let tlsLines = "    tls: starttls              # none | starttls | ldaps\n    caFile: ./dev/ca.pem\n"
        let yaml = designSampleYAML.replacingOccurrences(of: tlsLines, with: "")
        let config = try Configuration.parse(yaml: "schedule: { interval: 5s }\n" + yaml, file: "/x/l.yaml")
        #expect(config.schedule.interval == .seconds(5))
        #expect(throws: ConfigurationError.self) {
            try Configuration.parse(yaml: "schedule: { interval: 500ms }\n" + yaml, file: "/x/l.yaml")
        }
    }
}
