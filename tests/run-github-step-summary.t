#!/bin/sh
# run-github-step-summary.t — under GitHub Actions ($GITHUB_STEP_SUMMARY
# set), a run appends a Markdown table of its verdicts to that file (after
# what earlier steps wrote): endpoint, verdict, heap B/request with its
# interval, budget, cause and hint. A hostile endpoint name (pipes, HTML,
# backticks, emphasis, a mention) stays inside its cell and renders as text.
# Without the variable nothing is written.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

cat >"$TMP/app.js" <<'JS'
const kept = [];
require('http').createServer((req, res) => {
  if (req.url === '/leak') kept.push(new Array(512).fill(kept.length));
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/s.ini" <<'INI'
[target]
command = node app.js
[load]
warmup = 200
step = 300
max_requests = 3000
[budget]
heap = 512B
[snapshots]
mode = never
[endpoint "clean"]
name = a|b <script>alert(1)</script> `tick` *em* @someone [x](y)
path = /clean
[endpoint "leaks"]
path = /leak
INI

summary=$TMP/summary.md
env -u GITHUB_STEP_SUMMARY "$LEAKCHECK" run -q -o "$TMP/run" "$TMP/s.ini" >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "without GITHUB_STEP_SUMMARY: exit 1 (the leak)"
[ ! -e "$summary" ] && ! ls "$TMP"/*.md >/dev/null 2>&1; ok $? "without the variable no summary is written"

rm -rf "$TMP/run"
printf '## an earlier step\n\n' >"$summary"
GITHUB_STEP_SUMMARY=$summary "$LEAKCHECK" run -q -o "$TMP/run" "$TMP/s.ini" >"$TMP/out" 2>"$TMP/err"
is "$?" 1 "with GITHUB_STEP_SUMMARY: exit 1 (the summary changes nothing)"
is "$(head -n 1 "$summary")" "## an earlier step" "what earlier steps wrote is kept"
like "$summary" '^### leakcheck: ' "a heading"
like "$summary" '^❌ 1 of 2 endpoints within budget \(exit 1, ' "the count and the exit status"
like "$summary" '^\| endpoint \| verdict \| heap B/request \| budget B/request \| cause / hint \|$' "the table header"
like "$summary" '^\| leaks \| ❌ fail \| [0-9.]+ \(95% CI [0-9.]+ … [0-9.]+\) \| 512\.0 \| signal: heap grows ' \
    "the leak's row: verdict, slope with interval, budget, cause and reason"
like "$summary" '^\| a\\\|b &lt;script&gt;alert\(1\)&lt;/script&gt; \\`tick\\` \\\*em\\\* &#64;someone \\\[x\\\]\(y\) \| ✅ pass \| ' \
    "the hostile name is escaped in its cell"
unlike "$summary" '<script>' "no raw <script>"
/usr/bin/python3 - "$summary" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("| ")]
bad = [r for r in rows if len(re.split(r"(?<!\\)\|", r.rstrip("\n"))) != 7]
for r in bad: print("# not five cells: " + r.rstrip())
sys.exit(1 if bad or len(rows) != 4 else 0)
PY
ok $? "every row has exactly five cells (header, rule, two endpoints)"
done_testing
