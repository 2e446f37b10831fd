/* strtab.h — intern byte strings to dense ids (0, 1, 2, ...).
 *
 * Used for class names, class keys and WeakMap edge-name suffixes, where the
 * analyzers need "same string ⇒ same small integer" across millions of nodes
 * or across two snapshots. Memory: the table owns copies of the strings
 * (strtab_free releases them). Complexity: expected O(len) per intern. */
#ifndef LEAKCHECK_STRTAB_H
#define LEAKCHECK_STRTAB_H

#include <stddef.h>
#include <stdint.h>

typedef struct strtab {
    uint32_t *slots; /* id + 1, 0 = empty */
    size_t nslots;
    char **str; /* id -> NUL-terminated copy */
    size_t *len;
    uint64_t *hash;
    size_t count, cap;
} strtab;

/* Returns the id of s[0..len) (adding it if new), or -1 on out of memory. */
int64_t strtab_intern(strtab *t, const char *s, size_t len);
/* Returns the id or -1 if absent. */
int64_t strtab_find(const strtab *t, const char *s, size_t len);
static inline const char *strtab_str(const strtab *t, uint32_t id)
{
    return t->str[id];
}
void strtab_free(strtab *t);

#endif
