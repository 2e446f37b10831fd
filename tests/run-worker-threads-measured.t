#!/bin/sh
# run-worker-threads-measured.t — a piscina worker pool whose tasks keep
# ~1 KB each in the worker threads' heaps: the agent in every worker thread
# answers, the heap signal is the sum, the leak fails and the threads are
# named, and the explanation (snapshots, allocation sites) comes from a
# worker thread; the same pool without the leak passes. With piscina's default
# useAtomics the workers cannot answer: the run says so, and RSS fails it.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
[ -d "$TOP/examples/worker-pool/node_modules/piscina" ] || skip_all "examples/worker-pool: npm ci not run (make deps)"
same_paths_under_asan

run_scenario "$TOP/scenarios/worker-pool-leaky.ini"
is "$status" 1 "the leaking pool fails"
like "$TMP/out" '^  reason: "heap grows [0-9.]+ B/request' "on the heap signal"
like "$TMP/out" '^    - isolate: "pid [0-9]+ thread [0-9]+ \(worker\.js\)"$' "TAP names the worker threads"
python3 - "$TMP/run/report.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))["endpoints"][0]
slope = e["signals"]["heap"]["slope_per_request"]
iso = e["isolates"]
threads = [i for i in iso if i["thread"]]
print("# heap", round(slope, 1), "B/request;", [(i["thread"], round(i["heap_bytes_per_request"], 1)) for i in iso])
assert 700 <= slope <= 2500, slope
assert len(threads) == 2 and all(t["heap_bytes_per_request"] > 200 for t in threads), iso
main = [i for i in iso if not i["thread"]][0]
assert main["heap_bytes_per_request"] < 0.2 * slope, main
assert e["explain"]["isolate"]["thread"] > 0, e["explain"]
PY
ok $? "the two worker threads grow, the main thread does not; a thread is explained"
# the signal reaches the main thread only: the thread writes its own snapshots
is "$(ls "$TMP/run/snapshots/"*.heapsnapshot 2>/dev/null | wc -l)" 3 "three snapshots of the worker thread"
unlike "$TMP/out" '^  snapshot_error:' "no snapshot error"
like "$TMP/out" '^      path: ".*task\.js.* recent \(Array\) .*\{id, rows\}"$' \
    "the retained reports and the module-level list that holds them, in the thread's heap"
like "$TMP/out" '^    - at: "\(anonymous\) \(\.\./examples/worker-pool/task\.js:7\)"$' \
    "allocated in the task, from the thread's sampling profiler"
unlike "$TMP/out" 'allocation_sites_error' "the profiler answered every request"
rm -rf "$TMP/run"

run_scenario "$TOP/scenarios/worker-pool-fixed.ini"
is "$status" 0 "the same pool without the leak passes"
rm -rf "$TMP/run"

run_scenario "$TOP/scenarios/worker-pool-atomics.ini"
is "$status" 1 "with useAtomics the leak still fails"
like "$TMP/out" '^  reason: "rss grows' "through RSS"
like "$TMP/out" '^  isolates_warning: "2 worker threads never answered a sample: a pool that blocks in Atomics\.wait' \
    "and says the threads' heaps could not be sampled"
unlike "$TMP/out" 'reason: "rss grows.*allocated in' "no main-thread allocation site for a growth it does not explain"
run_artifacts_ok
done_testing
