#!/bin/sh
# run-environment-errors-exit-2.t — a run dir that cannot be made or written
# (-o under a regular file, a working directory where leakcheck-runs/ cannot
# be created, a read-only file system) or a full disk is the environment's
# error: exit 2 with a message naming the path, before the target starts
# (125 would tell git bisect to skip a commit that is not at fault). A
# target that cannot start stays 125. Every case fails for root too.
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || skip_all "node not installed"
test_mark

printf 'require("http").createServer((q, s) => s.end("ok")).listen(process.env.PORT, "127.0.0.1");\n' \
    >"$TMP/server.js"
printf '[target]\ncommand = node server.js\n[endpoint "root"]\npath = /\n' >"$TMP/s.ini"

run_env() { # run_env DIR ARGS...: leakcheck run in DIR; $status, $TMP/out, $TMP/err
    _dir=$1; shift
    (cd "$_dir" && "$LEAKCHECK" run -q "$@" "$TMP/s.ini") >"$TMP/out" 2>"$TMP/err"
    status=$?
}

run_env "$TMP" -o /dev/null/run
is "$status" 2 "-o under a character device: exit 2"
like "$TMP/err" "cannot create run dir /dev/null/run: Not a directory" "the message names the path"

: >"$TMP/file"
run_env "$TMP" -o "$TMP/file/run"
is "$status" 2 "-o under a regular file: exit 2"
like "$TMP/err" "cannot create run dir $TMP/file/run: Not a directory" "the message names the path"

mkdir "$TMP/cwd" && : >"$TMP/cwd/leakcheck-runs"
run_env "$TMP/cwd"
is "$status" 2 "no -o, leakcheck-runs/ cannot be made in the working directory: exit 2"
like "$TMP/err" "cannot create run dir leakcheck-runs/s-[0-9-]+: Not a directory" \
    "the message names the path in the working directory"
wait_no_marked 0; ok $? "the target was never started"

# a read-only file system and a full one, in a private mount namespace
if unshare -m true 2>/dev/null; then
    mkdir -p "$TMP/ro" "$TMP/small"
    unshare -m sh -c '
        mount -t tmpfs -o ro,size=1m tmpfs "$1/ro" && mount -t tmpfs -o size=512k tmpfs "$1/small" || exit 99
        cd "$1" && "$2" run -q -o "$1/ro/run" "$1/s.ini" >"$1/out-ro" 2>"$1/err-ro"; echo $? >"$1/status-ro"
        "$2" run -q -o "$1/small/run" "$1/s.ini" >"$1/out-full" 2>"$1/err-full"; echo $? >"$1/status-full"
        cd "$1/ro" && "$2" run -q "$1/s.ini" >"$1/out-rocwd" 2>"$1/err-rocwd"; echo $? >"$1/status-rocwd"
    ' sh "$TMP" "$LEAKCHECK"
    if [ -f "$TMP/status-ro" ]; then
        is "$(cat "$TMP/status-ro")" 2 "-o on a read-only file system: exit 2"
        like "$TMP/err-ro" "cannot create run dir $TMP/ro/run: Read-only file system" "the message names the path"
        is "$(cat "$TMP/status-rocwd")" 2 "a read-only working directory: exit 2"
        like "$TMP/err-rocwd" "cannot create run dir leakcheck-runs/.*: Read-only file system" \
            "the message says read-only"
        is "$(cat "$TMP/status-full")" 2 "a run dir on a full disk (512 KiB): exit 2"
        like "$TMP/err-full" "the disk of run dir $TMP/small/run is full: .* free, a run needs at least 1.00 MiB" \
            "the message names the path and the space"
    else
        echo "# no tmpfs mount in a mount namespace here: read-only and full-disk cases not run"
    fi
else
    echo "# unshare -m not permitted: read-only and full-disk cases not run"
fi

# the target's own failure to start is still 125
printf '[target]\ncommand = node no-such-file.js\nready_timeout = 5s\n[endpoint "root"]\npath = /\n' \
    >"$TMP/s.ini"
run_env "$TMP" -o "$TMP/run"
is "$status" 125 "a target that cannot start: exit 125"
done_testing
