#!/bin/sh
. "$(dirname "$0")/unit.sh"
run_unit unit_target_command
