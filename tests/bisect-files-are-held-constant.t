#!/bin/sh
# bisect-files-are-held-constant.t — [bisect] files are part of the test,
# like the scenario: copied from the scenario's folder into every worktree,
# over the commit's own file of that name. Here the scenario lives outside the
# repository (run from inside it) with a clean app.js beside it: BAD, whose
# own app.js leaks, is measured on the user's app.js and measures good.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir" "$TMP/mine/data"
export TMPDIR="$TMP/tmpdir"
cd "$TMP/repo" || exit 1
git show "$C1:app.js" >"$TMP/mine/app.js"
echo 'kept beside the scenario' >"$TMP/mine/data/note.txt"
sed 's/^build = .*/build = test -f data\/note.txt \&\& test ! -f BROKEN\nfiles = app.js data\/\nrepeats = 0/' \
    leak.ini >"$TMP/mine/leak.ini"

"$LEAKCHECK" bisect -o "$TMP/runs" --good "$C1" --bad "$C10" "$TMP/mine/leak.ini" >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "exit 1: nothing to bisect"
like "$TMP/out" "^nothing to bisect: BAD $(git rev-parse --short "$C10") measures good\$" \
    "BAD ran the user's app.js (clean), not its own (leaky)"
like "$TMP/runs"/01-*/build.log '^leakcheck bisect: build in .*/wt-[0-9a-f]+: test -f data/note.txt' \
    "the build ran at the top of the worktree, where the scenario and its files went"
is "$(git status --porcelain --untracked-files=all | wc -l)" 0 "nothing appeared in the work tree"
is "$(git worktree list | wc -l)" 1 "no worktree left"
done_testing
