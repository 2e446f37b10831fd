#!/bin/sh
# hostile-strings-are-escaped.t — everything the target controls is hostile:
# class names (@@toStringTag), property names, global variable names, its
# reported node version; and the scenario's endpoint names and paths carry
# `#`, `\`, quotes, `<`, raw ESC. With snapshots = always, every output stays
# well-formed and inert: TAP valid, no raw ESC/BEL on stdout or stderr,
# report.json loads with python's json, junit.xml with xml.etree, report.html
# never holds the hostile markup unescaped.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"

cat >"$TMP/evil.js" <<'JS'
const H = '</script><img src=x onerror=alert(1)>"\n\x1b[31m\u0007';
// the agent says hello after this module ran: it reports this as the version
Object.defineProperty(process, 'version', { value: 'v0\nnot ok 9 - pwned\x1b[2J' });
const mk = () => class {};
const Evil = mk(); // no name V8 could infer: the snapshot names it after @@toStringTag
Object.defineProperty(Evil.prototype, Symbol.toStringTag, { value: H + '\ud800' });
function Named() {}
Object.defineProperty(Named, 'name', { value: 'Na\x1b]0;pwned\x07me</title>' });
const G = 'ünïcødé_☃_' + H; // a global named with unicode and H
globalThis[G] = [];
let n = 0;
require('http').createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  const o = new Evil();
  o[H] = 'v' + n++;
  o['\ud800lone'] = '\udc00';
  o['quote"\'<>&'] = 1;
  o['line\nbreak\r\n\x1b[2J'] = { deep: new Named() };
  o['\u0000nul'] = 2;
  globalThis[G].push(o);
  res.end('x');
}).listen(process.env.PORT, '127.0.0.1');
JS
{
    printf '[target]\ncommand = node evil.js\nready_path = /health\n'
    printf '[load]\nconcurrency = 4\nwarmup = 200\nstep = 400\nsteps = 4\n'
    printf '[budget]\nheap = 64B\n[snapshots]\nmode = always\n'
    printf '[endpoint "hash # and back\\\\slash"]\npath = /leak?q=</script><b>"\x27\n'
    printf '[endpoint "say \"hi\" <b>&amp; \033[31mred\033[0m"]\npath = /leak2\n'
} >"$TMP/evil.ini"
run_scenario "$TMP/evil.ini"
is "$status" 1 "exit status 1 (both endpoints leak)"
tap_valid "$TMP/out"; ok $? "TAP is valid"
[ "$(grep -c '^\(not \)\{0,1\}ok [0-9]' "$TMP/out")" -eq 2 ]; ok $? "exactly two top-level test points"
unlike "$TMP/out" "^not ok 9" "the hostile node version injected no test point"
like "$TMP/out" '^not ok 1 - hash \\# and back' "'#' in a test name is escaped"
ESC=$(printf '\033'); BEL=$(printf '\007')
! grep -q "$ESC" "$TMP/out" "$TMP/err"; ok $? "no raw ESC byte on stdout or stderr"
! grep -q "$BEL" "$TMP/out" "$TMP/err"; ok $? "no raw BEL byte on stdout or stderr"
like "$TMP/out" 'onerror=alert' "the hostile global's name is in the TAP explanation (escaped)"

python3 - "$TMP/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
names = [c["class"] for e in r["endpoints"] for c in (e.get("leaks") or {}).get("clusters", [])]
paths = [c["path"] for e in r["endpoints"] for c in (e.get("leaks") or {}).get("clusters", [])]
assert any("</script>" in n for n in names), names
assert any("onerror=alert(1)" in p for p in paths), paths
PY
ok $? "report.json loads (python json) and holds the hostile names, decoded"
python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TMP/run/junit.xml"
ok $? "junit.xml parses (xml.etree)"
! grep -q "$ESC" "$TMP/run/report.json" "$TMP/run/junit.xml" "$TMP/run/report.html"
ok $? "no raw ESC byte in report.json, junit.xml, report.html"
html=$TMP/run/report.html
unlike "$html" '</script><img' "report.html has no raw </script><img"
unlike "$html" '<img' "report.html has no <img tag at all"
unlike "$html" '<b>"' "the scenario's path is escaped in report.html"
like "$html" '&lt;/script&gt;&lt;img' "the hostile class name is there, escaped"
python3 - "$html" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    bad = []
    def handle_starttag(self, tag, attrs):
        if tag in ("img", "b") or any(a.startswith("on") for a, _ in attrs):
            self.bad.append((tag, attrs))
p = P(); p.feed(open(sys.argv[1], encoding="utf-8", errors="strict").read())
assert not p.bad, p.bad
PY
ok $? "report.html is valid UTF-8 and parses to no injected tag or on* attribute"
no_orphans; ok $? "no orphans"
done_testing
