#ifndef MERLE_CMALLOCSHIM_H
#define MERLE_CMALLOCSHIM_H

/// Sets how glibc's allocator serves the process (see Sources/merle/MemoryPolicy.swift):
/// at most `arenas` arenas, and blocks of `mmap_threshold` bytes or more mapped from the
/// kernel. Does nothing on other C libraries. Returns 0 when glibc refused a setting.
int merle_tune_allocator(int arenas, int mmap_threshold);
#endif
