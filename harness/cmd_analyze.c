/* cmd_analyze.c — placeholder until the snapshot analyzer lands. */
#include "cmd_analyze.h"

#include <stdio.h>

int cmd_analyze(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "leakcheck analyze: not built yet\n");
    return 2;
}

int cmd_diff(int argc, char **argv)
{
    (void)argc, (void)argv;
    fprintf(stderr, "leakcheck diff: not built yet\n");
    return 2;
}
