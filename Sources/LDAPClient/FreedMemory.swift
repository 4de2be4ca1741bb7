import CLDAP
import Synchronization

/// The process's freed memory, given back to the system: glibc keeps it in each thread's arena
/// otherwise, where another thread does not reuse it. Given back between the runs of a cycle,
/// after each large sync transaction and after each large export chunk: on 100,000 users in
/// groups of up to 5,000 members, a delta cycle's resident peak was over twice its live heap
/// without it (heaptrack: 147 MB of heap; 336 MB resident in a run without heaptrack).
public enum FreedMemory {
    private static let calls = Atomic<Int>(0)
    private static let nanoseconds = Atomic<Int>(0)

    public static func release() {
        let started = ContinuousClock.now
        cldap_release_freed_memory()
        let took = (ContinuousClock.now - started).components
        nanoseconds.add(Int(took.seconds) * 1_000_000_000 + Int(took.attoseconds / 1_000_000_000), ordering: .relaxed)
        calls.add(1, ordering: .relaxed)
    }

    /// How many times memory was given back since the process started, and the seconds it took
    /// (trimming walks every arena: logged after each run, see `RunCoordinator`).
    public static var spent: (calls: Int, seconds: Double) {
        (calls.load(ordering: .relaxed), Double(nanoseconds.load(ordering: .relaxed)) / 1e9)
    }

    /// How many attribute values a piece of work (a sync transaction, an export chunk) must have
    /// held for its memory to be worth giving back: the bulk runs' transactions and chunks, which
    /// end at their value budgets, not a real-time batch's few objects (trimming walks every
    /// arena; after every small run it once stalled real-time batches for seconds).
    public static let worthReleasing = 100_000
}
