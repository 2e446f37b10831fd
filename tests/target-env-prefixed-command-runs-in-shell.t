#!/bin/sh
# target-env-prefixed-command-runs-in-shell.t — `command = LEAK=0 node
# server.js` (a shell variable assignment before the command) runs through
# /bin/sh -c as the README says, not as a program named 'LEAK=0': the
# variable reaches the server, leakcheck's node flags reach it through
# NODE_OPTIONS, and the clean server is measured and passes. Other shell
# syntax (&&, a redirection) takes the same path.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

cat >"$TMP/server.js" <<'JS'
if (process.env.LEAK !== '0') {
  console.error('LEAK is ' + JSON.stringify(process.env.LEAK) + ', not "0"');
  process.exit(3);
}
console.log('agent via NODE_OPTIONS: ' + /--require/.test(process.env.NODE_OPTIONS || ''));
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
for cmd in 'LEAK=0 node server.js' 'true && LEAK=0 exec node server.js 2>&1'; do
    cat >"$TMP/s.ini" <<INI
[target]
command = $cmd
ready_timeout = 10s
[load]
warmup = 200
step = 300
max_requests = 3000
[budget]
heap = 1KiB
[snapshots]
mode = never
[endpoint "root"]
path = /
INI
    rm -rf "$TMP/run"
    run_scenario "$TMP/s.ini"
    is "$status" 0 "'$cmd': measured, exit 0"
    unlike "$TMP/err" "cannot run" "'$cmd': not exec'd as a program"
    like "$TMP/out" "^ok 1 - root" "'$cmd': the clean endpoint passes"
    like "$TMP/run/target.log" "^agent via NODE_OPTIONS: true$" "'$cmd': node flags in NODE_OPTIONS"
    no_orphans; ok $? "'$cmd': no orphans"
done

# the direct path is kept: a plain `node server.js` gets the flags in argv
cat >"$TMP/plain.js" <<'JS'
console.log('flags in argv: ' + process.execArgv.includes('--expose-gc'));
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
sed -e 's/^command = .*/command = node plain.js/' "$TMP/s.ini" >"$TMP/plain.ini"
rm -rf "$TMP/run"
run_scenario "$TMP/plain.ini"
is "$status" 0 "plain 'node plain.js': exit 0"
like "$TMP/run/target.log" "^flags in argv: true$" "plain node: flags in argv"
done_testing
