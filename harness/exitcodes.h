/* exitcodes.h — what each command's exit status means, as printed by --help.
 *
 * One table per command, written once here and printed by `leakcheck
 * --help` and each subcommand's --help. README.md and harness/leakcheck.1
 * carry the same rows, word for word; tests/exit-codes-documented-alike.t
 * compares all of them. The numbers themselves are defined where they are
 * decided: run.h (EXIT_*) and bisect.h (BISECT_EXIT_*). */
#ifndef LEAKCHECK_EXITCODES_H
#define LEAKCHECK_EXITCODES_H

#include <stdio.h>

typedef struct {
    const char *code;    /* "0", "125", "128+N" */
    const char *meaning; /* one line, no markup */
} exit_code_row;

/* NULL-terminated tables (a row with code NULL ends each). */
extern const exit_code_row exitcodes_run[];
extern const exit_code_row exitcodes_bisect[];
extern const exit_code_row exitcodes_analyze[]; /* analyze and diff */

/* "exit status (TITLE):" and one "  CODE   meaning" line per row. */
void exitcodes_print(FILE *out, const char *title, const exit_code_row *rows);

#endif
