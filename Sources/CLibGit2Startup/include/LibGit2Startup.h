// Start-up support for libgit2 in short-lived processes.
//
// Debian's libgit2 uses mbed TLS and, inside git_libgit2_init(), parses the
// whole system CA bundle (about 6 ms and 3 MB per process on the reference
// machine) although only HTTPS transports ever read it; it also starts libssh2
// and with it OpenSSL (1.6 MB more), for SSH remotes only. Most planbench
// commands never touch the network, so both are deferred: while the library
// initialises, the bundle's path is only recorded and libssh2's start noted,
// and both happen for real the first time a network operation asks for them.
#ifndef PLANBENCH_LIBGIT2_STARTUP_H
#define PLANBENCH_LIBGIT2_STARTUP_H

#include <stddef.h>

/// Calls git_libgit2_init() with CA-bundle parsing deferred.
/// Returns git_libgit2_init()'s result.
int planbench_libgit2_init_deferring_certificates(void);

/// The CA bundle path libgit2 asked for during initialisation, or NULL when it
/// asked for none (another TLS backend, or no bundle on this system).
const char *planbench_deferred_certificate_file(void);

/// Whether the CA bundle libgit2 asked for has been parsed (it has not after
/// initialisation; it has once planbench_load_deferred_certificates() succeeded).
int planbench_certificates_loaded(void);

/// Starts libssh2 if its start was deferred and hands libgit2 the deferred CA
/// bundle, parsed now. Call before any network operation; cheap when already
/// done or when nothing was deferred.
/// Returns 0 on success, or a negative libgit2 error code.
int planbench_load_deferred_certificates(void);

/// Sets the largest tree libgit2 keeps in its object cache (GIT_OPT_SET_CACHE_OBJECT_LIMIT
/// is variadic, which Swift cannot call). Returns 0, or a negative libgit2 error code.
int planbench_libgit2_set_tree_cache_limit(size_t bytes);

#endif
