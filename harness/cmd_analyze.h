/* cmd_analyze.h — `leakcheck analyze` and `leakcheck diff`: the heap snapshot
 * analyzers on files alone. argv[0] is the subcommand name. Return the exit
 * status (0 ok, 2 usage error or unreadable/malformed input). */
#ifndef LEAKCHECK_CMD_ANALYZE_H
#define LEAKCHECK_CMD_ANALYZE_H

int cmd_analyze(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif
