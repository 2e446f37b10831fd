#!/bin/sh
# fault-megabytes-of-logs.t — a chatty target: ~20 MB on stdout and stderr
# during the run (long lines, no newline at all for a while, binary bytes).
# The run completes normally (no blocked pipe, no slowdown into timeouts),
# target.log holds all of it when log_max allows (a flood past the cap:
# fault-log-flood-is-capped.t); and when such a target dies at startup, the
# log tail shown is a few escaped lines, not megabytes, and no raw control
# bytes.
. "$(dirname "$0")/lib.sh"

cat >"$TMP/chatty.js" <<'JS'
const line = 'x'.repeat(10 * 1024);
process.stdout.write('start: ' + 'y'.repeat(4 << 20) + '\n'); // 4 MB without a newline
let n = 0;
require('http').createServer((req, res) => {
  if (req.url !== '/health') {
    n++;
    (n % 2 ? process.stdout : process.stderr).write(`req ${n} ${line}\n`);
  }
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/chatty.ini" <<'INI'
[target]
command = node chatty.js
ready_path = /health
log_max = 64MiB
[load]
concurrency = 4
warmup = 300
step = 300
steps = 4
max_requests = 1500
[budget]
heap = 2KiB
[snapshots]
mode = never
[endpoint "logs 10 KB per request"]
path = /log
INI
run_scenario "$TMP/chatty.ini"
is "$status" 0 "exit status 0: logging is no leak"
like "$TMP/out" "^ok 1 - logs 10 KB per request" "the endpoint passes"
size=$(wc -c <"$TMP/run/target.log")
[ "$size" -ge 15000000 ]; ok $? "target.log holds the output ($size bytes)"
like "$TMP/run/target.log" "^req [0-9]+ x{10240}$" "stdout lines are in target.log"
[ "$(grep -c '^req ' "$TMP/run/target.log")" -ge 1000 ]; ok $? "every request's line is there"
unlike "$TMP/out" "failed_requests: [1-9]|timed out" "no request failed or timed out"

# dies at startup after 20 MB, the last lines full of control bytes
cat >"$TMP/dies.js" <<'JS'
const chunk = 'z'.repeat(1 << 20) + '\n';
for (let i = 0; i < 20; i++) process.stdout.write(chunk);
process.stderr.write('\x1b[31mred\x1b[0m \x07bell \x00nul \xff\xfe raw\r\n');
process.stderr.write(Buffer.from([0x1b, 0x5d, 0x30, 0x3b, 0x70, 0x77, 0x6e, 0x07, 0xc3, 0x28, 0x0a]));
process.stderr.write('fatal: cannot open the database\n');
process.exit(4);
JS
printf '[target]\ncommand = node dies.js\nready_timeout = 10s\n[endpoint "root"]\npath = /\n' >"$TMP/dies.ini"
rm -rf "$TMP/run"
run_scenario "$TMP/dies.ini"
is "$status" 125 "startup death after 20 MB of log: exit 125"
like "$TMP/err" "fatal: cannot open the database" "the log tail shows the last line"
errsize=$(wc -c <"$TMP/err")
[ "$errsize" -lt 100000 ]; ok $? "the tail is bounded ($errsize bytes on stderr)"
! grep -q "$(printf '\033')" "$TMP/err" "$TMP/out"; ok $? "no raw ESC byte on stdout/stderr"
! grep -q "$(printf '\007')" "$TMP/err" "$TMP/out"; ok $? "no raw BEL byte on stdout/stderr"
no_orphans; ok $? "no orphans"
done_testing
