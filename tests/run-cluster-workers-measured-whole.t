#!/bin/sh
# run-cluster-workers-measured-whole.t — a cluster is measured as one
# service: the heap of the primary and of every worker is summed, so a leak
# in the workers is read at its full size (within 20% of the same code in
# one process), the report names which isolates grow, the explanation looks
# into a worker (not the flat primary), and a clean route of the same
# cluster passes.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
same_paths_under_asan

run_scenario "$TOP/scenarios/cluster-workers.ini"
is "$status" 1 "the cluster run fails"
like "$TMP/out" '^not ok 1 - GET /orders$' "the leaking route of the cluster fails"
like "$TMP/out" '^ok 2 - GET /status$' "the clean route of the cluster passes"
like "$TMP/out" '^  isolates:$' "TAP lists the isolates"
site_ok '\(anonymous\)' examples/cluster-workers/server.js 'http\.createServer\('
cp "$TMP/run/report.json" "$TMP/cluster.json"
run_artifacts_ok
cp -r "$TMP/run" "$TMP/run-cluster"; rm -rf "$TMP/run"

# the same code in one process: the reference slope
sed -e 's|^command = node|env = WORKERS=0\ncommand = node|' -e 's|\.\./examples|'"$TOP"'/examples|' \
    "$TOP/scenarios/cluster-workers.ini" >"$TMP/single.ini"
run_scenario "$TMP/single.ini" --endpoint "GET /orders" -q
is "$status" 1 "one process of the same code fails"
python3 - "$TMP/cluster.json" "$TMP/run/report.json" <<'PY'
import json, sys
c, s = (json.load(open(p)) for p in sys.argv[1:3])
orders = c["endpoints"][0]
cs = orders["signals"]["heap"]["slope_per_request"]
ss = s["endpoints"][0]["signals"]["heap"]["slope_per_request"]
print("# cluster %.1f B/request, one process %.1f B/request" % (cs, ss))
assert abs(cs - ss) <= 0.2 * ss, (cs, ss)
iso = orders["isolates"]
assert len(iso) == 3 and orders["isolates_max"] == 3, iso
grow = [i for i in iso if i["heap_bytes_per_request"] > 0.2 * cs]
assert len(grow) == 2, iso           # both workers, not the primary
assert s["endpoints"][0]["isolates"] in ([], None) or len(s["endpoints"][0]["isolates"]) == 1
x = orders["explain"]
assert x["isolate"] and x["isolate"]["pid"] in [g["pid"] for g in grow] or x["isolate"]["share_of_growth"] > 0.3, x
print("# explained", x["isolate"], "coverage", x["coverage"])
PY
ok $? "cluster slope within 20% of one process; two of three isolates grow; a worker is explained"
done_testing
