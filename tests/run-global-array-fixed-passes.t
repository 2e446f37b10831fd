#!/bin/sh
# run-global-array-fixed-passes.t — scenarios/global-array-fixed.ini (a ring
# buffer of the last 100 entries) passes: exit status 0, no test point not ok.
. "$(dirname "$0")/lib.sh"

run_scenario "$TOP/scenarios/global-array-fixed.ini"

is "$status" 0 "exit status 0: within budget"
tap_valid "$TMP/out"; ok $? "stdout is valid TAP"
like "$TMP/out" '^TAP version 13$' "TAP version 13 header"
like "$TMP/out" '^ok [0-9]+ - GET /log( |$)' "'GET /log' is reported as ok"
unlike "$TMP/out" '^not ok' "no test point is not ok"
[ -f "$TMP/run/samples.csv" ] && head -n 1 "$TMP/run/samples.csv" | grep -Eq '^[A-Za-z_"]'
ok $? "samples.csv starts with a header"
[ "$(wc -l 2>/dev/null <"$TMP/run/samples.csv" || echo 0)" -ge 3 ]
ok $? "samples.csv has sample rows"
[ -f "$TMP/run/target.log" ]; ok $? "target.log exists"
no_orphans; ok $? "no process left in the target's process group"

done_testing
