#!/bin/sh
# run-slow-leak-64b-fails.t — scenarios/slow-leak-64b.ini (64 B of V8 heap kept per request, twice
# the default budget of 32 B)
# fails with the default budget: exit status 1, the endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/slow-leak-64b.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok 1 - GET /track( |$)' "'GET /track' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /track$' "'GET /track' is not reported as ok"
like "$TMP/out" '^  verdict: fail$' "YAML verdict: fail"
no_orphans; ok $? "no process left in the target's process group"

# flatString allocates; V8 usually inlines it into track, not always on a
# loaded runner (this check failed once in CI; its output was not kept)
site_ok '(track|flatString)' examples/slow-leak-64b/server.js '^function (track|flatString)'
done_testing
