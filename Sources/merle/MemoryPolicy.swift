import CMallocShim

/// How glibc's allocator serves this process, set first thing in `main`.
///
/// One arena for every thread: with one per thread (glibc's default), the sync's
/// download and store threads each kept their own high-water mark. Blocks of 256 KB and
/// more come from the kernel and go back to it when freed: by default glibc raises that
/// threshold after the first big block is freed, and the sync's megabyte batches then
/// stayed in the heap. Together 1-2 MB less at the peak of a sync of 9,700 messages, at
/// the same speed (docs/DECISIONS.md, "Linking the binary").
enum MemoryPolicy {
    static func apply() {
        _ = merle_tune_allocator(1, 256 * 1024)
    }
}
