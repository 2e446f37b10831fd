/* xalloc.c — allocate or exit(2) with a message; see xalloc.h for why. */
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void xalloc_die(size_t size)
{
    fprintf(stderr, "leakcheck: out of memory (%zu bytes)\n", size);
    exit(2);
}

void *xmalloc(size_t size)
{
    /* malloc(0) may return NULL on success; ask for one byte instead. */
    void *p = malloc(size ? size : 1);
    if (!p) xalloc_die(size);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) xalloc_die(SIZE_MAX);
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) xalloc_die(n * size);
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *np = realloc(p, size ? size : 1);
    if (!np) xalloc_die(size);
    return np;
}

char *xstrdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = xmalloc(len);
    memcpy(d, s, len);
    return d;
}
