#!/bin/sh
# exit-codes-documented-alike.t — each command's exit status table says the
# same, row for row and word for word, wherever it is printed: `leakcheck
# --help`, the command's own --help, README.md and the man page. And the
# numbers are the true ones: interrupted is 128+N (run.h, bisect.h), never a
# fixed 130 or 143.
. "$(dirname "$0")/lib.sh"

# help_rows TITLE: "CODE|meaning" lines of the "exit status (TITLE):" block on stdin
help_rows() {
    awk -v t="exit status ($1):" '
        $0 == t { f = 1; next }
        f && /^  [0-9]/ { c = $1; sub(/^  [^ ]+ +/, ""); print c "|" $0; next }
        f { exit }'
}
# readme_rows TITLE: the rows of the table headed "| exit (TITLE) | meaning |"
readme_rows() {
    awk -v t="| exit ($1) | meaning |" '
        $0 == t { f = 1; next }
        f && /^\| --- / { next }
        f && /^\| / { sub(/^\| /, ""); sub(/ \|$/, ""); sub(/ \| /, "|"); print; next }
        f { exit }' "$TOP/README.md"
}
# man_rows TITLE: the .TP/code/meaning triples under ".SS TITLE" of leakcheck.1
man_rows() {
    awk -v t="$1" '
        /^\.S[SH] / { s = $0; sub(/^\.S[SH] /, "", s); gsub(/"/, "", s); f = (s == t); next }
        f && /^\.TP$/ { want = 1; next }
        f && want == 1 { c = $0; want = 2; next }
        f && want == 2 { gsub(/\\-/, "-"); print c "|" $0; want = 0 }' "$TOP/harness/leakcheck.1"
}

same() { # same TITLE NAME FILE-A NAME FILE-B
    _n=$((_n + 1))
    if [ -s "$3" ] && cmp -s "$3" "$5"; then echo "ok $_n - $1: $2 and $4 agree"
    else echo "not ok $_n - $1: $2 and $4 agree"; diff "$3" "$5" | sed 's/^/#   /'
         _failed=$((_failed + 1)); fi
}

"$LEAKCHECK" --help | help_rows "leakcheck run" >"$TMP/main-help"
"$LEAKCHECK" run --help | help_rows "leakcheck run" >"$TMP/run-help"
"$LEAKCHECK" bisect --help | help_rows "leakcheck bisect" >"$TMP/bisect-help"
"$LEAKCHECK" analyze --help | help_rows "leakcheck analyze, leakcheck diff" >"$TMP/analyze-help"
"$LEAKCHECK" diff --help | help_rows "leakcheck analyze, leakcheck diff" >"$TMP/diff-help"
for t in "leakcheck run:run" "leakcheck bisect:bisect" "leakcheck analyze, leakcheck diff:analyze"; do
    readme_rows "${t%%:*}" >"$TMP/${t##*:}-readme"
    man_rows "${t%%:*}" >"$TMP/${t##*:}-man"
done

[ "$(wc -l <"$TMP/run-help")" -ge 5 ]; ok $? "run --help lists five exit statuses"
same "run" "leakcheck --help" "$TMP/main-help" "run --help" "$TMP/run-help"
same "run" "run --help" "$TMP/run-help" "README.md" "$TMP/run-readme"
same "run" "run --help" "$TMP/run-help" "leakcheck.1" "$TMP/run-man"
same "bisect" "bisect --help" "$TMP/bisect-help" "README.md" "$TMP/bisect-readme"
same "bisect" "bisect --help" "$TMP/bisect-help" "leakcheck.1" "$TMP/bisect-man"
same "analyze" "analyze --help" "$TMP/analyze-help" "diff --help" "$TMP/diff-help"
same "analyze" "analyze --help" "$TMP/analyze-help" "README.md" "$TMP/analyze-readme"
same "analyze" "analyze --help" "$TMP/analyze-help" "leakcheck.1" "$TMP/analyze-man"

like "$TMP/run-help" '^128\+N\|interrupted by signal N' "run: interrupted is 128+N"
like "$TMP/bisect-help" '^128\+N\|interrupted by signal N' "bisect: interrupted is 128+N"
like "$TMP/run-help" '^2\|.*environment' "run: 2 covers environment errors"
like "$TMP/run-help" '^125\|' "run: 125 is listed"
unlike "$TMP/bisect-help" '^125\|' "bisect never exits 125"
! grep -Eqw '130|143' "$TOP/README.md" "$TOP/harness/leakcheck.1" "$TMP/main-help" "$TMP/run-help" "$TMP/bisect-help"
ok $? "no fixed 130/143 for an interrupt anywhere"
grep -q '#define EXIT_INTERRUPTED_BASE 128' "$TOP/harness/run.h"; ok $? "run.h: interrupted = 128 + N"
done_testing
