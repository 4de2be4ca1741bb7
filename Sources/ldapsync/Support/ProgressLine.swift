import Foundation
import SyncEngine
import Synchronization

/// The progress line on a terminal: the runs that reported in the last two seconds, in the
/// order they started (an initial cycle's export runs beside its sync).
final class ProgressLine: Sendable {
    private struct Run {
        var key: String
        var done: Int
        var at: ContinuousClock.Instant
    }

    private let runs = Mutex<[Run]>([])

    /// Notes that `done` objects of `profile` on `connector` are done, and redraws the line.
    func report(_ connector: String, _ profile: RunProfile, _ done: Int) {
        let key = "\(connector) \(profile.rawValue)"
        let now = ContinuousClock.now
        let text = runs.withLock { runs in
            if let index = runs.firstIndex(where: { $0.key == key }) {
                runs[index].done = done
                runs[index].at = now
            } else {
                runs.append(Run(key: key, done: done, at: now))
            }
            runs.removeAll { now - $0.at >= .seconds(2) }
            return runs.map { "\($0.key): \($0.done) objects" }.joined(separator: " · ")
        }
        FileHandle.standardError.write(Data("\r\(text)\u{1B}[K".utf8))
    }
}
