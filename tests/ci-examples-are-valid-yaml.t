#!/bin/sh
# ci-examples-are-valid-yaml.t — the CI examples parse, run leakcheck, and
# publish junit.xml and report.html.
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 -c 'import yaml' 2>/dev/null || skip_all "python3-yaml not installed"
for f in "$TOP"/examples/ci/*.yml; do
    /usr/bin/python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' "$f"
    ok $? "$(basename "$f") is valid YAML"
    like "$f" 'leakcheck run' "$(basename "$f") runs leakcheck"
    like "$f" 'junit.xml' "$(basename "$f") publishes junit.xml"
done
like "$TOP/examples/ci/github-actions-matrix.yml" 'matrix:' "the matrix workflow has a matrix"
done_testing
