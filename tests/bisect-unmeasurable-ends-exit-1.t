#!/bin/sh
# bisect-unmeasurable-ends-exit-1.t — a BAD or GOOD that cannot be built
# leaves nothing to bisect: exit 1 (as for a BAD that measures good), the
# build's reason and log path in the conclusion; `leakcheck bisect --help`
# says so.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir" # the logs of the unbuildable commits are kept there
cd "$TMP/repo" || exit 1
short1=$(git rev-parse --short "$C1")
short6=$(git rev-parse --short "$C6")

sed 's/^build = .*/build = echo "error: no toolchain" >\&2; exit 3/' leak.ini >nobuild.ini
"$LEAKCHECK" bisect --good "$C1" --bad "$C6" nobuild.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "BAD that does not build: exit 1"
like "$TMP/out" "^cannot measure BAD $short6: build failed \(exit status 3\): error: no toolchain \(/[^ ]+/01-$short6/build\.log\)\$" \
    "says why, with the build's own line and its log"
log=$(sed -n 's|^cannot measure BAD .* (\(/.*\))$|\1|p' "$TMP/out")
[ -f "$log" ]; ok $? "the build log it names exists after the bisect"

# README.md is added by C2: the build fails on C1 only
sed 's/^build = .*/build = test -f README.md/; s/^\[bisect\]/&\nrepeats = 0/' leak.ini >oldbuild.ini
"$LEAKCHECK" bisect -q --good "$C1" --bad "$C6" oldbuild.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "GOOD that does not build: exit 1"
like "$TMP/out" "^cannot measure GOOD $short1: build failed \(exit status 1\)" "says so"
like "$TMP/out" "^ +1 +$short6 +bad " "BAD was measured first"

"$LEAKCHECK" bisect --help >"$TMP/help"
like "$TMP/help" "^  1 +nothing to bisect: .*either one unmeasurable" \
    "--help: exit 1 for an unmeasurable end (README.md and leakcheck.1 say the same: exit-codes-documented-alike.t)"
is "$(git worktree list | wc -l)" 1 "no worktree left"
done_testing
