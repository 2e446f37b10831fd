#!/bin/sh
# run-listener-leak-fails.t — scenarios/listener-leaky.ini (an EventEmitter
# listener added per request and never removed) fails: exit status 1, the
# leaking endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/listener-leaky.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok [0-9]+ - GET /watch( |$)' "'GET /watch' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /watch$' "'GET /watch' is not reported as ok"
run_artifacts_ok

done_testing
