/* template.h — request templates: `{{seq}}`, `{{seq%N}}`, `{{uuid}}`, `{{rand}}`.
 *
 * A template is compiled once (so a typo is a config error with its line) and
 * rendered per request into a caller-owned growable buffer; rendering does no
 * allocation once the buffer is large enough, which keeps the load driver cheap.
 * `{{{{` is not special; an unknown `{{name}}` is an error. */
#ifndef LEAKCHECK_TEMPLATE_H
#define LEAKCHECK_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

typedef enum { TPL_LITERAL, TPL_SEQ, TPL_SEQ_MOD, TPL_UUID, TPL_RAND } template_kind;

typedef struct {
    template_kind kind;
    size_t off, len;  /* literal: bytes of src */
    uint64_t modulus; /* TPL_SEQ_MOD */
} template_part;

typedef struct {
    char *src; /* owned copy of the source text */
    template_part *parts;
    int n_parts;
    int is_constant; /* no placeholders: render once */
} template_t;

typedef struct {
    char *data;
    size_t len, cap;
} template_buf;

/* Compiles src. On error returns -1 with a message naming the placeholder. */
int template_compile(template_t *t, const char *src, char *err, size_t errlen);
void template_free(template_t *t);

/* Renders for request number seq; rng is the caller's xorshift state (non-zero).
 * The result is NUL-terminated in buf->data. Returns 0 (out of memory exits,
 * see xalloc.h). */
int template_render(const template_t *t, uint64_t seq, uint64_t *rng, template_buf *buf);
void template_buf_free(template_buf *buf);

uint64_t template_rand_next(uint64_t *state);

#endif
