/* allocsites.c — allocation sites from two sampling heap profiles; see
 * allocsites.h. */
#include "allocsites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

typedef struct {
    char *key; /* "file:line:column function" of the site frame */
    double bytes[2]; /* live sampled bytes at S2, at S3 */
    double best;     /* size of the largest stack kept for it */
    alloc_frame at;
    alloc_frame *stack;
    size_t nstack;
} site_acc;

static void frame_free(alloc_frame *f)
{
    free(f->function), free(f->file);
}

static void frames_free(alloc_frame *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        frame_free(&v[i]);
    free(v);
}

const char *allocsites_kind_name(frame_kind k)
{
    return k == FRAME_APP ? "app" : k == FRAME_DEPENDENCY ? "dependency" : "node";
}

/* path as seen from dir ("../examples/app.js"), both absolute; path itself
 * when they share nothing but the root. */
static char *relative_to(const char *path, const char *dir, size_t dlen)
{
    if (!dlen) return xstrdup(path);
    size_t common = 0; /* length of the shared leading directories */
    for (size_t i = 0; path[i] && i <= dlen; i++) {
        char d = i < dlen ? dir[i] : '/';
        if (path[i] != d) break;
        if (d == '/') common = i;
    }
    if (common == 0) return xstrdup(path);
    int ups = 0;
    for (size_t i = common; i < dlen; i++)
        ups += dir[i] == '/';
    size_t len = (size_t)ups * 3 + strlen(path + common + 1) + 1;
    char *out = xmalloc(len), *o = out;
    for (int k = 0; k < ups; k++)
        memcpy(o, "../", 3), o += 3;
    strcpy(o, path + common + 1);
    return out;
}

/* Kind and display path of a V8 script url. */
static void classify(const char *url, const char *cwd, alloc_frame *f)
{
    if (!strncmp(url, "file://", 7)) url += 7;
    const char *nm = NULL;
    for (const char *p = url; (p = strstr(p, "/node_modules/")); p++)
        nm = p;
    size_t clen = cwd ? strlen(cwd) : 0;
    if (!*url || !strncmp(url, "node:", 5) || url[0] != '/') {
        f->kind = FRAME_NODE;
        f->file = xstrdup(*url ? url : "(native)");
    } else if (nm) {
        f->kind = FRAME_DEPENDENCY;
        f->file = xstrdup(nm + 1);
    } else {
        f->kind = FRAME_APP;
        f->file = relative_to(url, cwd, clen);
    }
}

/* One [function, url, line, column] into f. 0, or -1 when malformed. */
static int read_frame(const json_t *j, const char *cwd, alloc_frame *f)
{
    const char *fn = json_string_value(json_array_get(j, 0));
    const char *url = json_string_value(json_array_get(j, 1));
    json_t *line = json_array_get(j, 2), *col = json_array_get(j, 3);
    if (!json_is_array(j) || !fn || !url || !json_is_integer(line) || !json_is_integer(col))
        return -1;
    memset(f, 0, sizeof *f);
    f->function = xstrdup(*fn ? fn : "(anonymous)");
    f->line = (int)json_integer_value(line);
    f->column = (int)json_integer_value(col);
    classify(url, cwd, f);
    return 0;
}

static size_t site_frame(const alloc_frame *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == FRAME_APP) return i;
    for (size_t i = 0; i < n; i++)
        if (v[i].kind == FRAME_DEPENDENCY) return i;
    return 0;
}

static site_acc *find_or_add(site_acc **acc, size_t *n, size_t *cap, const char *key)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*acc)[i].key, key)) return &(*acc)[i];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *acc = xrealloc(*acc, sizeof **acc * *cap);
    }
    site_acc *a = &(*acc)[(*n)++];
    memset(a, 0, sizeof *a);
    a->key = xstrdup(key);
    return a;
}

static int add_profile(const json_t *sites, int which, const char *cwd, site_acc **acc,
                       size_t *n, size_t *cap, char *err, size_t errlen)
{
    if (!json_is_array(sites)) return snprintf(err, errlen, "profile without sites"), -1;
    size_t i;
    json_t *e;
    json_array_foreach(sites, i, e)
    {
        json_t *size = json_array_get(e, 0), *frames = json_array_get(e, 1);
        size_t nf = json_array_size(frames);
        if (!json_is_number(size) || !json_is_array(frames) || nf == 0)
            return snprintf(err, errlen, "profile site %zu is malformed", i), -1;
        alloc_frame *v = xcalloc(nf, sizeof *v);
        for (size_t k = 0; k < nf; k++)
            if (read_frame(json_array_get(frames, k), cwd, &v[k]) < 0) {
                frames_free(v, k);
                return snprintf(err, errlen, "profile site %zu: frame %zu is malformed", i, k),
                       -1;
            }
        size_t s = site_frame(v, nf);
        char key[1024];
        snprintf(key, sizeof key, "%s:%d:%d %s", v[s].file, v[s].line, v[s].column,
                 v[s].function);
        site_acc *a = find_or_add(acc, n, cap, key);
        double bytes = json_number_value(size);
        a->bytes[which] += bytes;
        if (which == 1 && bytes > a->best) {
            frames_free(a->stack, a->nstack);
            frame_free(&a->at);
            a->best = bytes;
            a->stack = v;
            a->nstack = nf;
            a->at = (alloc_frame){xstrdup(v[s].function), xstrdup(v[s].file), v[s].line,
                                  v[s].column, v[s].kind};
        } else {
            frames_free(v, nf);
        }
    }
    return 0;
}

static int by_bytes_desc(const void *a, const void *b)
{
    double x = ((const alloc_site *)a)->bytes_per_request,
           y = ((const alloc_site *)b)->bytes_per_request;
    return (x < y) - (x > y);
}

int allocsites_from_profiles(const json_t *at_s2, const json_t *at_s3, int64_t requests,
                             const char *cwd, alloc_sites *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (requests <= 0) return snprintf(err, errlen, "no requests between the profiles"), -1;
    site_acc *acc = NULL;
    size_t n = 0, cap = 0;
    int r = add_profile(at_s2, 0, cwd, &acc, &n, &cap, err, errlen);
    if (r == 0) r = add_profile(at_s3, 1, cwd, &acc, &n, &cap, err, errlen);
    double total = 0;
    for (size_t i = 0; r == 0 && i < n; i++) {
        double d = (acc[i].bytes[1] - acc[i].bytes[0]) / (double)requests;
        if (d > 0) total += d;
    }
    out->total_per_request = total;
    out->sites = xcalloc(n ? n : 1, sizeof *out->sites);
    for (size_t i = 0; i < n; i++) {
        site_acc *a = &acc[i];
        double d = (a->bytes[1] - a->bytes[0]) / (double)requests;
        if (r == 0 && a->stack && d >= 1 && d >= 0.01 * total) {
            out->sites[out->nsites++] =
                (alloc_site){.at = a->at, .stack = a->stack, .nstack = a->nstack,
                             .bytes_per_request = d};
        } else {
            frame_free(&a->at);
            frames_free(a->stack, a->nstack);
        }
        free(a->key);
    }
    free(acc);
    qsort(out->sites, out->nsites, sizeof *out->sites, by_bytes_desc);
    while (out->nsites > ALLOCSITES_MAX) {
        alloc_site *s = &out->sites[--out->nsites];
        frame_free(&s->at);
        frames_free(s->stack, s->nstack);
    }
    if (r < 0) allocsites_free(out);
    return r;
}

void allocsites_free(alloc_sites *s)
{
    for (size_t i = 0; i < s->nsites; i++) {
        frame_free(&s->sites[i].at);
        frames_free(s->sites[i].stack, s->sites[i].nstack);
    }
    free(s->sites);
    memset(s, 0, sizeof *s);
}

const char *allocsites_describe(const alloc_frame *f, char *buf, size_t len)
{
    snprintf(buf, len, "%s (%s:%d)", f->function, f->file, f->line);
    return buf;
}

const char *allocsites_stack_text(const alloc_site *a, size_t frames, const char *sep, char *buf,
                                  size_t len)
{
    size_t o = 0;
    if (len) buf[0] = 0;
    for (size_t k = 0; k < a->nstack && k < frames && o + 1 < len; k++) {
        const alloc_frame *f = &a->stack[k];
        int n = snprintf(buf + o, len - o, "%s%s (%s:%d:%d)", k ? sep : "", f->function, f->file,
                         f->line, f->column);
        if (n < 0) break;
        o += (size_t)n;
    }
    return buf;
}
