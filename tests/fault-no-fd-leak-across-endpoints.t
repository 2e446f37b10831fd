#!/bin/sh
# fault-no-fd-leak-across-endpoints.t — leakcheck's own file descriptors do
# not grow from endpoint to endpoint: six endpoints on one service, with
# snapshots (inotify watches, renames) and keep-alive connections, and the
# test samples /proc/<leakcheck pid>/fd while the run goes, attributing each
# look to the endpoint being measured (from samples.csv, written as it goes).
. "$(dirname "$0")/lib.sh"
[ -d /proc/self/fd ] || skip_all "no /proc"

cat >"$TMP/six.js" <<'JS'
const cache = new Map();
require('http').createServer((req, res) => {
  if (req.url.startsWith('/b')) cache.set(req.url, 1); // a bounded cache: 3 keys at most
  res.end(req.url);
}).listen(process.env.PORT, '127.0.0.1');
JS
{
    printf '[target]\ncommand = node six.js\n[load]\nconcurrency = 4\nwarmup = 100\nstep = 200\nsteps = 4\nmax_requests = 1200\n'
    printf '[budget]\nheap = 4KiB\n[snapshots]\nmode = always\n'
    for i in 1 2 3 4 5 6; do
        printf '[endpoint "e%d"]\npath = /%s/{{seq%%3}}\n' $i "$(echo abcdef | cut -c$i)"
    done
} >"$TMP/six.ini"

"$LEAKCHECK" run --output-dir "$TMP/run" "$TMP/six.ini" >"$TMP/out" 2>"$TMP/err" &
pid=$!
: >"$TMP/fds"
while kill -0 $pid 2>/dev/null; do
    cur=$(tail -n +2 "$TMP/run/samples.csv" 2>/dev/null | cut -d, -f1 | uniq | wc -l)
    n=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
    [ "$n" -gt 0 ] && [ "$cur" -gt 0 ] && echo "$cur $n" >>"$TMP/fds"
    [ "$cur" -ge 6 ] && ls -l /proc/$pid/fd >"$TMP/fds-last" 2>/dev/null
    sleep 0.05
done
wait $pid
status=$?
is "$status" 0 "the run passes"
[ "$(cut -d' ' -f1 "$TMP/fds" | sort -u | wc -l)" -ge 5 ]
ok $? "fds were sampled during at least 5 of the 6 endpoints"
max() { awk -v e="$1" '$1 == e && $2 > m { m = $2 } END { print m + 0 }' "$TMP/fds"; }
first=$(max 1); second=$(max 2); fifth=$(max 5); last=$(max 6)
echo "# leakcheck's open fds, most seen per endpoint: $(for e in 1 2 3 4 5 6; do printf '%s ' "$(max $e)"; done)"
[ "$last" -gt 0 ] && [ "$last" -le $((second + 1)) ] && [ "$fifth" -le $((second + 1)) ]
ok $? "no fd growth across endpoints (endpoint 2: $second, 5: $fifth, 6: $last)"
no_orphans; ok $? "no orphans"
[ -s "$TMP/fds-last" ] && sed 's/^/# /' "$TMP/fds-last" | cut -c1-160 | tail -n +2
done_testing
