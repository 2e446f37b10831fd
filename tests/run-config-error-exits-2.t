#!/bin/sh
# run-config-error-exits-2.t — a malformed scenario exits 2 with file:line and
# starts nothing.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/bad.ini" <<'INI'
[target]
command = node -e "require('http').createServer((q, r) => r.end()).listen(process.env.PORT)"

[load]
concurrancy = 4

[endpoint "root"]
path = /
INI
run_scenario "$TMP/bad.ini"
is "$status" 2 "exit status 2 for a config error"
like "$TMP/err" "bad.ini:5: unknown key 'concurrancy' in \[load\] \(did you mean 'concurrency'\?\)" \
    "stderr names file, line, key and the suggestion"
[ ! -e "$TMP/run/target.log" ]; ok $? "no target was started"

"$LEAKCHECK" run >"$TMP/out" 2>"$TMP/err"
is "$?" 2 "no scenario: usage error 2"
like "$TMP/err" "expected one scenario file" "usage says what is missing"

"$LEAKCHECK" frobnicate >"$TMP/out" 2>"$TMP/err"
is "$?" 2 "unknown command: 2"
"$LEAKCHECK" run --help >"$TMP/out" 2>&1
is "$?" 0 "run --help exits 0"
like "$TMP/out" "usage: leakcheck run" "run --help prints usage"
done_testing
