#!/bin/sh
# Bad input and bad usage exit 2 with a message naming the file and offset.
. "$(dirname "$0")/lib.sh"
"$LEAKCHECK" analyze --help >/dev/null 2>&1 || skip_all "leakcheck analyze not available"

printf '{"snapshot":{"meta":' >"$TMP/trunc.heapsnapshot"
"$LEAKCHECK" analyze "$TMP/trunc.heapsnapshot" >/dev/null 2>"$TMP/err"
is $? 2 "truncated file exits 2"
like "$TMP/err" "^leakcheck: $TMP/trunc.heapsnapshot: offset [0-9]+: " "message names file and offset"
: >"$TMP/empty.heapsnapshot"
"$LEAKCHECK" analyze "$TMP/empty.heapsnapshot" >/dev/null 2>"$TMP/err"
is $? 2 "empty file exits 2"
"$LEAKCHECK" analyze "$TMP/missing.heapsnapshot" >/dev/null 2>"$TMP/err"
is $? 2 "missing file exits 2"
"$LEAKCHECK" analyze >/dev/null 2>"$TMP/err"
is $? 2 "no file is a usage error"
"$LEAKCHECK" analyze --top x a >/dev/null 2>"$TMP/err"
is $? 2 "bad --top is a usage error"
"$LEAKCHECK" diff "$TMP/empty.heapsnapshot" >/dev/null 2>"$TMP/err"
is $? 2 "diff with one file is a usage error"
"$LEAKCHECK" diff --help >"$TMP/out"
is $? 0 "diff --help exits 0"
like "$TMP/out" "--requests" "diff --help documents --requests"
done_testing
