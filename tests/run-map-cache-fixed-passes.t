#!/bin/sh
# run-map-cache-fixed-passes.t — scenarios/map-cache-fixed.ini (an LRU cache
# bounded at 500 entries) passes: exit status 0, no test point not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/map-cache-fixed.ini"

is "$status" 0 "exit status 0: within budget"
run_tap_ok
like "$TMP/out" '^ok [0-9]+ - GET /user( |$)' "'GET /user' is reported as ok"
unlike "$TMP/out" '^not ok' "no test point is not ok"
run_artifacts_ok

done_testing
