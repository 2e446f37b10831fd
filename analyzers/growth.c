/* growth.c — slope, confidence interval and verdict; see growth.h. */
#include "growth.h"

#include <math.h>

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
    while (t_two_sided_cdf(hi, df) < confidence && hi < 1e12) hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (t_two_sided_cdf(mid, df) < confidence) lo = mid;
        else hi = mid;
    }
    return (lo + hi) / 2;
}

int growth_ols(const double *x, const double *y, int n, double confidence, growth_fit *out)
{
    if (n < 3) return -1;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) mx += x[i], my += y[i];
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
    case GROWTH_PASS: return "pass";
    case GROWTH_FAIL: return "fail";
    default: return "inconclusive";
    }
}
