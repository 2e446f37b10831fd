/* capture.c — parse a capture, take its value from a response; see capture.h. */
#include "capture.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char capture_forms[] =
    "expected 'capture = NAME json $.path', 'capture = NAME header Header-Name' or "
    "'capture = NAME regex PATTERN'";

int capture_parse(capture_spec *c, const char *value, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    const char *p = value;
    size_t n = 0;
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    if (!n || isdigit((unsigned char)p[0]) || n > 64 || !isspace((unsigned char)p[n]))
        return snprintf(err, errlen, "bad capture '%.60s': %s (NAME: letters, digits, _)", value,
                        capture_forms),
               -1;
    c->var = strndup(p, n);
    p += n;
    while (isspace((unsigned char)*p))
        p++;
    size_t k = strcspn(p, " \t");
    const char *e = p + k;
    while (isspace((unsigned char)*e))
        e++;
    if (k == 4 && !strncmp(p, "json", 4))
        c->kind = CAPTURE_JSON;
    else if (k == 6 && !strncmp(p, "header", 6))
        c->kind = CAPTURE_HEADER;
    else if (k == 5 && !strncmp(p, "regex", 5))
        c->kind = CAPTURE_REGEX;
    else {
        snprintf(err, errlen, "bad capture '%.60s': unknown kind '%.*s': %s", value,
                 (int)(k > 20 ? 20 : k), p, capture_forms);
        return capture_free(c), -1;
    }
    if (!*e) {
        snprintf(err, errlen, "bad capture '%.60s': nothing after '%.*s': %s", value, (int)k, p,
                 capture_forms);
        return capture_free(c), -1;
    }
    c->expr = strdup(e);
    if (c->kind == CAPTURE_JSON && c->expr[0] != '$') {
        snprintf(err, errlen, "bad capture '%.60s': a JSON path starts with $ ($.token, "
                              "$.data.items[0].id)", value);
        return capture_free(c), -1;
    }
    if (c->kind == CAPTURE_REGEX) {
        int rc = regcomp(&c->re, c->expr, REG_EXTENDED);
        if (rc) {
            char why[128];
            regerror(rc, &c->re, why, sizeof why);
            snprintf(err, errlen, "bad capture '%.60s': bad regular expression: %s", value, why);
            free(c->var), free(c->expr);
            memset(c, 0, sizeof *c);
            return -1;
        }
    }
    return 0;
}

void capture_free(capture_spec *c)
{
    if (c->kind == CAPTURE_REGEX && c->expr) regfree(&c->re);
    free(c->var), free(c->expr);
    memset(c, 0, sizeof *c);
}

/* One step of a JSON path: `.key`, `["key"]` or `[N]`. Moves *pp past it.
 * Returns the child, or NULL with err. */
static json_t *json_step(json_t *at, const char **pp, char *err, size_t errlen)
{
    const char *p = *pp;
    char key[256];
    if (*p == '.') {
        size_t n = strcspn(p + 1, ".[");
        if (!n || n >= sizeof key) return snprintf(err, errlen, "empty or long key"), NULL;
        memcpy(key, p + 1, n), key[n] = 0;
        *pp = p + 1 + n;
    } else if (*p == '[' && p[1] == '"') {
        const char *close = strstr(p + 2, "\"]");
        size_t n = close ? (size_t)(close - p - 2) : 0;
        if (!close || n >= sizeof key) return snprintf(err, errlen, "unclosed [\"key\"]"), NULL;
        memcpy(key, p + 2, n), key[n] = 0;
        *pp = close + 2;
    } else if (*p == '[') {
        char *end;
        long i = strtol(p + 1, &end, 10);
        if (end == p + 1 || *end != ']' || i < 0)
            return snprintf(err, errlen, "bad index at '%.20s'", p), NULL;
        *pp = end + 1;
        if (!json_is_array(at))
            return snprintf(err, errlen, "[%ld]: not an array there", i), NULL;
        json_t *v = json_array_get(at, (size_t)i);
        if (!v)
            return snprintf(err, errlen, "[%ld]: the array has %zu items", i,
                            json_array_size(at)),
                   NULL;
        return v;
    } else {
        return snprintf(err, errlen, "expected .key, [\"key\"] or [N] at '%.20s'", p), NULL;
    }
    if (!json_is_object(at)) return snprintf(err, errlen, "'%s': not an object there", key), NULL;
    json_t *v = json_object_get(at, key);
    if (!v) return snprintf(err, errlen, "no key '%s' in the object", key), NULL;
    return v;
}

static char *from_json(const capture_spec *c, const capture_response *r, char *err,
                       size_t errlen)
{
    json_error_t jerr;
    json_t *root = json_loadb(r->body ? r->body : "", r->body_len, JSON_DECODE_ANY, &jerr);
    if (!root) return snprintf(err, errlen, "the body is not JSON (%s)", jerr.text), NULL;
    const char *p = c->expr + 1;
    json_t *at = root;
    char why[300];
    while (at && *p)
        at = json_step(at, &p, why, sizeof why);
    char *out = NULL;
    if (!at)
        snprintf(err, errlen, "%s: %s", c->expr, why);
    else if (json_is_string(at))
        out = strdup(json_string_value(at));
    else if (json_is_null(at))
        snprintf(err, errlen, "%s is null", c->expr);
    else
        out = json_dumps(at, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(root);
    return out;
}

static char *from_regex(const capture_spec *c, const capture_response *r, char *err,
                        size_t errlen)
{
    /* regexec wants a C string: the body up to its first NUL */
    char *body = strndup(r->body ? r->body : "", r->body_len);
    regmatch_t m[2];
    char *out = NULL;
    if (!body) return snprintf(err, errlen, "out of memory"), NULL;
    if (regexec(&c->re, body, 2, m, 0) != 0)
        snprintf(err, errlen, "the pattern %s does not match the body", c->expr);
    else {
        int g = c->re.re_nsub > 0 && m[1].rm_so >= 0 ? 1 : 0;
        out = strndup(body + m[g].rm_so, (size_t)(m[g].rm_eo - m[g].rm_so));
    }
    free(body);
    return out;
}

char *capture_apply(const capture_spec *c, const capture_response *r, char *err, size_t errlen)
{
    switch (c->kind) {
    case CAPTURE_JSON:
        return from_json(c, r, err, errlen);
    case CAPTURE_REGEX:
        return from_regex(c, r, err, errlen);
    case CAPTURE_HEADER: {
        const char *v = r->header ? r->header(r->header_ctx, c->expr) : NULL;
        if (!v) return snprintf(err, errlen, "no header %s in the response", c->expr), NULL;
        return strdup(v);
    }
    }
    return NULL;
}
