#!/bin/sh
# target-listens-elsewhere-is-measured.t — leakcheck sends load where the
# agent says the service listens: on ::1 only, or on a port of its own that
# ignores $PORT (measured there, and the report says so). A ready_path that
# answers 404 is named with the status seen, within one ready_timeout.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

cat >"$TMP/v6.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '::1');
JS
fixed=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
cat >"$TMP/fixed.js" <<JS
require('http').createServer((req, res) => res.end('ok')).listen($fixed, '::1');
JS
cat >"$TMP/notfound.js" <<'JS'
require('http').createServer((req, res) => { res.statusCode = 404; res.end(); }).listen(process.env.PORT);
JS
scenario() { # scenario NAME SCRIPT [TARGET-LINE]
    printf '[target]\ncommand = node %s\nready_timeout = 3s\n%s\n[load]\nwarmup = 500\nstep = 500\nmax_requests = 20000\n[budget]\nheap = 256B\n[endpoint "root"]\npath = /\n' \
        "$TMP/$2" "$3" >"$TMP/$1.ini"
    rm -rf "$TMP/run"
    run_scenario "$TMP/$1.ini"
}
scenario v6 v6.js
is "$status" 0 "a service on ::1 only is measured"
like "$TMP/out" '^# leakcheck .*, http://\[::1\]:[0-9]+$' "at http://[::1]"
is "$(json_get "$TMP/run/report.json" 'r["target"]["port_passed"]')" None "it listened on \$PORT: no port_passed"

scenario fixed fixed.js
is "$status" 0 "a service on a port of its own is measured"
like "$TMP/out" "^# leakcheck .*, port $fixed, http://\[::1\]:$fixed \(not \\\$PORT [0-9]+: the service listens there\)$" \
    "TAP says where, and that \$PORT was ignored"
like "$TMP/err" "the target listens on http://\[::1\]:$fixed, not on the port passed in \\\$PORT" "stderr says so"
is "$(json_get "$TMP/run/report.json" 'r["target"]["port"]')" "$fixed" "report.json target.port is where it listens"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
no_orphans; ok $? "nothing left running"

t0=$(date +%s)
scenario notfound notfound.js "ready_path = /healthz"
elapsed=$(( $(date +%s) - t0 ))
is "$status" 125 "a ready path answering 404: not started"
like "$TMP/err" 'target not ready on port [0-9]+ within 3\.0 s \(GET /healthz; last: GET http://127\.0\.0\.1:[0-9]+/healthz answered HTTP 404\)' \
    "the message names the status seen"
[ "$elapsed" -le 7 ]; ok $? "one ready_timeout, not two (took $elapsed s)"
done_testing
