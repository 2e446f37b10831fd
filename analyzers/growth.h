/* growth.h — how fast does a signal grow per request, and is that over budget?
 *
 * Input: n samples (x = requests sent so far, y = post-GC memory or a resource
 * count). Output: the least-squares slope (units of y per request) with its
 * two-sided confidence interval from Student's t, and a verdict against a
 * budget:
 *   pass          the whole interval is at or under the budget
 *   fail          the whole interval is over the budget
 *   inconclusive  the interval straddles the budget
 * Pure computation: no allocation, no I/O. O(n). */
#ifndef LEAKCHECK_GROWTH_H
#define LEAKCHECK_GROWTH_H

typedef struct {
    int n;             /* samples used */
    double slope;      /* y units per x unit */
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

#endif
