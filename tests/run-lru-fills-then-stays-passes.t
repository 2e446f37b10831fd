#!/bin/sh
# run-lru-fills-then-stays-passes.t — scenarios/lru-fills-then-stays.ini (a bounded LRU cache that fills during the
# first ~3000 requests, then stays full)
# passes with the default budget: exit status 0, the endpoint ok, nothing not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/lru-fills-then-stays.ini"

is "$status" 0 "exit status 0: within budget"
run_tap_ok
like "$TMP/out" '^ok 1 - GET /item/:id$' "'GET /item/:id' is reported as ok"
unlike "$TMP/out" '^ *not ok' "no test point or subtest is not ok"
like "$TMP/out" '^  verdict: pass$' "YAML verdict: pass"
no_orphans; ok $? "no process left in the target's process group"

done_testing
