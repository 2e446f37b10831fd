#!/bin/sh
# bisect-nothing-to-bisect-exits-1.t — when BAD measures good there is
# nothing to bisect (exit 1, GOOD is not even measured); when GOOD measures
# bad the contradiction is reported (exit 1). The scenario used is an
# untracked copy with `repeats = 0`: bisect writes the user's copy into each
# worktree, so it needs not exist in the commits under test.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
sed 's/^build = .*/&\nrepeats = 0/' leak.ini >once.ini
short1=$(git rev-parse --short "$C1")
short5=$(git rev-parse --short "$C5")
short6=$(git rev-parse --short "$C6")

"$LEAKCHECK" bisect --good "$C1" --bad "$C5" once.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "BAD that measures good: exit 1"
like "$TMP/out" "nothing to bisect: BAD $short5 measures good" "says there is nothing to bisect"
like "$TMP/out" "^ +1 +$short5 +good " "BAD's measurement is in the table"
unlike "$TMP/out" "^ +[0-9]+ +$short1 " "GOOD was not measured"

"$LEAKCHECK" bisect --good "$C6" --bad "$C10" once.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "GOOD that measures bad: exit 1"
like "$TMP/out" "contradiction: GOOD $short6 measures bad" "the contradiction is reported"

"$LEAKCHECK" bisect --good "$C1" --bad "$C5" leak.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "with repeats = 2 (leak.ini): still exit 1"
like "$TMP/out" "^ +1 +$short5 +good " "BAD re-measured and still good"
is "$(git status --porcelain --untracked-files=all)" "?? once.ini" "no file left in the user's checkout"
is "$(git worktree list | wc -l)" 1 "no worktree left"
done_testing
