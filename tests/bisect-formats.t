#!/bin/sh
# bisect-formats.t — `--format tap` is TAP 13 with one test point per tested
# commit (not ok = over budget), and `--format json` is JSON naming the first
# bad commit; `--endpoint` measures only that endpoint.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bisect-repo.sh"

make_bisect_repo "$TMP/repo"
cd "$TMP/repo" || exit 1
short5=$(git rev-parse --short "$C5")
short6=$(git rev-parse --short "$C6")

"$LEAKCHECK" bisect --format tap --good "$C5" --bad "$C6" leak.ini >"$TMP/out" 2>"$TMP/err"
is "$?" 0 "tap: exit 0"
tap_valid "$TMP/out"; ok $? "tap: stdout is valid TAP"
like "$TMP/out" '^TAP version 13$' "tap: version 13 header"
like "$TMP/out" '^1\.\.2$' "tap: a plan of two tested commits"
like "$TMP/out" "^ok [0-9] - $short5 Document how to run\$" "tap: the good commit is ok"
like "$TMP/out" "^not ok [0-9] - $short6 $LEAK_SUBJECT\$" "tap: the leaking commit is not ok"
like "$TMP/out" '^    slope_bytes_per_request: [0-9.]+$' "tap: YAML carries the heap slope"
like "$TMP/out" "^# first bad commit: $C6 " "tap: the first bad commit is named"

"$LEAKCHECK" bisect --format json -q --endpoint "GET /item" --good "$C5" --bad "$C6" leak.ini \
    >"$TMP/out.json" 2>"$TMP/err"
is "$?" 0 "json: exit 0"
[ ! -s "$TMP/err" ]; ok $? "json -q: nothing on stderr"
perl -MJSON::PP -e '
    local $/; open my $fh, "<", $ARGV[0] or die; my $j = decode_json(<$fh>);
    exit !($j->{first_bad}{commit} eq $ARGV[1] && @{$j->{commits}} == 2
           && $j->{commits}[1]{verdict} eq "bad" && $j->{commits}[0]{verdict} eq "good"
           && $j->{commits}[1]{runs}[0]{endpoint} eq "GET /item"
           && $j->{exit_code} == 0);' "$TMP/out.json" "$C6"
ok $? "json: parses, names the first bad commit and both verdicts"
done_testing
