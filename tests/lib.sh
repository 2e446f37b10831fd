# tests/lib.sh — sourced by every shell test: TAP helpers and run helpers.
#
# A test script is `#!/bin/sh` + `. "$(dirname "$0")/lib.sh"` + checks.
# prove runs it; it prints TAP and ends with `done_testing`.

TOP=$(cd "$(dirname "$0")/.." && pwd)
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
case $LEAKCHECK in /*) ;; *) LEAKCHECK=$TOP/$LEAKCHECK ;; esac
export LEAKCHECK_AGENT=${LEAKCHECK_AGENT:-$TOP/harness/agent/leakcheck-agent.js}
BUILD=${LEAKCHECK_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
TMP=$(mktemp -d "${TMPDIR:-/tmp}/leakcheck-test.XXXXXX")
_n=0
_failed=0

# tmp_cleanup [STATUS]: the EXIT trap. Removes $TMP when every check passed
# and the script's exit status (STATUS) is 0; otherwise keeps it — the run
# dir, target.log, report.json of a failure are what explain it — and says
# where. A test that sets its own EXIT trap ends it with tmp_cleanup $_st,
# after _st=$? as its first command.
tmp_cleanup() {
    if [ "$_failed" -eq 0 ] && [ "${1:-0}" -eq 0 ]; then rm -rf "$TMP"
    else echo "# kept $TMP" >&2; fi
}
trap 'tmp_cleanup $?' EXIT

ok() { # ok COND-EXIT-STATUS DESCRIPTION  (use: some_cmd; ok $? "desc")
    _n=$((_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $_n - $2"; else echo "not ok $_n - $2"; _failed=$((_failed + 1)); fi
}

is() { # is GOT WANT DESCRIPTION
    _n=$((_n + 1))
    if [ "$1" = "$2" ]; then echo "ok $_n - $3"
    else echo "not ok $_n - $3"; echo "#   got '$1', want '$2'"; _failed=$((_failed + 1)); fi
}

like() { # like FILE ERE DESCRIPTION
    _n=$((_n + 1))
    if grep -Eq -- "$2" "$1"; then echo "ok $_n - $3"
    else echo "not ok $_n - $3"; echo "#   /$2/ not found in $1:"; sed 's/^/#   /' "$1" | tail -20
         _failed=$((_failed + 1)); fi
}

unlike() { # unlike FILE ERE DESCRIPTION
    _n=$((_n + 1))
    if grep -Eq -- "$2" "$1"; then echo "not ok $_n - $3"; echo "#   /$2/ found in $1"
         _failed=$((_failed + 1)); else echo "ok $_n - $3"; fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() { echo "1..$_n"; [ $_failed -eq 0 ]; }

# run_scenario SCENARIO [ARGS...]: runs leakcheck into $TMP/run, sets $status,
# stdout in $TMP/out, stderr in $TMP/err.
run_scenario() {
    _scen=$1; shift
    "$LEAKCHECK" run --output-dir "$TMP/run" "$@" "$_scen" >"$TMP/out" 2>"$TMP/err"
    status=$?
}

# no_orphans: true when no process started by the run is still alive.
# The harness writes the target's process-group id to <run dir>/target.pgid.
no_orphans() {
    _pgid=$(cat "$TMP/run/target.pgid" 2>/dev/null) || return 1
    [ -n "$_pgid" ] || return 1
    ! pgrep -g "$_pgid" >/dev/null 2>&1
}

# test_mark: exports a variable that every process the run starts inherits,
# so that marked_procs finds them wherever they went: out of the target's
# process group (setsid), re-parented to init (leakcheck killed), daemonized.
test_mark() {
    LEAKCHECK_TEST_MARK="lc-$$-$(date +%s%N)"
    export LEAKCHECK_TEST_MARK
}

# marked_procs: the pids of live processes carrying this test's mark, one a
# line (zombies have no environment and are not listed).
marked_procs() {
    env -u LEAKCHECK_TEST_MARK sh -c \
        'grep -lsxa "LEAKCHECK_TEST_MARK=$0" -z /proc/[0-9]*/environ | cut -d/ -f3' \
        "$LEAKCHECK_TEST_MARK"
}

# wait_no_marked SECONDS: true once no marked process is left, false if some
# still are after SECONDS (they are listed on stderr).
wait_no_marked() {
    _i=0
    while [ -n "$(marked_procs)" ] && [ $_i -lt $(($1 * 10)) ]; do sleep 0.1; _i=$((_i + 1)); done
    _left=$(marked_procs)
    [ -z "$_left" ] && return 0
    for _p in $_left; do echo "#   left running: $_p $(tr '\0' ' ' </proc/$_p/cmdline 2>/dev/null)" >&2; done
    return 1
}

# schema_valid FILE: the report validates against harness/report.schema.json
# (the first errors are printed as TAP comments). Needs python3-jsonschema.
schema_valid() {
    /usr/bin/python3 - "$TOP/harness/report.schema.json" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
report = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(report), key=str)
for e in errors[:5]:
    print("# %s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
sys.exit(1 if errors else 0)
PY
}

# json_get FILE EXPR: prints the Python expression EXPR over the parsed JSON
# file `r` (e.g. json_get report.json 'r["teardown"]["strays"]').
json_get() {
    /usr/bin/python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# tap_valid FILE: the file is a well-formed TAP stream (prove parses it).
tap_valid() {
    perl -MTAP::Parser -e '
        local $/; open my $fh, "<", $ARGV[0] or exit 1; my $t = <$fh>;
        my $p = TAP::Parser->new({ tap => $t });
        while (my $r = $p->next) {}
        exit(($p->parse_errors) ? 1 : 0);' "$1"
}

# run_tap_ok: two checks on a run's stdout ($TMP/out): it is valid TAP, and
# it opens with the TAP 13 header.
run_tap_ok() {
    tap_valid "$TMP/out"; ok $? "stdout is valid TAP"
    like "$TMP/out" '^TAP version 13$' "TAP version 13 header"
}

# run_artifacts_ok: four checks on what a finished run leaves in $TMP/run:
# samples.csv with a header and sample rows, target.log, and no process of
# the target's group still alive.
run_artifacts_ok() {
    [ -f "$TMP/run/samples.csv" ] && head -n 1 "$TMP/run/samples.csv" | grep -Eq '^[A-Za-z_"]'
    ok $? "samples.csv starts with a header"
    [ "$(wc -l 2>/dev/null <"$TMP/run/samples.csv" || echo 0)" -ge 3 ]
    ok $? "samples.csv has sample rows"
    [ -f "$TMP/run/target.log" ]; ok $? "target.log exists"
    no_orphans; ok $? "no process left in the target's process group"
}

# site_ok FN-ERE SOURCE LINE-ERE: the TAP reason of $TMP/out says "allocated
# in FN (…/SOURCE-BASENAME:LINE)", LINE being a line of $TOP/SOURCE matching
# LINE-ERE: where the allocating function starts (V8's sampling profiler
# knows functions, not lines; an inlined function's allocations show in its
# caller, so FN-ERE and LINE-ERE may name both).
site_ok() {
    _line="($(grep -nE "$3" "$TOP/$2" | cut -d: -f1 | paste -sd'|'))"
    _base=$(basename "$2" | sed 's/\./\\./g')
    like "$TMP/out" "^  reason: \".*; allocated in $1 \\(([^ ]*/)?$_base:$_line\\)" \
        "allocated in $1 ($(basename "$2"):$_line)"
}

# same_paths_under_asan: skips a test under the ASan build when what it adds
# is one more node app's verdict, not another C path: load, samples, verdict,
# explain phase and reports run under ASan in run-explains-leak-with-
# retainer-path.t (six leaks), run-explain-phase-only-on-failure.t (passes,
# a fail, a snapshot timeout) and the fault, hostile, bisect and report tests.
same_paths_under_asan() {
    case $LEAKCHECK in
    *-asan) skip_all "under ASan: another app's verdict on C paths the ASan suite already runs" ;;
    esac
}
