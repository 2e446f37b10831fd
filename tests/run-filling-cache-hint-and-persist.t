#!/bin/sh
# run-filling-cache-hint-and-persist.t — a bounded LRU (Map of 50,000
# entries, ~300 B each, a new key per request) that fills over the first
# 40,000 measured requests grows like a leak until it is full. Without help
# it fails, and the hint names the Map and how to tell a cache from a leak;
# with `persist = 45000` the fail waits until the cache is full, its fill is
# cut as warm-up, and it passes.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan
scenario() { # scenario FILE EXTRA-BUDGET-LINE
    cat >"$1" <<INI
[target]
command = node $TOP/examples/lru-50k/server.js
ready_path = /health
[load]
warmup = 10000
[budget]
heap = 64B
$2
[endpoint "GET /product/:sku"]
path = /product/{{seq}}
INI
}
scenario "$TMP/plain.ini" ""
run_scenario "$TMP/plain.ini"
is "$status" 1 "without persist: exit 1 while the cache fills"
like "$TMP/out" '^not ok 1 - GET /product/:sku$' "the endpoint fails"
like "$TMP/out" 'hint: "the growth sits in one Map \(cache\), gaining about [0-9.]+ entr' \
    "the hint names the container and its entries per request"
like "$TMP/out" 'hint: .*warm up past its capacity.*\{\{seq%N\}\}.*persist = N' \
    "and the three ways to tell"
grep -q '"hint": "the growth sits in one Map' "$TMP/run/report.json"; ok $? "report.json has the hint"
no_orphans; ok $? "no process left in the target's process group"

scenario "$TMP/persist.ini" "persist = 45000"
rm -rf "$TMP/run"
run_scenario "$TMP/persist.ini"
is "$status" 0 "with persist = 45000: exit 0 once the cache is full"
like "$TMP/out" '^ok 1 - GET /product/:sku$' "the endpoint passes"
awk '/warmup_requests_detected:/ { if ($2 + 0 >= 35000) found = 1 } END { exit !found }' "$TMP/out"
ok $? "the fill (~40,000 requests) is cut as warm-up"
no_orphans; ok $? "no process left in the target's process group"

done_testing
