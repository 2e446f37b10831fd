#!/bin/sh
# run-login-setup-captures.t — a service whose every data endpoint needs a
# login (express-session cookie, jsonwebtoken bearer token): [setup] logs in
# before the warm-up, the cookie goes into every connection's jar, the token
# is captured into {{token}}; the ~150 B/request leak behind the token fails,
# the cookie and token endpoints pass; the token never shows in a report.
# Without the jar the cookie endpoint answers 401 and fails on errors.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
[ -d "$TOP/examples/login-service/node_modules/express-session" ] ||
    skip_all "examples/login-service: npm ci not run (make deps)"
same_paths_under_asan

# no explain phase: the verdicts and the setup are what this test is about
sed -e 's|\.\./examples|'"$TOP"'/examples|g' -e 's/^\[budget\]/[snapshots]\nmode = never\n\n[budget]/' \
    -e 's/^concurrency = 8$/concurrency = 8\nwarmup = 500\nstep = 1000/' \
    "$TOP/scenarios/login-service.ini" >"$TMP/s.ini"
run_scenario "$TMP/s.ini"
is "$status" 1 "the leak behind the token fails the run"
like "$TMP/out" '^# setup browser login: POST /login answered 303 in [0-9.]+ ms$' "TAP: the browser login"
like "$TMP/out" '^# setup api token: POST /api/token answered 200 in [0-9.]+ ms; captured token \([0-9]+ B\)$' \
    "TAP: the token login, what it captured and its size"
like "$TMP/out" '^# cookies: every connection keeps its own jar, starting with 1 from setup$' "TAP: the jar"
like "$TMP/out" '^ok 1 - GET /account \(session cookie\)$' "the session-cookie endpoint passes (its requests are answered)"
like "$TMP/out" '^ok 2 - GET /api/orders \(bearer token\)$' "the bearer-token endpoint passes"
like "$TMP/out" '^not ok 3 - GET /api/activity \(bearer token\)$' "the leaking endpoint behind the token fails"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
e = {x["name"]: x for x in r["endpoints"]}
act = e["GET /api/activity (bearer token)"]
slope = act["signals"]["heap"]["slope_per_request"]
print("# activity", round(slope, 1), "B/request")
assert 90 <= slope <= 260, slope
for x in r["endpoints"]:
    assert x["requests"]["failed"] == 0, (x["name"], x["requests"])
s = r["setup"]
assert [q["status"] for q in s["requests"]] == [303, 200], s
assert s["cookie_jar"] is True and s["cookies"] == 1, s
PY
ok $? "report.json: the leak's size, no failed request anywhere, the setup"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
grep -l 'eyJ' "$TMP/out" "$TMP/err" "$TMP/run/report.json" "$TMP/run/report.html" "$TMP/run/junit.xml" >"$TMP/leaked" 2>/dev/null
is "$(cat "$TMP/leaked")" "" "the token (a JWT, eyJ...) is in no report"
like "$TMP/run/junit.xml" '<property name="setup" value="POST /api/token 200"/>' "junit.xml lists the setup"
like "$TMP/run/report.html" '<p>setup <code>api token</code>: <code>POST /api/token</code> answered 200' "report.html lists the setup"
run_artifacts_ok
rm -rf "$TMP/run"

# the jar matters: without it the session endpoint is answered 401
sed -e 's/^\[load\]/[load]\ncookies = false/' -e 's/^warmup = 500$/warmup = 200/' -e 's/^step = 1000$/step = 300/' \
    "$TMP/s.ini" >"$TMP/nojar.ini"
run_scenario "$TMP/nojar.ini" --endpoint account
is "$status" 1 "without cookies the session endpoint fails"
like "$TMP/out" 'unexpected status \(expect 2xx\): 401' "on 401s"
unlike "$TMP/out" '^# cookies:' "and no jar is reported"
like "$TMP/out" '^  hint: "the service refused the requests as not logged in \(401\): log in once before the warm-up with a \[setup\] request' \
    "the hint says how to log in"
done_testing
