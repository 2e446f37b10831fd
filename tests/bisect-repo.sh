# tests/bisect-repo.sh — sourced by tests/bisect-*.t after lib.sh: builds a
# throwaway git repository of a small node:http service over ten commits.
#
#   C1   clean service + leak.ini ([bisect] build fails when BROKEN exists)
#   C2-5 harmless changes
#   C6   the leak: every request pushed onto a module-level array
#   C7   adds BROKEN: the build fails, bisect must skip it
#   C8   removes BROKEN; a terminal escape in its subject (output must escape it)
#   C9   harmless
#   C10  harmless
#
# make_bisect_repo DIR sets C1..C10 to the commits' hashes.

export LEAKCHECK_AGENT="${LEAKCHECK_AGENT:-$TOP/harness/agent/leakcheck-agent.js}"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.com
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.com

LEAK_SUBJECT='Keep every request in a module-level log'

_bisect_app() { # _bisect_app GREETING LEAKY
    cat <<JS
'use strict';
const http = require('node:http');
let count = 0;
$([ "$2" = 1 ] && echo 'const seen = []; // every request, forever')
const server = http.createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  count++;
$([ "$2" = 1 ] && echo '  seen.push({ url: req.url, at: Date.now(), id: `request-${count}-${req.url}` });')
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify({ greeting: '$1', item: req.url.slice(6), count }));
});
server.listen(Number(process.env.PORT), '127.0.0.1');
JS
}

_bisect_commit() { # _bisect_commit N SUBJECT
    git add -A && git commit -q -m "$2" && eval "C$1=\$(git rev-parse HEAD)"
}

make_bisect_repo() {
    mkdir -p "$1" && cd "$1" || return 1
    git init -q -b main . || return 1
    cat >leak.ini <<'INI'
; leak.ini — the scenario bisect holds constant across commits
[target]
command = node app.js
ready_path = /health

[load]
concurrency = 8
warmup = 1000
step = 2000
steps = 4

[budget]
heap = 64B

[snapshots]
mode = never

[bisect]
build = test ! -f BROKEN

[endpoint "GET /item"]
path = /item/{{seq}}
INI
    _bisect_app hello 0 >app.js
    _bisect_commit 1 'Initial service'
    echo '# items service' >README.md
    _bisect_commit 2 'Add a README'
    _bisect_app hi 0 >app.js
    _bisect_commit 3 'Shorter greeting'
    echo 'node_modules/' >.gitignore
    _bisect_commit 4 'Ignore node_modules'
    echo 'Run: node app.js' >>README.md
    _bisect_commit 5 'Document how to run'
    _bisect_app hi 1 >app.js
    _bisect_commit 6 "$LEAK_SUBJECT"
    echo 'half-done refactor' >BROKEN
    _bisect_commit 7 'Start a refactor (does not build)'
    rm BROKEN
    _bisect_commit 8 "$(printf 'Finish the \033[31mrefactor\033[0m')"
    echo 'MIT' >LICENSE
    _bisect_commit 9 'Add a licence'
    echo 'License: MIT' >>README.md
    _bisect_commit 10 'Mention the licence'
    cd - >/dev/null
}

# make_library_repo DIR: a library (no app, no lockfile) over 24 commits,
# L0..L23 set to their hashes; the app that exercises it is not in the
# history (make_library_app). LIB_DEV_DEPS='"mocha": "10.8.2", ...' gives
# every commit devDependencies from the registry (make bench; tests use none).
#
#   L0     tinyfmt: index.js exports render(); package.json, no dependencies
#   L6     adds a dependency: vendor/tiny-dep through "file:vendor/tiny-dep"
#   L11    requires ./helpers, which does not exist yet: cannot start
#   L12    adds helpers.js
#   L16    the leak: every render kept in a module-level array
#   L20    a version bump: package.json changes again
#   others harmless (docs, comments)
LIB_LEAK_SUBJECT='Remember rendered items for debugging'

_lib_index() { # _lib_index DEP HELPERS LEAKY
    echo "'use strict';"
    [ "$1" = 1 ] && echo "const pad = require('tiny-dep');"
    [ "$2" = 1 ] && echo "const { clean } = require('./helpers');"
    [ "$3" = 1 ] && echo "const rendered = []; // for debugging"
    cat <<'JS'
exports.render = function render(path, greeting) {
  const item = { id: path.slice(6), greeting, at: Date.now() };
JS
    [ "$1" = 1 ] && echo "  item.id = pad(item.id);"
    [ "$2" = 1 ] && echo "  item.id = clean(item.id);"
    [ "$3" = 1 ] && echo "  rendered.push({ item, key: \`item-\${item.id}-\${Math.random()}\` });"
    echo "  return JSON.stringify(item);"
    echo "};"
}

_lib_package() { # _lib_package VERSION DEP; $LIB_DEV_DEPS: devDependencies (JSON members)
    printf '{\n  "name": "tinyfmt",\n  "version": "%s",\n  "main": "index.js"' "$1"
    [ "$2" = 1 ] && printf ',\n  "dependencies": { "tiny-dep": "file:vendor/tiny-dep" }'
    [ -n "${LIB_DEV_DEPS:-}" ] && printf ',\n  "devDependencies": { %s }' "$LIB_DEV_DEPS"
    printf '\n}\n'
}

_lib_commit() { # _lib_commit N SUBJECT
    git add -A && git commit -q -m "$2" && eval "L$1=\$(git rev-parse HEAD)"
}

make_library_repo() {
    mkdir -p "$1" && cd "$1" || return 1
    git init -q -b main . || return 1
    dep=0 helpers=0 leaky=0 version=1.0.0
    for i in $(seq 0 23); do
        subject="Tidy up, step $i"
        case $i in
        0) subject='Initial library' ;;
        1) echo '# tinyfmt' >README.md; subject='Add a README' ;;
        3) echo 'node_modules/' >.gitignore; subject='Ignore node_modules' ;;
        6) dep=1; mkdir -p vendor/tiny-dep
           echo '{ "name": "tiny-dep", "version": "1.0.0", "main": "index.js" }' >vendor/tiny-dep/package.json
           echo "module.exports = (s) => String(s).padStart(6, '0');" >vendor/tiny-dep/index.js
           subject='Pad ids with tiny-dep' ;;
        11) helpers=1; subject='Clean ids with helpers (helpers.js forgotten)' ;;
        12) echo "exports.clean = (s) => s.replace(/[^0-9a-z]/gi, '');" >helpers.js
            subject='Add the forgotten helpers.js' ;;
        16) leaky=1; subject=$LIB_LEAK_SUBJECT ;;
        20) version=1.1.0; subject='Release 1.1.0' ;;
        *) echo "Step $i." >>README.md ;;
        esac
        _lib_package "$version" "$dep" >package.json
        _lib_index "$dep" "$helpers" "$leaky" >index.js
        _lib_commit "$i" "$subject"
    done
    cd - >/dev/null
}

# make_library_app DIR: the scenario, an app.js that serves the library
# (require('./'): the scenario is outside the repository, so it and its
# [bisect] files go to the top of each worktree) and a fixture it reads.
make_library_app() {
    mkdir -p "$1/fixtures"
    echo 'hello from the fixture' >"$1/fixtures/greeting.txt"
    cat >"$1/app.js" <<'JS'
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const lib = require('./');
const greeting = fs.readFileSync(`${__dirname}/fixtures/greeting.txt`, 'utf8').trim();
http.createServer((req, res) => {
  if (req.url === '/health') return res.end('ok');
  res.setHeader('Content-Type', 'application/json');
  res.end(lib.render(req.url, greeting));
}).listen(Number(process.env.PORT), '127.0.0.1');
JS
    cat >"$1/scenario.ini" <<'INI'
; scenario.ini — kept outside the library's repository, with the app
[target]
command = node app.js
ready_path = /health

[load]
concurrency = 8
warmup = 1000
step = 2000
steps = 4

[budget]
heap = 64B

[snapshots]
mode = never

[bisect]
files = app.js fixtures/

[endpoint "GET /item"]
path = /item/{{seq}}
INI
}
