#!/bin/sh
# run-interval-fixed-passes.t — scenarios/interval-fixed.ini (the interval is
# cleared when the response closes) passes: exit status 0, no test point not
# ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/interval-fixed.ini"

is "$status" 0 "exit status 0: within budget"
run_tap_ok
like "$TMP/out" '^ok [0-9]+ - GET /jobs( |$)' "'GET /jobs' is reported as ok"
unlike "$TMP/out" '^not ok' "no test point is not ok"
run_artifacts_ok

done_testing
