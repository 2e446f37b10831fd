#!/bin/sh
# bisect-library-without-lockfile.t — a library as people have it: 24
# commits, no lockfile, a dependency added mid-range (a file: folder), and no
# app in the history: the app that exercises it, its fixture and the
# scenario live outside the repository, brought into every worktree with
# [bisect] files. Run from inside the repository, `leakcheck bisect` names
# the leaking commit, skips the commit that cannot start with node's own
# line (Cannot find module) as its reason, installs with npm install
# --no-package-lock, and leaves the work tree clean. Run a second time, every
# tested commit's install comes from the build cache. The wall times of
# both runs are printed, never asserted (make bench measures them).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"
same_paths_under_asan # [bisect] files, installs and the cache run under ASan in bisect-files-are-held-constant.t and bisect-install-choice-and-cache.t
command -v npm >/dev/null || skip_all "npm not installed"

make_library_repo "$TMP/tinyfmt"
make_library_app "$TMP/bench"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir" LEAKCHECK_CACHE_DIR="$TMP/cache"
export npm_config_offline=true npm_config_update_notifier=false # file: dependencies only
cd "$TMP/tinyfmt" || exit 1
short11=$(git rev-parse --short "$L11")

bisect_json() { # bisect_json OUT ERR: the bisect, JSON on OUT; sets $status and $wall
    _t0=$(date +%s.%N)
    "$LEAKCHECK" bisect --format json --good "$L0" --bad "$L23" ../bench/scenario.ini >"$1" 2>"$2"
    status=$?
    wall=$(echo "$_t0 $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')
}

bisect_json "$TMP/first.json" "$TMP/first.err"
echo "# first bisect: $wall s"
is "$status" 0 "exit 0: a first bad commit was found"
is "$(json_get "$TMP/first.json" 'r["first_bad"]["commit"]')" "$L16" "names the leaking commit"
is "$(json_get "$TMP/first.json" 'r["first_bad"]["subject"]')" "$LIB_LEAK_SUBJECT" "with its subject"
like "$TMP/first.err" "repository $TMP/tinyfmt: 23 commits" "the repository is the current directory's"
like "$TMP/first.err" "scenario is outside it: written as scenario.ini at the top of each worktree" \
    "the scenario outside it is taken, and says where it goes"

skip_of() { json_get "$1" '[c for c in r["commits"] if c["verdict"] == "skip"][0]["'"$2"'"]'; }
is "$(skip_of "$TMP/first.json" commit)" "$L11" "the commit that cannot start is skipped"
skip_of "$TMP/first.json" note >"$TMP/note"
like "$TMP/note" "^target could not start .*: Error: Cannot find module '\./helpers' \(/[^ ]+/03-$short11/run-1/target\.log\)\$" \
    "its reason is node's Cannot find module line, with the target's log"
[ -f "$(sed -n 's/.*(\(.*\))$/\1/p' "$TMP/note")" ]; ok $? "that log is kept where the note says"

json_get "$TMP/first.json" '" ".join(c["install"] for c in r["commits"])' >"$TMP/installs"
like "$TMP/installs" '^(cached|stored)( (cached|stored))*$' "every tested commit was installed or copied"
is "$(json_get "$TMP/first.json" 'r["build_cache"]["stored"]')" 3 \
    "three installs stored: package.json before the dependency, with it, after the version bump"
is "$(json_get "$TMP/first.json" 'r["build_cache"]["dir"]')" "$TMP/cache" "the cache is in LEAKCHECK_CACHE_DIR"
like "$TMP/first.err" "build cache $TMP/cache \(0 entries, 0\.0 B; cache_size 2\.00 GiB" \
    "its place and size are told before the first install"
log=$(ls "$TMP"/cache/*/key.txt | head -1)
like "$log" '^install npm install --no-package-lock' "no lockfile: npm install --no-package-lock"
grep -l 'git dependencies tiny-dep ' "$TMP"/cache/*/key.txt >/dev/null
ok $? "the file: dependency is in the key by its git tree id"

is "$(git status --porcelain --untracked-files=all | wc -l)" 0 "nothing appeared in the work tree"
is "$(git worktree list | wc -l)" 1 "no worktree left"

bisect_json "$TMP/second.json" "$TMP/second.err"
echo "# second bisect: $wall s (installs from the cache)"
is "$status" 0 "second run: exit 0"
is "$(json_get "$TMP/second.json" 'r["first_bad"]["commit"]')" "$L16" "second run: the same commit"
is "$(json_get "$TMP/second.json" 'r["commits_tested"]')" 8 "second run: eight commits tested"
is "$(json_get "$TMP/second.json" 'sorted(set(c["install"] for c in r["commits"]))')" "['cached']" \
    "second run: every tested commit's install came from the cache"
is "$(json_get "$TMP/second.json" 'r["build_cache"]["hits"]')" 8 "second run: eight cache hits"
is "$(json_get "$TMP/second.json" 'r["build_cache"]["stored"]')" 0 "second run: nothing stored"
done_testing
