#!/bin/sh
# run-buffer-leak-fails.t — scenarios/buffer-leak.ini (a 1 KiB Buffer kept per request, outside
# the V8 heap)
# fails with the default budget: exit status 1, the endpoint named not ok.
. "$(dirname "$0")/lib.sh"
same_paths_under_asan

run_scenario "$TOP/scenarios/buffer-leak.ini"

is "$status" 1 "exit status 1: a budget was exceeded"
run_tap_ok
like "$TMP/out" '^not ok 1 - GET /upload( |$)' "'GET /upload' is reported as not ok"
unlike "$TMP/out" '^ok [0-9]+ - GET /upload$' "'GET /upload' is not reported as ok"
like "$TMP/out" '^  verdict: fail$' "YAML verdict: fail"
no_orphans; ok $? "no process left in the target's process group"

site_ok '\(anonymous\)' examples/buffer-leak/server.js 'createServer\(\(req, res\)'
done_testing
