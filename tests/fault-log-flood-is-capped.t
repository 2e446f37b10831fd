#!/bin/sh
# fault-log-flood-is-capped.t — a target that floods its log: 100 MB to
# stderr before it listens (leakcheck must read it while waiting for ready,
# or the target blocks on the pipe and never starts), then 2 KB per request.
# target.log stays within [target] log_max (default 2 MiB) plus a short
# note: it keeps the head (the first line) and the tail (the last line,
# written on SIGTERM at teardown, so the pipe is drained to the end), and
# says how many bytes and lines were cut. The verdict is not affected.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

cat >"$TMP/flood.js" <<'JS'
const line = 'f'.repeat(2040) + '\n';
let burst = 0, n = 0;
process.stderr.write('first line: the burst begins\n');
function flood() { // 100 MB, minding backpressure: nothing is lost in node
  while (burst < 100e6) {
    burst += line.length;
    if (!process.stderr.write(line)) return process.stderr.once('drain', flood);
  }
  process.stderr.write(`burst done: ${burst} bytes\n`);
  require('http').createServer((req, res) => {
    process.stderr.write(`req ${++n} ${'r'.repeat(2000)}\n`);
    res.end('x');
  }).listen(process.env.PORT, '127.0.0.1');
}
flood();
process.on('SIGTERM', () => process.stderr.write(`last line: SIGTERM after ${n} requests\n`,
                                                 () => process.exit(0)));
JS
cat >"$TMP/flood.ini" <<'INI'
[target]
command = node flood.js
ready_timeout = 60s
[load]
concurrency = 4
warmup = 300
step = 300
max_requests = 3000
[budget]
heap = 2KiB
[snapshots]
mode = never
[endpoint "logs 2 KB per request"]
path = /
INI
run_scenario "$TMP/flood.ini"
is "$status" 0 "exit status 0: a flooded log changes no verdict"
like "$TMP/out" "^ok 1 - logs 2 KB per request" "the endpoint passes"
log=$TMP/run/target.log
size=$(wc -c <"$log")
[ "$size" -le $((2 * 1048576 + 512)) ]; ok $? "target.log is capped: $size bytes <= 2 MiB + a note"
[ "$size" -ge $((2 * 1048576)) ]; ok $? "and holds the full cap"
is "$(head -n 1 "$log")" "first line: the burst begins" "the head is kept"
like "$log" "^last line: SIGTERM after [0-9]+ requests$" "the tail is kept to the last line"
is "$(tail -n 1 "$log" | cut -c1-19)" "last line: SIGTERM " "the last line is last"
like "$log" "^req [0-9]+ r{2000}$" "request lines are in the tail"
like "$log" "^\[leakcheck: [0-9]+ bytes \([0-9]+ lines\) of the target's output cut here; target.log keeps the first 1.00 MiB and the last 1.00 MiB of it, \[target\] log_max = 2.00 MiB\]$" \
    "a note says what was cut"
cut=$(sed -n 's/^\[leakcheck: \([0-9]*\) bytes (\([0-9]*\) lines).*/\1 \2/p' "$log")
[ "${cut% *}" -ge 100000000 ]; ok $? "over 100 MB cut (${cut% *} bytes)"
[ "${cut#* }" -ge 48000 ]; ok $? "and the lines are counted (${cut#* } lines)"
no_orphans; ok $? "no orphans"

# log_max is a size, or 0 for no cap; anything else is named
sed 's/^ready_timeout = .*/log_max = 12/' "$TMP/flood.ini" >"$TMP/bad.ini"
run_scenario "$TMP/bad.ini"
is "$status" 2 "log_max = 12: exit 2"
like "$TMP/err" "bad.ini:3: bad value '12' for 'log_max': expected a size with a unit.*0 \(no limit\) or from 4.00 KiB to 1.00 GiB" \
    "the error names file, line, key and range"
done_testing
