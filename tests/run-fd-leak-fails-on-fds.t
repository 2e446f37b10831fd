#!/bin/sh
# run-fd-leak-fails-on-fds.t — files opened and never closed (one per 10
# requests, a few bytes of heap each) fail on the `fds` signal: open file
# descriptors of the target's processes, sockets excluded. The same service
# closing them passes.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
same_paths_under_asan

run_scenario "$TOP/scenarios/fd-leak.ini"
is "$status" 1 "the fd leak fails"
like "$TMP/out" '^    not ok [0-9]+ - fds$' "on the fds signal"
like "$TMP/out" '^  reason: "fds grows 0\.1/request' "0.1 fds per request"
like "$TMP/run/samples.csv" '^endpoint,.*,fds,isolates,stale$' "samples.csv has an fds column"
rm -rf "$TMP/run"

sed -e 's|^command = node|env = FIXED=1\ncommand = node|' -e 's|\.\./examples|'"$TOP"'/examples|' \
    "$TOP/scenarios/fd-leak.ini" >"$TMP/fixed.ini"
run_scenario "$TMP/fixed.ini"
is "$status" 0 "closing the files passes"
like "$TMP/out" '^    ok [0-9]+ - fds$' "fds ok"
run_artifacts_ok
done_testing
