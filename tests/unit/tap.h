/* tap.h — the smallest TAP producer our C unit tests need.
 *
 * Header-only on purpose: every unit test is one .c file that includes this,
 * calls the macros, and ends with `return tap_done();`. Output is TAP 13 as
 * Debian's prove 3.44 reads it. */
#ifndef LEAKCHECK_TAP_H
#define LEAKCHECK_TAP_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   Failed at %s line %d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, name)                                                                    \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        if (!ok(g_ == w_, "%s", name)) printf("#   got %lld, want %lld\n", g_, w_);                \
    } while (0)

#define is_str(got, want, name)                                                                    \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (!ok(g_ && w_ && strcmp(g_, w_) == 0, "%s", name))                                     \
            printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");          \
    } while (0)

#define is_near(got, want, tol, name)                                                              \
    do {                                                                                           \
        double g_ = (got), w_ = (want);                                                            \
        if (!ok(fabs(g_ - w_) <= (tol), "%s", name)) printf("#   got %.9g, want %.9g\n", g_, w_); \
    } while (0)

static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
