#!/bin/sh
# bisect-install-choice-and-cache.t — how a commit gets its dependencies:
# npm ci where it has a lockfile, npm install --no-package-lock where it has
# none; a configured npm ci on a commit without a lockfile is refused with
# the fix named; a build that begins with a plain install is split into the
# install and the rest; --no-cache installs without touching the cache; the
# cache drops its least recently used entries past [bisect] cache_size, and
# an entry whose files were written to after it was stored (restores are
# hard links) is installed afresh, never handed on.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"
command -v npm >/dev/null || skip_all "npm not installed"

make_library_repo "$TMP/tinyfmt"
make_library_app "$TMP/bench"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir" LEAKCHECK_CACHE_DIR="$TMP/cache"
export npm_config_offline=true npm_config_update_notifier=false
cd "$TMP/tinyfmt" || exit 1
short23=$(git rev-parse --short "$L23")
bench=$TMP/bench
# BAD measures good in parts 2-4 (only the install matters): measured once, not re-measured
sed -i 's/^\[bisect\]/&\nrepeats = 0/' "$bench/scenario.ini"

# 1. build = npm ci, and BAD has no lockfile
sed 's/^\[bisect\]/&\nbuild = npm ci/' "$bench/scenario.ini" >"$bench/ci.ini"
"$LEAKCHECK" bisect -q --good "$L0" --bad "$L23" "$bench/ci.ini" >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "npm ci on a BAD without a lockfile: exit 1, nothing to bisect"
like "$TMP/out" "^cannot measure BAD $short23: 'npm ci' needs a package-lock\.json .* this commit has none: leave \[bisect\] install and build unset .*or set install = npm install --no-package-lock\$" \
    "the reason names the fix"

# 2. build = install && more, --no-cache (L1 measures good: only BAD is measured)
sed 's/^\[bisect\]/&\nbuild = npm install --no-package-lock --no-audit \&\& echo the-rest-ran/' \
    "$bench/scenario.ini" >"$bench/split.ini"
"$LEAKCHECK" bisect -q --no-cache --format json -o "$TMP/runs-split" --good "$L0" --bad "$L1" \
    "$bench/split.ini" >"$TMP/split.json" 2>"$TMP/err"
is "$?" 1 "split build: BAD measures good, exit 1"
is "$(json_get "$TMP/split.json" 'r["commits"][0]["install"]')" uncached "--no-cache: installed, not cached"
is "$(json_get "$TMP/split.json" 'r["build_cache"]')" None "--no-cache: no cache in the report"
[ ! -e "$TMP/cache" ]; ok $? "--no-cache: the cache folder is not even made"
blog=$(ls "$TMP"/runs-split/*/build.log)
like "$blog" '^leakcheck bisect: install in .*: npm install --no-package-lock --no-audit $' \
    "the install part ran as the install"
like "$blog" '^leakcheck bisect: build in .*: +echo the-rest-ran$' "the rest ran as the build"
like "$blog" '^the-rest-ran$' "after it"

# 3. a commit with a lockfile gets npm ci; the cache keeps to cache_size
git checkout -q -b locked "$L0"
npm install --package-lock-only --no-audit --no-fund >/dev/null 2>&1
git add package-lock.json && git commit -q -m 'Add a lockfile'
locked=$(git rev-parse HEAD)
git checkout -q main
old=$TMP/cache/$(printf '%064d' 0)
mkdir -p "$old/node_modules" && head -c 3000000 /dev/zero >"$old/node_modules/big"
touch -d '2020-01-01' "$old"
sed 's/^\[bisect\]/&\ncache_size = 1MiB/' "$bench/scenario.ini" >"$bench/small.ini"
"$LEAKCHECK" bisect -q --format json -o "$TMP/runs-locked" --good "$L0" --bad "$locked" \
    "$bench/small.ini" >"$TMP/locked.json" 2>"$TMP/err"
is "$?" 1 "lockfile commit: BAD measures good, exit 1"
like "$(ls "$TMP"/runs-locked/*/build.log)" '^leakcheck bisect: install in .*: npm ci --no-audit --no-fund$' \
    "a commit with package-lock.json is installed with npm ci"
is "$(json_get "$TMP/locked.json" 'r["commits"][0]["install"]')" stored "and stored in the cache"
[ ! -e "$old" ]; ok $? "the old 3 MB entry went: the cache is over cache_size = 1MiB"
is "$(json_get "$TMP/locked.json" 'r["build_cache"]["evicted"]')" 1 "the report counts it"
is "$(ls "$TMP/cache" | wc -l)" 1 "the entry just stored stays"
grep -q '^install npm ci' "$TMP"/cache/*/key.txt; ok $? "its key.txt says what it is keyed on"

# 4. an entry written to after it was stored (through a hard link) is not handed on
"$LEAKCHECK" bisect -q --format json --good "$L6" --bad "$L7" "$bench/scenario.ini" >"$TMP/dep1.json" 2>"$TMP/err"
is "$(json_get "$TMP/dep1.json" 'r["commits"][0]["install"]')" stored "the dependency's install is stored"
entry=$(grep -l 'git dependencies tiny-dep' "$TMP"/cache/*/key.txt | head -1)
echo '{}' >"$(dirname "$entry")/node_modules/.package-lock.json"
"$LEAKCHECK" bisect -q --format json --good "$L6" --bad "$L7" "$bench/scenario.ini" >"$TMP/dep2.json" 2>"$TMP/err"
is "$(json_get "$TMP/dep2.json" 'r["commits"][0]["install"]')" stored "the written-to entry is installed afresh"
is "$(json_get "$TMP/dep2.json" 'r["build_cache"]["dropped"]')" 1 "the report counts it as dropped"
like "$TMP/dep2.json" 'written to after it was stored' "a note says why"
"$LEAKCHECK" bisect -q --format json --good "$L6" --bad "$L7" "$bench/scenario.ini" >"$TMP/dep3.json" 2>"$TMP/err"
is "$(json_get "$TMP/dep3.json" 'r["commits"][0]["install"]')" cached "the fresh entry is used again"
done_testing
