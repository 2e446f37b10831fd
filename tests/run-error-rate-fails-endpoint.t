#!/bin/sh
# run-error-rate-fails-endpoint.t — an endpoint answering outside `expect`
# confidently more often than max_error_rate (default 5%) fails with the
# counts and the first error; a leak harness that measures 500s is measuring
# the wrong thing. (The rule on counts near the limit: tests/unit/unit_verdict.c.)
. "$(dirname "$0")/lib.sh"
cat >"$TMP/app.js" <<'JS'
let n = 0;
require('http').createServer((req, res) => {
  if (req.url.startsWith('/flaky') && ++n % 10 === 0) { res.statusCode = 503; return res.end('busy'); }
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/err.ini" <<'INI'
[target]
command = node app.js
[load]
concurrency = 4
warmup = 300
step = 500
steps = 4
[snapshots]
mode = never
[budget]
heap = 1KiB
[endpoint "flaky"]
path = /flaky/{{seq}}
[endpoint "tolerant"]
path = /flaky/{{seq}}
max_error_rate = 20%
[endpoint "accepts 503"]
path = /flaky/{{seq}}
expect = 200,503
INI
run_scenario "$TMP/err.ini"
is "$status" 1 "exit 1"
like "$TMP/out" '^not ok 1 - flaky' "10% errors over the 5% default fail"
like "$TMP/out" 'reason: "[0-9]+ of [0-9]+ requests failed \([0-9.]+%, over 5\.0% at [0-9.]+% confidence\); first: unexpected status \(expect 2xx\): 503"' \
    "the reason gives counts, rate, limit and the first error"
like "$TMP/out" '^ok 2 - tolerant' "max_error_rate = 20% tolerates them"
like "$TMP/out" '^  cause: errors$' "the cause is errors (what bisect reads)"
like "$TMP/out" '^ok 3 - accepts 503' "expect = 200,503 accepts them"
like "$TMP/out" 'status: \{2xx: [0-9]+, 5xx: [0-9]+\}' "status classes counted"
done_testing
