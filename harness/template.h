/* template.h — request templates: `{{seq}}`, `{{seq%N}}`, `{{uuid}}`, `{{rand}}`,
 * and `{{name}}`: a variable captured from a response ([setup] capture = ...).
 *
 * A template is compiled once (so a typo is a config error with its line) and
 * rendered per request into a caller-owned growable buffer; rendering does no
 * allocation once the buffer is large enough, which keeps the load driver cheap.
 * `{{{{` is not special. A `{{name}}` that is not a built-in is a variable:
 * template_compile leaves its index at -1, config.c binds it to a capture
 * (template_bind_vars) or reports it with its line. */
#ifndef LEAKCHECK_TEMPLATE_H
#define LEAKCHECK_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

typedef enum { TPL_LITERAL, TPL_SEQ, TPL_SEQ_MOD, TPL_UUID, TPL_RAND, TPL_VAR } template_kind;

typedef struct {
    template_kind kind;
    size_t off, len;  /* literal, variable: bytes of src (a variable's name) */
    uint64_t modulus; /* TPL_SEQ_MOD */
    int var;          /* TPL_VAR: index into the caller's values; -1 unbound */
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

/* The values of the captured variables, by index (a NULL value renders as
 * nothing: it was never captured). */
typedef struct {
    char **values;
    int n;
} template_vars;

/* Compiles src. On error returns -1 with a message naming the placeholder. */
int template_compile(template_t *t, const char *src, char *err, size_t errlen);
void template_free(template_t *t);

/* Renders for request number seq; rng is the caller's xorshift state (non-zero).
 * The result is NUL-terminated in buf->data. Returns 0 (out of memory exits,
 * see xalloc.h). */
int template_render(const template_t *t, uint64_t seq, uint64_t *rng, template_buf *buf);
/* The same with variables. */
int template_render_vars(const template_t *t, uint64_t seq, uint64_t *rng,
                         const template_vars *vars, template_buf *buf);

/* Binds each variable of t to its index by name (lookup returns -1 for an
 * unknown name). Returns 0, or -1 with the first unknown name in bad (at most
 * badlen bytes). */
int template_bind_vars(template_t *t, int (*lookup)(void *ctx, const char *name, size_t len),
                       void *ctx, char *bad, size_t badlen);
/* Does t use a variable? */
int template_has_vars(const template_t *t);
void template_buf_free(template_buf *buf);
/* Appends n bytes, kept NUL-terminated (out of memory exits). */
void template_buf_append(template_buf *buf, const char *s, size_t n);

uint64_t template_rand_next(uint64_t *state);

#endif
