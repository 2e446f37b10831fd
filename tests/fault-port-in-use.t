#!/bin/sh
# fault-port-in-use.t — `port = P` where another process already listens on P:
# the target dies with EADDRINUSE before it is ready. That is "could not
# start" (exit 125, git bisect skips), with the log tail naming EADDRINUSE,
# and the squatter that happens to accept connections on P must not be
# mistaken for the target. No process of the target's group is left.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"

# The squatter: accepts TCP connections on a free port and never answers.
python3 - "$TMP/port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0)); s.listen(64)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
conns = []
s.settimeout(1)
end = time.time() + 120
while time.time() < end:
    try: conns.append(s.accept()[0])
    except socket.timeout: pass
PY
squatter=$!
trap '_st=$?; kill $squatter 2>/dev/null; tmp_cleanup $_st' EXIT
i=0; while [ ! -s "$TMP/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$TMP/port")

cat >"$TMP/app.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
for probe in tcp http; do
    {
        echo "[target]"
        echo "command = node app.js"
        echo "port = $port"
        echo "ready_timeout = 5s"
        [ $probe = http ] && echo "ready_path = /health"
        echo '[endpoint "root"]'
        echo "path = /"
    } >"$TMP/inuse.ini"
    rm -rf "$TMP/run"
    run_scenario "$TMP/inuse.ini"
    is "$status" 125 "$probe probe: exit status 125"
    like "$TMP/err" "target exited with status [0-9]+ before it was ready" \
        "$probe probe: says the target ended before it was ready"
    like "$TMP/err" "EADDRINUSE" "$probe probe: the log tail shows EADDRINUSE"
    like "$TMP/out" "^not ok 1 - root" "$probe probe: the endpoint is reported not ok"
    tap_valid "$TMP/out"; ok $? "$probe probe: TAP is valid"
    no_orphans; ok $? "$probe probe: no orphans"
done
kill -0 $squatter 2>/dev/null; ok $? "the squatter (not ours to stop) is still alive"
done_testing
