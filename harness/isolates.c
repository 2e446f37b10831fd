/* isolates.c — the target's isolates and their growth (isolates.h). */
#include "isolates.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int isolates_find(const isolate_table *t, pid_t pid, int thread)
{
    for (int i = 0; i < t->n; i++)
        if (t->v[i].pid == pid && t->v[i].thread == thread) return i;
    return -1;
}

int isolates_index(isolate_table *t, pid_t pid, int thread, const char *role)
{
    int found = isolates_find(t, pid, thread);
    if (found >= 0) return found;
    if (t->n == ISOLATES_MAX) return t->overflow++, -1;
    isolate_info *i = &t->v[t->n];
    memset(i, 0, sizeof *i);
    i->pid = pid, i->thread = thread;
    snprintf(i->role, sizeof i->role, "%s", role && role[0] ? role : "node");
    return t->n++;
}

const char *isolates_describe(const isolate_info *i, char *buf, size_t len)
{
    if (i->thread)
        snprintf(buf, len, "pid %d thread %d (%s)", (int)i->pid, i->thread, i->role);
    else
        snprintf(buf, len, "pid %d (%s)", (int)i->pid, i->role);
    return buf;
}

int isolates_top_grower(const double *before, const double *after, int n)
{
    int best = -1;
    for (int k = 0; k < n; k++) {
        double d = after[k] - before[k];
        if (!isnan(d) && (best < 0 || d > after[best] - before[best])) best = k;
    }
    return best;
}

double isolates_share(const double *before, const double *after, int n, int k)
{
    double total = 0, d = after[k] - before[k];
    for (int i = 0; i < n; i++)
        if (after[i] - before[i] > 0) total += after[i] - before[i]; /* NaN compares false */
    if (!(total > 0) || isnan(d)) return 1;
    return d > 0 ? d / total : 0;
}

static int by_slope_desc(const void *a, const void *b)
{
    double x = ((const isolate_growth *)a)->slope, y = ((const isolate_growth *)b)->slope;
    return x < y ? 1 : x > y ? -1 : 0;
}

int isolates_growth(const isolate_table *t, const double *x, const double *heap, int from, int n,
                    isolate_growth *out)
{
    int count = 0;
    if (from < 0) from = 0;
    if (n <= from) return 0;
    double *xs = malloc(sizeof *xs * (size_t)(n - from)), *ys = malloc(sizeof *ys * (size_t)(n - from));
    if (!xs || !ys) return free(xs), free(ys), 0;
    for (int k = 0; k < t->n; k++) {
        int m = 0;
        for (int i = from; i < n; i++) {
            double h = heap[(size_t)i * ISOLATES_MAX + k];
            if (isnan(h)) continue;
            xs[m] = x[i], ys[m] = h, m++;
        }
        growth_fit f;
        if (m < 3 || growth_theil_sen(xs, ys, m, 0.95, &f)) continue;
        out[count++] = (isolate_growth){.index = k, .who = t->v[k], .samples = m,
                                        .slope = f.slope, .last_heap = ys[m - 1]};
    }
    free(xs), free(ys);
    qsort(out, (size_t)count, sizeof *out, by_slope_desc);
    return count;
}

int isolates_churn(const double *heap, int from, int n, int *came, int *went)
{
    *came = *went = 0;
    if (from < 0) from = 0;
    for (int i = from + 1; i < n; i++)
        for (int k = 0; k < ISOLATES_MAX; k++) {
            int before = !isnan(heap[(size_t)(i - 1) * ISOLATES_MAX + k]);
            int now = !isnan(heap[(size_t)i * ISOLATES_MAX + k]);
            if (now && !before) (*came)++;
            if (before && !now) (*went)++;
        }
    return *came || *went;
}

const char *isolates_warning(int came, int went, int stale, int overflow, int silent_threads,
                             int unmeasured, const char *who, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    if (unmeasured > 0)
        n += (size_t)snprintf(
            buf + n, len - n,
            "%d process%s without leakcheck's agent hold%s the target's port and answer%s "
            "requests (%s%s): %s heap%s not in the heap signal, only %s RSS and fds are; "
            "leakcheck loads the agent with node flags and NODE_OPTIONS, which %s start "
            "replaced (cluster.setupPrimary({execArgv}), cluster.fork({NODE_OPTIONS}), "
            "spawn with env: {...})",
            unmeasured, unmeasured > 1 ? "es" : "", unmeasured > 1 ? "" : "s",
            unmeasured > 1 ? "" : "s", who && *who ? who : "not named",
            unmeasured > 2 ? ", ..." : "", unmeasured > 1 ? "their" : "its",
            unmeasured > 1 ? "s are" : " is", unmeasured > 1 ? "their" : "its",
            unmeasured > 1 ? "their" : "its");
    if (silent_threads > 0 && n < len)
        n += (size_t)snprintf(
            buf + n, len - n,
            "%s%d worker thread%s never answered a sample: a pool that blocks in Atomics.wait "
            "between tasks (piscina's default useAtomics: true) runs no event loop for the agent, "
            "so %s heap%s not in the heap signal; RSS includes %s (set [budget] rss), or run "
            "the pool with useAtomics: false under test",
            n ? "; " : "", silent_threads, silent_threads > 1 ? "s" : "", silent_threads > 1 ? "their" : "its",
            silent_threads > 1 ? "s are" : " is", silent_threads > 1 ? "them" : "it");
    if ((came || went) && n < len)
        n += (size_t)snprintf(buf + n, len - n,
                              "%sprocesses or worker threads came and went during the measurement "
                              "(%d started, %d ended): the heap sum jumps with them",
                              n ? "; " : "", came, went);
    if (stale && n < len)
        n += (size_t)snprintf(buf + n, len - n,
                              "%s%d answers to samples came late (an isolate busy or blocked, "
                              "e.g. in Atomics.wait) and were counted at their last figures",
                              n ? "; " : "", stale);
    if (overflow && n < len)
        snprintf(buf + n, len - n, "%smore than %d isolates: all summed, %d not named",
                 n ? "; " : "", ISOLATES_MAX, overflow);
    return buf[0] ? buf : NULL;
}
