#!/bin/sh
# run-slow-endpoint-decides-in-time.t — endpoints answering in ~200 ms (80
# requests/s at the default 16 connections), at default settings: steps are
# sized by time (step_time auto = max_duration / (4 x steps)), so the clean
# route passes and the route keeping ~200 B/request fails, both inside the
# default max_duration (2 minutes), neither inconclusive at the cap.
. "$(dirname "$0")/lib.sh"
case $LEAKCHECK in *-asan) skip_all "under ASan: two minutes of waiting on a 200 ms node service; the load deadline and verdict code run in the plain suite and tests/unit-verdict.t" ;; esac
cat >"$TMP/slow.ini" <<INI
[target]
command = node $TOP/examples/slow-endpoint/server.js
ready_path = /health
[endpoint "clean report"]
path = /report/{{seq}}
[endpoint "leaky report"]
path = /report-leaky/{{seq}}
INI
run_scenario "$TMP/slow.ini"

is "$status" 1 "exit 1: the leaky route is over budget"
run_tap_ok
like "$TMP/out" '^ok 1 - clean report$' "the clean 200 ms route passes (not skipped as inconclusive)"
like "$TMP/out" '^not ok 2 - leaky report$' "the leaky 200 ms route fails"
like "$TMP/out" 'reason: "heap grows [0-9.]+ B/request' "on its heap slope"
unlike "$TMP/out" 'capped_by:' "neither endpoint was ended by a cap"
awk '/time_to_verdict_seconds:/ { if ($2 + 0 >= 120) bad = 1 } END { exit bad }' "$TMP/out"
ok $? "both verdicts inside the default max_duration of 120 s"
grep -q '"step_time_ms": 0' "$TMP/run/report.json"; ok $? "report.json shows step_time auto (0)"
run_artifacts_ok

done_testing
