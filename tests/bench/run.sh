#!/bin/sh
# tests/bench/run.sh — parse+analyze speed and peak memory, leakcheck vs memlab.
#
# Generates snapshots of about 150 MB and 600 MB (make-snapshot.js), then runs
# `leakcheck analyze` and memlab's full load (memlab-load.js: parse, paths,
# dominators, retained sizes) on each, measuring wall time and peak RSS with
# /usr/bin/time -v, and prints a side-by-side table with ratios.
# Env: LEAKCHECK (binary, default ./leakcheck), BENCH_DIR (default
# /tmp/leakcheck-bench; snapshots are kept there between runs), SIZES
# (default "150 600"). Needs node; memlab via `npm install` in tests/bench.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
BENCH_DIR=${BENCH_DIR:-/tmp/leakcheck-bench}
SIZES=${SIZES:-"150 600"}
TIME=/usr/bin/time
mkdir -p "$BENCH_DIR"
[ -x "$TIME" ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 1; }
[ -x "$LEAKCHECK" ] || { echo "bench: $LEAKCHECK not built" >&2; exit 1; }
have_memlab=0
[ -d "$HERE/node_modules/@memlab/core" ] && have_memlab=1

# measure NAME CMD...: runs CMD under time -v; prints "wall_s rss_mb cpu_s".
measure() {
    _log=$BENCH_DIR/$1.time; shift
    "$TIME" -v "$@" >/dev/null 2>"$_log" || { echo "fail fail"; return; }
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                  for (i = 1; i <= n; i++) s = s * 60 + t[i]; wall = s }
                /User time/ { cpu += $2 } /System time/ { cpu += $2 }
                /Maximum resident set size/ { rss = $2 / 1024 }
                END { printf "%.2f %.0f %.2f\n", wall, rss, cpu }' "$_log"
}

# CPU (user+sys) is shown too: wall time is noisy on a shared machine.
printf '%-8s %7s | %7s %7s %7s | %8s %8s %9s | %7s %7s\n' snapshot file_MB ours_s ours_cpu \
    ours_MB memlab_s mem_cpu memlab_MB speedup rss_x
for mb in $SIZES; do
    f=$BENCH_DIR/bench-$mb.heapsnapshot
    [ -s "$f" ] || node --max-old-space-size=16000 "$HERE/make-snapshot.js" "$mb" "$f"
    size=$(($(stat -L -c %s "$f") / 1048576))
    cat "$f" >/dev/null # same warm page cache for both tools
    set -- $(measure "ours-$mb" "$LEAKCHECK" analyze "$f")
    ours_s=$1 ours_mb=$2 ours_cpu=$3
    ml_s=- ml_mb=- ml_cpu=- speed=- rssx=-
    if [ $have_memlab = 1 ]; then
        set -- $(measure "memlab-$mb" node --max-old-space-size=16000 "$HERE/memlab-load.js" "$f")
        ml_s=$1 ml_mb=$2 ml_cpu=$3
        speed=$(awk "BEGIN { printf \"%.1fx\", $ml_s / $ours_s }" 2>/dev/null || echo -)
        rssx=$(awk "BEGIN { printf \"%.1fx\", $ml_mb / $ours_mb }" 2>/dev/null || echo -)
    fi
    printf '%-8s %7s | %7s %7s %7s | %8s %8s %9s | %7s %7s\n' "${mb}MB" "$size" "$ours_s" \
        "$ours_cpu" "$ours_mb" "$ml_s" "$ml_cpu" "$ml_mb" "$speed" "$rssx"
done
