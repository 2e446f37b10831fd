/* sample.c — agent replies and /proc into samples, samples into CSV. */
#include "sample.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

double sample_heap_bytes(const sample *s)
{
    return s->heap_used + s->external;
}

static double num(json_t *obj, const char *key, int *missing)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_number(v)) {
        (*missing)++;
        return 0;
    }
    return json_number_value(v);
}

/* Sockets are excluded from the resources signal: the harness's own keep-alive
 * connections come and go with the server's keepAliveTimeout. */
static int is_socket_type(const char *type)
{
    return !strcmp(type, "TCPSocketWrap") || !strcmp(type, "TCPWRAP");
}

static void read_resources(json_t *res, sample *s)
{
    const char *key;
    json_t *val;
    size_t used = 0;
    s->resources = 0;
    s->resources_detail[0] = 0;
    json_object_foreach(res, key, val)
    {
        if (!json_is_number(val)) continue;
        double n = json_number_value(val);
        if (!is_socket_type(key)) s->resources += n;
        int w = snprintf(s->resources_detail + used, sizeof s->resources_detail - used, "%s%.40s=%g",
                         used ? " " : "", key, n);
        if (w > 0 && used + (size_t)w < sizeof s->resources_detail) used += (size_t)w;
    }
}

int sample_from_json(json_t *reply, sample *s)
{
    int missing = 0;
    json_t *mem = json_object_get(reply, "memory"), *heap = json_object_get(reply, "heap");
    if (!json_is_object(mem)) return -1;
    s->heap_used = num(mem, "heapUsed", &missing);
    s->heap_total = num(mem, "heapTotal", &missing);
    s->external = num(mem, "external", &missing);
    int optional = 0;
    s->array_buffers = num(mem, "arrayBuffers", &optional);
    s->native_contexts = json_is_object(heap) ? num(heap, "number_of_native_contexts", &optional) : 0;
    s->detached_contexts =
        json_is_object(heap) ? num(heap, "number_of_detached_contexts", &optional) : 0;
    double rounds = num(reply, "gc_rounds", &optional); /* untrusted: clamp before the cast */
    s->gc_rounds = rounds >= 0 && rounds <= 1000 ? (int)rounds : -1;
    json_t *res = json_object_get(reply, "resources");
    if (json_is_object(res)) read_resources(res, s);
    return missing ? -1 : 0;
}

int sample_proc_rss(pid_t pid, double *bytes)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    unsigned long size, resident;
    int ok = fscanf(f, "%lu %lu", &size, &resident) == 2;
    fclose(f);
    if (!ok) return -1;
    *bytes = (double)resident * (double)sysconf(_SC_PAGESIZE);
    return 0;
}

FILE *samples_csv_open(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) return NULL;
    fputs("endpoint,phase,step,requests,t_s,heap_used,external,heap_plus_external,heap_total,"
          "array_buffers,rss,resources,native_contexts,detached_contexts,gc_rounds,"
          "resources_detail,fds,isolates,stale\n",
          f);
    fflush(f);
    return f;
}

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputc('"', f);
}

void samples_csv_write(FILE *f, const char *endpoint, const char *phase, int step,
                       const sample *s)
{
    if (!f) return;
    csv_field(f, endpoint);
    fprintf(f, ",%s,%d,%lld,%.3f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%d,", phase, step,
            (long long)s->requests, s->t_s, s->heap_used, s->external, sample_heap_bytes(s),
            s->heap_total, s->array_buffers, s->rss, s->resources, s->native_contexts,
            s->detached_contexts, s->gc_rounds);
    csv_field(f, s->resources_detail);
    fprintf(f, ",%.0f,%d,%d\n", s->fds, s->isolates, s->stale);
    fflush(f); /* every sample on disk at once: nothing is lost on a crash */
}

void sample_add(sample *a, const sample *b)
{
    a->heap_used += b->heap_used;
    a->heap_total += b->heap_total;
    a->external += b->external;
    a->array_buffers += b->array_buffers;
    a->native_contexts += b->native_contexts;
    a->detached_contexts += b->detached_contexts;
    a->resources += b->resources;
    if (b->gc_rounds > a->gc_rounds) a->gc_rounds = b->gc_rounds;
    if (!a->resources_detail[0])
        snprintf(a->resources_detail, sizeof a->resources_detail, "%s", b->resources_detail);
}

int sample_proc_fds(pid_t pid, double *count)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (!d) return -1;
    int n = 0;
    char link[80], to[16];
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        /* sockets are the load's own connections coming and going */
        snprintf(link, sizeof link, "%s/%.20s", path, e->d_name);
        ssize_t l = readlink(link, to, sizeof to - 1);
        if (l >= 7 && !memcmp(to, "socket:", 7)) continue;
        n++;
    }
    closedir(d);
    *count = n;
    return 0;
}
