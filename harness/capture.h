/* capture.h — values taken from a response into a variable: the token a
 * login returns, a session id in a header, the id of a created item.
 *
 *   capture = NAME json $.data.token     a JSON path into the body
 *   capture = NAME header X-Csrf-Token   a response header (the last one)
 *   capture = NAME regex "id":"([^"]+)"  a POSIX extended regular expression
 *                                        over the body: its first group, or
 *                                        the whole match when it has none
 *
 * A JSON path is `$` followed by `.key`, `["key"]` or `[index]` steps; a
 * string is captured as it is, any other JSON value as its compact text.
 * The value is used as `{{NAME}}` in a path, header or body (template.h).
 * Captured values are secrets (tokens, session ids): reports give their
 * names and sizes, never the values.
 *
 * Pure: no libcurl here (headers come through a lookup callback), so the
 * parser and the extraction are unit-tested and fuzzable. */
#ifndef LEAKCHECK_CAPTURE_H
#define LEAKCHECK_CAPTURE_H

#include <regex.h>
#include <stddef.h>

typedef enum { CAPTURE_JSON, CAPTURE_HEADER, CAPTURE_REGEX } capture_kind;

typedef struct {
    char *var; /* NAME */
    int index; /* the variable's index (config.c numbers them) */
    capture_kind kind;
    char *expr; /* the path, header name or pattern, as written */
    regex_t re; /* CAPTURE_REGEX */
    int line;   /* where it was written */
} capture_spec;

/* Parses "NAME KIND EXPR". 0, or -1 with a message that says what is wrong
 * and shows the right form. */
int capture_parse(capture_spec *c, const char *value, char *err, size_t errlen);
void capture_free(capture_spec *c);

/* The response a capture reads: the body (may be cut at a cap) and a header
 * lookup (the value of the last header of that name, or NULL). */
typedef struct {
    const char *body;
    size_t body_len;
    const char *(*header)(void *ctx, const char *name);
    void *header_ctx;
} capture_response;

/* The captured value (malloc'd, NUL-terminated) or NULL with err saying what
 * was not found, in words a user can act on ("$.token: no key 'token' in the
 * object", "no header X-Csrf-Token", "the pattern does not match"). */
char *capture_apply(const capture_spec *c, const capture_response *r, char *err, size_t errlen);

#endif
