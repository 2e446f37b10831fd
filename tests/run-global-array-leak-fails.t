#!/bin/sh
# run-global-array-leak-fails.t — scenarios/global-array-leaky.ini (a
# module-level array that grows by one entry per request) fails: exit status
# 1, the leaking endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/global-array-leaky.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok [0-9]+ - GET /log( |$)' "'GET /log' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /log$' "'GET /log' is not reported as ok"
run_artifacts_ok

done_testing
