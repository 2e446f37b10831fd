#!/bin/sh
# run-timer-leak-fails.t — scenarios/timer-leak.ini (an hour-long setTimeout armed per request
# and never cleared)
# fails with the default budget: exit status 1, the endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/timer-leak.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok 1 - GET /notify( |$)' "'GET /notify' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /notify$' "'GET /notify' is not reported as ok"
like "$TMP/out" '^  verdict: fail$' "YAML verdict: fail"
like "$TMP/out" '^    not ok [0-9]+ - resources$' "the resources subtest is not ok (+1 Timeout per request)"
no_orphans; ok $? "no process left in the target's process group"

site_ok '\(anonymous\)' examples/timer-leak/server.js 'createServer\(\(req, res\)'
done_testing
