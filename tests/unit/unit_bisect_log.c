/* unit_bisect_log.c — blog_reason gives the first line of a log that says
 * why a build or a run failed, not its last line: the missing module of a
 * node start, npm's sentence under its code line, a thrown error, git's
 * fatal; nothing for a log of boilerplate. */
#include "bisect/bisect_int.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/leakcheck-bisect-log.XXXXXX";

static const char *reason_of(const char *text)
{
    static char buf[256];
    FILE *f = fopen(path, "w");
    if (f) fputs(text, f), fclose(f);
    strcpy(buf, "junk");
    if (!blog_reason(path, buf, sizeof buf) && buf[0]) return "(0 with text)";
    return buf;
}

int main(void)
{
    int fd = mkstemp(path);
    if (fd < 0) return printf("1..0 # SKIP mkstemp failed\n"), 0;
    close(fd);

    is_str(
        reason_of("node:internal/modules/cjs/loader:1210\n  throw err;\n  ^\n\n"
                  "Error: Cannot find module 'left-pad'\nRequire stack:\n- /w/app.js\n"
                  "    at Module._resolveFilename (node:internal:1207:15)\n\nNode.js v20.20.2\n"),
        "Error: Cannot find module 'left-pad'",
        "node start: the missing module, not 'Node.js v20'");
    is_str(reason_of("npm error code EUSAGE\nnpm error\n"
                     "npm error The `npm ci` command can only install with an existing "
                     "package-lock.json or\n"
                     "npm error npm-shrinkwrap.json with lockfileVersion >= 1.\nnpm error\n"
                     "npm error Run \"npm help ci\" for more info\n"
                     "npm error A complete log of this run can be found in: /r/.npm/_logs/x.log\n"),
           "npm error The `npm ci` command can only install with an existing package-lock.json or",
           "npm ci without a lockfile: npm's sentence, not its code or help lines");
    is_str(reason_of("> lib@1.0.0 build\n> tsc\n\nsrc/a.ts(3,1): oops\n"
                     "/w/node_modules/x.js:4\n    throw new TypeError('bad option: colour');\n"
                     "TypeError: bad option: colour\n    at f (/w/x.js:4:11)\n"),
           "TypeError: bad option: colour", "a thrown TypeError");
    is_str(reason_of("npm ERR! code E404\nnpm ERR! 404 Not Found - GET https://r/nope\n"),
           "npm ERR! 404 Not Found - GET https://r/nope", "older npm's ERR! lines, code skipped");
    is_str(reason_of("Preparing worktree (detached HEAD 1234567)\n"
                     "fatal: '/tmp/wt' already exists\n"),
           "fatal: '/tmp/wt' already exists", "git's fatal line");
    is_str(reason_of("npm error code 1\nnpm error Error: build step exploded\n"
                     "npm error Cannot find module 'tsc'\n"),
           "npm error Cannot find module 'tsc'", "a missing module outranks an earlier Error:");
    is_str(reason_of("\tError: tab\x1b[31m red\n"), "Error: tab?[31m red",
           "leading blanks cut, control characters replaced");
    is_str(reason_of("\n\nNode.js v20.20.2\n"), "", "only boilerplate: no reason");
    is_str(reason_of("done\nMirrorError: not a thrown error? still an error line\n"),
           "MirrorError: not a thrown error? still an error line", "any *Error: line counts");
    is_str(reason_of("leakcheck bisect: build in /w: echo 'Error: no toolchain' >&2; exit 3\n"
                     "error: no toolchain\n"),
           "error: no toolchain", "bisect's own line (the command it runs) is never the reason");
    char big[400];
    memset(big, 'x', sizeof big - 1), big[sizeof big - 1] = 0;
    memcpy(big, "Error: ", 7);
    is_int(strlen(reason_of(big)), 200, "a long line is cut at 200 bytes");
    unlink(path);
    char buf[16] = "junk";
    is_int(blog_reason(path, buf, sizeof buf), 0, "a missing log: 0");
    is_str(buf, "", "a missing log: an empty reason");
    return tap_done();
}
