#!/bin/sh
# tests/fuzz/build.sh MODE [BUILD] — builds the fuzz targets.
#
#   MODE fuzz:   libFuzzer binaries BUILD/fuzz_{snapshot,scenario,agent}
#                (objects with -fsanitize=fuzzer-no-link,address,undefined)
#   MODE replay: the same targets without libFuzzer, each linked with
#                replay_main.c (reads the files named on its command line):
#                BUILD/replay_{snapshot,scenario,agent}
#
# Every .c of harness/ and analyzers/ except harness/main.c is linked in, as
# for the unit tests. Incremental: an object is rebuilt when its source or any
# header is newer. Needs clang; exits 3 when clang is missing.
set -e
MODE=${1:?usage: build.sh fuzz|replay [BUILD]}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${2:-${BUILD:-/tmp/leakcheck-fuzz}}
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null 2>&1 || { echo "build.sh: $CC not found" >&2; exit 3; }
case $MODE in
fuzz)   SAN="-fsanitize=fuzzer-no-link,address,undefined"; LINK_SAN="-fsanitize=fuzzer,address,undefined"; PFX=fuzz ;;
replay) SAN="-fsanitize=address,undefined"; LINK_SAN=$SAN; PFX=replay ;;
*) echo "build.sh: MODE is fuzz or replay" >&2; exit 2 ;;
esac
OBJ=$BUILD/obj-$MODE
mkdir -p "$OBJ"
PKGS="libcurl jansson inih"
# the flags go in a response file: they hold quotes and pass through xargs/sh
RSP=$OBJ/cflags.rsp
echo "-O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=undefined $SAN -std=gnu11 \
 -D_GNU_SOURCE -DLEAKCHECK_VERSION=\\\"fuzz\\\" -I$TOP/harness -I$TOP/analyzers \
 $(pkg-config --cflags $PKGS)" >"$RSP"
CFLAGS=@$RSP
LIBS="$(pkg-config --libs $PKGS) -lev -lm"

cd "$TOP"
newest_h=$(ls -t harness/*.h harness/*/*.h analyzers/*.h | head -1)
jobs=$(nproc 2>/dev/null || echo 2)
todo=
objs=
for src in harness/*.c harness/*/*.c analyzers/*.c; do
    [ "$src" = harness/main.c ] && continue
    o=$OBJ/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')
    objs="$objs $o"
    if [ ! -e "$o" ] || [ "$src" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then todo="$todo $src"; fi
done
if [ -n "$todo" ]; then
    # shellcheck disable=SC2086
    printf '%s\n' $todo | xargs -P "$jobs" -I{} sh -c \
        'o='"$OBJ"'/$(echo {} | tr / _ | sed "s/\.c\$/.o/"); '"$CC $CFLAGS"' -c -o "$o" {}'
fi
# the objects of today's sources only: one of a file since moved or removed
# (harness/bisect.c went to harness/bisect/) would be linked twice
for t in snapshot scenario agent; do
    bin=$BUILD/${PFX}_$t
    extra=
    [ "$MODE" = replay ] && extra=tests/fuzz/replay_main.c
    need=0
    [ -e "$bin" ] || need=1
    for f in tests/fuzz/fuzz_$t.c $extra $objs; do [ "$f" -nt "$bin" ] && need=1; done
    # shellcheck disable=SC2086
    [ $need = 0 ] || $CC $CFLAGS $LINK_SAN -o "$bin" tests/fuzz/fuzz_$t.c $extra $objs $LIBS
done
