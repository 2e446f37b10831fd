/* exitcodes.c — the exit status tables of --help; see exitcodes.h. */
#include "exitcodes.h"

const exit_code_row exitcodes_run[] = {
    {"0", "every endpoint within budget"},
    {"1", "over budget, failed requests, or the target crashed or hung under load"},
    {"2", "usage, config or environment error (run dir unwritable, disk full)"},
    {"125", "target not started, or its [setup] failed (git bisect run skips the commit)"},
    {"128+N", "interrupted by signal N (teardown done, partial report written)"},
    {0, 0}};

const exit_code_row exitcodes_bisect[] = {
    {"0", "the first bad commit was found"},
    {"1", "nothing to bisect: BAD good, GOOD bad, either one unmeasurable, or only skips left"},
    {"2", "usage, config, repository or environment error"},
    {"128+N", "interrupted by signal N (worktrees removed)"},
    {0, 0}};

const exit_code_row exitcodes_analyze[] = {
    {"0", "the snapshots were read and summarized"},
    {"2", "usage error, or a snapshot unreadable, truncated or malformed"},
    {0, 0}};

void exitcodes_print(FILE *out, const char *title, const exit_code_row *rows)
{
    fprintf(out, "exit status (%s):\n", title);
    for (const exit_code_row *r = rows; r->code; r++)
        fprintf(out, "  %-6s %s\n", r->code, r->meaning);
}
