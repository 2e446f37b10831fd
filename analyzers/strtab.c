/* strtab.c — string interning with open addressing (see strtab.h). */
#include "strtab.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static size_t probe(const strtab *t, const char *s, size_t len, uint64_t h)
{
    size_t mask = t->nslots - 1, i = (size_t)h & mask;
    while (t->slots[i]) {
        uint32_t id = t->slots[i] - 1;
        if (t->hash[id] == h && t->len[id] == len && memcmp(t->str[id], s, len) == 0) break;
        i = (i + 1) & mask;
    }
    return i;
}

static int rehash(strtab *t)
{
    size_t n = t->nslots ? t->nslots * 2 : 256;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    for (size_t id = 0; id < t->count; id++) {
        size_t i = (size_t)t->hash[id] & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)id + 1;
    }
    return 0;
}

static int grow(strtab *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    char **str = realloc(t->str, cap * sizeof *str);
    if (str) t->str = str;
    size_t *len = realloc(t->len, cap * sizeof *len);
    if (len) t->len = len;
    uint64_t *hash = realloc(t->hash, cap * sizeof *hash);
    if (hash) t->hash = hash;
    if (!str || !len || !hash) return -1;
    t->cap = cap;
    return 0;
}

int64_t strtab_find(const strtab *t, const char *s, size_t len)
{
    if (!t->nslots) return -1;
    size_t i = probe(t, s, len, hash_bytes(s, len));
    return t->slots[i] ? (int64_t)t->slots[i] - 1 : -1;
}

int64_t strtab_intern(strtab *t, const char *s, size_t len)
{
    uint64_t h = hash_bytes(s, len);
    if ((t->count + 1) * 2 > t->nslots && rehash(t)) return -1;
    size_t i = probe(t, s, len, h);
    if (t->slots[i]) return (int64_t)t->slots[i] - 1;
    if (t->count == t->cap && grow(t)) return -1;
    char *copy = malloc(len + 1);
    if (!copy) return -1;
    memcpy(copy, s, len);
    copy[len] = 0;
    t->str[t->count] = copy;
    t->len[t->count] = len;
    t->hash[t->count] = h;
    t->slots[i] = (uint32_t)++t->count;
    return (int64_t)t->count - 1;
}

void strtab_free(strtab *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->str[i]);
    free(t->str);
    free(t->len);
    free(t->hash);
    free(t->slots);
    memset(t, 0, sizeof *t);
}
