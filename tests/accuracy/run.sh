#!/bin/sh
# tests/accuracy/run.sh — how often is leakcheck right?
#
# Runs every scenario in scenarios/ RUNS times (default 5) and prints, per
# endpoint: the truth (leak or clean), the verdicts over the runs (e.g.
# `fail×5`, `pass×4 inconclusive×1`), the heap slope's mean ± standard deviation (min..max), the
# mean requests measured and mean time to verdict; then a line counting wrong
# verdicts (a leak judged pass or inconclusive, a clean endpoint judged fail).
# Exit status 1 when any verdict is wrong or a run produced no report.
#
#   LEAKCHECK=./leakcheck tests/accuracy/run.sh          # `make accuracy`
#   RUNS=3 SCENARIOS="sawtooth timer-leak" tests/accuracy/run.sh
#   FLOOR=1 tests/accuracy/run.sh                        # the detection floor
#
# FLOOR=1 runs scenarios/slow-leak-64b.ini with LEAK_BYTES = 0 (a control:
# the server's own drift) and 16 24 32 48 64 (FLOOR_BYTES overrides), RUNS
# times each, with the scenario's default settings (budget 32 B/request),
# and prints which sizes are caught in every run: the smallest such size,
# with every larger one also caught, is the detection floor. It reports the
# measured slope, not only the nominal size.
#
# MIXED (default "demo express-app login-service"; MIXED= for none): these
# scenarios run RUNS times more as one mixed run each ([load] mode = mixed,
# all endpoints at once), shown as NAME-mixed with the same truth; then a
# table sets each leaking endpoint's mixed slope beside its slope alone
# (within ±25 % is the goal) with the wall time of both.
#
# Environment: LEAKCHECK (default ./leakcheck at the top of the tree),
# RUNS, SCENARIOS (names without .ini; default all), MIXED, FLOOR, FLOOR_BYTES,
# ACCURACY_DIR (keep run dirs there; default a temporary dir, removed),
# LEAKCHECK_AGENT is passed through to leakcheck.
# Needs python3 (summarize.py parses each run's report.json).
# The runs are CPU-bound and sequential: ~5-15 s each on 2 shared cores.

TOP=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$TOP/tests/accuracy
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
case $LEAKCHECK in /*) ;; *) LEAKCHECK=$(pwd)/$LEAKCHECK ;; esac
RUNS=${RUNS:-5}
FLOOR_BYTES=${FLOOR_BYTES:-0 16 24 32 48 64}

[ -x "$LEAKCHECK" ] || { echo "accuracy: no leakcheck binary at $LEAKCHECK (make first, or set LEAKCHECK)" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "accuracy: python3 is needed to read report.json" >&2; exit 2; }
case $RUNS in ''|*[!0-9]*|0) echo "accuracy: RUNS must be a positive number" >&2; exit 2 ;; esac

if [ -n "$ACCURACY_DIR" ]; then
    OUT=$ACCURACY_DIR; mkdir -p "$OUT" || exit 2
else
    OUT=$(mktemp -d "${TMPDIR:-/tmp}/leakcheck-accuracy.XXXXXX") || exit 2
    trap 'rm -rf "$OUT"' EXIT
fi
trap 'exit 130' INT TERM
MANIFEST=$OUT/manifest.tsv
: >"$MANIFEST"

# The truth per scenario: the endpoints that leak (the others are clean).
# A scenario not listed here is read from its header comment (`Expected:
# pass` / `Expected: FAIL on "NAME"`); if that says nothing, its truth is `?`.
cat >"$OUT/truth.tsv" <<'TRUTH'
closure-fixed	-
closure-leaky	GET /report
demo	POST /sessions
express-app	POST /orders
global-array-fixed	-
global-array-leaky	GET /log
interval-fixed	-
interval-leaky	GET /jobs
listener-fixed	-
listener-leaky	GET /watch
map-cache-fixed	-
map-cache-leaky	GET /user
lru-fills-then-stays	-
lazy-init	-
sawtooth	-
weakref-cache	-
json-heavy	-
slow-leak-64b	GET /track
buffer-leak	GET /upload
timer-leak	GET /notify
lru-50k	-
random-5xx	-
slow-endpoint-clean	-
slow-endpoint-leaky	GET /report-leaky/:id
per-connection-leak	-
per-connection-leak-no-keepalive	GET /session/:id
upstream-keepalive-leak	GET /recommendations/:user
login-service	GET /api/activity (bearer token)
TRUTH
for m in ${MIXED-demo express-app login-service}; do
    printf '%s-mixed\t%s\n' "$m" "$(awk -F'\t' -v s="$m" '$1 == s {print $2}' "$OUT/truth.tsv")" >>"$OUT/truth.tsv"
done
# per-connection-leak keeps ~10 KB per TCP connection and nothing per
# request: under keep-alive it retains nothing per request (truth "-"); the
# no-keepalive twin makes every request a connection (see README, Verdicts).

# needs_install SCENARIO: true when its target is an npm project without node_modules.
needs_install() {
    _cwd=$(sed -n 's/^[[:space:]]*cwd[[:space:]]*=[[:space:]]*\([^;[:space:]]*\).*/\1/p' "$1" | head -n 1)
    [ -n "$_cwd" ] || return 1
    case $_cwd in /*) ;; *) _cwd=$(dirname "$1")/$_cwd ;; esac
    [ -f "$_cwd/package.json" ] && [ ! -d "$_cwd/node_modules" ]
}

# one NAME RUN SCENARIO-FILE [NOMINAL]: a leakcheck run, recorded in the manifest.
one() {
    _dir=$OUT/runs/$1/$2
    rm -rf "$_dir"; mkdir -p "$(dirname "$_dir")"
    _t0=$(date +%s)
    "$LEAKCHECK" run -q --output-dir "$_dir" "$3" >"$OUT/runs/$1/$2.tap" 2>"$OUT/runs/$1/$2.err"
    _st=$?
    case $_st in 130|143) exit "$_st" ;; esac
    rm -rf "$_dir/snapshots" "$_dir/report.html" # heap snapshots: MBs each, not needed here
    _v=$(sed -n 's/^\(not ok\|ok\) [0-9]* - .*/\1/p' "$OUT/runs/$1/$2.tap" | tr '\n' ' ')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$_st" "$_dir/report.json" "$3" "$4" >>"$MANIFEST"
    echo "accuracy: $1 run $2/$RUNS: exit $_st, ${_v:-no TAP} ($(( $(date +%s) - _t0 )) s)" >&2
}

if [ -n "$FLOOR" ] && [ "$FLOOR" != 0 ]; then
    base=$TOP/scenarios/slow-leak-64b.ini
    [ -f "$base" ] || { echo "accuracy: $base is missing" >&2; exit 2; }
    for b in $FLOOR_BYTES; do
        scen=$OUT/slow-leak-${b}b.ini
        # the same scenario with an absolute command and LEAK_BYTES=b
        sed -e "s|\.\./examples/|$TOP/examples/|" \
            -e "s|^env = LEAK_BYTES=.*|env = LEAK_BYTES=$b|" "$base" >"$scen"
        grep -q "^env = LEAK_BYTES=$b\$" "$scen" || { echo "accuracy: no 'env = LEAK_BYTES=' line in $base" >&2; exit 2; }
        i=1
        while [ "$i" -le "$RUNS" ]; do one "slow-leak-${b}b" "$i" "$scen" "$b"; i=$((i + 1)); done
    done
    echo
    echo "detection floor: scenarios/slow-leak-64b.ini (default budget 32 B/request), $RUNS runs per size"
    python3 "$HERE/summarize.py" floor "$MANIFEST"
    exit $?
fi

if [ -n "$SCENARIOS" ]; then
    list=
    for s in $SCENARIOS; do list="$list $TOP/scenarios/${s%.ini}.ini"; done
else
    list=$(ls "$TOP"/scenarios/*.ini)
fi

for scen in $list; do
    name=$(basename "$scen" .ini)
    [ -f "$scen" ] || { echo "accuracy: no scenario $scen" >&2; exit 2; }
    if needs_install "$scen"; then
        # never skip in silence: `make accuracy` installs first (make deps)
        echo "accuracy: $name needs its node_modules: run make deps (npm ci)" >&2
        exit 2
    fi
    i=1
    while [ "$i" -le "$RUNS" ]; do one "$name" "$i" "$scen"; i=$((i + 1)); done
done

# the mixed runs: the same file with mode = mixed in [load], its relative
# paths made absolute (it is written elsewhere)
for m in ${MIXED-demo express-app login-service}; do
    src=$TOP/scenarios/$m.ini
    [ -f "$src" ] || { echo "accuracy: no scenario $src" >&2; exit 2; }
    scen=$OUT/$m-mixed.ini
    sed -e "s|\.\./examples|$TOP/examples|g" -e 's/^\[load\]/[load]\nmode = mixed/' "$src" >"$scen"
    i=1
    while [ "$i" -le "$RUNS" ]; do one "$m-mixed" "$i" "$scen"; i=$((i + 1)); done
done

echo
echo "accuracy: $("$LEAKCHECK" --version 2>/dev/null | head -n 1 || echo leakcheck), $RUNS runs per scenario, node $(node --version 2>/dev/null)"
python3 "$HERE/summarize.py" table "$MANIFEST" "$OUT/truth.tsv"
st=$?
if [ -n "${MIXED-demo express-app login-service}" ]; then
    echo
    python3 "$HERE/summarize.py" mixed "$MANIFEST" "$OUT/truth.tsv" || st=1
fi
exit $st
