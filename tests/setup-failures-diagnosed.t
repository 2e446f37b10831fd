#!/bin/sh
# setup-failures-diagnosed.t — a [setup] that cannot log in is the target's
# or the scenario's problem, not a leak: exit 125 (git bisect skips the
# commit), a message naming the setup request, its status and the start of
# the body (a 401's error), or for a capture that finds nothing the path and
# the body's keys (never its values: a login's body holds the secrets it
# returns); no endpoint is run, nothing is left running.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
[ -d "$TOP/examples/login-service/node_modules/express-session" ] ||
    skip_all "examples/login-service: npm ci not run (make deps)"

sed -e 's|\.\./examples|'"$TOP"'/examples|g' "$TOP/scenarios/login-service.ini" >"$TMP/s.ini"

# a wrong password: 401
sed 's/"lovelace"}$/"babbage"}/' "$TMP/s.ini" >"$TMP/401.ini"
run_scenario "$TMP/401.ini"
is "$status" 125 "a setup answered 401: exit 125"
like "$TMP/err" '^leakcheck: setup "browser login": POST /login answered 401 \(expect 2xx,3xx\): \{"error":"bad user or password"\}$' \
    "names the request, its status, the expected ones and the body"
like "$TMP/out" '^  reason: "not run: setup \\"browser login\\": POST /login answered 401' "the endpoints are not run, with the reason"
like "$TMP/out" '^# setup browser login: POST /login answered 401 in [0-9.]+ ms$' "TAP lists the setup request as it went"
is "$(json_get "$TMP/run/report.json" 'r["fatal"]')" 'setup "browser login": POST /login answered 401 (expect 2xx,3xx): {"error":"bad user or password"}' \
    "report.json fatal says the same"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"
no_orphans; ok $? "nothing left running"
rm -rf "$TMP/run"

# a JSON path the response does not have
sed 's/^capture = token json \$\.token/capture = token json $.data.token/' "$TMP/s.ini" >"$TMP/path.ini"
run_scenario "$TMP/path.ini"
is "$status" 125 "a capture that finds nothing: exit 125"
like "$TMP/err" "^leakcheck: setup \"api token\": capture token: \\\$\\.data\\.token: no key 'data' in the object; POST /api/token answered 200 with a JSON object with keys token, expires_in\$" \
    "names the capture, the step that failed and the body's keys"
unlike "$TMP/err" 'eyJ' "the token itself is not shown"
no_orphans; ok $? "nothing left running"
rm -rf "$TMP/run"

# a header the response does not have; a regex that does not match
sed 's/^capture = token json \$\.token/capture = token header X-Auth-Token/' "$TMP/s.ini" >"$TMP/hdr.ini"
run_scenario "$TMP/hdr.ini"
is "$status" 125 "a missing header: exit 125"
like "$TMP/err" 'capture token: no header X-Auth-Token in the response' "says which header"
sed 's/^capture = token json \$\.token/capture = token regex "jwt":"([^"]+)"/' "$TMP/s.ini" >"$TMP/re.ini"
run_scenario "$TMP/re.ini"
is "$status" 125 "a regex that does not match: exit 125"
like "$TMP/err" 'capture token: the pattern "jwt":"\(\[\^"\]\+\)" does not match the body' "says which pattern"

# a variable nobody captures is a scenario error before anything starts
sed 's/Bearer {{token}}/Bearer {{tokn}}/' "$TMP/s.ini" >"$TMP/var.ini"
run_scenario "$TMP/var.ini"
is "$status" 2 "an unknown variable: exit 2"
like "$TMP/err" "var\\.ini:[0-9]+: \\{\\{tokn\\}\\} in the headers of endpoint \"GET /api/orders \\(bearer token\\)\": no 'capture = tokn \\.\\.\\.'" \
    "names the file, line and variable"
done_testing
