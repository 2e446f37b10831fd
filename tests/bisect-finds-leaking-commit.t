#!/bin/sh
# bisect-finds-leaking-commit.t — `leakcheck bisect` over a ten-commit
# throwaway repository (tests/bisect-repo.sh) names the commit that added a
# module-level array push per request, skips the commit that does not build,
# escapes a hostile subject, exits 0, and leaves the user's checkout exactly
# as it was: no change in status or HEAD, no extra worktree, no temp dirs.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir"
cd "$TMP/repo" || exit 1
head_before=$(git rev-parse HEAD)
short7=$(git rev-parse --short "$C7")

t0=$(date +%s.%N)
TMPDIR="$TMP/tmpdir" "$LEAKCHECK" bisect --good "$C1" --bad "$C10" leak.ini >"$TMP/out" 2>"$TMP/err"
status=$?
t1=$(date +%s.%N)
echo "# wall time of the 10-commit bisect: $(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}') s"
sed 's/^/#   /' "$TMP/out"

is "$status" 0 "exit 0: a first bad commit was found"
like "$TMP/out" "^first bad commit: $C6\$" "names the leaking commit"
grep -A1 '^first bad commit' "$TMP/out" | grep -qF "$LEAK_SUBJECT"
ok $? "shows the leaking commit's subject"
like "$TMP/out" 'app\.js \| +[0-9]+ ' "shows the leaking commit's diff stat"
like "$TMP/out" "^ +[0-9]+ +$short7 +skip " "the commit that does not build is in the table as skipped"
like "$TMP/out" "^$short7 skip: build failed \(exit status 1\) \($TMP/tmpdir/[^ ]+/[0-9]+-$short7/build\.log\)\$" \
    "and the reason is reported, with the path of its build log"
log=$(sed -n "s|^$short7 skip: .* (\(.*\))\$|\1|p" "$TMP/out")
[ -f "$log" ]; ok $? "the build log of the skipped commit is kept where the note says"
like "$TMP/err" "logs of skipped commits kept in $TMP/tmpdir/" "stderr says where the kept logs are"
like "$TMP/out" "^ +[0-9]+ +[0-9a-f]+ +bad +[0-9.]+ \[[-0-9.]+, [-0-9.]+\] B/request" \
    "bad rows show a heap slope and its interval"
! grep -q "$(printf '\033')" "$TMP/out" "$TMP/err"
ok $? "no raw terminal escape from a commit subject reaches the output"
like "$TMP/out" 'Finish the \\x1[bB]\[31mrefactor' "the hostile subject is shown escaped"

is "$(git status --porcelain | grep -v '^?? ' | wc -l)" 0 "no tracked file changed"
is "$(git status --porcelain --untracked-files=all | wc -l)" 0 "no untracked file appeared"
is "$(git rev-parse HEAD)" "$head_before" "HEAD unchanged"
is "$(git symbolic-ref HEAD)" "refs/heads/main" "still on branch main"
is "$(git worktree list | wc -l)" 1 "git worktree list shows only the main worktree"
is "$(cd "$TMP/tmpdir" && find . -mindepth 1 -type d | wc -l)" 3 \
    "worktrees and run dirs removed: left are the temporary dir, its runs/ and one commit's logs"
is "$(ls "$TMP"/tmpdir/*/runs)" "$(basename "$(dirname "$log")")" "those of the skipped commit"
done_testing
