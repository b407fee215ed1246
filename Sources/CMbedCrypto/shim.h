// SHA-256 from mbed TLS's crypto library, which libgit2-dev already brings in
// on Debian; planbench uses it for citation fingerprints.
#ifndef PLANBENCH_CMBEDCRYPTO_SHIM_H
#define PLANBENCH_CMBEDCRYPTO_SHIM_H
#include <mbedtls/sha256.h>
#endif
