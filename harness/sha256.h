/* sha256.h — SHA-256 (FIPS 180-4), for content keys.
 *
 * bisect's build cache is keyed by what a dependency install reads
 * (package.json, the lockfile, the command, node's version): a key that two
 * different inputs share would hand a commit another commit's node_modules,
 * so the key is a real digest, not a table hash. Streaming: init, update any
 * number of times, final. No allocation; O(n) in the bytes hashed. */
#ifndef LEAKCHECK_SHA256_H
#define LEAKCHECK_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t len_bytes; /* hashed so far */
    unsigned char buf[64];
    size_t used; /* bytes waiting in buf */
} sha256_ctx;

void sha256_init(sha256_ctx *s);
void sha256_update(sha256_ctx *s, const void *data, size_t len);
/* The digest as 64 lowercase hex digits and a NUL. s is spent afterwards. */
void sha256_final_hex(sha256_ctx *s, char hex[65]);

#endif
