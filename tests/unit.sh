# tests/unit.sh — sourced by the .t wrappers of C unit tests: runs one unit
# binary from the build tree (make unit builds them; LEAKCHECK_BUILD selects
# the tree, e.g. build-asan).
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LEAKCHECK_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
run_unit() {
    if [ ! -x "$BUILD/tests/$1" ]; then
        echo "1..0 # SKIP $BUILD/tests/$1 not built (run make unit)"
        exit 0
    fi
    cd "$TOP" && exec "$BUILD/tests/$1"
}
