#!/bin/sh
# hostile-scenario-errors.t — malformed scenario files are usage errors, never
# crashes: exit 2, one `file:line: message` naming what is wrong (messages of
# harness/config.c), nothing started, nothing unescaped on the terminal.
# Covers binary garbage, NUL bytes, very long lines and keys, a 10 MB file,
# unterminated and malformed sections, duplicate endpoints, bad units, unknown
# keys in every section, empty and unparsable commands, hostile bytes, CRLF
# and BOM, and body_file / scenario paths that are not regular files.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"
LC_ALL=C; export LC_ALL # messages may hold raw bytes: match them byte-wise

ESC=$(printf '\033')
HDR='[target]\ncommand = node app.js\n'
EP='[endpoint "root"]\npath = /\n'
printf 'require("http").createServer((q, r) => r.end()).listen(process.env.PORT)\n' >"$TMP/app.js"

# bad NAME WANT-ERE: runs $TMP/NAME.ini; exit 2, stderr matches
# "leakcheck: <path>/NAME.ini<WANT-ERE>", no target started, no raw ESC.
bad() {
    rm -rf "$TMP/run"
    "$LEAKCHECK" run --output-dir "$TMP/run" "$TMP/$1.ini" >"$TMP/out" 2>"$TMP/err"
    st=$?
    is "$st" 2 "$1: exit status 2"
    like "$TMP/err" "^leakcheck: .*/$1\.ini$2" "$1: stderr says $(echo "$2" | cut -c1-70)"
    [ ! -e "$TMP/run/target.log" ] && ! grep -q "$ESC" "$TMP/err"
    ok $? "$1: nothing started, no raw ESC on stderr"
}
mk() { # mk NAME PRINTF-FORMAT
    _f=$1; shift
    # shellcheck disable=SC2059
    printf "$@" >"$TMP/$_f.ini"
}

# -- binary, NUL, random --
mk garbage '\211PNG\r\n\032\n\000\000\000\rIHDR binary'
bad garbage ': not a text file \(NUL byte\)'
mk nul "$HDR"'env = A=\000b\n'"$EP"
bad nul ': not a text file \(NUL byte\)'
python3 -c 'import random, sys; r = random.Random(7)
sys.stdout.buffer.write(bytes(r.choice(range(1, 256)) for _ in range(4000)))' >"$TMP/random.ini"
bad random ':[0-9]+: '
mk empty ''
bad empty ": missing required key 'command' in \[target\]"

# -- long lines, big files --
python3 - "$TMP" <<'PY'
import sys
t = sys.argv[1]
hdr = '[target]\ncommand = node app.js\n'
# line 5 is a 2 MiB body; line 7 a misspelled key
open(t + '/longline.ini', 'w').write(hdr + '[endpoint "root"]\npath = /\nbody = ' + 'x' * (2 << 20) +
                                     '\n[load]\nconcurrancy = 4\n')
open(t + '/longkey.ini', 'w').write(hdr + 'k' * 100000 + ' = 1\n[endpoint "root"]\npath = /\n')
open(t + '/longvalue.ini', 'w').write(hdr + '[load]\nconcurrency = ' + '9' * 500000 +
                                      '\n[endpoint "root"]\npath = /\n')
# 10 MB: 110000 comment lines, then an unknown key at line 110005
open(t + '/tenmb.ini', 'w').write(hdr + ''.join('; comment %d %s\n' % (i, 'c' * 80) for i in range(110000)) +
                                  '[endpoint "root"]\npath = /\nwat = 1\n')
PY
bad longline ":(5: .*(too long|limit|bytes)|7: unknown key 'concurrancy')"
bad longkey ":3: unknown key 'k+"
[ "$(wc -c <"$TMP/err")" -lt 4096 ]; ok $? "longkey: the message is bounded ($(wc -c <"$TMP/err") bytes)"
bad longvalue ":4: bad value '9+.*' for 'concurrency'"
[ "$(wc -c <"$TMP/err")" -lt 4096 ]; ok $? "longvalue: the message is bounded"
t0=$(date +%s)
bad tenmb ":110005: unknown key 'wat' in \[endpoint\]"
[ $(( $(date +%s) - t0 )) -le 5 ]; ok $? "tenmb: rejected within 5 s"

# -- sections --
mk unterminated "$HDR"'[load\nconcurrency = 4\n'"$EP"
bad unterminated ':3: (syntax error|unterminated)'
mk dupe "$HDR$EP"'\n'"$EP"
bad dupe ':6: duplicate endpoint "root" \(first defined at line 3\)'
mk dupews "$HDR$EP"'[endpoint  "root"]\npath = /x\n'
bad dupews ':5: duplicate endpoint "root" \(first defined at line 3\)'
mk emptyname "$HDR"'[endpoint ""]\npath = /\n'
bad emptyname ':3: endpoint name is empty'
mk longsection "$HDR"'[endpoint "%s"]\npath = /\n' "$(printf 'a%.0s' $(seq 60))"
bad longsection ':3: section name \[endpoint "a+\.\.\.\] is 71 bytes; the limit is 48'
mk unknownsection "$HDR"'[targte]\n'"$EP"
bad unknownsection ":3: unknown section \[targte\] \(did you mean \[target\]\?\)"
mk emptysection "$HDR"'[]\n'"$EP"
bad emptysection ':3: unknown section \[\]'
mk outside 'command = x\n'"$HDR$EP"
bad outside ":1: key 'command' outside any section \(start with \[target\]\)"
mk syntax "$HDR"'just some words\n'"$EP"
bad syntax ":3: syntax error: expected '\[section\]', 'key = value' or a comment"
mk noendpoint "$HDR"
bad noendpoint ': no endpoints: add a section like \[endpoint "list users"\]'
mk nopath "$HDR"'[endpoint "x"]\nmethod = GET\n'
bad nopath ":3: endpoint \"x\" has no 'path'"

# -- unknown keys, one per section --
mk k_target '[target]\ncommand = node app.js\ncomand = x\n'"$EP"
bad k_target ":3: unknown key 'comand' in \[target\] \(did you mean 'command'\?\)"
mk k_load "$HDR"'[load]\nstepz = 3\n'"$EP"
bad k_load ":4: unknown key 'stepz' in \[load\] \(did you mean 'step'\?\)"
mk k_budget "$HDR"'[budget]\nheap_size = 3B\n'"$EP"
bad k_budget ":4: unknown key 'heap_size' in \[budget\] \(valid keys: heap, rss, resources"
mk k_snapshots "$HDR"'[snapshots]\nmodes = always\n'"$EP"
bad k_snapshots ":4: unknown key 'modes' in \[snapshots\] \(did you mean 'mode'\?\)"
mk k_bisect "$HDR"'[bisect]\nbuild_cmd = make\n'"$EP"
bad k_bisect ":4: unknown key 'build_cmd' in \[bisect\] \(valid keys: build, repeats, build_timeout, files, install, cache_size\)"
mk k_endpoint "$HDR"'[endpoint "root"]\npath = /\nheaders = X: y\n'
bad k_endpoint ":5: unknown key 'headers' in \[endpoint\] \(did you mean 'header'\?\)"
mk k_empty "$HDR"'= 3\n'"$EP"
bad k_empty ":3: unknown key '' in \[target\]"

# -- bad values and units --
mk u_duration "$HDR"'[load]\ntimeout = 5 parsecs\n'"$EP"
bad u_duration ":4: bad value '5 parsecs' for 'timeout': expected a duration with a unit"
mk u_size "$HDR"'[budget]\nheap = 12 KB B\n'"$EP"
bad u_size ":4: bad value '12 KB B' for 'heap': expected a size with a unit"
mk u_negsize "$HDR"'[budget]\nheap = -5B\n'"$EP"
bad u_negsize ":4: bad value '-5B' for 'heap'"
mk u_huge "$HDR"'[load]\nwarmup = 1e400\n'"$EP"
bad u_huge ":4: bad value '1e400' for 'warmup': expected a whole number"
mk u_negcount "$HDR"'[load]\nconcurrency = -3\n'"$EP"
bad u_negcount ":4: bad value '-3' for 'concurrency': .* from 1 to 1024"
mk u_nan "$HDR"'[load]\nrate = nan\n'"$EP"
bad u_nan ":4: bad value 'nan' for 'rate': expected a number"
mk u_ratio "$HDR"'[load]\nmax_error_rate = 150%%\n'"$EP"
bad u_ratio ":4: bad value '150%' for 'max_error_rate'"
mk u_port '[target]\ncommand = node app.js\nport = 70000\n'"$EP"
bad u_port ":3: bad value '70000' for 'port'"
mk u_steps "$HDR"'[load]\nsteps = 2\n'"$EP"
bad u_steps ":4: bad value '2' for 'steps': .* from 4 to 10000"
mk u_mode "$HDR"'[snapshots]\nmode = sometimes\n'"$EP"
bad u_mode ":4: bad value 'sometimes' for 'mode': expected never, on-failure or always"
mk u_bool "$HDR"'[load]\nkeepalive = maybe\n'"$EP"
bad u_bool ":4: bad value 'maybe' for 'keepalive': expected true or false"
mk u_override "$HDR"'[endpoint "x"]\npath = /\nbudget.rss = lots\n'
bad u_override ":5: bad value 'lots' for 'rss'"
mk u_inline "$HDR"'[load]\nwarmup = 3;not a comment\n'"$EP"
bad u_inline ":4: bad value '3;not a comment' for 'warmup'"
mk e_expect "$HDR"'[endpoint "x"]\npath = /\nexpect = 7xx\n'
bad e_expect ":5: bad expect '7xx'"
mk e_method "$HDR"'[endpoint "x"]\npath = /\nmethod = get\n'
bad e_method ":5: bad method 'get'"
mk e_path "$HDR"'[endpoint "x"]\npath = noslash\n'
bad e_path ":4: bad path 'noslash': must start with '/'"
mk e_header "$HDR"'[endpoint "x"]\npath = /\nheader = NoColon\n'
bad e_header ":5: bad header 'NoColon': expected 'Name: value'"
mk e_template "$HDR"'[endpoint "x"]\npath = /{{seq%%0}}\n'
bad e_template ":4: bad path: unknown template '\{\{seq%0\}\}'"
mk e_env '[target]\ncommand = node app.js\nenv = NOEQ\n'"$EP"
bad e_env ":3: bad env 'NOEQ': expected NAME=VALUE"
mk e_cwd '[target]\ncommand = node app.js\ncwd = /nonexistent/dir\n'"$EP"
bad e_cwd ": target cwd '/nonexistent/dir': No such file or directory"

# -- the command --
mk c_empty '[target]\ncommand =\n'"$EP"
bad c_empty ": missing required key 'command' in \[target\]"
mk c_blank '[target]\ncommand = "  "\n'"$EP"
bad c_blank ':2: .*(command is empty|empty command)'
mk c_quote '[target]\ncommand = node "app.js\n'"$EP"
bad c_quote ':2: .*unterminated " quote in command'

# -- hostile bytes, line endings --
mk h_key "$HDR"'[load]\n\377\376\033[31m = 3\n'"$EP"
bad h_key ":4: unknown key '.*' in \[load\]"
mk h_value "$HDR"'[load]\ntimeout = \033[2J\033[31mred\n'"$EP"
bad h_value ":4: bad value '.*red' for 'timeout'"
printf '[target]\r\ncommand = node app.js\r\n[load]\r\nconcurency = 3\r\n[endpoint "root"]\r\npath = /\r\n' >"$TMP/crlf.ini"
bad crlf ":4: unknown key 'concurency' in \[load\] \(did you mean 'concurrency'\?\)"
printf '\357\273\277[target]\ncommand = node app.js\n[loa]\n[endpoint "root"]\npath = /\n' >"$TMP/bom.ini"
bad bom ":3: unknown section \[loa\] \(did you mean \[load\]\?\)"

# -- files that are not regular files --
# (a command that exits at once: should the scenario be accepted, the run ends quickly)
mk f_bodydir '[target]\ncommand = node -e "process.exit(3)"\n[endpoint "x"]\npath = /\nbody_file = /\n'
bad f_bodydir ":5: body_file '/': .*(directory|regular)"
if ! grep -q AddressSanitizer "$LEAKCHECK" 2>/dev/null; then
    # reading /dev/zero "to the end" must not be how it is rejected (bounded here by ulimit)
    mk f_devzero "$HDR"'[endpoint "x"]\npath = /\nbody_file = /dev/zero\n'
    ( ulimit -v 1000000; bad f_devzero ":5: body_file '/dev/zero': " ) >"$TMP/sub"
    cat "$TMP/sub"; _n=$((_n + 3)); _failed=$((_failed + $(grep -c '^not ok' "$TMP/sub")))
    unlike "$TMP/err" "Cannot allocate memory|out of memory" "f_devzero: rejected without reading it to exhaustion"
fi
rm -rf "$TMP/run"
"$LEAKCHECK" run --output-dir "$TMP/run" / >"$TMP/out" 2>"$TMP/err"
is "$?" 2 "a directory as the scenario: exit 2"
like "$TMP/err" "^leakcheck: /: cannot read: Is a directory" "... says it is a directory"
done_testing
