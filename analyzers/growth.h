/* growth.h — how fast does a signal grow per request, and is that over budget?
 *
 * Input: n samples (x = requests sent so far, y = post-GC memory or a resource
 * count). Output: a slope (units of y per request) with its two-sided
 * confidence interval, and a verdict against a budget:
 *   pass          the whole interval is at or under the budget
 *   fail          the whole interval is over the budget
 *   inconclusive  the interval straddles the budget
 * The verdict's estimator is Theil–Sen after the detected warm-up (below);
 * ordinary least squares is kept for its standard error and for tests.
 * Pure computation, no I/O; Theil–Sen allocates its n²/2 pairwise slopes.
 * OLS O(n), Theil–Sen O(n² log n). The policy around these numbers (which
 * signals, caps, reasons) lives in harness/verdict.c. */
#ifndef LEAKCHECK_GROWTH_H
#define LEAKCHECK_GROWTH_H

typedef struct {
    int n;        /* samples used */
    double slope; /* y units per x unit */
    double intercept;
    double stderr_slope;
    double ci_low, ci_high; /* confidence interval of the slope */
    double confidence;      /* e.g. 0.95 */
    double r2;
} growth_fit;

typedef enum { GROWTH_PASS, GROWTH_FAIL, GROWTH_INCONCLUSIVE } growth_verdict;

/* Ordinary least squares. Needs n >= 3 and x not all equal; returns -1 otherwise. */
int growth_ols(const double *x, const double *y, int n, double confidence, growth_fit *out);

/* Two-sided critical value t such that P(|T| <= t) = confidence with df degrees
 * of freedom (df >= 1). Accurate to ~1e-9. */
double growth_t_critical(double confidence, int df);

/* Regularized incomplete beta I_x(a, b); exposed for tests. */
double growth_incbeta(double a, double b, double x);

growth_verdict growth_judge(const growth_fit *f, double budget);
const char *growth_verdict_name(growth_verdict v);

/* ---- robust slope and warm-up (the verdict's estimator) ---- */

/* Theil–Sen: the median of all pairwise slopes, with Sen's (1968)
 * distribution-free confidence interval from the order statistics of those
 * slopes. One outlier sample moves it by at most one rank. Needs n >= 3.
 * O(n² log n); n is the number of samples (tens). */
int growth_theil_sen(const double *x, const double *y, int n, double confidence, growth_fit *out);

/* Theil–Sen with pairs taken only inside blocks (block[i] equal for a run of
 * consecutive samples; NULL = one block): one slope shared by segments that
 * each have their own level. Sen's interval uses the summed variance of the
 * per-block Kendall statistics. */
int growth_theil_sen_blocked(const double *x, const double *y, const int *block, int n,
                             double confidence, growth_fit *out);

/* Fall-backs: a sample that drops by at least half of what the heap rose since
 * the last fall-back (and by 8 × noise) after a rise of at least 8 × noise:
 * memory held per connection and freed when sockets close, or a periodic
 * flush. Returns how many; block[i] (may be NULL) gets the segment index of
 * sample i (0 before the first fall-back). O(n). */
int growth_fallbacks(const double *y, int n, double noise, int *block);

/* Warm-up detection: the index of the first sample of the settled part.
 * Growth that decelerates (caches filling, lazy initialisation, JIT) is cut
 * from the front while the slope of the earlier samples is clearly steeper
 * than that of the rest; constant or accelerating growth — a leak — is
 * never cut. At least min_keep samples are kept. noise is the typical
 * sample-to-sample jitter of y (e.g. a few KiB of heap), below which slopes
 * are not told apart. */
int growth_settled_start(const double *x, const double *y, int n, int min_keep, double noise);

/* Normal quantile for two-sided confidence (0.95 → 1.95996). */
double growth_z_critical(double confidence);

/* The verdict for one signal: cut the warm-up (growth_settled_start), fit
 * Theil–Sen on the rest, judge against budget. 0, or -1 when fewer than
 * min_keep samples exist. */
typedef struct {
    int settled_start;
    growth_fit fit;
    growth_verdict verdict;
} growth_assessment;

int growth_assess(const double *x, const double *y, int n, double budget, double confidence,
                  double noise, int min_keep, growth_assessment *out);

#endif
