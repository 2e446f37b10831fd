#!/bin/sh
# run-long-endpoint-name-round-trips.t — an endpoint name longer than inih's
# section names allow, given as `name = ...` inside a short [endpoint "id"]:
# a 60-byte name with markup, quotes, '#' and '&' is the test name, whole
# and escaped, in TAP, report.json, junit.xml and report.html; --endpoint
# selects it by that name (or by its id); a 60-byte section name is
# rejected with a message that offers the name key.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

NAME='GET /api/v1/organizations/:orgId/members <b>&"all" # page \1'
is "${#NAME}" 60 "the name is 60 bytes"
printf 'require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT, "127.0.0.1");\n' \
    >"$TMP/server.js"
cat >"$TMP/s.ini" <<INI
[target]
command = node server.js
[load]
warmup = 200
step = 300
max_requests = 3000
[budget]
heap = 1KiB
[snapshots]
mode = never
[endpoint "members"]
name = $NAME
path = /members
[endpoint "other"]
path = /other
INI
run_scenario "$TMP/s.ini" --endpoint "$NAME"
is "$status" 0 "selected by its long name with --endpoint: exit 0"
grep -c '^ok [0-9]' "$TMP/out" >"$TMP/n"; is "$(cat "$TMP/n")" 1 "only that endpoint ran"
tap_valid "$TMP/out"; ok $? "TAP is valid"
like "$TMP/out" '^ok 1 - GET /api/v1/organizations/:orgId/members <b>&"all" \\# page \\\\1$' \
    "TAP: the whole name, '#' and '\\' escaped"
/usr/bin/python3 - "$TMP/run" "$NAME" <<'PY'
import json, sys, html.parser, xml.etree.ElementTree as ET
run, name = sys.argv[1], sys.argv[2]
fails = []
r = json.load(open(run + "/report.json"))
if [e["name"] for e in r["endpoints"]] != [name]: fails.append("report.json: %r" % [e["name"] for e in r["endpoints"]])
cases = [c.get("name") for c in ET.parse(run + "/junit.xml").getroot().iter("testcase")]
if not cases or not all(c == name or c.startswith(name + ": ") for c in cases): fails.append("junit.xml: %r" % cases)
page = open(run + "/report.html").read()
class H(html.parser.HTMLParser):
    h2 = False; heads = []; tags = []
    def handle_starttag(self, tag, a):
        self.tags.append(tag)
        if tag == "h2": self.h2 = True; self.heads.append("")
    def handle_endtag(self, tag):
        if tag == "h2": self.h2 = False
    def handle_data(self, d):
        if self.h2: self.heads[-1] += d
p = H(convert_charrefs=True); p.feed(page)
if not any(h.startswith(name + " ") for h in p.heads): fails.append("report.html headings: %r" % p.heads)
if "<b>" in page or "b" in p.tags: fails.append("report.html holds a raw <b>")
for f in fails: print("# " + f)
sys.exit(1 if fails else 0)
PY
ok $? "report.json, junit.xml and report.html carry the whole name, parsed back exactly"
schema_valid "$TMP/run/report.json"; ok $? "report.json matches the schema"

rm -rf "$TMP/run"
run_scenario "$TMP/s.ini" -e members
is "$status" 0 "selected by its id: exit 0"
like "$TMP/out" '^ok 1 - GET /api/v1/organizations' "by id: the test is still named by its name"

# the same name as a section: rejected, and the name key suggested
printf '[target]\ncommand = node server.js\n[endpoint "%s"]\npath = /\n' \
    'GET /api/v1/organizations/:orgId/members/:memberId' >"$TMP/long.ini"
run_scenario "$TMP/long.ini"
is "$status" 2 "a 60-byte section name: exit 2"
like "$TMP/err" 'long.ini:3: section name \[endpoint "GET /api/v1/organizations/:org\.\.\.\] is 61 bytes; the limit is 48 \(inih cuts longer ones\): give the endpoint a short id and its full name inside, e\.g\. \[endpoint "members"\] and name = ' \
    "the message says the limit and suggests the name key"
done_testing
