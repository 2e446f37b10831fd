#!/bin/sh
# target-tls-mismatch-diagnosed.t — a service that does not speak the
# configured protocol could not be measured: exit 125 (git bisect skips it),
# within one ready_timeout, with a message that says which protocol it does
# speak and the key to set; an untrusted certificate is named as such.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"

ex="$TOP/examples/https-service"
cat >"$TMP/plain.js" <<'JS'
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT, '127.0.0.1');
JS
check() { # check NAME TARGET-LINES WANT-ERE
    printf '[target]\n%s\nready_timeout = 3s\n[endpoint "root"]\npath = /\n' "$2" >"$TMP/$1.ini"
    rm -rf "$TMP/run"
    t0=$(date +%s)
    run_scenario "$TMP/$1.ini"
    elapsed=$(( $(date +%s) - t0 ))
    is "$status" 125 "$1: exit status 125"
    like "$TMP/err" "$3" "$1: says why"
    like "$TMP/out" 'reason: "not run: ' "$1: the endpoint is reported not run"
    no_orphans; ok $? "$1: the target was killed"
    [ "$elapsed" -le 8 ]; ok $? "$1: over within one ready_timeout and teardown (took $elapsed s)"
}
https_target="command = node $ex/server.js
env = TLS_CERT=$ex/cert.pem
env = TLS_KEY=$ex/key.pem"
check plain-to-tls "$https_target" \
    "port [0-9]+ speaks HTTPS \(TLS\), not plain HTTP .*set \[target\] scheme = https"
check plain-to-tls-ready "$https_target
ready_path = /health" \
    "port [0-9]+ speaks HTTPS \(TLS\), not plain HTTP .*set \[target\] scheme = https"
check tls-to-plain "command = node $TMP/plain.js
scheme = https
insecure = true" \
    "port [0-9]+ speaks plain HTTP, not HTTPS .*wrong version number.*set \[target\] scheme = http$"
check untrusted "$https_target
scheme = https" \
    "the TLS certificate of https://127\.0\.0\.1:[0-9]+ is not trusted \(.*self.signed certificate\): set \[target\] ca_file"
done_testing
