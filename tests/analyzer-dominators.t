#!/bin/sh
# Runs the C unit test analyzer_dominators; it prints TAP itself.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LEAKCHECK_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
[ -x "$BUILD/tests/analyzer_dominators" ] || { echo "1..0 # SKIP $BUILD/tests/analyzer_dominators not built (make unit)"; exit 0; }
exec "$BUILD/tests/analyzer_dominators"
