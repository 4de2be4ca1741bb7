import Foundation

/// The process's memory as Linux reports it (`/proc/self/status`): what is resident now and the
/// most that was (the same peak `time -f %M` and the benchmark report). Logged after each run,
/// so the run that raised the peak can be told from the log.
struct ProcessMemory: Sendable, Equatable {
    /// Bytes resident now (VmRSS).
    var resident: Int
    /// The most bytes resident since the process started (VmHWM).
    var peak: Int

    /// Now; nil where there is no `/proc` (or it reads differently).
    static func current() -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return ProcessMemory(status: status)
    }

    /// Megabytes, one decimal (for a log line).
    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
}

extension ProcessMemory {
    /// Parsed from the text of `/proc/PID/status` (values in kB).
    init?(status: String) {
        var fields: [Substring: Int] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0] == "VmRSS" || parts[0] == "VmHWM" else { continue }
            let words = parts[1].split(whereSeparator: \.isWhitespace)
            guard words.count == 2, words[1] == "kB", let kilobytes = Int(words[0]) else { return nil }
            fields[parts[0]] = kilobytes * 1024
        }
        guard let resident = fields["VmRSS"], let peak = fields["VmHWM"] else { return nil }
        self.init(resident: resident, peak: peak)
    }
}
