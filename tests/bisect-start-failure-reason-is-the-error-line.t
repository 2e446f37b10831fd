#!/bin/sh
# bisect-start-failure-reason-is-the-error-line.t — a commit whose app
# cannot start because a module is missing is reported with node's own line,
# "Error: Cannot find module './helpers'", not the end of the log ("Node.js
# v20...") and not only "exit 125"; the target's log it comes from is named
# and kept without --keep. Here that commit is BAD: nothing to bisect, exit 1.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"
command -v npm >/dev/null || skip_all "npm not installed"

make_library_repo "$TMP/tinyfmt"
make_library_app "$TMP/bench"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir" LEAKCHECK_CACHE_DIR="$TMP/cache"
export npm_config_offline=true npm_config_update_notifier=false
cd "$TMP/tinyfmt" || exit 1
short11=$(git rev-parse --short "$L11")

"$LEAKCHECK" bisect --good "$L0" --bad "$L11" ../bench/scenario.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "a BAD that cannot start: exit 1"
like "$TMP/out" "^cannot measure BAD $short11: target could not start \(.*\): Error: Cannot find module '\./helpers' \(/[^ ]+/01-$short11/run-1/target\.log\)\$" \
    "the reason is node's Cannot find module line, then the log's path"
unlike "$TMP/out" 'Node\.js v[0-9]' "not the log's last line"
log=$(sed -n 's|^cannot measure BAD .* (\(/.*\))$|\1|p' "$TMP/out")
like "$log" "Require stack" "the named log is the target's, kept after the bisect"
like "$TMP/err" "^    target could not start .*Cannot find module" "the progress line says it too"
done_testing
