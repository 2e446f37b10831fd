#!/bin/sh
# run-listener-fixed-passes.t — scenarios/listener-fixed.ini (the listener is
# removed when the response closes) passes: exit status 0, no test point not
# ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/listener-fixed.ini"

is "$status" 0 "exit status 0: within budget"
run_tap_ok
like "$TMP/out" '^ok [0-9]+ - GET /watch( |$)' "'GET /watch' is reported as ok"
unlike "$TMP/out" '^not ok' "no test point is not ok"
run_artifacts_ok

done_testing
