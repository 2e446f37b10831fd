#!/bin/sh
# run-baseline-regression-fails.t — --baseline report.json fails an endpoint
# whose heap slope got worse than the stored baseline by more than the
# tolerance, even though it is still under its budget.
. "$(dirname "$0")/lib.sh"

run_scenario "$TOP/scenarios/global-array-fixed.ini"
is "$status" 0 "baseline run (the fixed twin) passes"
cp "$TMP/run/report.json" "$TMP/baseline.json"
rm -rf "$TMP/run"

# the leaky twin under a generous budget: passes on its own...
sed 's/^heap = .*/heap = 4KiB/' "$TOP/scenarios/global-array-leaky.ini" >"$TOP/scenarios/.generous-$$.ini"
trap '_st=$?; rm -f "$TOP/scenarios/.generous-$$.ini"; tmp_cleanup $_st' EXIT
run_scenario "$TOP/scenarios/.generous-$$.ini"
is "$status" 0 "the leaky twin passes a 4 KiB budget alone"
rm -rf "$TMP/run"

# ...but not against the baseline
run_scenario "$TOP/scenarios/.generous-$$.ini" --baseline "$TMP/baseline.json"
is "$status" 1 "against the baseline it fails"
like "$TMP/out" '^not ok 1 - GET /log' "the endpoint is not ok"
like "$TMP/out" "worse than the baseline's -?[0-9.]+ B/request by more than the tolerance of 16.0" \
    "the reason gives both slopes and the tolerance"
rm -rf "$TMP/run"

run_scenario "$TOP/scenarios/global-array-fixed.ini" --baseline "$TMP/baseline.json"
is "$status" 0 "the fixed twin against its own baseline passes"

echo '{"not": "a report"}' >"$TMP/bogus.json"
run_scenario "$TOP/scenarios/global-array-fixed.ini" --baseline "$TMP/bogus.json"
is "$status" 2 "a file that is not a report is a usage error"
like "$TMP/err" 'bogus.json: not a leakcheck report' "and says so"
done_testing
