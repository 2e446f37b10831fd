#!/bin/sh
# install-into-prefix-works.t — `make install PREFIX=...` installs the
# binary, the agent and the man page; the installed binary finds its agent
# when run from another directory.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/leakcheck" ] || skip_all "leakcheck not built"

make -s -C "$TOP" install PREFIX="$TMP/prefix" BIN=leakcheck >"$TMP/install.log" 2>&1
ok $? "make install PREFIX=... succeeds"
[ -x "$TMP/prefix/bin/leakcheck" ]; ok $? "binary installed"
[ -f "$TMP/prefix/share/leakcheck/leakcheck-agent.js" ]; ok $? "agent installed"
[ -f "$TMP/prefix/share/man/man1/leakcheck.1" ]; ok $? "man page installed"
man -l "$TMP/prefix/share/man/man1/leakcheck.1" >"$TMP/man.txt" 2>/dev/null ||
    groff -man -Tascii "$TMP/prefix/share/man/man1/leakcheck.1" >"$TMP/man.txt" 2>/dev/null
like "$TMP/man.txt" "EXIT STATUS" "the man page renders"

mkdir "$TMP/elsewhere"
cp "$TOP/examples/global-array/fixed.js" "$TMP/elsewhere/app.js"
cat >"$TMP/elsewhere/s.ini" <<'INI'
[target]
command = node app.js
ready_path = /health
[load]
concurrency = 4
warmup = 500
step = 1000
steps = 4
[snapshots]
mode = never
[endpoint "log"]
path = /log?n={{seq}}
budget = 1KiB
INI
(cd "$TMP/elsewhere" && env -u LEAKCHECK_AGENT "$TMP/prefix/bin/leakcheck" run -q \
    --output-dir "$TMP/run" s.ini >"$TMP/out" 2>"$TMP/err")
is "$?" 0 "the installed binary runs a scenario from another directory"
like "$TMP/out" "^ok 1 - log" "and the endpoint passes"
"$TMP/prefix/bin/leakcheck" --help >"$TMP/help" 2>&1
like "$TMP/help" "usage: leakcheck" "leakcheck --help"
done_testing
