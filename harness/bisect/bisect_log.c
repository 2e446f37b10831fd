/* bisect_log.c — why a build or a run failed, in one line, from its log.
 *
 * The end of a failure's log is mostly boilerplate: "Node.js v20.20.2",
 * npm's `Run "npm help ci" for more info`, the last frame of a stack. The
 * line that says what went wrong comes first: `Error: Cannot find module
 * 'x'`, `npm error The npm ci command can only install with an existing
 * package-lock.json`, `fatal: ...`. So the log is read from the top and the
 * first line of the best kind wins (see rank()); no such line: no reason,
 * and the caller says the exit status instead.
 *
 * Logs come from the repository under test: the line is copied with control
 * characters replaced by '?' (output escapes it again), cut at 200 bytes. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_int.h"

#define REASON_MAX_LINES 20000 /* a build log past this is not read further */
#define REASON_MAX_BYTES 200

static int starts(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* npm's and yarn's lines that carry no reason: "npm error code EUSAGE",
 * "npm error" alone, the pointer to its debug log, the help hint. */
static int npm_boilerplate(const char *rest)
{
    static const char *const noise[] = {
        "code ",          "errno ",         "syscall ", "path ", "A complete log", "Run \"npm help",
        "Log files were", "command failed", "signal ",  "cwd ",  "workspace ",     "location "};
    while (*rest == ' ')
        rest++;
    if (!*rest) return 1;
    for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++)
        if (starts(rest, noise[i])) return 1;
    return 0;
}

/* 1: the module that is missing; 2: a thrown error ("Error:", "TypeError:",
 * ...); 3: a tool's error line (npm error, npm ERR!, error, fatal:,
 * leakcheck:); 0: not a reason, and never bisect's own lines in a build log
 * (the command it runs, which may well contain "Error:"). */
static int rank(const char *line)
{
    if (starts(line, "leakcheck bisect: ")) return 0;
    if (strstr(line, "Cannot find module") || strstr(line, "Cannot find package")) return 1;
    const char *e = strstr(line, "Error:");
    if (e && (e == line || isalnum((unsigned char)e[-1]) || e[-1] == ' ')) return 2;
    if (starts(line, "npm error")) return npm_boilerplate(line + 9) ? 0 : 3;
    if (starts(line, "npm ERR!")) return npm_boilerplate(line + 8) ? 0 : 3;
    if (starts(line, "error ") || starts(line, "error:") || starts(line, "fatal:")) return 3;
    if (starts(line, "leakcheck:") || starts(line, "ERR_PNPM")) return 3;
    return 0;
}

static void copy_line(const char *line, char *buf, size_t len)
{
    size_t n = 0;
    for (const char *s = line; *s && n + 1 < len && n < REASON_MAX_BYTES; s++) {
        unsigned char ch = (unsigned char)*s;
        buf[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
    }
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = 0;
}

int blog_reason(const char *path, char *buf, size_t len)
{
    if (!len) return 0;
    buf[0] = 0;
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char *line = NULL;
    size_t cap = 0;
    int best = 0;
    for (int n = 0; n < REASON_MAX_LINES && getline(&line, &cap, f) >= 0; n++) {
        line[strcspn(line, "\r\n")] = 0;
        const char *s = line;
        while (*s == ' ' || *s == '\t')
            s++;
        int r = rank(s);
        if (r && (!best || r < best)) best = r, copy_line(s, buf, len);
        if (best == 1) break;
    }
    free(line);
    fclose(f);
    return best != 0;
}
