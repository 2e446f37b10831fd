#!/bin/sh
# analyzer-valgrind-clean.t — the analyzer unit tests, and `leakcheck analyze`
# / `diff` on real snapshots, run under valgrind memcheck with no errors and
# no definite leaks.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null 2>&1 || skip_all "valgrind not installed"
case "$LEAKCHECK$BUILD" in *asan*) skip_all "sanitizer build: memcheck runs on the plain build" ;; esac
[ -x "$BUILD/tests/analyzer_parse" ] || skip_all "unit tests not built"
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
for t in analyzer_parse analyzer_dominators; do
    (cd "$TOP" && $VG "$BUILD/tests/$t") >"$TMP/$t.out" 2>&1
    is "$?" 0 "$t: no memcheck errors"
done
cd "$TMP" || exit 1
node -e "globalThis.keep = []; for (let i = 0; i < 500; i++) keep.push({ i, s: 's' + i });
const v8 = require('v8'); v8.writeHeapSnapshot('a.heapsnapshot');
for (let i = 0; i < 500; i++) keep.push({ i, s: 't' + i }); v8.writeHeapSnapshot('b.heapsnapshot');
for (let i = 0; i < 500; i++) keep.push({ i, s: 'u' + i }); v8.writeHeapSnapshot('c.heapsnapshot');" ||
    skip_all "node cannot write snapshots"
$VG "$LEAKCHECK" analyze a.heapsnapshot >out 2>vg.err
is "$?" 0 "analyze under memcheck: no errors"
$VG "$LEAKCHECK" diff a.heapsnapshot b.heapsnapshot c.heapsnapshot --requests 500 >out 2>vg.err
is "$?" 0 "diff of three snapshots under memcheck: no errors"
like out "keep \(Array\)" "and the cluster path names the array"
head -c 5000 a.heapsnapshot >cut.heapsnapshot
$VG "$LEAKCHECK" analyze cut.heapsnapshot >out 2>vg.err
is "$?" 2 "a truncated snapshot under memcheck: exit 2, no errors"
done_testing
