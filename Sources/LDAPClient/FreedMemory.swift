import CLDAP

/// The process's freed memory, given back (glibc keeps it per thread arena otherwise): between
/// the runs of a cycle, so its peak is its largest run's, not the sum of them.
public enum FreedMemory {
    public static func release() { cldap_release_freed_memory() }
}
