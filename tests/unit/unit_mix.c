/* unit_mix.c — the mixed run's design and regression on synthetic growth:
 * the plan keeps the total and varies the shares, the fit recovers each
 * endpoint's growth per request within its interval, a pair the design
 * cannot separate is named. */
#include "mix.h"
#include "tap.h"
#include "template.h"

#include <math.h>
#include <stdlib.h>

/* Normal noise (Box–Muller) from the xorshift generator. */
static double noise(uint64_t *rng, double sd)
{
    double u1 = ((double)(template_rand_next(rng) >> 11) + 1) / 9007199254740993.0;
    double u2 = (double)(template_rand_next(rng) >> 11) / 9007199254740992.0;
    return sd * sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

int main(void)
{
    double w[3] = {1, 1, 1};
    int64_t c[3], lo[3] = {1 << 30, 1 << 30, 1 << 30}, hi[3] = {0, 0, 0};
    uint64_t rng = 7;
    int exact = 1;
    for (int k = 0; k < 12; k++) {
        mix_plan_step(w, 3, 3000, k, &rng, c);
        exact &= c[0] + c[1] + c[2] == 3000 && c[0] > 0 && c[1] > 0 && c[2] > 0;
        for (int i = 0; i < 3; i++) {
            if (c[i] < lo[i]) lo[i] = c[i];
            if (c[i] > hi[i]) hi[i] = c[i];
        }
    }
    ok(exact, "every step sends exactly the total, each endpoint at least once");
    ok(lo[0] < 700 && hi[0] > 1400 && lo[2] < 700 && hi[2] > 1400,
       "each endpoint's share swings from step to step (%lld..%lld, %lld..%lld)", (long long)lo[0],
       (long long)hi[0], (long long)lo[2], (long long)hi[2]);
    double w2[2] = {1, 4};
    int64_t c2[2];
    mix_plan_step(w2, 2, 1000, 1, &rng, c2);
    mix_plan_step(w2, 2, 1000, 0, &rng, c2);
    ok(c2[0] + c2[1] == 1000, "weights keep the total");

    /* endpoint 1 leaks 150 B/request, the others nothing; 40 KB noise */
    enum { S = 16 };
    double dy[S], truth[3] = {0, 150, 0};
    int64_t counts[S * 3];
    rng = 11;
    int covered = 0, runs = 200, found = 0, clean_passed = 0;
    for (int r = 0; r < runs; r++) {
        for (int k = 0; k < S; k++) {
            mix_plan_step(w, 3, 3000, k, &rng, counts + k * 3);
            dy[k] = noise(&rng, 40000);
            for (int i = 0; i < 3; i++)
                dy[k] += truth[i] * (double)counts[k * 3 + i];
        }
        mix_fit_result f;
        if (mix_fit(dy, counts, S, 3, 0.95, &f) < 0) continue;
        covered += f.ci_low[1] <= 150 && 150 <= f.ci_high[1];
        found += f.ci_low[1] > 64;
        clean_passed += f.ci_high[0] < 64 && f.ci_high[2] < 64;
    }
    ok(covered >= runs * 0.9, "the 95%% interval holds the true slope in %d of %d runs", covered, runs);
    ok(found >= runs * 0.95, "150 B/request is over a 64 B budget in %d of %d runs", found, runs);
    ok(clean_passed >= runs * 0.9, "both clean endpoints under 64 B in %d of %d runs", clean_passed, runs);

    /* two endpoints always sent in the same proportion cannot be separated */
    for (int k = 0; k < S; k++) {
        int64_t a = 500 + 37 * (k % 5);
        counts[k * 3 + 0] = a, counts[k * 3 + 1] = 2 * a + (k & 1) * 3,
        counts[k * 3 + 2] = 3000 - 3 * a - (k & 1) * 3;
        dy[k] = 100.0 * (double)a;
    }
    mix_fit_result f;
    int rc = mix_fit(dy, counts, S, 3, 0.95, &f);
    ok(rc == 0 && mix_collinear(&f) && f.worst_a == 0 && f.worst_b == 1,
       "a design that moves two endpoints together names them (r = %.3f)", f.worst_r);
    ok(mix_fit(dy, counts, 3, 3, 0.95, &f) < 0, "too few steps for three endpoints: refused");
    return tap_done();
}
