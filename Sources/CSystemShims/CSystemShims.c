// Compiled with _GNU_SOURCE, so that glibc declares its extensions.
#define _GNU_SOURCE
#include "CSystemShims.h"
#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int csystem_pthread_getattr_np(pthread_t thread, pthread_attr_t *attributes) {
#if defined(__GLIBC__)
    return pthread_getattr_np(thread, attributes);
#else
    (void)thread;
    (void)attributes;
    return ENOSYS;
#endif
}

int csystem_set_malloc_top_pad(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_TOP_PAD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}
