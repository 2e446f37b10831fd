#!/bin/sh
# run-global-array-leak-fails.t — scenarios/global-array-leaky.ini (a
# module-level array that grows by one entry per request) fails: exit status
# 1, the leaking endpoint named not ok.
. "$(dirname "$0")/lib.sh"

run_scenario "$TOP/scenarios/global-array-leaky.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
tap_valid "$TMP/out"; ok $? "stdout is valid TAP"
like "$TMP/out" '^TAP version 13$' "TAP version 13 header"
like "$TMP/out" '^not ok [0-9]+ - GET /log( |$)' "'GET /log' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /log$' "'GET /log' is not reported as ok"
[ -f "$TMP/run/samples.csv" ] && head -n 1 "$TMP/run/samples.csv" | grep -Eq '^[A-Za-z_"]'
ok $? "samples.csv starts with a header"
[ "$(wc -l 2>/dev/null <"$TMP/run/samples.csv" || echo 0)" -ge 3 ]
ok $? "samples.csv has sample rows"
[ -f "$TMP/run/target.log" ]; ok $? "target.log exists"
no_orphans; ok $? "no process left in the target's process group"

done_testing
