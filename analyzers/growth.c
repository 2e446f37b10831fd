/* growth.c — slope, confidence interval and verdict; see growth.h. */
#include "growth.h"

#include <math.h>
#include <stdlib.h>

/* Continued fraction for the incomplete beta (Lentz's method, as in Numerical
 * Recipes betacf). Converges fast for x < (a+1)/(a+b+2). */
static double incbeta_cf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-15;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2 * m, aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        d = 1 + aa * d, c = 1 + aa / c;
        if (fabs(d) < tiny) d = tiny;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d, h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        d = 1 + aa * d, c = 1 + aa / c;
        if (fabs(d) < tiny) d = tiny;
        if (fabs(c) < tiny) c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < eps) break;
    }
    return h;
}

double growth_incbeta(double a, double b, double x)
{
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double lbeta = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    double front = exp(lbeta);
    if (x < (a + 1) / (a + b + 2)) return front * incbeta_cf(a, b, x) / a;
    return 1 - front * incbeta_cf(b, a, 1 - x) / b;
}

/* P(|T| <= t) for Student's t with df degrees of freedom. */
static double t_two_sided_cdf(double t, int df)
{
    double x = df / (df + t * t);
    return 1 - growth_incbeta(df / 2.0, 0.5, x);
}

double growth_t_critical(double confidence, int df)
{
    double lo = 0, hi = 1;
    while (t_two_sided_cdf(hi, df) < confidence && hi < 1e12)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (t_two_sided_cdf(mid, df) < confidence)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

int growth_ols(const double *x, const double *y, int n, double confidence, growth_fit *out)
{
    if (n < 3) return -1;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++)
        mx += x[i], my += y[i];
    mx /= n, my /= n;
    double sxx = 0, sxy = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
    }
    if (sxx <= 0) return -1;
    double slope = sxy / sxx, intercept = my - slope * mx, sse = 0;
    for (int i = 0; i < n; i++) {
        double r = y[i] - (intercept + slope * x[i]);
        sse += r * r;
    }
    double se = sqrt(sse / (n - 2) / sxx);
    double t = growth_t_critical(confidence, n - 2);
    *out = (growth_fit){.n = n,
                        .slope = slope,
                        .intercept = intercept,
                        .stderr_slope = se,
                        .ci_low = slope - t * se,
                        .ci_high = slope + t * se,
                        .confidence = confidence,
                        .r2 = syy > 0 ? 1 - sse / syy : 1};
    return 0;
}

growth_verdict growth_judge(const growth_fit *f, double budget)
{
    if (f->ci_high <= budget) return GROWTH_PASS;
    if (f->ci_low > budget) return GROWTH_FAIL;
    return GROWTH_INCONCLUSIVE;
}

const char *growth_verdict_name(growth_verdict v)
{
    switch (v) {
    case GROWTH_PASS:
        return "pass";
    case GROWTH_FAIL:
        return "fail";
    default:
        return "inconclusive";
    }
}

/* ---- Theil–Sen ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double growth_z_critical(double confidence)
{
    /* bisection on erf: P(|Z| <= z) = erf(z / sqrt 2) */
    double lo = 0, hi = 40;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (erf(mid / sqrt(2.0)) < confidence)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static double median_sorted(const double *v, int n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int growth_theil_sen(const double *x, const double *y, int n, double confidence, growth_fit *out)
{
    return growth_theil_sen_blocked(x, y, NULL, n, confidence, out);
}

/* Blocks are runs of equal block[i] (NULL: one block). Pairs are taken within
 * a block only; Kendall's S is then a sum of independent per-block S (as in
 * Hirsch's seasonal Kendall test), so its variance is the sum of theirs. */
int growth_theil_sen_blocked(const double *x, const double *y, const int *block, int n,
                             double confidence, growth_fit *out)
{
    if (n < 3) return -1;
    int m = 0;
    double *s = malloc(sizeof *s * (size_t)n * (size_t)(n - 1) / 2);
    if (!s) return -1;
    double var_s = 0;
    for (int i = 0, nb = 0; i < n; i++) {
        nb++;
        if (i + 1 == n || (block && block[i + 1] != block[i])) {
            var_s += nb * (nb - 1.0) * (2 * nb + 5.0) / 18.0;
            nb = 0;
        }
        for (int j = i + 1; j < n && (!block || block[j] == block[i]); j++)
            if (x[j] != x[i]) s[m++] = (y[j] - y[i]) / (x[j] - x[i]);
    }
    if (m < 2) return free(s), -1;
    qsort(s, (size_t)m, sizeof *s, cmp_double);
    double slope = median_sorted(s, m);
    /* Sen: ranks (N - C)/2 and (N + C)/2 + 1 of the sorted slopes, with
     * C = z * sqrt(var of Kendall's S) (no ties assumed). */
    double c = growth_z_critical(confidence) * sqrt(var_s);
    int lo = (int)floor((m - c) / 2), hi = (int)ceil((m + c) / 2); /* 1-based ranks */
    if (lo < 1) lo = 1;
    if (hi > m) hi = m;
    double *r = malloc(sizeof *r * (size_t)n);
    if (!r) return free(s), -1;
    for (int i = 0; i < n; i++)
        r[i] = y[i] - slope * x[i];
    qsort(r, (size_t)n, sizeof *r, cmp_double);
    double intercept = median_sorted(r, n);
    growth_fit ols;
    int have_ols = !block && growth_ols(x, y, n, confidence, &ols) == 0;
    *out = (growth_fit){.n = n,
                        .slope = slope,
                        .intercept = intercept,
                        .stderr_slope = have_ols ? ols.stderr_slope : 0,
                        .ci_low = s[lo - 1],
                        .ci_high = s[hi - 1],
                        .confidence = confidence,
                        .r2 = have_ols ? ols.r2 : 0};
    free(r);
    free(s);
    return 0;
}

/* ---- fall-backs ---- */

int growth_fallbacks(const double *y, int n, double noise, int *block)
{
    int drops = 0, start = 0;
    double peak = n ? y[0] : 0;
    for (int i = 0; i < n; i++) {
        double rise = peak - y[start];
        /* steady growth, not one high sample: the sample before the peak
         * had risen too (a lone spike is an outlier, Theil-Sen's business) */
        if (i >= start + 3 && rise >= 8 * noise && y[i - 2] - y[start] >= 4 * noise) {
            double drop = y[i - 1] - y[i], need = rise / 2;
            if (need < 8 * noise) need = 8 * noise;
            /* and the fall goes below where the series stood before its last
             * sample: a spike that only returns to the trend is not a fall */
            if (drop >= need && y[i] < y[i - 2] - 4 * noise) drops++, start = i, peak = y[i];
        }
        if (y[i] > peak) peak = y[i];
        if (block) block[i] = drops;
    }
    return drops;
}

/* ---- warm-up ---- */

/* Least-squares line through points [a, b): slope and residual sum of squares. */
static double line_sse(const double *x, const double *y, int a, int b, double *slope)
{
    double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, n = b - a;
    for (int i = a; i < b; i++)
        mx += x[i], my += y[i];
    mx /= n, my /= n;
    for (int i = a; i < b; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx, sxy += dx * dy, syy += dy * dy;
    }
    *slope = sxx > 0 ? sxy / sxx : 0;
    return sxx > 0 ? syy - sxy * sxy / sxx : syy;
}

/* Least-squares slope of points [a, b): the sums only, no interval (the
 * warm-up loops call it O(n) times). */
static double slope_of(const double *x, const double *y, int a, int b)
{
    double slope;
    if (b - a == 2) return (y[a + 1] - y[a]) / (x[a + 1] - x[a]);
    line_sse(x, y, a, b, &slope);
    return slope;
}

/* A knee after start: growth that stops (a cache that fills over many steps,
 * then stays full). Of the splits into two least-squares pieces that share
 * the knee sample, the one with the smallest residuals among those where the
 * first piece rose by more than the noise explains and at least twice as
 * steeply as the second. start when there is none. O(n²). */
static int knee(const double *x, const double *y, int start, int n, int min_keep, double noise)
{
    int best = start;
    double best_sse = 0;
    for (int k = start + 2; k <= n - min_keep; k++) {
        double before, after;
        double sse = line_sse(x, y, start, k + 1, &before) + line_sse(x, y, k, n, &after);
        double span = x[k] - x[start];
        if (!(before * span > after * span + 4 * noise && before > 2 * fabs(after))) continue;
        if (best == start || sse < best_sse) best = k, best_sse = sse;
    }
    return best;
}

int growth_settled_start(const double *x, const double *y, int n, int min_keep, double noise)
{
    int start = 0;
    while (n - start > min_keep) {
        /* the first interval against everything after it */
        double first = slope_of(x, y, start, start + 2);
        double rest = slope_of(x, y, start + 1, n);
        double span = x[start + 1] - x[start];
        /* steeper by more than the noise can explain, and by a factor: growth
         * that decelerates. A constant leak has first ≈ rest and stays. */
        if (first * span > rest * span + 4 * noise && first > 2 * fabs(rest))
            start++;
        else
            break;
    }
    /* growth that stops after several steps is not caught one interval at a
     * time (the rest still holds most of it): look for a knee, and again
     * after it (a Map that doubles its table once it is full: a second,
     * one-off step), as long as min_keep samples follow */
    for (int k; (k = knee(x, y, start, n, min_keep, noise)) != start;)
        start = k;
    return start;
}

int growth_assess(const double *x, const double *y, int n, double budget, double confidence,
                  double noise, int min_keep, growth_assessment *out)
{
    if (n < min_keep || n < 3) return -1;
    out->settled_start = growth_settled_start(x, y, n, min_keep, noise);
    int s = out->settled_start;
    if (growth_theil_sen(x + s, y + s, n - s, confidence, &out->fit) < 0) return -1;
    out->verdict = growth_judge(&out->fit, budget);
    return 0;
}
