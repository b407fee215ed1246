// See include/LibGit2Startup.h for why this exists.
//
// How: libgit2 loads its default CA bundle through mbed TLS's
// mbedtls_x509_crt_parse_file(). This file defines a function of that name in
// the executable; the dynamic linker resolves libgit2's call to it (the
// executable comes first in symbol lookup). While `deferring` is set, it only
// records the path and reports success, so libgit2 finishes initialising with
// an empty CA chain. Otherwise it forwards to mbed TLS's real function, found
// with dlsym(RTLD_NEXT). Loading later goes through libgit2's public option
// GIT_OPT_SET_SSL_CERT_LOCATIONS, which parses the bundle with `deferring`
// cleared. With another TLS backend the function is simply never called.
// libssh2_init is deferred the same way (see below).
#define _GNU_SOURCE
#include "LibGit2Startup.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

// mbed TLS's own declaration lives in <mbedtls/x509_crt.h>; the chain is
// opaque here, so an incomplete type keeps this file independent of its layout.
struct mbedtls_x509_crt;
int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path);

typedef int (*parse_file_function)(struct mbedtls_x509_crt *, const char *);
typedef int (*ssh_init_function)(int);

// state_lock guards the variables below; load_lock serialises loading
// (the parse re-enters mbedtls_x509_crt_parse_file, which takes state_lock).
static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static int deferring = 0;
static char *deferred_file = NULL;
static int loaded = 0;
static int ssh_deferred = 0;

int mbedtls_x509_crt_parse_file(struct mbedtls_x509_crt *chain, const char *path) {
    pthread_mutex_lock(&state_lock);
    int defer_now = deferring;
    if (defer_now && path != NULL && deferred_file == NULL) {
        deferred_file = strdup(path);
    }
    pthread_mutex_unlock(&state_lock);
    if (defer_now) {
        return 0;
    }
    parse_file_function real = (parse_file_function)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    if (real == NULL) {
        // mbed TLS's MBEDTLS_ERR_X509_FILE_IO_ERROR: the bundle could not be read.
        return -0x2900;
    }
    return real(chain, path);
}

// libgit2's initialisation also starts libssh2, which starts OpenSSL's libcrypto
// (1.6 MB of pages touched per process) for SSH remotes only. While deferring,
// the call is only noted; loading for the network starts it for real (and
// libssh2 would start itself when a session is opened in any case).
int libssh2_init(int flags) {
    pthread_mutex_lock(&state_lock);
    int defer_now = deferring;
    if (defer_now) {
        ssh_deferred = 1;
    }
    pthread_mutex_unlock(&state_lock);
    if (defer_now) {
        return 0;
    }
    ssh_init_function real = (ssh_init_function)dlsym(RTLD_NEXT, "libssh2_init");
    return real == NULL ? -1 : real(flags);
}

int planbench_libgit2_init_deferring_certificates(void) {
    pthread_mutex_lock(&state_lock);
    deferring = 1;
    pthread_mutex_unlock(&state_lock);
    int result = git_libgit2_init();
    pthread_mutex_lock(&state_lock);
    deferring = 0;
    pthread_mutex_unlock(&state_lock);
    return result;
}

const char *planbench_deferred_certificate_file(void) {
    pthread_mutex_lock(&state_lock);
    const char *file = deferred_file;
    pthread_mutex_unlock(&state_lock);
    return file;
}

int planbench_certificates_loaded(void) {
    pthread_mutex_lock(&state_lock);
    int result = loaded;
    pthread_mutex_unlock(&state_lock);
    return result;
}

int planbench_load_deferred_certificates(void) {
    pthread_mutex_lock(&load_lock);
    pthread_mutex_lock(&state_lock);
    int needed = !loaded && deferred_file != NULL;
    int start_ssh = ssh_deferred;
    ssh_deferred = 0;
    const char *file = deferred_file;
    pthread_mutex_unlock(&state_lock);
    int result = 0;
    if (start_ssh && libssh2_init(0) != 0) {
        result = -1;
    }
    if (result == 0 && needed) {
        result = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
        if (result == 0) {
            pthread_mutex_lock(&state_lock);
            loaded = 1;
            pthread_mutex_unlock(&state_lock);
        }
    }
    pthread_mutex_unlock(&load_lock);
    return result;
}

int planbench_libgit2_set_tree_cache_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, bytes);
}
