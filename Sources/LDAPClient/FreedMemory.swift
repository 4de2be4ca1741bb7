import CLDAP

/// The process's freed memory, given back to the system: glibc keeps it in each thread's arena
/// otherwise, where another thread does not reuse it. Called between the runs of a cycle, after
/// each large sync transaction and after each large export chunk: measured on 100,000 users in
/// groups of up to 5,000 members, the peak resident memory was two to three times the live heap
/// without it (heaptrack: 147 MB of heap, 336 MB resident in a delta cycle).
public enum FreedMemory {
    public static func release() { cldap_release_freed_memory() }

    /// How many attribute values a piece of work (a transaction, a chunk) must have held for its
    /// memory to be worth giving back: trimming walks every arena, a few milliseconds.
    public static let worthReleasing = 10_000
}
