#!/bin/sh
# bisect-usage-errors-exit-2.t — every usage, config and repository error
# exits 2 with a message naming the problem, and leaves nothing behind.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
mkdir -p "$TMP/tmpdir"
export TMPDIR="$TMP/tmpdir"
cd "$TMP/repo" || exit 1

bisect2() { # bisect2 ERE DESCRIPTION ARGS...: exit 2 and stderr matches ERE
    _want=$1 _desc=$2; shift 2
    "$LEAKCHECK" bisect "$@" >"$TMP/out" 2>"$TMP/err"
    is "$?" 2 "$_desc: exit 2"
    like "$TMP/err" "$_want" "$_desc: message"
}

bisect2 'both --good and --bad are required' "no revisions" leak.ini
bisect2 'both --good and --bad are required' "no --bad" --good "$C1" leak.ini
bisect2 'expected one scenario file' "no scenario" --good "$C1" --bad "$C10"
bisect2 'unknown revision --bad nosuchrev' "unknown revision" --good "$C1" --bad nosuchrev leak.ini
bisect2 'cannot start with' "option-like revision" --good "$C1" --bad --all leak.ini
bisect2 'same commit' "GOOD = BAD" --good "$C10" --bad main leak.ini
bisect2 'is not an ancestor of --bad' "GOOD after BAD" --good "$C10" --bad "$C1" leak.ini
bisect2 'unknown --format' "bad format" --format xml --good "$C1" --bad "$C10" leak.ini
bisect2 'no endpoint named "nope"' "unknown endpoint" --endpoint nope --good "$C1" --bad "$C10" leak.ini

sed 's/^build = /biuld = /' leak.ini >typo.ini
bisect2 "typo.ini:19: unknown key 'biuld' in \[bisect\] \(did you mean 'build'\?\)" \
    "misspelled [bisect] key" --good "$C1" --bad "$C10" typo.ini
sed 's/^build = .*/&\nrepeats = 50/' leak.ini >many.ini
bisect2 "many.ini:20: bad value '50' for 'repeats'" "repeats out of range" \
    --good "$C1" --bad "$C10" many.ini
sed 's/^build = .*/&\nfiles = app.js missing.js/' leak.ini >files.ini
bisect2 "files.ini: \[bisect\] files: missing\.js: No such file or directory \($TMP/repo\)" \
    "[bisect] files names a missing file" --good "$C1" --bad "$C10" files.ini
sed 's/^build = .*/&\nfiles = ..\/elsewhere.js/' leak.ini >up.ini
bisect2 "\[bisect\] files: \.\./elsewhere\.js: must name a file or folder inside the scenario's folder" \
    "[bisect] files reaches out of the scenario's folder" --good "$C1" --bad "$C10" up.ini
mkdir -p "$TMP/norepo" && cp leak.ini "$TMP/norepo/outside.ini"
cd "$TMP/norepo" || exit 1
bisect2 'neither the current directory nor .* is inside a git repository' \
    "scenario and current directory outside any repository" --good "$C1" --bad "$C10" outside.ini
cd "$TMP/repo" || exit 1
bisect2 '--repo .*/norepo is not inside a git repository' "--repo not a repository" \
    --repo "$TMP/norepo" --good "$C1" --bad "$C10" leak.ini

"$LEAKCHECK" bisect --help >"$TMP/out" 2>&1
is "$?" 0 "--help exits 0"
like "$TMP/out" '^usage: leakcheck bisect --good REV --bad REV' "--help prints usage"
"$LEAKCHECK" --help >"$TMP/out" 2>&1
like "$TMP/out" '^  bisect --good REV --bad REV' "leakcheck --help lists bisect"

is "$(git worktree list | wc -l)" 1 "no worktree was added"
is "$(ls "$TMP/tmpdir" | wc -l)" 0 "no temporary directory left"
done_testing
