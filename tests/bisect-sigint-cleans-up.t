#!/bin/sh
# bisect-sigint-cleans-up.t — SIGINT or SIGTERM during a measurement stops
# the running `leakcheck run` (which tears its target down), removes the
# worktree and temporary directories, reports what was measured, and exits
# 128+N.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir"
cd "$TMP/repo" || exit 1
for sig in INT TERM; do
    keep="$TMP/keep-$sig"
    TMPDIR="$TMP/tmpdir" "$LEAKCHECK" bisect --output-dir "$keep" --good "$C1" --bad "$C10" \
        leak.ini >"$TMP/out" 2>"$TMP/err" &
    pid=$!
    i=0
    while [ "$(cat "$keep"/01-*/run-1/samples.csv 2>/dev/null | wc -l)" -lt 2 ] && [ $i -lt 300 ]; do
        sleep 0.1; i=$((i + 1))
    done
    kill -$sig $pid
    wait $pid
    status=$?
    want=130; [ $sig = TERM ] && want=143
    is "$status" "$want" "SIG$sig: exit status $want"
    like "$TMP/out" "interrupted by signal" "SIG$sig: says it was interrupted"
    is "$(git worktree list | wc -l)" 1 "SIG$sig: worktree removed"
    is "$(ls "$TMP/tmpdir" | wc -l)" 0 "SIG$sig: temporary directory removed"
    pgid=$(cat "$keep"/01-*/run-1/target.pgid 2>/dev/null)
    [ -n "$pgid" ] && ! pgrep -g "$pgid" >/dev/null 2>&1
    ok $? "SIG$sig: the target's process group is gone"
    is "$(git status --porcelain | wc -l)" 0 "SIG$sig: checkout unchanged"
done
done_testing
