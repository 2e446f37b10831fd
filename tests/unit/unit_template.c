/* unit_template.c — {{seq}}, {{seq%N}}, {{uuid}}, {{rand}}, captured {{name}}s and errors. */
#include "tap.h"
#include "template.h"

#include <regex.h>
#include <string.h>

static int lookup(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    if (len == 5 && !strncmp(name, "token", 5)) return 0;
    if (len == 2 && !strncmp(name, "id", 2)) return 1;
    return -1;
}

static int matches(const char *s, const char *re)
{
    regex_t r;
    regcomp(&r, re, REG_EXTENDED | REG_NOSUB);
    int m = regexec(&r, s, 0, NULL, 0) == 0;
    regfree(&r);
    return m;
}

int main(void)
{
    template_t t;
    template_buf b = {0};
    uint64_t rng = 42;
    char err[256];
    ok(template_compile(&t, "/users/{{seq}}?t={{seq%50}}", err, sizeof err) == 0, "compiles");
    ok(!t.is_constant, "has placeholders");
    template_render(&t, 123, &rng, &b);
    is_str(b.data, "/users/123?t=23", "seq and seq%50");
    template_render(&t, 50, &rng, &b);
    is_str(b.data, "/users/50?t=0", "seq%50 wraps");
    template_free(&t);

    ok(template_compile(&t, "{\"id\": \"{{uuid}}\"}", err, sizeof err) == 0, "uuid compiles");
    template_render(&t, 1, &rng, &b);
    ok(matches(b.data, "^\\{\"id\": \"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                       "[0-9a-f]{12}\"\\}$"),
       "uuid is a v4 uuid: %s", b.data);
    char first[64];
    snprintf(first, sizeof first, "%s", b.data);
    template_render(&t, 2, &rng, &b);
    ok(strcmp(first, b.data) != 0, "uuids differ per request");
    template_free(&t);

    ok(template_compile(&t, "r={{rand}}", err, sizeof err) == 0, "rand compiles");
    template_render(&t, 1, &rng, &b);
    ok(matches(b.data, "^r=[0-9]+$"), "rand is a number: %s", b.data);
    template_free(&t);

    ok(template_compile(&t, "/static/{no}/{{", err, sizeof err) == 0, "lone braces are literal");
    template_render(&t, 1, &rng, &b);
    is_str(b.data, "/static/{no}/{{", "rendered literally");
    ok(t.is_constant, "constant");
    template_free(&t);

    ok(template_compile(&t, "/x/{{se-q}}", err, sizeof err) < 0, "a placeholder that is no name fails");
    ok(strstr(err, "{{se-q}}") != NULL, "error names it: %s", err);

    /* a name is a variable: bound by name, rendered from the values */
    ok(template_compile(&t, "/items/{{id}}?t={{token}}&s={{seq}}", err, sizeof err) == 0,
       "variables compile");
    ok(template_has_vars(&t), "and are seen");
    char bad[32];
    ok(template_bind_vars(&t, lookup, NULL, bad, sizeof bad) == 0, "bound");
    char *values[2] = {"T0K", "42"};
    template_vars vars = {values, 2};
    template_render_vars(&t, 7, &rng, &vars, &b);
    is_str(b.data, "/items/42?t=T0K&s=7", "rendered with their values");
    values[1] = NULL;
    template_render_vars(&t, 7, &rng, &vars, &b);
    is_str(b.data, "/items/?t=T0K&s=7", "a value not captured renders as nothing");
    template_free(&t);
    ok(template_compile(&t, "/u/{{user}}", err, sizeof err) == 0, "another name compiles");
    ok(template_bind_vars(&t, lookup, NULL, bad, sizeof bad) < 0 && !strcmp(bad, "user"),
       "an unknown name is not bound and is named: %s", bad);
    ok(!template_has_vars(&(template_t){0}), "an empty template has none");
    template_free(&t);
    ok(template_compile(&t, "/x/{{seq%0}}", err, sizeof err) < 0, "seq%%0 fails");
    ok(template_compile(&t, "/x/{{seq%abc}}", err, sizeof err) < 0, "seq%%abc fails");
    template_buf_free(&b);
    return tap_done();
}
