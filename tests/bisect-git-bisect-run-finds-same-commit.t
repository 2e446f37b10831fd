#!/bin/sh
# bisect-git-bisect-run-finds-same-commit.t — `leakcheck run`'s exit statuses
# (0 good, 1 bad, 125 skip) make it a `git bisect run` command as it is: on
# the throwaway repository it names the same first bad commit as
# `leakcheck bisect`. With -o outside the repository (README's recipes: one
# run dir for all steps, or one per step) nothing lands in the work tree.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
git bisect start "$C10" "$C1" >/dev/null
git bisect run "$LEAKCHECK" run -q --output-dir "$TMP/run" leak.ini >"$TMP/out" 2>&1
is "$?" 0 "git bisect run completes"
like "$TMP/out" "^$C6 is the first bad commit" "git bisect names the leaking commit"
git bisect reset >/dev/null 2>&1
is "$(git rev-parse HEAD)" "$C10" "back on the original HEAD after git bisect reset"
is "$(git status --porcelain --untracked-files=all | wc -l)" 0 "-o DIR: nothing in the work tree"

git bisect start "$C10" "$C1" >/dev/null
git bisect run sh -c 'exec "$0" run -q -o "$1/$(git rev-parse --short HEAD)" leak.ini' \
    "$LEAKCHECK" "$TMP/runs" >"$TMP/out" 2>&1
like "$TMP/out" "^$C6 is the first bad commit" "one run dir per step: the same commit"
steps=$(grep -c '^running ' "$TMP/out")
[ "$steps" -ge 3 ]; ok $? "git bisect ran $steps steps"
is "$(ls "$TMP/runs" | wc -l)" "$steps" "one run dir per step, each named by its commit"
git bisect reset >/dev/null 2>&1
is "$(git status --porcelain --untracked-files=all | wc -l)" 0 "and nothing in the work tree"
done_testing
