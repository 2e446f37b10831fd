/* main.c — the leakcheck command line: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "bisect.h"
#include "cmd_analyze.h"
#include "exitcodes.h"
#include "run.h"

static void usage(FILE *f)
{
    fputs("usage: leakcheck <command> [options]\n"
          "\n"
          "commands:\n"
          "  run SCENARIO.ini        load each endpoint, measure retained memory per request,\n"
          "                          fail when over budget (TAP on stdout)\n"
          "  analyze FILE            summarize a .heapsnapshot: top classes by retained size\n"
          "  diff S1 S2 [S3]         compare snapshots; with three, leak clusters and paths\n"
          "  bisect --good REV --bad REV SCENARIO.ini\n"
          "                          find the commit that introduced a leak (git worktrees)\n"
          "\n"
          "`leakcheck COMMAND --help` for a command's options and exit status.\n"
          "\n",
          f);
    exitcodes_print(f, "leakcheck run", exitcodes_run);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("leakcheck %s\n", LEAKCHECK_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "run")) return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "analyze")) return cmd_analyze(argc - 1, argv + 1);
    if (!strcmp(cmd, "diff")) return cmd_diff(argc - 1, argv + 1);
    if (!strcmp(cmd, "bisect")) return cmd_bisect(argc - 1, argv + 1);
    fprintf(stderr, "leakcheck: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 2;
}
