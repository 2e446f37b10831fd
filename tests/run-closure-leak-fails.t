#!/bin/sh
# run-closure-leak-fails.t — scenarios/closure-leaky.ini (a stored closure
# that holds a ~1 KB report per request) fails: exit status 1, the leaking
# endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/closure-leaky.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok [0-9]+ - GET /report( |$)' "'GET /report' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /report$' "'GET /report' is not reported as ok"
run_artifacts_ok

done_testing
