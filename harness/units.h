/* units.h — parse and print the units of the scenario file.
 *
 * Durations: `250ms`, `5s`, `2m`, `1h`, `1.5s` (a bare `0` is allowed).
 * Sizes: `64B`, `4KB`/`4kB` (1000), `4KiB` (1024), `1MB`, `1MiB`, `1GB`, `1GiB`,
 *        fractional values allowed (`0.5B`: budgets are per request).
 * Counts: `2500`, `10k` (1000), `1M`. Ratios: `0.01` or `1%`.
 * All return 0 on success, -1 on a malformed or out-of-range value. */
#ifndef LEAKCHECK_UNITS_H
#define LEAKCHECK_UNITS_H

#include <stddef.h>
#include <stdint.h>

int units_parse_duration_ms(const char *s, int64_t *out_ms);
int units_parse_bytes(const char *s, double *out_bytes);
int units_parse_count(const char *s, int64_t *out);
int units_parse_ratio(const char *s, double *out);
int units_parse_bool(const char *s, int *out);

/* "1.2 KiB", "-37 B", "3.4 MiB": a human size with sign, into buf. */
const char *units_format_bytes(double bytes, char *buf, size_t len);

#endif
