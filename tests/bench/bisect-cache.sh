#!/bin/sh
# tests/bench/bisect-cache.sh — what the bisect build cache saves: the same
# `leakcheck bisect` of a 24-commit library without a lockfile
# (tests/bisect-repo.sh: 8 commits tested, 3 distinct package.json) run three
# times: with an empty build cache, again (every install from the cache),
# and with --no-cache. Each commit has real devDependencies from the npm
# registry (DEPS), as a library does: its installs are what the cache saves.
# Prints wall time, installs, cache hits and the seconds spent installing.
# Env: LEAKCHECK, DEPS (package.json members), BENCH_DIR (default
# /tmp/leakcheck-bench/bisect-cache, emptied first). Needs npm and the
# registry, or an npm cache that holds DEPS.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
BENCH_DIR=${BENCH_DIR:-/tmp/leakcheck-bench/bisect-cache}
LIB_DEV_DEPS=${DEPS:-'"express": "5.3.0", "typescript": "5.6.3", "eslint": "9.14.0", "mocha": "10.8.2"'}
export LIB_DEV_DEPS
[ -x "$LEAKCHECK" ] || { echo "bench: $LEAKCHECK not built" >&2; exit 1; }
rm -rf "$BENCH_DIR" && mkdir -p "$BENCH_DIR/tmp"
. "$TOP/tests/bisect-repo.sh"
make_library_repo "$BENCH_DIR/tinyfmt"
make_library_app "$BENCH_DIR/bench"
export LEAKCHECK_CACHE_DIR="$BENCH_DIR/cache" TMPDIR="$BENCH_DIR/tmp" npm_config_update_notifier=false

# bisect NAME [OPTIONS]: one bisect; prints its row
bisect() {
    _name=$1; shift
    _t0=$(date +%s.%N)
    (cd "$BENCH_DIR/tinyfmt" && "$LEAKCHECK" bisect -q --format json "$@" --good "$L0" --bad "$L23" \
        ../bench/scenario.ini >"$BENCH_DIR/$_name.json") || [ $? -eq 0 ]
    _t1=$(date +%s.%N)
    python3 - "$BENCH_DIR/$_name.json" "$_name" "$_t0" "$_t1" "$L16" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["commits"]
found = r["first_bad"]["commit"] == sys.argv[5] if r["first_bad"] else False
inst = sum(x["install_seconds"] for x in c)
hits = sum(x["install"] == "cached" for x in c)
print("%-10s %7.1f %8d %6d %10.1f %7.1f  %s" % (sys.argv[2], float(sys.argv[4]) - float(sys.argv[3]),
      len(c), hits, inst, sum(x["seconds"] for x in c) - inst, "yes" if found else "NO"))
PY
}

printf '%-10s %7s %8s %6s %10s %7s  %s\n' run wall_s commits hits install_s other_s right_commit
bisect first
bisect second
bisect no-cache --no-cache
du -sh "$LEAKCHECK_CACHE_DIR" | sed 's/^/# cache: /'
