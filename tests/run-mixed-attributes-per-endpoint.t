#!/bin/sh
# run-mixed-attributes-per-endpoint.t — the demo's three endpoints in one
# mixed run ([load] mode = mixed): all at once, in shares that change each
# step; the growth per step regressed on the request counts gives each
# endpoint its own slope: the session leak fails near its size alone
# (~240 B/request), the two clean endpoints pass; TAP, report.json (mix,
# estimator mixed-ols) and report.html say it was a mixed run.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

sed -e 's|\.\./examples|'"$TOP"'/examples|g' -e 's/^\[load\]/[load]\nmode = mixed/' \
    "$TOP/scenarios/demo.ini" >"$TMP/m.ini"
run_scenario "$TMP/m.ini"
is "$status" 1 "the leak fails the mixed run"
like "$TMP/out" '^# mixed run: all 3 endpoints at once, [0-9]+ steps of 4500 requests' "TAP says it was a mixed run"
like "$TMP/out" '^ok 1 - GET /products/:id' "a clean endpoint passes"
like "$TMP/out" '^ok 2 - POST /cart/quote' "the other clean endpoint passes"
like "$TMP/out" '^not ok 3 - POST /sessions$' "the leaking endpoint fails"
like "$TMP/out" '^  reason: "heap grows [0-9.]+ B/request .*held by sessions \(Map\)"' "and is explained"
like "$TMP/out" '^    estimator: mixed-ols$' "its slope is the regression's"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = {x["name"]: x for x in r["endpoints"]}
s = e["POST /sessions"]["signals"]["heap"]["slope_per_request"]
print("# sessions %.1f B/request in the mix; steps %d" % (s, r["mix"]["steps"]))
assert 160 <= s <= 330, s        # ~240 alone; the accuracy run compares them
assert r["mix"]["steps"] >= 8 and r["mix"]["step_requests"] == 4500, r["mix"]
assert r["mix"]["warning"] is None and abs(r["mix"]["worst_correlation"]) < 0.9, r["mix"]
for x in r["endpoints"]:
    assert x["requests"]["completed"] > 3000, (x["name"], x["requests"])  # every one was loaded
PY
ok $? "report.json: the leak's slope, the design, every endpoint loaded"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
like "$TMP/run/report.html" '<p>mixed run: all 3 endpoints at once' "report.html says so"
like "$TMP/run/junit.xml" '<property name="mode" value="mixed: [0-9]+ steps of 4500 requests"/>' "junit.xml too"
run_artifacts_ok
done_testing
