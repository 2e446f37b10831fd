#!/bin/sh
# run-map-cache-leak-fails.t — scenarios/map-cache-leaky.ini (an unbounded Map
# cache keyed by user id) fails: exit status 1, the leaking endpoint named not
# ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/map-cache-leaky.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok [0-9]+ - GET /user( |$)' "'GET /user' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /user$' "'GET /user' is not reported as ok"
run_artifacts_ok

done_testing
