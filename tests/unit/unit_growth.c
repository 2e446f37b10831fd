/* unit_growth.c — OLS slope, t critical values, intervals, verdicts. */
#include "growth.h"
#include "tap.h"

int main(void)
{
    /* Student t two-sided 95% critical values (tables) */
    is_near(growth_t_critical(0.95, 1), 12.7062, 1e-3, "t(0.95, 1)");
    is_near(growth_t_critical(0.95, 5), 2.5706, 1e-3, "t(0.95, 5)");
    is_near(growth_t_critical(0.95, 30), 2.0423, 1e-3, "t(0.95, 30)");
    is_near(growth_t_critical(0.99, 10), 3.1693, 1e-3, "t(0.99, 10)");
    is_near(growth_incbeta(2, 3, 0.4), 0.5248, 1e-4, "I_0.4(2,3)");

    double x[] = {0, 2500, 5000, 7500, 10000, 12500, 15000};
    double y[7];
    for (int i = 0; i < 7; i++) y[i] = 6e6 + 100.0 * x[i];
    growth_fit f;
    ok(growth_ols(x, y, 7, 0.95, &f) == 0, "fits 7 points");
    is_near(f.slope, 100.0, 1e-9, "exact line: slope 100");
    is_near(f.ci_high - f.ci_low, 0, 1e-6, "exact line: zero-width interval");
    ok(growth_judge(&f, 64) == GROWTH_FAIL, "100 B/request fails a 64 B budget");
    ok(growth_judge(&f, 128) == GROWTH_PASS, "100 B/request passes a 128 B budget");

    /* noise: y = 10x + e with e = +-1000 alternating */
    for (int i = 0; i < 7; i++) y[i] = 10.0 * x[i] + (i % 2 ? 1000 : -1000);
    ok(growth_ols(x, y, 7, 0.95, &f) == 0, "fits noisy points");
    ok(f.ci_low < f.slope && f.slope < f.ci_high, "slope inside its interval");
    ok(f.ci_low < 10 && 10 < f.ci_high, "interval covers the true slope (%.3f..%.3f)", f.ci_low,
       f.ci_high);
    /* by hand: sxx = 4.375e8, residual sd known → se */
    ok(f.stderr_slope > 0, "stderr > 0");
    ok(growth_judge(&f, f.ci_low + (f.ci_high - f.ci_low) / 2) == GROWTH_INCONCLUSIVE,
       "budget inside the interval is inconclusive");

    ok(growth_ols(x, y, 2, 0.95, &f) < 0, "two points: no interval");
    double same[] = {1, 1, 1};
    ok(growth_ols(same, y, 3, 0.95, &f) < 0, "constant x rejected");
    is_str(growth_verdict_name(GROWTH_FAIL), "fail", "verdict names");
    return tap_done();
}
