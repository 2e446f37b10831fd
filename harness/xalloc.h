/* xalloc.h — the harness's one out-of-memory policy.
 *
 * A harness that runs out of memory cannot report honestly: a half-built
 * sample series or a report missing an endpoint would read as a verdict. And
 * the memory that matters is the target's, which we measure, not ours. So the
 * harness does not try to carry on: these wrappers print
 * `leakcheck: out of memory (N bytes)` to stderr and exit(2), the exit status
 * of a harness error. They never return NULL; callers own and free() what
 * they return.
 *
 * analyzers/ does not use them: a library reports failure as a value. */
#ifndef LEAKCHECK_XALLOC_H
#define LEAKCHECK_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
/* Like realloc(p, size), but p is never lost: it is either moved or we exit. */
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
