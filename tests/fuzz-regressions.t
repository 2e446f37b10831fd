#!/bin/sh
# fuzz-regressions.t — every seed input and every crash the fuzzers ever found
# (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/) replayed
# through the fuzz targets, built with ASan+UBSan but without libFuzzer
# (tests/fuzz/replay_main.c). A crash, sanitizer report or leak fails the test.
# The build is cached in $LEAKCHECK_FUZZ_BUILD (default
# ${TMPDIR:-/tmp}/leakcheck-fuzz-replay-UID-TREE, TREE a checksum of this
# tree's path: two worktrees must not mix their objects) and only redone when
# sources change.
TOP=$(cd "$(dirname "$0")/.." && pwd)
command -v clang >/dev/null 2>&1 || { echo "1..0 # SKIP clang not found"; exit 0; }
BUILD=${LEAKCHECK_FUZZ_BUILD:-${TMPDIR:-/tmp}/leakcheck-fuzz-replay-$(id -u)-$(printf %s "$TOP" | cksum | cut -d' ' -f1)}
mkdir -p "$BUILD"
LOG=$BUILD/build.log
build() { "$TOP/tests/fuzz/build.sh" replay "$BUILD" >"$LOG" 2>&1; }
if command -v flock >/dev/null 2>&1; then
    ( flock 9; build ) 9>"$BUILD/.lock"
else
    build
fi
if [ $? -ne 0 ]; then
    echo "1..1"; echo "not ok 1 - build the replay targets (see $LOG)"; sed 's/^/# /' "$LOG" | tail -20; exit 1
fi
n=0
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in snapshot scenario agent; do
    for dir in corpus regressions; do
        d=$TOP/tests/fuzz/$dir/$t
        count=$(find "$d" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
        n=$((n + 1))
        if [ "$count" -eq 0 ]; then echo "ok $n - $t $dir: no inputs # SKIP empty"; continue; fi
        if "$BUILD/replay_$t" "$d" >"$BUILD/replay.out" 2>"$BUILD/replay.err" &&
            ! grep -q 'runtime error\|ERROR: \(Address\|Leak\|Undefined\)Sanitizer' "$BUILD/replay.err"; then
            echo "ok $n - $t $dir: $count inputs replayed"
        else
            echo "not ok $n - $t $dir: $count inputs replayed"
            echo "#   $(tail -1 "$BUILD/replay.out")"
            grep -m1 -A15 'ERROR\|runtime error' "$BUILD/replay.err" | sed 's/^/#   /'
            failed=$((failed + 1))
        fi
    done
done
echo "1..$n"
[ $failed -eq 0 ]
