#!/bin/sh
# run-slow-endpoint-decides-in-time.t — endpoints answering in ~200 ms (80
# requests/s at the default 16 connections), at default settings: steps are
# sized by time (step_time auto = max_duration / (4 x steps)), so the clean
# route passes and the route keeping ~200 B/request fails, both inside the
# default max_duration (2 minutes), neither inconclusive at the cap.
. "$(dirname "$0")/lib.sh"
case $LEAKCHECK in *-asan) skip_all "under ASan: two minutes of waiting on a 200 ms node service; the load deadline and verdict code run in the plain suite and tests/unit-verdict.t" ;; esac
# the two routes in two runs side by side: both spend their time waiting on
# the service's 200 ms timers, not on the CPU
for route in clean leaky; do
    path=/report/{{seq}}
    [ $route = leaky ] && path=/report-leaky/{{seq}}
    cat >"$TMP/$route.ini" <<INI
[target]
command = node $TOP/examples/slow-endpoint/server.js
ready_path = /health
[endpoint "$route report"]
path = $path
INI
    ("$LEAKCHECK" run --output-dir "$TMP/run-$route" "$TMP/$route.ini" >"$TMP/$route.out" 2>"$TMP/$route.err"
     echo $? >"$TMP/$route.status") &
done
wait

is "$(cat "$TMP/clean.status")" 0 "clean 200 ms route: exit 0"
is "$(cat "$TMP/leaky.status")" 1 "leaky 200 ms route: exit 1"
like "$TMP/clean.out" '^ok 1 - clean report$' "the clean route passes (not skipped as inconclusive)"
like "$TMP/leaky.out" '^not ok 1 - leaky report$' "the leaky route fails"
like "$TMP/leaky.out" 'reason: "heap grows [0-9.]+ B/request' "on its heap slope"
for route in clean leaky; do
    unlike "$TMP/$route.out" 'capped_by:' "$route: not ended by a cap"
    awk '/time_to_verdict_seconds:/ { if ($2 + 0 >= 120) bad = 1 } END { exit bad }' "$TMP/$route.out"
    ok $? "$route: verdict inside the default max_duration of 120 s"
    tap_valid "$TMP/$route.out"; ok $? "$route: stdout is valid TAP"
    _pgid=$(cat "$TMP/run-$route/target.pgid" 2>/dev/null)
    [ -n "$_pgid" ] && ! pgrep -g "$_pgid" >/dev/null 2>&1; ok $? "$route: no process left"
done
grep -q '"step_time_ms": 0' "$TMP/run-clean/report.json"; ok $? "report.json shows step_time auto (0)"

done_testing
