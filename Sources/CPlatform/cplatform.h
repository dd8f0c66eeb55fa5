#ifndef GAZETTE_CPLATFORM_H
#define GAZETTE_CPLATFORM_H

// Processor hints Swift has no spelling for, as header-only inline functions.

/// Starts loading the cache line at `address` into the CPU's caches: a hint
/// that never faults and changes no result, for lookups whose addresses are
/// known a little before they are read.
static inline void gazette_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
