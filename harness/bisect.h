/* bisect.h — `leakcheck bisect`: find the commit that introduced a leak.
 *
 * The subsystem lives in harness/bisect/ (its internal header is
 * harness/bisect/bisect_int.h); this is all main.c needs of it. */
#ifndef LEAKCHECK_BISECT_H
#define LEAKCHECK_BISECT_H

/* Parses argv (argv[0] = "bisect"), runs the search, prints the report;
 * returns the exit status (BISECT_EXIT_* in bisect_int.h, or 128+N). */
int cmd_bisect(int argc, char **argv);

#endif
