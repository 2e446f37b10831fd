#!/bin/sh
# target-exits-at-startup-exits-125.t — a target that dies before it is ready
# ends the run with 125 (git bisect: skip) and the tail of its log.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/dies.ini" <<'INI'
[target]
command = node -e "console.error('config missing: DATABASE_URL'); process.exit(3)"
ready_timeout = 10s
[endpoint "root"]
path = /
INI
run_scenario "$TMP/dies.ini"
is "$status" 125 "exit status 125"
like "$TMP/err" "target exited with status 3 before it was ready" "says how the target ended"
like "$TMP/err" "config missing: DATABASE_URL" "shows the target's log tail"
like "$TMP/out" "^not ok 1 - root" "the endpoint is reported not ok"
tap_valid "$TMP/out"; ok $? "TAP is valid"
no_orphans; ok $? "no orphans"

cat >"$TMP/slow.ini" <<'INI'
[target]
command = node -e "setTimeout(() => {}, 60000)"
ready_timeout = 1s
[endpoint "root"]
path = /
INI
run_scenario "$TMP/slow.ini"
is "$status" 125 "never listening: exit status 125"
like "$TMP/err" "target not ready on port [0-9]+ within 1.0 s" "says it timed out"
no_orphans; ok $? "the sleeping target was killed"

cat >"$TMP/missing.ini" <<'INI'
[target]
command = ./no-such-program --serve
ready_timeout = 5s
[endpoint "root"]
path = /
INI
run_scenario "$TMP/missing.ini"
is "$status" 125 "missing program: 125"
like "$TMP/err" "cannot run './no-such-program': No such file or directory" "names the program"
done_testing
