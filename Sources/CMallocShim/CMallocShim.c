#include "CMallocShim.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

int merle_tune_allocator(int arenas, int mmap_threshold) {
#ifdef __GLIBC__
    int arenas_set = mallopt(M_ARENA_MAX, arenas);
    int threshold_set = mallopt(M_MMAP_THRESHOLD, mmap_threshold);
    return arenas_set && threshold_set;
#else
    (void)arenas;
    (void)mmap_threshold;
    return 1;
#endif
}
