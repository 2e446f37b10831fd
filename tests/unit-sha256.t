#!/bin/sh
. "$(dirname "$0")/unit.sh"
run_unit unit_sha256
