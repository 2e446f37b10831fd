#!/bin/sh
# run-global-array-fixed-passes.t — scenarios/global-array-fixed.ini (a ring
# buffer of the last 100 entries) passes: exit status 0, no test point not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/global-array-fixed.ini"

is "$status" 0 "exit status 0: within budget"
run_tap_ok
like "$TMP/out" '^ok [0-9]+ - GET /log( |$)' "'GET /log' is reported as ok"
unlike "$TMP/out" '^not ok' "no test point is not ok"
run_artifacts_ok

done_testing
