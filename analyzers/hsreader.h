/* hsreader.h — a buffered, offset-tracking byte reader for JSON heap snapshots.
 *
 * The snapshot parser reads multi-gigabyte files through this window instead
 * of loading them: a fixed buffer refilled with large read(2) calls, a NUL
 * sentinel after the valid bytes so scanning loops need no bounds checks, and
 * the absolute file offset of every byte for error messages.
 *
 * Memory: one buffer of HSR_BUF bytes, owned by the reader (hsr_close frees).
 * Complexity: every byte is copied once into the buffer, plus at most
 * HSR_LOOKAHEAD bytes per refill. */
#ifndef LEAKCHECK_HSREADER_H
#define LEAKCHECK_HSREADER_H

#include <stddef.h>
#include <stdint.h>

#define HSR_BUF (128u << 10)
#define HSR_LOOKAHEAD 64 /* a number or token never needs more than this */

typedef struct hsr {
    int fd;
    unsigned char *buf; /* HSR_BUF + 1 bytes; buf[len] == 0 always */
    size_t pos, len;
    uint64_t base;      /* file offset of buf[0] */
    uint64_t file_size; /* 0 when unknown (pipe) */
    int eof;            /* no more bytes beyond buf[len] */
    int io_errno;       /* errno of a failed read, else 0 */
} hsr;

/* Opens path for reading. Returns 0, or -1 with errno set. */
int hsr_open(hsr *r, const char *path);
void hsr_close(hsr *r);

/* Positions the reader at file offset off (regular files only). 0 or -1. */
int hsr_seek(hsr *r, uint64_t off);

/* Makes at least `want` bytes available from pos unless the file ends first.
 * Returns the number available (may be less at EOF or on read error). */
size_t hsr_fill(hsr *r, size_t want);

/* Absolute file offset of the byte at buf[pos]. */
static inline uint64_t hsr_offset(const hsr *r)
{
    return r->base + r->pos;
}

/* Skips JSON whitespace; returns the next byte or -1 at end of input. */
int hsr_peek(hsr *r);

/* Skips one complete JSON value of any kind (strings honoured, depth unbounded
 * but iterative). Returns 0, or -1 with a message in err. */
int hsr_skip_value(hsr *r, char *err, size_t errlen);

/* Reads a JSON string's raw text (escapes undecoded) after the opening quote
 * has been consumed, into out (NUL-terminated, truncated to outlen - 1).
 * Returns 0, or -1 with a message. Used for object keys. */
int hsr_read_key(hsr *r, char *out, size_t outlen, char *err, size_t errlen);

/* Writes "offset N: " + formatted message into err. Always returns -1. */
int hsr_error(const hsr *r, uint64_t off, char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
