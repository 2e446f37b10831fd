/* units.c — the `10s` / `4KiB` / `1%` vocabulary of scenario files. */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *suffix;
    double factor;
} unit_factor;

/* Splits "12.5KiB" into 12.5 and "KiB"; rejects empty numbers, NaN, inf, and
 * anything but spaces between number and unit. */
static int split_number(const char *s, double *num, const char **unit)
{
    char *end;
    while (isspace((unsigned char)*s)) s++;
    if (!*s || (!isdigit((unsigned char)*s) && *s != '.' && *s != '-' && *s != '+')) return -1;
    errno = 0;
    *num = strtod(s, &end);
    if (end == s || errno || !isfinite(*num)) return -1;
    while (isspace((unsigned char)*end)) end++;
    *unit = end;
    return 0;
}

static int trailing_blank(const char *s, size_t from)
{
    for (s += from; *s; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

static int apply_unit(const char *s, const unit_factor *units, int case_fold, double *out)
{
    double num;
    const char *unit;
    if (split_number(s, &num, &unit) < 0) return -1;
    size_t ulen = strcspn(unit, " \t");
    if (!trailing_blank(unit, ulen)) return -1;
    for (const unit_factor *u = units; u->suffix; u++) {
        int same = case_fold ? strncasecmp(unit, u->suffix, ulen) == 0
                             : strncmp(unit, u->suffix, ulen) == 0;
        if (strlen(u->suffix) == ulen && same) {
            *out = num * u->factor;
            return 0;
        }
    }
    return -1;
}

int units_parse_duration_ms(const char *s, int64_t *out_ms)
{
    static const unit_factor units[] = {{"ms", 1}, {"s", 1000},      {"m", 60000},
                                        {"h", 3600000}, {NULL, 0}};
    double ms;
    if (apply_unit(s, units, 0, &ms) < 0) {
        double num;
        const char *unit;
        /* a bare 0 needs no unit; any other bare number is ambiguous */
        if (split_number(s, &num, &unit) < 0 || num != 0 || !trailing_blank(unit, 0)) return -1;
        ms = 0;
    }
    if (ms < 0 || ms > 1e12) return -1;
    *out_ms = (int64_t)llround(ms);
    return 0;
}

int units_parse_bytes(const char *s, double *out_bytes)
{
    static const unit_factor units[] = {
        {"B", 1},          {"KB", 1e3},         {"kB", 1e3}, {"KiB", 1024},
        {"MB", 1e6},       {"MiB", 1048576.0},  {"GB", 1e9}, {"GiB", 1073741824.0},
        {NULL, 0}};
    double b;
    if (apply_unit(s, units, 0, &b) < 0) {
        double num;
        const char *unit;
        if (split_number(s, &num, &unit) < 0 || num != 0 || !trailing_blank(unit, 0)) return -1;
        b = 0;
    }
    if (b < 0) return -1;
    *out_bytes = b;
    return 0;
}

int units_parse_count(const char *s, int64_t *out)
{
    static const unit_factor units[] = {{"", 1}, {"k", 1e3}, {"K", 1e3}, {"M", 1e6}, {NULL, 0}};
    double n;
    if (apply_unit(s, units, 0, &n) < 0) return -1;
    if (n < 0 || n > 9e15 || n != floor(n)) return -1;
    *out = (int64_t)n;
    return 0;
}

int units_parse_ratio(const char *s, double *out)
{
    static const unit_factor units[] = {{"", 1}, {"%", 0.01}, {NULL, 0}};
    double r;
    if (apply_unit(s, units, 0, &r) < 0 || r < 0 || r > 1) return -1;
    *out = r;
    return 0;
}

int units_parse_bool(const char *s, int *out)
{
    static const char *yes[] = {"true", "yes", "on", "1", NULL};
    static const char *no[] = {"false", "no", "off", "0", NULL};
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0) return *out = 1, 0;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0) return *out = 0, 0;
    return -1;
}

const char *units_format_bytes(double bytes, char *buf, size_t len)
{
    static const char *names[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = fabs(bytes);
    int i = 0;
    while (v >= 1024 && i < 4) v /= 1024, i++;
    if (i == 0) snprintf(buf, len, "%s%.1f B", bytes < 0 ? "-" : "", v);
    else snprintf(buf, len, "%s%.2f %s", bytes < 0 ? "-" : "", v, names[i]);
    return buf;
}
