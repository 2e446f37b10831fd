#!/bin/sh
# run-express-app-fails-only-leaking-endpoint.t — scenarios/express-app.ini
# (an Express app started with `npm start`, so leakcheck's node flags go
# through NODE_OPTIONS) fails on POST /orders only: the other three endpoints
# are reported ok.
. "$(dirname "$0")/lib.sh"

[ -d "$TOP/examples/express-app/node_modules" ] ||
    skip_all "examples/express-app/node_modules missing (run npm ci there)"

run_scenario "$TOP/scenarios/express-app.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok [0-9]+ - POST /orders( |$)' "'POST /orders' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - POST /orders$' "'POST /orders' is not reported as ok"
for name in 'GET /health' 'GET /users/:id' 'GET /search'; do
    like "$TMP/out" "^ok [0-9]+ - $name( |\$)" "'$name' is reported as ok"
    unlike "$TMP/out" "^not ok [0-9]+ - $name( |\$)" "'$name' is not reported as not ok"
done
[ -f "$TMP/run/samples.csv" ] && head -n 1 "$TMP/run/samples.csv" | grep -Eq '^[A-Za-z_"]'
ok $? "samples.csv starts with a header"
[ "$(wc -l 2>/dev/null <"$TMP/run/samples.csv" || echo 0)" -ge 3 ]
ok $? "samples.csv has sample rows"
[ -f "$TMP/run/target.log" ]; ok $? "target.log exists"
like "$TMP/run/target.log" 'listening on [0-9]+' "target.log holds the app's output (under npm start)"
no_orphans; ok $? "no process left in the target's process group (npm, sh and node)"

site_ok '\(anonymous\)' examples/express-app/server.js "app.post\\('/orders'"
done_testing
