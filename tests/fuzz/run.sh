#!/bin/sh
# tests/fuzz/run.sh [SECONDS] — builds the three libFuzzer targets into $BUILD
# (default /tmp/leakcheck-fuzz) and runs each for SECONDS (default 60) on a
# working copy of its seed corpus; prints the executions per target. Crashes
# are written to $BUILD/crashes/<target>/ — add each as a regression input in
# tests/fuzz/regressions/<target>/ (replayed by tests/fuzz-regressions.t).
# Exit status 1 when any target crashed. `make fuzz-smoke` = run.sh 20.
set -u
SECONDS_EACH=${1:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${BUILD:-/tmp/leakcheck-fuzz}
"$HERE/build.sh" fuzz "$BUILD" || exit 2
status=0
for t in snapshot scenario agent; do
    work=$BUILD/corpus/$t
    crashes=$BUILD/crashes/$t
    mkdir -p "$work" "$crashes"
    cp -n "$HERE/corpus/$t"/* "$work"/ 2>/dev/null
    cp -n "$HERE/regressions/$t"/* "$work"/ 2>/dev/null
    dict=
    [ -f "$HERE/$t.dict" ] && dict=-dict=$HERE/$t.dict
    opts="-max_total_time=$SECONDS_EACH -print_final_stats=1 -artifact_prefix=$crashes/ -timeout=10 -rss_limit_mb=2048"
    [ $t = snapshot ] && opts="$opts -max_len=65536"
    [ $t = scenario ] && opts="$opts -max_len=16384"
    [ $t = agent ] && opts="$opts -max_len=8192"
    log=$BUILD/fuzz_$t.log
    # shellcheck disable=SC2086
    "$BUILD/fuzz_$t" $opts $dict "$work" </dev/null >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "fuzz_$t: ${execs:-?} executions in ${SECONDS_EACH}s (${rate:-?}/s, $cov), no crash"
    else
        status=1
        echo "fuzz_$t: CRASH after ${execs:-?} executions (exit $rc); log $log; inputs:"
        ls "$crashes" | sed "s|^|  $crashes/|"
        grep -m1 -A12 'ERROR: \|runtime error' "$log" | sed 's/^/  | /'
    fi
done
exit $status
