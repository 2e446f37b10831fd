#!/bin/sh
# run-explains-leak-with-retainer-path.t — a failing endpoint's TAP block
# names what is retained and who holds it: the top cluster's class, one per
# request, and a retainer path through the variable that holds the leak; the
# reason names the function (file and line) that allocated it and the holder.
. "$(dirname "$0")/lib.sh"

check() { # check SCENARIO PATH-ERE CLASS-ERE FN-ERE SOURCE LINE-ERE
    run_scenario "$TOP/scenarios/$1.ini"
    is "$status" 1 "$1: fails"
    like "$TMP/out" '^  clusters:$' "$1: clusters in the YAML block"
    # the first cluster: its class and path lines
    first=$(sed -n '/^  clusters:/,/^  [a-z_]*:/p' "$TMP/out" | head -8)
    echo "$first" >"$TMP/first"
    like "$TMP/first" "class: \"$3\"" "$1: top cluster class is $3"
    like "$TMP/first" "per_request: 1$" "$1: one object per request"
    like "$TMP/first" "path: \".*$2" "$1: path goes through $2"
    like "$TMP/run/report.json" '"clusters": \[' "$1: report.json carries the clusters"
    site_ok "$4" "$5" "$6"
    rm -rf "$TMP/run"
}
check global-array-leaky 'requestLog \(Array\) → \[[0-9]+\] \(Object\) \{url, id\}' '\{url, id\}' \
    logRequest examples/global-array/leaky.js '^function logRequest'
check map-cache-leaky 'cache \(Map\)' '\{id, name, email\}' \
    '(getUser|\(anonymous\))' examples/map-cache/leaky.js '^function getUser|^const server = http.createServer'
check listener-leaky 'bus \(EventEmitter\) → _events \(Object\)' 'Function' \
    watch examples/listener/leaky.js '^function watch'
check closure-leaky 'onShutdown \(Array\)' 'Function' \
    buildReport examples/closure/leaky.js '^function buildReport'
check interval-leaky 'timerListMap \(Object\) → \[60000\] \(TimersList\) → _idle(Prev|Next) \(Timeout\) ×[0-9]+' 'Timeout' \
    jobStatus examples/interval/leaky.js '^function jobStatus'
check demo 'sessions \(Map\)' '.*' \
    '\(anonymous\)' examples/demo/server.js "req.on\('end'|readJson\(req, \(err, login\)"
done_testing
