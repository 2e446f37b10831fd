#!/bin/sh
# report-json-matches-schema.t — a real failing run's report.json (and a
# passing one's) validates against harness/report.schema.json.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || skip_all "python3-jsonschema not installed"

run_scenario "$TOP/scenarios/global-array-leaky.ini"
is "$status" 1 "the leaky run fails"
schema_valid "$TMP/run/report.json"; ok $? "failing run: report.json matches the schema"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["endpoints"][0]["leaks"]["clusters"][0]; sys.exit(0 if "requestLog" in c["path"] else 1)' "$TMP/run/report.json"
ok $? "and carries the clusters with the retainer path"
rm -rf "$TMP/run"
run_scenario "$TOP/scenarios/global-array-fixed.ini" --format json
is "$status" 0 "the fixed run passes"
schema_valid "$TMP/run/report.json"; ok $? "passing run: report.json matches the schema"
schema_valid "$TMP/out"; ok $? "--format json prints the same report on stdout"
done_testing
