#!/bin/sh
# tests/bench/run.sh — `leakcheck analyze` and `leakcheck diff` beside memlab
# and Chrome DevTools' own code on the same snapshots: CPU seconds (user +
# sys), peak RSS and the ratios, in one table.
#
# analyze, on one snapshot of about 20, 150 and 600 MB (make-snapshot.js):
#   leakcheck  `leakcheck analyze FILE` (parse, DevTools sizes, classes,
#              paths, distances, dominators, retained sizes, class summary)
#   memlab     memlab-load.js: memlab's full load as its find-leaks does for
#              the final snapshot (parse, paths to the GC roots, dominators,
#              retained sizes)
#   DevTools   devtools-crosscheck.js: DevTools' heap_snapshot_worker
#              (HeapSnapshotLoader + HeapSnapshot, npm heap-snapshot-toolkit)
#              up to the Summary view's class aggregates
# diff, on three snapshots S1, S2, S3 of one process, S3 of about 20, 150
# and 600 MB (make-snapshots.js):
#   leakcheck  `leakcheck diff S1 S2 S3` (comparison S1 -> S3, leak clusters)
#   memlab     memlab-diff.js: memlab's find-leaks on S1, S2, S3
#   DevTools   devtools-diff.js: DevTools' Comparison view of S1 and S3
# Snapshots are kept in BENCH_DIR between runs. CPU and peak RSS come from
# /usr/bin/time; the machine may be shared, so CPU is what is compared, not
# wall time. The tools take turns (leakcheck, memlab, DevTools, leakcheck,
# ...) REPS times per row and the table shows the medians. x_memlab and
# x_devtools are their CPU over ours; rss/file is our peak RSS over the
# size of the (last) snapshot. Goals (issue 15), analyze rows: x_memlab >=
# 10 and x_devtools >= 6 at every size; at 600 MB <= 3 CPU s and rss/file
# <= 1.
#
# Env: LEAKCHECK (binary, default ./leakcheck), BENCH_DIR (default
# /tmp/leakcheck-bench), SIZES (analyze, default "20 150 600"), DIFF_SIZES
# (default: SIZES), REPS (default 3). Needs node and /usr/bin/time; memlab
# and DevTools via `make bench-deps` (npm ci in tests/bench); a tool that is
# not installed shows as "-".
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
BENCH_DIR=${BENCH_DIR:-/tmp/leakcheck-bench}
SIZES=${SIZES:-"20 150 600"}
DIFF_SIZES=${DIFF_SIZES:-$SIZES}
REPS=${REPS:-3}
TIME=/usr/bin/time
NODE="node --max-old-space-size=16000"
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
case $LEAKCHECK in /*) ;; *) LEAKCHECK=$(pwd)/$LEAKCHECK ;; esac
[ -x "$TIME" ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
[ -x "$LEAKCHECK" ] || { echo "bench: $LEAKCHECK not built" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node missing" >&2; exit 1; }
tools="leakcheck"
[ -d "$HERE/node_modules/@memlab/core" ] && tools="$tools memlab"
[ -d "$HERE/node_modules/heap-snapshot-toolkit" ] && tools="$tools devtools"

# measure TOOL CMD...: one run of CMD; appends "cpu_s rss_mb" (or "fail
# fail") to $BENCH_DIR/TOOL.samples
measure() {
    _tool=$1
    shift
    if (cd "$HERE" && "$TIME" -f '%U %S %M' -o "$BENCH_DIR/$_tool.time" "$@" >/dev/null 2>"$BENCH_DIR/$_tool.err"); then
        awk '{ printf "%.2f %.0f\n", $1 + $2, $3 / 1024 }' "$BENCH_DIR/$_tool.time" >>"$BENCH_DIR/$_tool.samples"
    else
        echo "bench: $_tool failed: $* (see $BENCH_DIR/$_tool.err)" >&2
        echo "fail fail" >>"$BENCH_DIR/$_tool.samples"
    fi
}

# run WHAT TOOL FILE...: one run of TOOL's WHAT (analyze FILE, diff S1 S2 S3)
run() {
    case $1.$2 in
    analyze.leakcheck) measure leakcheck "$LEAKCHECK" analyze "$3" ;;
    analyze.memlab) measure memlab $NODE "$HERE/memlab-load.js" "$3" ;;
    analyze.devtools) measure devtools $NODE "$HERE/devtools-crosscheck.js" "$3" ;;
    diff.leakcheck) measure leakcheck "$LEAKCHECK" diff "$3" "$4" "$5" ;;
    diff.memlab) measure memlab $NODE "$HERE/memlab-diff.js" "$3" "$4" "$5" ;;
    diff.devtools) measure devtools $NODE "$HERE/devtools-diff.js" "$3" "$5" ;;
    esac
}

# median TOOL COLUMN: median of the samples' column (1 CPU, 2 RSS), or "-"
median() {
    [ -s "$BENCH_DIR/$1.samples" ] || { echo -; return; }
    awk -v c="$2" '{ print $c }' "$BENCH_DIR/$1.samples" | sort -n |
        awk '/fail/ { bad = 1 } { v[NR] = $1 } END { if (bad || !NR) print "-"; else print v[int((NR + 1) / 2)] }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.1fx\n", a / b }'; }

# row WHAT SIZE FILE...: REPS interleaved runs of every tool, one table row
row() {
    _what=$1 _mb=$2
    shift 2
    for _f in "$@"; do cat "$_f" >/dev/null; done # the same warm page cache for every tool
    for _t in leakcheck memlab devtools; do rm -f "$BENCH_DIR/$_t.samples"; done
    _i=0
    while [ $_i -lt "$REPS" ]; do
        for _t in $tools; do run "$_what" "$_t" "$@"; done
        _i=$((_i + 1))
    done
    eval "_last=\${$#}"
    _bytes=$(stat -L -c %s "$_last")
    oc=$(median leakcheck 1) om=$(median leakcheck 2)
    mc=$(median memlab 1) mm=$(median memlab 2)
    dc=$(median devtools 1) dm=$(median devtools 2)
    rf=$(awk -v r="$om" -v s="$_bytes" 'BEGIN { if (r == "-") print "-"; else printf "%.2f\n", r * 1048576 / s }')
    printf '%-7s %6s %6s | %9s %8s | %9s %8s | %9s %8s | %8s %10s %8s\n' "$_what" "${_mb}MB" \
        "$((_bytes / 1048576))" "$oc" "$om" "$mc" "$mm" "$dc" "$dm" "$(ratio "$mc" "$oc")" \
        "$(ratio "$dc" "$oc")" "$rf"
}

echo "heap snapshot analysis: CPU seconds (user+sys) and peak RSS (MB), median of $REPS interleaved runs"
printf '%-7s %6s %6s | %9s %8s | %9s %8s | %9s %8s | %8s %10s %8s\n' what size file_MB \
    ours_cpu ours_MB memlab_cpu memlab_MB devt_cpu devt_MB x_memlab x_devtools rss/file
for mb in $SIZES; do
    f=$BENCH_DIR/bench-$mb.heapsnapshot
    [ -s "$f" ] || $NODE "$HERE/make-snapshot.js" "$mb" "$f"
    row analyze "$mb" "$f"
done
for mb in $DIFF_SIZES; do
    d=$BENCH_DIR/diff-$mb
    mkdir -p "$d"
    [ -s "$d/s3.heapsnapshot" ] || $NODE "$HERE/make-snapshots.js" "$mb" "$d"
    row diff "$mb" "$d/s1.heapsnapshot" "$d/s2.heapsnapshot" "$d/s3.heapsnapshot"
done
echo "goals (analyze): x_memlab >= 10x and x_devtools >= 6x at every size; 600MB: ours_cpu <= 3 s, rss/file <= 1"
