#!/bin/sh
# run-unmeasured-processes-are-named.t — processes that answer on the port
# without the agent are named, not silently left out:
# - a cluster whose primary sets its workers' node options (execArgv and
#   NODE_OPTIONS replaced, so the agent does not load in them): the run
#   warns in TAP, report.json and report.html, naming both workers, and its
#   RSS is the whole tree's (three node processes, not the primary alone);
# - a supervisor that starts the server with a rebuilt environment: the
#   run ends with a message naming the server process, not a guess.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
same_paths_under_asan

sed -e 's|^command = node|env = WORKER_NODE_OPTIONS=--max-old-space-size=512\ncommand = node|' \
    -e 's|\.\./examples|'"$TOP"'/examples|' "$TOP/scenarios/cluster-workers.ini" >"$TMP/cw.ini"
run_scenario "$TMP/cw.ini" --endpoint "GET /orders"
like "$TMP/out" "^  isolates_warning: \"2 processes without leakcheck's agent hold the target's port and answer requests \\([0-9]+ \\([^)]*--max-old-space-size=512 [^)]*server\\.js\\), [0-9]+ " \
    "TAP warns, naming both workers with their command lines"
like "$TMP/out" 'cluster\.setupPrimary\(\{execArgv\}\)' "and says how the agent was lost"
json_get "$TMP/run/report.json" 'r["endpoints"][0]["isolates_warning"]' >"$TMP/warn"
like "$TMP/warn" "^2 processes without leakcheck's agent" "report.json isolates_warning says it"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
like "$TMP/run/report.html" "warning: 2 processes without leakcheck&#39;s agent|warning: 2 processes without leakcheck's agent" \
    "report.html shows it"
python3 - "$TMP/run/samples.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
rss = min(float(r["rss"]) for r in rows)
print("# smallest RSS sample %.0f MB" % (rss / 1e6))
assert rss > 90e6, rss   # three node processes (~40-50 MB each), not one
PY
ok $? "RSS is summed over the process tree (primary and both workers)"
no_orphans; ok $? "no process left in the target's process group"

run_scenario "$TOP/scenarios/supervisor-clean-env.ini"
is "$status" 125 "a server started without the agent: the target did not start (125)"
like "$TMP/err" "port [0-9]+ is served by [0-9]+ \\([^)]*supervisor-clean-env/server\\.js\\), which runs without leakcheck's agent" \
    "the message names the process that answers"
like "$TMP/out" '^not ok 1 - GET /events' "the endpoint is reported as not run"
no_orphans; ok $? "no process left (supervisor and server)"
done_testing
