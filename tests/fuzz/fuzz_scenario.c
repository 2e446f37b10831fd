/* fuzz_scenario.c — libFuzzer target: config_load on the input as a scenario
 * file, then config_free. The input is written to scenario.ini in a private
 * directory, so relative paths in it (cwd, body_file) resolve there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

static char dir[256], file[300];

static void cleanup(void)
{
    unlink(file);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/fuzz-scenario.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(dir)) abort();
        atexit(cleanup);
        snprintf(file, sizeof file, "%s/scenario.ini", dir);
    }
    FILE *f = fopen(file, "wb");
    if (!f || fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    config cfg;
    char err[1024] = "";
    if (config_load(&cfg, NULL, file, err, sizeof err) < 0 && !err[0])
        abort(); /* every rejection says why */
    config_free(&cfg);
    return 0;
}
