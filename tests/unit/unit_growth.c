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

    /* Theil–Sen: one wild sample (a late GC) does not swing the slope */
    double ys[7];
    for (int i = 0; i < 7; i++) ys[i] = 6e6 + 2.0 * x[i];
    ys[4] += 3e6; /* +3 MB outlier */
    ok(growth_ols(x, ys, 7, 0.95, &f) == 0 && f.slope > 30, "OLS is swung by the outlier (%.1f)",
       f.slope);
    ok(growth_theil_sen(x, ys, 7, 0.95, &f) == 0, "Theil-Sen fits");
    is_near(f.slope, 2.0, 1e-9, "Theil-Sen slope ignores the outlier");
    ok(f.ci_low <= 2.0 && 2.0 <= f.ci_high, "interval covers the true slope");
    double x12[12], y12[12];
    for (int i = 0; i < 12; i++) x12[i] = i * 2500.0, y12[i] = 6e6 + 2.0 * x12[i] + (i % 3) * 3000;
    y12[6] += 3e6;
    ok(growth_theil_sen(x12, y12, 12, 0.95, &f) == 0 && growth_judge(&f, 32) == GROWTH_PASS,
       "with 12 samples one +3 MB outlier still passes a 32 B budget (%.2f..%.2f)", f.ci_low,
       f.ci_high);
    is_near(growth_z_critical(0.95), 1.959964, 1e-5, "z(0.95)");

    /* warm-up: a cache that fills in the first 5000 requests then stays */
    double xc[9], yc[9];
    for (int i = 0; i < 9; i++) {
        xc[i] = i * 2500.0;
        yc[i] = 6e6 + (xc[i] < 5000 ? 200 * xc[i] : 200 * 5000.0) + (i % 2) * 2000;
    }
    int start = growth_settled_start(xc, yc, 9, 5, 4096);
    is_int(start, 2, "filling cache: the first two samples are warm-up");
    ok(growth_theil_sen(xc + start, yc + start, 9 - start, 0.95, &f) == 0 &&
           growth_judge(&f, 32) == GROWTH_PASS,
       "the settled part passes (slope %.2f)", f.slope);
    /* a constant leak is never cut */
    for (int i = 0; i < 9; i++) yc[i] = 6e6 + 64 * xc[i] + (i % 2) * 2000;
    is_int(growth_settled_start(xc, yc, 9, 5, 4096), 0, "constant 64 B/request: nothing cut");
    /* nor is one that accelerates */
    for (int i = 0; i < 9; i++) yc[i] = 6e6 + 0.01 * xc[i] * xc[i];
    is_int(growth_settled_start(xc, yc, 9, 5, 4096), 0, "accelerating growth: nothing cut");
    /* a leak behind a warm-up bump: the bump is cut, the leak stays */
    for (int i = 0; i < 9; i++) yc[i] = 6e6 + (i ? 500000 : 0) + 64 * xc[i];
    start = growth_settled_start(xc, yc, 9, 5, 4096);
    is_int(start, 1, "warm-up bump then leak: only the bump is cut");
    ok(growth_theil_sen(xc + start, yc + start, 9 - start, 0.95, &f) == 0 &&
           growth_judge(&f, 32) == GROWTH_FAIL,
       "and the leak still fails (slope %.2f)", f.slope);
    /* fall-backs: the clean 200 ms route's heap in a CI run (KB): a slow
     * warm-up creep, one +250 KB spike that returns to the trend. Not a
     * fall-back (it made the route inconclusive at the cap). A real one: the
     * pooled-socket leak freed all at once. */
    {
        static const double creep[] = {5742, 5777, 5776, 5837, 5830, 5831, 5848, 5864,
                                       5906, 5888, 5894, 6144, 5938, 5908, 5926};
        double y[15];
        for (int i = 0; i < 15; i++)
            y[i] = creep[i] * 1000;
        is_int(growth_fallbacks(y, 15, 12000, NULL), 0,
               "a spike after a slow creep, back to the trend: no fall-back");
        double f[12];
        for (int i = 0; i < 12; i++)
            f[i] = 13.4e6 + 16000.0 * 2500 * (i <= 4 ? i : i - 5);
        is_int(growth_fallbacks(f, 12, 16384, NULL), 1, "16 KB/request freed all at once: one fall-back");
    }
    return tap_done();
}
