#!/bin/sh
# fault-slow-start-times-out.t — a target that is not ready within
# ready_timeout could not be started: exit 125 (git bisect skips), a message
# naming the port, the timeout and the probe, the log tail, the slow target
# killed (no orphans), and the run over soon after the timeout rather than
# when the target finally listens.
. "$(dirname "$0")/lib.sh"

# listens only after 5 s
cat >"$TMP/late.js" <<'JS'
console.log('loading the world, back in 5 s');
setTimeout(() => {
  require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
}, 5000);
JS
# listens at once, but /health says 503 for 5 s
cat >"$TMP/warming.js" <<'JS'
const t0 = Date.now();
require('http').createServer((req, res) => {
  res.statusCode = Date.now() - t0 < 5000 ? 503 : 200;
  res.end();
}).listen(process.env.PORT, '127.0.0.1');
console.log('warming caches');
JS
# a non-node target (no agent can report its port) that serves at once
cat >"$TMP/notnode.py" <<'PY'
import http.server, os
http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), http.server.SimpleHTTPRequestHandler).serve_forever()
PY

check() { # check NAME COMMAND READY_PATH WANT-ERE
    {
        echo "[target]"
        echo "command = $2"
        echo "ready_timeout = 1s"
        [ -n "$3" ] && echo "ready_path = $3"
        echo '[endpoint "root"]'
        echo "path = /"
    } >"$TMP/$1.ini"
    rm -rf "$TMP/run"
    t0=$(date +%s)
    run_scenario "$TMP/$1.ini"
    elapsed=$(( $(date +%s) - t0 ))
    is "$status" 125 "$1: exit status 125"
    like "$TMP/err" "$4" "$1: says why"
    like "$TMP/out" "^not ok 1 - root" "$1: the endpoint is reported not ok"
    like "$TMP/out" 'reason: "not run: ' "$1: ... as not run"
    tap_valid "$TMP/out"; ok $? "$1: TAP is valid"
    no_orphans; ok $? "$1: the target was killed"
    [ "$elapsed" -le 4 ]; ok $? "$1: over soon after the 1 s timeout (took $elapsed s)"
}
check late "node late.js" "" "target not ready on port [0-9]+ within 1.0 s \(TCP connect; last: TCP connect to http://127\.0\.0\.1:[0-9]+: Connection refused \(::1 too\)\)"
like "$TMP/err" "loading the world" "late: the log tail is shown"
check warming "node warming.js" /health "target not ready on port [0-9]+ within 1.0 s \(GET /health; last: GET http://127\.0\.0\.1:[0-9]+/health answered HTTP 503\)"
like "$TMP/err" "warming caches" "warming: the log tail is shown"
if command -v python3 >/dev/null 2>&1; then
    check notnode "python3 notnode.py" "" "port [0-9]+ answers but no leakcheck agent reported listening on it"
fi
done_testing
