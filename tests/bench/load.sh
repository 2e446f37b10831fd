#!/bin/sh
# tests/bench/load.sh — the load driver's cost beside wrk's, against the same
# trivial node server: CPU seconds (user + sys) per 100k requests and
# requests/s, at 1, 10 and 50 connections, one thread each; then the time to
# verdict of a clean small endpoint, start-up included.
#
# Ours is tests/bench/loadbench (load.c alone, CPU from getrusage after a
# 1,000-request warm-up); wrk runs -t1 for DURATION seconds under
# /usr/bin/time. Env: LOADBENCH (binary), LEAKCHECK, REQUESTS (default
# 200000), DURATION (default 3), CONNS (default "1 10 50").
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
LOADBENCH=${LOADBENCH:-$TOP/build/tests/loadbench}
LEAKCHECK=${LEAKCHECK:-$TOP/leakcheck}
REQUESTS=${REQUESTS:-200000}
DURATION=${DURATION:-3}
CONNS=${CONNS:-"1 10 50"}
command -v wrk >/dev/null || { echo "bench: wrk missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$LOADBENCH" ] || { echo "bench: $LOADBENCH not built (make bench builds it)" >&2; exit 1; }

dir=$(mktemp -d /tmp/leakcheck-loadbench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/server.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
PORT=$port node "$dir/server.js" & server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT INT TERM
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -s "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2
done

echo "load driver vs wrk: CPU seconds per 100k requests (user+sys), requests/s"
printf '%5s | %9s %9s | %9s %9s | %9s %9s\n' conns ours_cpu wrk_cpu ours_rps wrk_rps cpu_x rps_x
for c in $CONNS; do
    set -- $("$LOADBENCH" "$port" "$c" "$REQUESTS")
    o_n=$2 o_cpu=$6 o_wall=$8
    /usr/bin/time -f '%U %S' -o "$dir/wrk.time" wrk -t1 -c"$c" -d"${DURATION}s" \
        "http://127.0.0.1:$port/" >"$dir/wrk.out"
    w_n=$(awk '/requests in/ { print $1 }' "$dir/wrk.out")
    w_cpu=$(awk '{ print $1 + $2 }' "$dir/wrk.time")
    awk -v c="$c" -v on="$o_n" -v oc="$o_cpu" -v ow="$o_wall" -v wn="$w_n" -v wc="$w_cpu" \
        -v d="$DURATION" 'BEGIN {
        o = oc / on * 1e5; w = wc / wn * 1e5; orps = on / ow; wrps = wn / d
        printf "%5d | %9.3f %9.3f | %9.0f %9.0f | %8.2fx %8.2fx\n", c, o, w, orps, wrps, o / w, orps / wrps }'
done

# time to verdict: one clean endpoint, default scenario settings but the
# scenario's own small warm-up and steps, start-up and teardown included
cat >"$dir/clean.ini" <<'INI'
[target]
command = node server.js
[load]
warmup = 1000
step = 1500
[endpoint "GET /"]
path = /
INI
t0=$(date +%s.%N)
"$LEAKCHECK" run -q -o "$dir/run" "$dir/clean.ini" >/dev/null 2>&1 || true
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "time to verdict, clean endpoint (start-up included): %.1f s\n", b - a }'
