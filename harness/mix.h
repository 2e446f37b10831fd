/* mix.h — a mixed run: every endpoint at once, and the growth of each.
 *
 * Production leaks are found under a mix of traffic, not one endpoint at a
 * time. In a mixed run ([load] mode = mixed) every step sends `step`
 * requests shared among the endpoints in proportions that change from step
 * to step: each endpoint's weight times a multiplier that is 4 for one
 * endpoint of each cycle of E steps (which one: a random permutation per
 * cycle) and 1 for the others, jittered by ±40 %. The growth of a signal
 * from one sample to the next is then regressed on the per-endpoint request
 * counts of that step, without an intercept (the total per step is fixed,
 * so an intercept would be the same column twice):
 *
 *     Δy_k = Σ_i β_i n_ik + ε_k,   β_i = endpoint i's growth per request
 *
 * by ordinary least squares, each β with its t interval at `confidence`,
 * refitted once without outlier steps (mix_fit says how many).
 * Two endpoints the design cannot tell apart show as a correlation of their
 * estimates near ±1 (mix_fit says which pair); the remedy is more steps or
 * weights further apart.
 *
 * Pure: no I/O; unit-tested on synthetic growth. */
#ifndef LEAKCHECK_MIX_H
#define LEAKCHECK_MIX_H

#include <stdint.h>

#define MIX_MAX_ENDPOINTS 32

/* Counts of each endpoint for step k (0-based) out of total, from weights;
 * every endpoint gets at least one request. rng: xorshift state (non-zero). */
void mix_plan_step(const double *weights, int n_eps, int64_t total, int step, uint64_t *rng,
                   int64_t *counts);

typedef struct {
    int n_eps, n_steps; /* n_steps: those fitted */
    int dropped;        /* steps left out as outliers (a backing store that doubled) */
    double slope[MIX_MAX_ENDPOINTS]; /* growth per request of each endpoint */
    double se[MIX_MAX_ENDPOINTS];
    double ci_low[MIX_MAX_ENDPOINTS], ci_high[MIX_MAX_ENDPOINTS];
    double confidence;
    double residual_sd; /* of one step's growth, in the signal's unit */
    /* the most correlated pair of estimates: |r| near 1 means the design
     * cannot separate them */
    int worst_a, worst_b;
    double worst_r;
} mix_fit_result;

/* Estimates with dy[k] the growth over step k and counts[k * n_eps + i] the
 * requests of endpoint i in it. Needs n_steps > n_eps + 1 and a design of
 * full rank; returns -1 otherwise. */
int mix_fit(const double *dy, const int64_t *counts, int n_steps, int n_eps, double confidence,
            mix_fit_result *out);

/* Is the pair (worst_a, worst_b) too collinear to be told apart? */
int mix_collinear(const mix_fit_result *f);

#endif
