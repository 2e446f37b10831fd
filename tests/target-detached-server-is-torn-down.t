#!/bin/sh
# target-detached-server-is-torn-down.t — a launcher that forks the server
# out of its process group (`detached: true`, i.e. setsid) and stays up: the
# server is measured, and teardown reaches it although a signal to the
# target's group does not; the report says what it had to tear down
# (TAP, report.json teardown), and nothing is left running.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
test_mark

cat >"$TMP/server.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/launcher.js" <<'JS'
// a supervisor: the server in its own session, the launcher waiting on it
const child = require('child_process').fork(__dirname + '/server.js', { detached: true });
child.on('exit', (code) => process.exit(code || 0));
process.on('SIGTERM', () => {}); // leaves its child to whoever stops it
JS
cat >"$TMP/s.ini" <<'INI'
[target]
command = node launcher.js
shutdown_grace = 1s
[load]
warmup = 1000
step = 1000
steps = 6
[endpoint "root"]
path = /
INI
run_scenario "$TMP/s.ini"
is "$status" 0 "the detached server is measured and passes"
like "$TMP/out" "^# teardown: 1 process outside the target's process group torn down: [0-9]+ \(.*server\.js\)" \
    "TAP names the detached server torn down"
is "$(json_get "$TMP/run/report.json" 'r["teardown"]["strays"]')" 1 "report.json teardown.strays is 1"
is "$(json_get "$TMP/run/report.json" 'r["teardown"]["left_running"]')" 0 "nothing left running after SIGKILL"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
    schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
fi
wait_no_marked 0; ok $? "no process of the run is left"
done_testing
