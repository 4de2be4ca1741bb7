import Foundation

/// Memory figures of this process from /proc/self/status (Linux).
enum ProcessMemory {
    /// Peak resident set size (VmHWM) in KiB, or nil when /proc is not readable.
    static func peakResidentKiB() -> Int? { statusField("VmHWM:") }

    /// Current resident set size (VmRSS) in KiB.
    static func residentKiB() -> Int? { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}
