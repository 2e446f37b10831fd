/* heapdiff.c — the two-snapshot Comparison view (heapdiff.h); the leak
 * clusters are in heapcluster.c. */
#include "heapdiff.h"
#include "heapclass.h"
#include "shallow.h"
#include "strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct row {
    uint32_t key, id;
    uint64_t self;
} row;

typedef struct keyset {
    strtab keys;
    char **names; /* per key id */
    size_t cap;
} keyset;

/* One stable counting-sort pass of n rows from a into b by the 16 bits at
 * shift of the class key (by_key) or of the id. */
static void row_pass(const row *a, row *b, size_t n, int by_key, unsigned shift, size_t *count)
{
    memset(count, 0, 65537 * sizeof *count);
#define DIGIT(r) (((by_key ? (r).key : (r).id) >> shift) & 0xFFFF)
    for (size_t i = 0; i < n; i++)
        count[DIGIT(a[i]) + 1]++;
    for (size_t d = 1; d <= 65536; d++)
        count[d] += count[d - 1];
    for (size_t i = 0; i < n; i++)
        b[count[DIGIT(a[i])]++] = a[i];
#undef DIGIT
}

/* Sorts rows by (class key, id) with an LSD radix sort: stable, so rows
 * that compare equal keep their order (qsort's merge sort did the same). */
static int sort_rows(row *r, size_t n, uint32_t nkeys)
{
    row *t = malloc((n ? n : 1) * sizeof *t);
    size_t *count = malloc(65537 * sizeof *count);
    if (!t || !count) return free(t), free(count), -1;
    row_pass(r, t, n, 0, 0, count);
    row_pass(t, r, n, 0, 16, count);
    row_pass(r, t, n, 1, 0, count);
    if (nkeys > 0xFFFF) {
        row_pass(t, r, n, 1, 16, count);
    } else {
        memcpy(r, t, n * sizeof *r);
    }
    free(t), free(count);
    return 0;
}

static int64_t global_key(keyset *ks, const hs_classes *c, uint32_t key)
{
    const char *k = strtab_str(&c->keys, key);
    size_t before = ks->keys.count;
    int64_t g = strtab_intern(&ks->keys, k, strlen(k));
    if (g < 0) return -1;
    if ((size_t)g >= ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 256;
        char **n = realloc(ks->names, cap * sizeof *n);
        if (!n) return -1;
        ks->names = n, ks->cap = cap;
    }
    if (ks->keys.count > before) {
        ks->names[g] = strdup(strtab_str(&c->names, c->key_name[key]));
        if (!ks->names[g]) return -1;
    }
    return g;
}

int heapdiff_load_classes(const char *path, hs_snapshot *s, hs_classes *c, char *err, size_t errlen)
{
    char e[400];

    memset(c, 0, sizeof *c);
    if (hs_load(path, HS_LOAD_FULL, s, e, sizeof e) || hs_shallow_sizes(s) ||
        hs_classes_build(s, c, e, sizeof e)) {
        if (!s->node_count)
            snprintf(err, errlen, "%s: %s", path, e);
        else
            snprintf(err, errlen, "%s: out of memory", path);
        hs_free(s);
        return -1;
    }
    return 0;
}

/* Reduces a snapshot to (class, id, self size) rows, sorted by class key
 * then id. 0, or -1 when out of memory. */
static int class_rows(const hs_snapshot *s, const hs_classes *c, keyset *ks, row **rows,
                      size_t *nrows)
{
    size_t n = 0;
    *rows = malloc((s->node_count ? s->node_count : 1) * sizeof **rows);
    /* this snapshot's key ids -> global ones, each looked up once */
    int64_t *global = malloc((c->keys.count ? c->keys.count : 1) * sizeof *global);
    for (size_t k = 0; global && k < c->keys.count; k++)
        global[k] = -2;
    int oom = !*rows || !global;
    for (size_t i = 0; !oom && i < s->node_count; i++) {
        uint64_t self = hs_self_size(s, i);
        if (!self) continue;
        int64_t *g = &global[c->node_class[i]];
        if (*g == -2) *g = global_key(ks, c, c->node_class[i]);
        oom = *g < 0;
        if (!oom) (*rows)[n++] = (row){(uint32_t)*g, s->node_id[i], self};
    }
    free(global);
    if (oom || sort_rows(*rows, n, (uint32_t)ks->keys.count)) return -1;
    *nrows = n;
    return 0;
}

struct heapdiff_rows {
    keyset ks;
    row *r[2];
    size_t n[2], added;
};

heapdiff_rows *heapdiff_rows_new(void)
{
    return calloc(1, sizeof(heapdiff_rows));
}

int heapdiff_rows_add(heapdiff_rows *r, const hs_snapshot *s, const hs_classes *c)
{
    if (r->added == 2) return -1;
    if (class_rows(s, c, &r->ks, &r->r[r->added], &r->n[r->added])) return -1;
    r->added++;
    return 0;
}

void heapdiff_rows_free(heapdiff_rows *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->ks.keys.count; i++)
        free(r->ks.names[i]);
    free(r->ks.names);
    strtab_free(&r->ks.keys);
    free(r->r[0]), free(r->r[1]);
    free(r);
}

/* Merge-walks both row lists one class at a time (calculateDiffForClass). */
static int merge(keyset *ks, const row *a, size_t na, const row *b, size_t nb, heapdiff_result *out)
{
    size_t i = 0, j = 0, cap = 0;
    while (i < na || j < nb) {
        uint32_t k = i < na && (j >= nb || a[i].key <= b[j].key) ? a[i].key : b[j].key;
        heapdiff_class d = {0};
        for (; i < na && a[i].key == k; i++) {
            while (j < nb && b[j].key == k && b[j].id < a[i].id)
                d.added_count++, d.added_bytes += b[j++].self;
            if (j < nb && b[j].key == k && b[j].id == a[i].id)
                j++;
            else
                d.removed_count++, d.removed_bytes += a[i].self;
        }
        for (; j < nb && b[j].key == k; j++)
            d.added_count++, d.added_bytes += b[j].self;
        if (!d.added_count && !d.removed_count) continue;
        d.count_delta = (int64_t)d.added_count - (int64_t)d.removed_count;
        d.size_delta = (int64_t)d.added_bytes - (int64_t)d.removed_bytes;
        d.name = strdup(ks->names[k]);
        d.key = strdup(strtab_str(&ks->keys, k));
        if (out->nclasses == cap) {
            cap = cap ? cap * 2 : 64;
            heapdiff_class *c = realloc(out->classes, cap * sizeof *c);
            if (!c) return -1;
            out->classes = c;
        }
        out->classes[out->nclasses++] = d;
        if (!d.name || !d.key) return -1;
    }
    return 0;
}

static int by_size_delta(const void *a, const void *b)
{
    const heapdiff_class *x = a, *y = b;
    int64_t ax = x->size_delta < 0 ? -x->size_delta : x->size_delta;
    int64_t ay = y->size_delta < 0 ? -y->size_delta : y->size_delta;
    if (ax != ay) return ax > ay ? -1 : 1;
    return strcmp(x->key, y->key);
}

int heapdiff_rows_compare(heapdiff_rows *r, heapdiff_result *out)
{
    if (r->added != 2 || merge(&r->ks, r->r[0], r->n[0], r->r[1], r->n[1], out)) return -1;
    if (out->nclasses) qsort(out->classes, out->nclasses, sizeof *out->classes, by_size_delta);
    return 0;
}

int heapdiff_compare(const char *before, const char *after, heapdiff_result *out, char *err,
                     size_t errlen)
{
    heapdiff_rows *r = heapdiff_rows_new();
    const char *files[2] = {before, after};
    int rc = -1;

    if (!r) return snprintf(err, errlen, "out of memory comparing snapshots"), -1;
    for (int i = 0; i < 2; i++) {
        hs_snapshot s;
        hs_classes c;
        if (heapdiff_load_classes(files[i], &s, &c, err, errlen)) goto out;
        int added = heapdiff_rows_add(r, &s, &c);
        hs_classes_free(&c);
        hs_free(&s);
        if (added) {
            snprintf(err, errlen, "%s: out of memory", files[i]);
            goto out;
        }
    }
    if (heapdiff_rows_compare(r, out)) {
        snprintf(err, errlen, "out of memory comparing snapshots");
        goto out;
    }
    rc = 0;
out:
    heapdiff_rows_free(r);
    return rc;
}

void heapdiff_result_free(heapdiff_result *out)
{
    for (size_t i = 0; i < out->nclasses; i++)
        free(out->classes[i].name), free(out->classes[i].key);
    for (size_t i = 0; i < out->nclusters; i++) {
        heapdiff_cluster *c = &out->clusters[i];
        free(c->class_name), free(c->path), free(c->shape);
    }
    free(out->classes);
    free(out->clusters);
    memset(out, 0, sizeof *out);
}
