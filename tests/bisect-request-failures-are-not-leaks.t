#!/bin/sh
# bisect-request-failures-are-not-leaks.t — a commit whose run fails for a
# reason other than memory (here: the endpoint answers 500) cannot be
# measured: it is skipped, not counted bad. As BAD it leaves nothing to
# bisect: exit 1, with the reason.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir" # the skipped BAD's logs are kept there, not in /tmp
cd "$TMP/repo" || exit 1
sed 's/res.setHeader/res.statusCode = 500; res.setHeader/' app.js >app.new && mv app.new app.js
git commit -qam 'Answer 500' && C11=$(git rev-parse HEAD)
short11=$(git rev-parse --short "$C11")

"$LEAKCHECK" bisect --good "$C10" --bad "$C11" leak.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "BAD that cannot be measured: exit 1"
like "$TMP/out" "^ +1 +$short11 +skip " "the 500 commit is skipped, not bad"
like "$TMP/out" "cannot measure BAD $short11: failed, but not on memory: .*requests failed" \
    "the reason names the failed requests"
is "$(git worktree list | wc -l)" 1 "no worktree left"
done_testing
