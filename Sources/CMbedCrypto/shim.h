// SHA-1 and SHA-256 from mbed TLS's crypto library, which libgit2-dev already
// brings in on Debian: SHA-256 for citation fingerprints, SHA-1 for blob ids
// computed without starting libgit2.
#ifndef PLANBENCH_CMBEDCRYPTO_SHIM_H
#define PLANBENCH_CMBEDCRYPTO_SHIM_H
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#endif
