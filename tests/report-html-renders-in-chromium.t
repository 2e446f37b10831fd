#!/bin/sh
# report-html-renders-in-chromium.t — a failing run's report.html renders in
# headless Chromium with no console errors, loads nothing from the network,
# shows the charts and the cluster table; a screenshot is left in the run
# dir (run.png; kept at $LEAKCHECK_SCREENSHOT when set).
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser) || skip_all "chromium not installed"

run_scenario "$TOP/scenarios/global-array-leaky.ini"
is "$status" 1 "the leaky run fails"
html="$TMP/run/report.html"
[ -s "$html" ]; ok $? "report.html written"
unlike "$html" '(src|href)=|@import|url\(' "self-contained: no external resources"
unlike "$html" '<script' "no scripts at all"
like "$html" '<svg ' "has SVG charts"
like "$html" 'class="clusters"' "has the leak cluster table"
like "$html" 'requestLog \(Array\)' "with the retainer path"

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir=$TMP/profile --enable-logging=stderr --v=0 --hide-scrollbars"
# shellcheck disable=SC2086
timeout 60 "$CHROMIUM" $flags --window-size=1200,2000 --screenshot="$TMP/run/run.png" \
    "file://$html" >"$TMP/chromium.out" 2>"$TMP/chromium.err"
ok $? "chromium rendered the page"
[ "$(wc -c <"$TMP/run/run.png" 2>/dev/null || echo 0)" -gt 20000 ]
ok $? "the screenshot is a real picture (> 20 KB)"
unlike "$TMP/chromium.err" 'CONSOLE.*(Uncaught|Error|error)' "no console errors"
# shellcheck disable=SC2086
timeout 60 "$CHROMIUM" $flags --dump-dom "file://$html" >"$TMP/dom.html" 2>/dev/null
like "$TMP/dom.html" '<polyline' "the DOM holds the plotted samples"
[ -n "$LEAKCHECK_SCREENSHOT" ] && cp "$TMP/run/run.png" "$LEAKCHECK_SCREENSHOT"
done_testing
