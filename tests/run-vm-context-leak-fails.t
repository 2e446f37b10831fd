#!/bin/sh
# run-vm-context-leak-fails.t — a V8 context kept per request (vm.createContext
# held in an array) fails the `contexts` signal even under a huge heap budget;
# contexts created and dropped per request pass.
. "$(dirname "$0")/lib.sh"
cat >"$TMP/app.js" <<'JS'
const vm = require('vm');
const keep = [];
require('http').createServer((req, res) => {
  if (req.url.startsWith('/leak')) keep.push(vm.createContext({}));
  else vm.runInNewContext('1 + 1');
  res.end('ok');
}).listen(process.env.PORT, '127.0.0.1');
JS
cat >"$TMP/vm.ini" <<'INI'
[target]
command = node app.js
[load]
concurrency = 4
warmup = 200
step = 300
steps = 4
[snapshots]
mode = never
[budget]
heap = 1MiB
[endpoint "vm leak"]
path = /leak/{{seq}}
[endpoint "vm clean"]
path = /clean/{{seq}}
INI
run_scenario "$TMP/vm.ini"
is "$status" 1 "exit 1"
like "$TMP/out" '^    not ok 3 - contexts' "the contexts subtest fails"
like "$TMP/out" '^not ok 1 - vm leak' "the leaking endpoint fails"
like "$TMP/out" 'reason: "contexts grows 1/request' "reason: one context per request"
like "$TMP/out" '^ok 2 - vm clean' "dropped contexts pass"
no_orphans; ok $? "no orphans"
done_testing
