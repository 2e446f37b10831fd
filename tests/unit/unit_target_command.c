/* unit_target_command.c — target_split_command: which command lines run
 * directly (node flags into argv) and which need /bin/sh -c. */
#include "tap.h"
#include "target.h"

static void check(const char *cmd, int want_shell, const char *want_argv0)
{
    int shell = -1;
    char err[128] = "";
    char **argv = target_split_command(cmd, 4321, &shell, err, sizeof err);
    ok(argv != NULL, "'%s' splits", cmd);
    if (!ok(shell == want_shell, "'%s': %s", cmd, want_shell ? "shell" : "direct"))
        printf("#   needs_shell = %d\n", shell);
    if (argv && want_argv0) is_str(argv[0], want_argv0, "  argv[0]");
    target_argv_free(argv);
}

int main(void)
{
    check("node app.js", 0, "node");
    check("node app.js --port=$PORT", 0, "node");
    check("node \"my app.js\"", 0, "node");
    check("npm start", 0, "npm");
    check("node --title=a=b app.js", 0, "node");
    /* the shell's variable assignments: a literal name and '=' first */
    check("LEAK=1 node app.js", 1, NULL);
    check("  NODE_ENV=production DEBUG=x node app.js", 1, NULL);
    check("_X1=1 node app.js", 1, NULL);
    check("\"LEAK=1\" node app.js", 0, "LEAK=1");
    check("1X=1 node app.js", 0, "1X=1");
    /* other shell syntax */
    check("node app.js | tee log", 1, NULL);
    check("npm ci && node app.js", 1, NULL);
    check("node app.js > out.log 2>&1", 1, NULL);
    check("node $APP_MAIN", 1, NULL);
    check("node src/*.js", 1, NULL);
    check("node app.js # the server", 1, NULL);

    int shell;
    char err[128];
    char **argv = target_split_command("node 'x", 0, &shell, err, sizeof err);
    ok(argv == NULL && strstr(err, "unterminated"), "an open quote is an error: %s", err);
    return tap_done();
}
