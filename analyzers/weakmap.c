/* weakmap.c — parse WeakMap ephemeron edge names (see weakmap.h).
 *
 * Equivalent to DevTools' regex
 *   ^\d+( / part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$
 * written as an anchored scan: digits, fixed prefix, fixed suffix with the
 * table id at the end, and somewhere in between a ") -> value (" preceded by
 * " @digits" and the whole middle ending in " @digits)". */
#include "weakmap.h"

#include <stdlib.h>
#include <string.h>

int hs_weakmap_init(hs_weakmap *w, const hs_snapshot *s)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->state = calloc(s->str_count ? s->str_count : 1, 1);
    w->table = malloc((s->str_count ? s->str_count : 1) * sizeof *w->table);
    w->pair = malloc((s->str_count ? s->str_count : 1) * sizeof *w->pair);
    if (!w->state || !w->table || !w->pair) {
        hs_weakmap_free(w);
        return -1;
    }
    return 0;
}

void hs_weakmap_free(hs_weakmap *w)
{
    free(w->state), free(w->table), free(w->pair);
    strtab_free(&w->pairs);
    memset(w, 0, sizeof *w);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True if s[0..len) ends with " @" digits. */
static int ends_with_at_id(const char *s, size_t len)
{
    size_t d = len;
    while (d > 0 && is_digit(s[d - 1]))
        d--;
    return d < len && d >= 2 && s[d - 1] == '@' && s[d - 2] == ' ';
}

/* Parses the table id; returns pointer to the "<n>"-less part or NULL. */
static const char *match(const char *s, size_t len, uint32_t *table)
{
    static const char pre[] = " / part of key (", mid[] = ") -> value (",
                      suf[] = " pair in WeakMap (table @";
    size_t i = 0, end = len;
    uint64_t id = 0;

    while (i < len && is_digit(s[i]))
        i++;
    if (i == 0 || strncmp(s + i, pre, sizeof pre - 1) != 0) return NULL;
    if (end < 2 || s[end - 1] != ')') return NULL;
    size_t d = end - 1;
    while (d > 0 && is_digit(s[d - 1]))
        d--;
    if (d == end - 1 || d < sizeof suf - 1 ||
        strncmp(s + d - (sizeof suf - 1), suf, sizeof suf - 1))
        return NULL;
    for (size_t k = d; k < end - 1 && id <= UINT32_MAX; k++)
        id = id * 10 + (unsigned)(s[k] - '0');
    if (id > UINT32_MAX) return NULL;
    size_t mstart = i + sizeof pre - 1,
           mend = d - (sizeof suf - 1); /* middle: X @k) -> value (Y @v) */
    if (mend <= mstart || s[mend - 1] != ')' || !ends_with_at_id(s, mend - 1)) return NULL;
    for (const char *m = s + mstart;
         (m = strstr(m, mid)) && (size_t)(m - s) + sizeof mid - 1 <= mend; m++) {
        if (ends_with_at_id(s, (size_t)(m - s)) && (size_t)(m - s) >= mstart) {
            *table = (uint32_t)id;
            return s + i;
        }
    }
    return NULL;
}

int hs_weakmap_parse(hs_weakmap *w, uint32_t str, uint32_t *table_id, uint32_t *pair_id)
{
    if (str >= w->s->str_count) return 0;
    if (w->state[str] == 0) {
        const char *s = hs_str(w->s, str);
        size_t len = hs_str_len(w->s, str);
        uint32_t table = 0;
        const char *rest = is_digit(s[0]) ? match(s, len, &table) : NULL;
        w->state[str] = 1;
        if (rest) {
            int64_t id = strtab_intern(&w->pairs, rest, len - (size_t)(rest - s));
            if (id < 0) return -1;
            w->state[str] = 2;
            w->table[str] = table;
            w->pair[str] = (uint32_t)id;
        }
    }
    if (w->state[str] != 2) return 0;
    *table_id = w->table[str];
    if (pair_id) *pair_id = w->pair[str];
    return 1;
}
