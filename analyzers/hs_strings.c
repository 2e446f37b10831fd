/* hs_strings.c — decode the snapshot's `strings` array into one arena.
 *
 * Heap strings are untrusted and can be large (V8 caps names, not string
 * values), so the section is never held as one JSON string: each element is
 * decoded straight from the reader window into a growing arena of
 * NUL-terminated UTF-8, with an offset table. JSON escapes are decoded,
 * \uXXXX surrogate pairs are combined, and lone surrogates become U+FFFD so
 * later output is always valid UTF-8 (raw non-ASCII bytes are kept as they
 * are; the printers validate them). */
#include "hs_parse.h"

#include <stdlib.h>
#include <string.h>

typedef struct arena {
    char *data;
    size_t len, cap;
} arena;

static int arena_reserve(arena *a, size_t more)
{
    if (a->len + more <= a->cap) return 0;
    size_t cap = a->cap ? a->cap : (1u << 16);
    while (cap < a->len + more)
        cap *= 2;
    char *d = realloc(a->data, cap);
    if (!d) return -1;
    a->data = d;
    a->cap = cap;
    return 0;
}

static void put_utf8(arena *a, uint32_t cp)
{
    char *o = a->data + a->len;
    if (cp < 0x80) {
        o[0] = (char)cp;
        a->len += 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        a->len += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        a->len += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        a->len += 4;
    }
}

static int hex4(const unsigned char *h, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = h[i], d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    *out = v;
    return 0;
}

/* Decodes one escape at r->pos (the backslash). */
static int decode_escape(hs_parse *p, arena *a)
{
    hsr *r = &p->r;
    uint64_t off = hsr_offset(r);
    size_t avail = hsr_fill(r, 12);
    const unsigned char *e = r->buf + r->pos;
    uint32_t cp, lo;

    if (avail < 2)
        return hsr_error(r, off, p->err, p->errlen, "unexpected end of file in \"strings\"");
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *k = e[1] ? strchr(from, e[1]) : NULL;
    if (k) {
        a->data[a->len++] = to[k - from];
        r->pos += 2;
        return 0;
    }
    if (e[1] != 'u' || avail < 6 || hex4(e + 2, &cp))
        return hsr_error(r, off, p->err, p->errlen,
                         avail < 6 && e[1] == 'u' ? "unexpected end of file in \"strings\""
                                                  : "bad escape in \"strings\"");
    r->pos += 6;
    if (cp >= 0xD800 && cp < 0xDC00 && avail >= 12 && e[6] == '\\' && e[7] == 'u' &&
        !hex4(e + 8, &lo) && lo >= 0xDC00 && lo < 0xE000) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        r->pos += 6;
    } else if (cp >= 0xD800 && cp < 0xE000) {
        cp = 0xFFFD; /* lone surrogate */
    }
    put_utf8(a, cp);
    return 0;
}

static unsigned char stop[256];

/* Decodes one string body (after its opening quote) onto the arena. */
static int decode_string(hs_parse *p, arena *a)
{
    hsr *r = &p->r;
    uint64_t start = hsr_offset(r) - 1;

    for (;;) {
        if (r->pos >= r->len && hsr_fill(r, 1) == 0)
            return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                             "unexpected end of file in \"strings\" (string started at offset "
                             "%llu)",
                             (unsigned long long)start);
        unsigned char *s = r->buf + r->pos, *q = s, *end = r->buf + r->len;
        while (q < end && !stop[*q])
            q++;
        if (arena_reserve(a, (size_t)(q - s) + 8))
            return hsr_error(r, hsr_offset(r), p->err, p->errlen, "out of memory");
        memcpy(a->data + a->len, s, (size_t)(q - s));
        a->len += (size_t)(q - s);
        r->pos = (size_t)(q - r->buf);
        if (q == end) continue;
        if (*q == '"') {
            r->pos++;
            a->data[a->len++] = 0;
            return 0;
        }
        if (*q != '\\')
            return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                             "control character 0x%02x inside a string in \"strings\"", *q);
        if (decode_escape(p, a)) return -1;
    }
}

/* Offsets are 32-bit until the arena passes 4 GiB (then all are widened). */
static int widen_offsets(hs_snapshot *s, size_t cap)
{
    uint64_t *w = malloc(cap * sizeof *w);
    if (!w) return -1;
    for (size_t k = 0; k < cap; k++)
        w[k] = s->str_off[k];
    free(s->str_off);
    s->str_off = NULL;
    s->str_off64 = w;
    return 0;
}

static int push_offset(hs_parse *p, size_t *cap, size_t n, uint64_t off)
{
    hs_snapshot *s = p->s;
    if (n >= *cap) {
        size_t c = *cap ? *cap * 2 : 4096;
        void *o = s->str_off64 ? realloc(s->str_off64, c * 8) : realloc(s->str_off, c * 4);
        if (!o) return -1;
        *(s->str_off64 ? (void **)&s->str_off64 : (void **)&s->str_off) = o;
        *cap = c;
    }
    if (off > UINT32_MAX && !s->str_off64 && widen_offsets(s, *cap)) return -1;
    if (s->str_off64)
        s->str_off64[n] = off;
    else
        s->str_off[n] = (uint32_t)off;
    return 0;
}

int hs_parse_strings(hs_parse *p)
{
    hsr *r = &p->r;
    arena a = {0};
    size_t n = 0, cap = 0;
    int c;

    if (!stop['"']) {
        stop['"'] = stop['\\'] = 1;
        for (int i = 0; i < 0x20; i++)
            stop[i] = 1;
    }
    c = hsr_peek(r);
    if (c != '[')
        return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                         c < 0 ? "unexpected end of file, expected '[' for \"strings\""
                               : "expected '[' for \"strings\"");
    r->pos++;
    c = hsr_peek(r);
    while (c != ']') {
        if (c != '"') goto bad;
        r->pos++;
        if (push_offset(p, &cap, n, a.len)) goto oom;
        if (decode_string(p, &a)) goto fail;
        n++;
        c = hsr_peek(r);
        if (c == ',') {
            r->pos++;
            c = hsr_peek(r);
            if (c == ']') goto bad;
        } else if (c != ']') {
            goto bad;
        }
    }
    r->pos++;
    if (push_offset(p, &cap, n, a.len)) goto oom;
    p->s->str_data = a.data ? a.data : calloc(1, 1);
    p->s->str_count = n;
    return 0;
bad:
    free(a.data);
    return hsr_error(r, hsr_offset(r), p->err, p->errlen,
                     c < 0 ? "unexpected end of file in \"strings\""
                           : "expected a string, ',' or ']' in \"strings\"");
oom:
    free(a.data);
    return hsr_error(r, hsr_offset(r), p->err, p->errlen, "out of memory");
fail:
    free(a.data);
    return -1;
}
