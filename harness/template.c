/* template.c — compile once, render per request; see template.h. */
#include "template.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void add_part(template_t *t, template_part p)
{
    t->parts = xrealloc(t->parts, sizeof *t->parts * (t->n_parts + 1));
    t->parts[t->n_parts++] = p;
}

/* Parses the inside of one {{...}} (name, nlen) into part. */
static int parse_placeholder(const char *name, size_t nlen, template_part *p, char *err,
                             size_t errlen)
{
    if (nlen == 3 && memcmp(name, "seq", 3) == 0) return p->kind = TPL_SEQ, 0;
    if (nlen == 4 && memcmp(name, "uuid", 4) == 0) return p->kind = TPL_UUID, 0;
    if (nlen == 4 && memcmp(name, "rand", 4) == 0) return p->kind = TPL_RAND, 0;
    if (nlen > 4 && memcmp(name, "seq%", 4) == 0) {
        uint64_t m = 0;
        size_t i;
        for (i = 4; i < nlen && name[i] >= '0' && name[i] <= '9' && m < 1000000000000ULL; i++)
            m = m * 10 + (uint64_t)(name[i] - '0');
        if (i == nlen && m > 0) {
            p->kind = TPL_SEQ_MOD;
            p->modulus = m;
            return 0;
        }
    }
    /* a name is a captured variable, bound later (template_bind_vars) */
    int ident = nlen > 0 && nlen <= 64 && (isalpha((unsigned char)name[0]) || name[0] == '_');
    for (size_t i = 0; ident && i < nlen; i++)
        ident = isalnum((unsigned char)name[i]) || name[i] == '_';
    if (ident) return p->kind = TPL_VAR, p->var = -1, 0;
    snprintf(err, errlen,
             "unknown template '{{%.*s}}' (valid: {{seq}}, {{seq%%N}} with N > 0, {{uuid}}, "
             "{{rand}}, or {{name}} for a value captured with 'capture = name ...')",
             (int)(nlen > 40 ? 40 : nlen), name);
    return -1;
}

int template_compile(template_t *t, const char *src, char *err, size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->src = xstrdup(src);
    size_t i = 0, lit = 0, n = strlen(src);
    while (i < n) {
        const char *close;
        if (src[i] != '{' || src[i + 1] != '{' || !(close = strstr(src + i + 2, "}}"))) {
            i++;
            continue;
        }
        template_part p = {0};
        if (parse_placeholder(src + i + 2, (size_t)(close - src - i - 2), &p, err, errlen) < 0)
            return template_free(t), -1;
        if (i > lit) add_part(t, (template_part){TPL_LITERAL, lit, i - lit, 0, 0});
        if (p.kind == TPL_VAR) p.off = i + 2, p.len = (size_t)(close - src - i - 2);
        add_part(t, p);
        i = lit = (size_t)(close - src) + 2;
    }
    if (n > lit) add_part(t, (template_part){TPL_LITERAL, lit, n - lit, 0, 0});
    t->is_constant = 1;
    for (int k = 0; k < t->n_parts; k++)
        if (t->parts[k].kind != TPL_LITERAL) t->is_constant = 0;
    return 0;
}

void template_free(template_t *t)
{
    free(t->src);
    free(t->parts);
    memset(t, 0, sizeof *t);
}

static void buf_reserve(template_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void template_buf_append(template_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

uint64_t template_rand_next(uint64_t *s)
{
    /* xorshift64*: fast, good enough for unique-ish request data */
    uint64_t x = *s ? *s : 0x9E3779B97F4A7C15ULL;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static void render_uuid(uint64_t *rng, template_buf *b)
{
    uint64_t hi = template_rand_next(rng), lo = template_rand_next(rng);
    hi = (hi & ~0xF000ULL) | 0x4000ULL;       /* version 4 */
    lo = (lo & ~(3ULL << 62)) | (2ULL << 62); /* variant 10 */
    char s[40];
    int n = snprintf(
        s, sizeof s, "%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%012" PRIx64,
        hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48, (uint64_t)(lo & 0xFFFFFFFFFFFFULL));
    template_buf_append(b, s, (size_t)n);
}

int template_render(const template_t *t, uint64_t seq, uint64_t *rng, template_buf *b)
{
    return template_render_vars(t, seq, rng, NULL, b);
}

int template_render_vars(const template_t *t, uint64_t seq, uint64_t *rng,
                         const template_vars *vars, template_buf *b)
{
    char num[32];
    b->len = 0;
    buf_reserve(b, 0);
    b->data[0] = 0;
    for (int k = 0; k < t->n_parts; k++) {
        const template_part *p = &t->parts[k];
        int n;
        switch (p->kind) {
        case TPL_LITERAL:
            template_buf_append(b, t->src + p->off, p->len);
            break;
        case TPL_SEQ:
            n = snprintf(num, sizeof num, "%" PRIu64, seq);
            template_buf_append(b, num, (size_t)n);
            break;
        case TPL_SEQ_MOD:
            n = snprintf(num, sizeof num, "%" PRIu64, seq % p->modulus);
            template_buf_append(b, num, (size_t)n);
            break;
        case TPL_UUID:
            render_uuid(rng, b);
            break;
        case TPL_RAND:
            n = snprintf(num, sizeof num, "%" PRIu64, template_rand_next(rng) >> 11);
            template_buf_append(b, num, (size_t)n);
            break;
        case TPL_VAR:
            if (vars && p->var >= 0 && p->var < vars->n && vars->values[p->var])
                template_buf_append(b, vars->values[p->var], strlen(vars->values[p->var]));
            break;
        }
    }
    return 0;
}

int template_bind_vars(template_t *t, int (*lookup)(void *ctx, const char *name, size_t len),
                       void *ctx, char *bad, size_t badlen)
{
    for (int k = 0; k < t->n_parts; k++) {
        template_part *p = &t->parts[k];
        if (p->kind != TPL_VAR) continue;
        p->var = lookup(ctx, t->src + p->off, p->len);
        if (p->var < 0)
            return snprintf(bad, badlen, "%.*s", (int)p->len, t->src + p->off), -1;
    }
    return 0;
}

int template_has_vars(const template_t *t)
{
    for (int k = 0; k < t->n_parts; k++)
        if (t->parts[k].kind == TPL_VAR) return 1;
    return 0;
}

void template_buf_free(template_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}
