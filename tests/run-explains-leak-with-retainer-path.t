#!/bin/sh
# run-explains-leak-with-retainer-path.t — a failing endpoint's TAP block
# names what is retained and who holds it: the top cluster's class, one per
# request, and a retainer path through the variable that holds the leak.
. "$(dirname "$0")/lib.sh"

check() { # check SCENARIO PATH-ERE CLASS-ERE
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
    rm -rf "$TMP/run"
}
check global-array-leaky 'requestLog \(Array\) → \[[0-9]+\] \(Object\) \{url, id\}' '\{url, id\}'
check map-cache-leaky 'cache \(Map\)' '\{id, name, email\}'
check listener-leaky 'bus \(EventEmitter\) → _events \(Object\)' 'Function'
check closure-leaky 'onShutdown \(Array\)' 'Function'
check interval-leaky 'timerListMap \(Object\) → \[60000\] \(TimersList\) → _idlePrev \(Timeout\) ×[0-9]+' 'Timeout'
done_testing
