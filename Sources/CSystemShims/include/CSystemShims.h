// glibc extensions that the Glibc module does not export (they need
// _GNU_SOURCE or malloc.h), wrapped in plain C functions. Nothing here is
// called on other platforms.
#ifndef CSYSTEMSHIMS_H
#define CSYSTEMSHIMS_H

#include <pthread.h>

/// pthread_getattr_np(3): the attributes of a running thread, its stack
/// included. Returns 0 on success, an error number otherwise (ENOSYS where
/// glibc is not the C library).
int csystem_pthread_getattr_np(pthread_t thread, pthread_attr_t *attributes);

/// mallopt(M_TOP_PAD, bytes): how much more than asked the heap grows by.
/// Returns 1 on success, 0 otherwise (also where glibc is not the C library).
int csystem_set_malloc_top_pad(int bytes);

/// The calling function's frame address: a real stack address even under
/// AddressSanitizer, which may keep Swift locals on a heap "fake stack".
/// Inline, so that reading it costs a register move.
static inline void *csystem_frame_address(void) {
    return __builtin_frame_address(0);
}

#endif
