/* mix.c — the mixed run's design and its regression; see mix.h. */
#include "mix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "growth.h"
#include "template.h"

static double uniform(uint64_t *rng)
{
    return (double)(template_rand_next(rng) >> 11) / 9007199254740992.0; /* [0, 1) */
}

void mix_plan_step(const double *weights, int n_eps, int64_t total, int step, uint64_t *rng,
                   int64_t *counts)
{
    /* which endpoint is high in this step: a permutation per cycle of n_eps
     * steps, drawn from a seed of the cycle's number (so each step of the
     * cycle sees the same one without keeping state) */
    int cycle = step / n_eps, pos = step % n_eps;
    uint64_t cseed = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)(cycle + 1) * 0xBF58476D1CE4E5B9ULL);
    int perm[MIX_MAX_ENDPOINTS];
    for (int i = 0; i < n_eps; i++)
        perm[i] = i;
    for (int i = n_eps - 1; i > 0; i--) {
        int j = (int)(template_rand_next(&cseed) % (uint64_t)(i + 1));
        int t = perm[i];
        perm[i] = perm[j], perm[j] = t;
    }
    double share[MIX_MAX_ENDPOINTS], sum = 0;
    for (int i = 0; i < n_eps; i++) {
        double m = (i == perm[pos] ? 4.0 : 1.0) * (0.6 + 0.8 * uniform(rng));
        share[i] = (weights[i] > 0 ? weights[i] : 1) * m;
        sum += share[i];
    }
    int64_t given = 0;
    for (int i = 0; i < n_eps; i++) {
        counts[i] = (int64_t)floor((double)total * share[i] / sum);
        if (counts[i] < 1) counts[i] = 1;
        given += counts[i];
    }
    /* the remainder to the largest share, so the total is exact */
    int big = 0;
    for (int i = 1; i < n_eps; i++)
        if (share[i] > share[big]) big = i;
    counts[big] += total - given;
    if (counts[big] < 1) counts[big] = 1;
}

/* Inverts the symmetric positive definite n×n matrix a (row-major) in place
 * by Gauss–Jordan with partial pivoting. Returns -1 when singular. */
static int invert(double *a, int n)
{
    double inv[MIX_MAX_ENDPOINTS * MIX_MAX_ENDPOINTS];
    memset(inv, 0, sizeof(double) * (size_t)(n * n));
    for (int i = 0; i < n; i++)
        inv[i * n + i] = 1;
    double scale = 0;
    for (int i = 0; i < n; i++)
        if (fabs(a[i * n + i]) > scale) scale = fabs(a[i * n + i]);
    for (int c = 0; c < n; c++) {
        int p = c;
        for (int r = c + 1; r < n; r++)
            if (fabs(a[r * n + c]) > fabs(a[p * n + c])) p = r;
        if (fabs(a[p * n + c]) <= 1e-12 * (scale > 0 ? scale : 1)) return -1;
        if (p != c)
            for (int k = 0; k < n; k++) {
                double t = a[c * n + k];
                a[c * n + k] = a[p * n + k], a[p * n + k] = t;
                t = inv[c * n + k];
                inv[c * n + k] = inv[p * n + k], inv[p * n + k] = t;
            }
        double d = a[c * n + c];
        for (int k = 0; k < n; k++)
            a[c * n + k] /= d, inv[c * n + k] /= d;
        for (int r = 0; r < n; r++) {
            if (r == c) continue;
            double f = a[r * n + c];
            if (f == 0) continue;
            for (int k = 0; k < n; k++)
                a[r * n + k] -= f * a[c * n + k], inv[r * n + k] -= f * inv[c * n + k];
        }
    }
    memcpy(a, inv, sizeof(double) * (size_t)(n * n));
    return 0;
}

static int fit_once(const double *dy, const int64_t *counts, const unsigned char *keep,
                    int n_steps, int n_eps, double confidence, mix_fit_result *out);

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Least squares, then again without the steps whose residual is over 4
 * robust standard deviations (1.4826 × the median absolute residual), at
 * most a tenth of them: a Map or an array that doubles its backing store
 * adds a one-off jump of a MB or more to one step, which would otherwise
 * widen every interval. */
int mix_fit(const double *dy, const int64_t *counts, int n_steps, int n_eps, double confidence,
            mix_fit_result *out)
{
    unsigned char *keep = malloc((size_t)(n_steps > 0 ? n_steps : 1));
    double *res = malloc(sizeof *res * (size_t)(n_steps > 0 ? n_steps : 1));
    if (!keep || !res) return free(keep), free(res), -1;
    memset(keep, 1, (size_t)n_steps);
    int rc = fit_once(dy, counts, keep, n_steps, n_eps, confidence, out);
    if (rc == 0) {
        for (int k = 0; k < n_steps; k++) {
            double fit = 0;
            for (int i = 0; i < n_eps; i++)
                fit += out->slope[i] * (double)counts[k * n_eps + i];
            res[k] = fabs(dy[k] - fit);
        }
        double *sorted = malloc(sizeof *sorted * (size_t)n_steps);
        if (sorted) {
            memcpy(sorted, res, sizeof *sorted * (size_t)n_steps);
            qsort(sorted, (size_t)n_steps, sizeof *sorted, cmp_double);
            double cut = 4 * 1.4826 * sorted[n_steps / 2];
            int dropped = 0;
            for (int k = 0; k < n_steps && cut > 0; k++)
                if (res[k] > cut && dropped < n_steps / 10) keep[k] = 0, dropped++;
            free(sorted);
            mix_fit_result again;
            if (dropped && fit_once(dy, counts, keep, n_steps, n_eps, confidence, &again) == 0) {
                *out = again;
                out->dropped = dropped;
            }
        }
    }
    free(keep), free(res);
    return rc;
}

static int fit_once(const double *dy, const int64_t *counts, const unsigned char *keep,
                    int n_steps, int n_eps, double confidence, mix_fit_result *out)
{
    memset(out, 0, sizeof *out);
    if (n_eps < 1 || n_eps > MIX_MAX_ENDPOINTS || n_steps <= n_eps + 1) return -1;
    int e = n_eps;
    double xtx[MIX_MAX_ENDPOINTS * MIX_MAX_ENDPOINTS] = {0}, xty[MIX_MAX_ENDPOINTS] = {0};
    int used = 0;
    for (int k = 0; k < n_steps; k++)
        used += keep[k];
    if (used <= n_eps + 1) return -1;
    for (int k = 0; k < n_steps; k++)
        for (int i = 0; i < e && keep[k]; i++) {
            double xi = (double)counts[k * e + i];
            xty[i] += xi * dy[k];
            for (int j = 0; j < e; j++)
                xtx[i * e + j] += xi * (double)counts[k * e + j];
        }
    if (invert(xtx, e) < 0) return -1;
    for (int i = 0; i < e; i++) {
        out->slope[i] = 0;
        for (int j = 0; j < e; j++)
            out->slope[i] += xtx[i * e + j] * xty[j];
    }
    double rss = 0;
    for (int k = 0; k < n_steps; k++) {
        if (!keep[k]) continue;
        double fit = 0;
        for (int i = 0; i < e; i++)
            fit += out->slope[i] * (double)counts[k * e + i];
        rss += (dy[k] - fit) * (dy[k] - fit);
    }
    int df = used - e;
    double s2 = rss / df, t = growth_t_critical(confidence, df);
    out->n_eps = e, out->n_steps = used, out->confidence = confidence;
    out->residual_sd = sqrt(s2);
    out->worst_a = out->worst_b = -1;
    for (int i = 0; i < e; i++) {
        out->se[i] = sqrt(s2 * xtx[i * e + i]);
        out->ci_low[i] = out->slope[i] - t * out->se[i];
        out->ci_high[i] = out->slope[i] + t * out->se[i];
        for (int j = 0; j < i; j++) {
            double r = xtx[i * e + j] / sqrt(xtx[i * e + i] * xtx[j * e + j]);
            if (out->worst_a < 0 || fabs(r) > fabs(out->worst_r))
                out->worst_a = j, out->worst_b = i, out->worst_r = r;
        }
    }
    return 0;
}

int mix_collinear(const mix_fit_result *f)
{
    return f->worst_a >= 0 && fabs(f->worst_r) > 0.9;
}
