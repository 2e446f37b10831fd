/* verdict.h — every pass/fail decision of a run, in one place.
 *
 * Pure: no I/O, no clock. run.c asks it after each step (judge, stop rule,
 * error limit, caps), once more at the end (final verdict and hints, baseline
 * comparison, exit status); every report asks it whether an endpoint or a
 * signal counts as ok and for the one-line text of a signal. Nothing else
 * decides a verdict, so a change in verdict behaviour shows as a diff in
 * tests/unit/unit_verdict.c.
 *
 * The rules, as harness.ini.example and README.md state them:
 *   - each judged signal: Theil–Sen slope after the detected warm-up, with
 *     Sen's interval at `confidence`; wholly over budget fails, wholly under
 *     passes, otherwise inconclusive. A signal that fell back after steady
 *     growth (memory held per connection, a periodic flush) is fitted within
 *     the segments between fall-backs, not across them. A fail also needs the
 *     interval's low end over budget by 4 × the signal's noise in bytes over
 *     the fitted span (short spans read a few KB of late warm-up as a slope);
 *   - stop rule: from `steps` on, stop when two looks in a row agree on pass
 *     or fail; a fail counts only once `persist` requests are measured;
 *   - caps: max_requests, max_duration; then the last look is final;
 *   - inconclusive at a cap fails under `strict`, or when its estimate is over
 *     budget; otherwise it passes, shown as skipped, with a hint;
 *   - errors: the endpoint fails when its failed-request rate is over
 *     max_error_rate with confidence (Wilson lower bound), not on luck. */
#ifndef LEAKCHECK_VERDICT_H
#define LEAKCHECK_VERDICT_H

#include "result.h"

/* Minimum samples for a slope; at most this many are fitted (Theil–Sen is
 * quadratic in samples: a long run is judged on evenly spaced ones). */
#define VERDICT_MIN_SAMPLES 5
#define VERDICT_MAX_SAMPLES 200

/* Typical sample-to-sample jitter of a signal after full GCs. */
double verdict_signal_noise(signal_kind k);
double verdict_signal_value(const sample *s, signal_kind k);

/* Fits every signal of er from its samples and sets outcome, cause and
 * reason (a look, not yet final). Returns the outcome. */
endpoint_outcome verdict_judge(endpoint_result *er);

/* The same look in a mixed run: each signal's fit is the endpoint's
 * coefficient in the mix regression (mix.h), fitted[k] says which there
 * are; span is the endpoint's requests over the fitted steps (for the noise
 * rule). */
endpoint_outcome verdict_judge_mixed(endpoint_result *er, const growth_fit *fits,
                                     const int *fitted, double span);

/* The stop rule after a measured step. look keeps the previous look
 * (start it at EP_INCONCLUSIVE). elapsed_s: since the endpoint started;
 * next_step_s: what another step would take (the last one's time). Returns
 * 1 when measurement ends (decided, or capped because another step would
 * cross max_requests or max_duration; er->capped says which), 0 to
 * measure another step. */
int verdict_after_step(endpoint_result *er, endpoint_outcome *look, double elapsed_s,
                       double next_step_s);

/* Called once measurement has ended: judges once more and, for an
 * inconclusive endpoint, decides whether it counts as a fail and writes the
 * hint (what to raise). */
void verdict_final(endpoint_result *er);

/* How long a load phase may last (step_time, or auto: max_duration /
 * (4 × steps)); the warm-up may last twice that. Seconds. */
double verdict_step_time_s(const load_cfg *l);

/* Error limit. final = 0 after a step (only a rate over the limit at
 * 99.9 % ends measurement early), 1 at the end (at the endpoint's
 * confidence). Returns 1 and sets outcome/cause/reason when it fails. */
int verdict_errors(endpoint_result *er, const load_stats *st, int final);

/* Failures after which a load phase stops sending: clearly over the limit
 * already (the rest would only cost timeouts). */
int64_t verdict_errors_give_up(double max_error_rate, int64_t n);

/* Compares the heap slope with a baseline slope at the fit's confidence:
 * fails er (cause CAUSE_BASELINE) when the whole interval is above
 * baseline + tolerance, a negative baseline counting as 0. Returns 1 when it
 * regressed. */
int verdict_baseline(endpoint_result *er, double baseline_slope, double tolerance);

/* After the explanation: a fail whose top cluster sits in one Map/Set/Array
 * gaining about one entry per request gets a hint on bounded caches. */
void verdict_explained(endpoint_result *er);

/* Counts as within budget: TAP ok, no junit failure, exit 0. */
int verdict_endpoint_ok(const endpoint_result *er);
/* One signal: not over budget (an inconclusive signal is ok, and skipped). */
int verdict_signal_ok(const signal_result *s);
int verdict_signal_inconclusive(const signal_result *s);

/* 0, 1 or 128+N from every endpoint (not for a run that could not start). */
int verdict_exit_status(const run_result *r);

/* "heap grows 12.0 B/request (95% CI 3..20), budget 32.0 B/request" */
void verdict_signal_line(char *buf, size_t len, signal_kind k, const signal_result *s);

const char *verdict_cause_name(verdict_cause c);

#endif
