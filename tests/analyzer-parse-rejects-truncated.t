#!/bin/sh
# Runs the C unit test analyzer_parse (truncated cases); it prints TAP itself.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${LEAKCHECK_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
[ -x "$BUILD/tests/analyzer_parse" ] || { echo "1..0 # SKIP $BUILD/tests/analyzer_parse not built (make unit)"; exit 0; }
exec "$BUILD/tests/analyzer_parse" truncated
