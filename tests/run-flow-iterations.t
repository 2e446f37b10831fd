#!/bin/sh
# run-flow-iterations.t — an endpoint that is a flow (create → read → delete
# on one connection, the created id captured and reused): one iteration is
# one request for the counts and the budget; every step is sent (three
# responses per iteration); the delete's tombstone leak fails, held by its
# list; without it the flow passes; a step that 404s fails the endpoint
# naming the step.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
[ -d "$TOP/examples/login-service/node_modules/express-session" ] ||
    skip_all "examples/login-service: npm ci not run (make deps)"
same_paths_under_asan

# step_time = 2s: the explain phase's iterations between snapshots are what
# 2 s allow (~700 here, ~120 KB of tombstones), not the 3,000 a 7.5 s step
# would: the suite's time, and still the list on top
sed -e 's|\.\./examples|'"$TOP"'/examples|g' -e 's/^warmup = .*/warmup = 300/' \
    -e 's/^step = .*/step = 400\nstep_time = 2s/' "$TOP/scenarios/login-service-flow.ini" >"$TMP/f.ini"
run_scenario "$TMP/f.ini"
is "$status" 1 "the tombstone leak fails"
like "$TMP/out" '^not ok 1 - item lifecycle$' "the flow is the test"
like "$TMP/out" '^  request: "POST /api/items → GET /api/items/\{\{id\}\} → DELETE /api/items/\{\{id\}\}"$' \
    "TAP shows the steps"
like "$TMP/out" '^  reason: "heap grows [0-9.]+ B/request .*held by deleted \(Array\)' "held by the tombstone list"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["endpoints"][0]
q = e["requests"]
slope = e["signals"]["heap"]["slope_per_request"]
print("# %.1f B/iteration, %d iterations, %s" % (slope, q["completed"], q["status"]))
assert e["flow"] == ["POST /api/items", "GET /api/items/{{id}}", "DELETE /api/items/{{id}}"], e["flow"]
assert q["failed"] == 0, q
assert q["status"]["2xx"] == 3 * q["completed"], q   # every step of every iteration answered
assert 100 <= slope <= 300, slope
PY
ok $? "report.json: the steps, three answers per iteration, ~150-200 B per iteration"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
run_artifacts_ok
rm -rf "$TMP/run"

# the same flow without the leak
grep -v '^env = ITEMS_LEAK' "$TMP/f.ini" | sed 's/^\[budget\]/[snapshots]\nmode = never\n\n[budget]/' >"$TMP/clean.ini"
run_scenario "$TMP/clean.ini"
is "$status" 0 "without the tombstones the flow passes"
rm -rf "$TMP/run"

# the read step at a path the service does not have
sed 's|^path = /api/items/{{id}}$|path = /api/item/{{id}}|' "$TMP/clean.ini" >"$TMP/404.ini"
run_scenario "$TMP/404.ini"
is "$status" 1 "a step that 404s fails the endpoint"
like "$TMP/out" '^  reason: "[0-9]+ of [0-9]+ requests failed .*first: step 2 of 3 \(GET /api/item/\{\{id\}\}\): unexpected status \(expect 2xx\): 404"' \
    "naming the step, its request and its status"
no_orphans; ok $? "nothing left running"
done_testing
