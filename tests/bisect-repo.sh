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
