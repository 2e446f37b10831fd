/* unit_capture.c — captures parsed and applied: JSON paths, headers, regular
 * expressions, and the words said when they find nothing. */
#include "capture.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

static const char *headers(void *ctx, const char *name)
{
    (void)ctx;
    return !strcasecmp(name, "X-Csrf-Token") ? "c5rf" : NULL;
}

/* The value a capture takes from body, or the error text. */
static char *take(const char *spec, const char *body)
{
    static char out[512];
    capture_spec c;
    char err[300];
    if (capture_parse(&c, spec, err, sizeof err) < 0) return snprintf(out, sizeof out, "parse: %s", err), out;
    capture_response r = {body, strlen(body), headers, NULL};
    char *v = capture_apply(&c, &r, err, sizeof err);
    snprintf(out, sizeof out, "%s", v ? v : err);
    free(v);
    capture_free(&c);
    return out;
}

int main(void)
{
    const char *login = "{\"token\":\"abc.def\",\"user\":{\"id\":42,\"roles\":[\"a\",\"b\"]},\"n\":null}";
    is_str(take("token json $.token", login), "abc.def", "a string as it is");
    is_str(take("id json $.user.id", login), "42", "a number as its text");
    is_str(take("r json $.user.roles[1]", login), "b", "an array index");
    is_str(take("r json $[\"user\"][\"roles\"]", login), "[\"a\",\"b\"]", "bracket keys; an array as JSON");
    is_str(take("x json $.user.name", login), "$.user.name: no key 'name' in the object", "a missing key named");
    is_str(take("x json $.user.roles[5]", login), "$.user.roles[5]: [5]: the array has 2 items", "an index past the end");
    is_str(take("x json $.token.id", login), "$.token.id: 'id': not an object there", "a step into a string");
    is_str(take("x json $.n", login), "$.n is null", "null is not a value");
    is_str(take("x json $.token", "<html>502</html>"), "the body is not JSON (invalid token near '<')",
           "a body that is not JSON");
    is_str(take("csrf header X-Csrf-Token", ""), "c5rf", "a header");
    is_str(take("s header Set-Cookie", ""), "no header Set-Cookie in the response", "a missing header named");
    is_str(take("id regex \"id\":\"([^\"]+)\"", "{\"id\":\"it-7\"}"), "it-7", "a regex's first group");
    is_str(take("w regex [0-9]+", "order 1234 placed"), "1234", "a regex without a group: the match");
    is_str(take("w regex ^nope", "order"), "the pattern ^nope does not match the body", "no match named");
    is_str(take("tok jsn $.t", ""),
           "parse: bad capture 'tok jsn $.t': unknown kind 'jsn': expected 'capture = NAME json $.path', "
           "'capture = NAME header Header-Name' or 'capture = NAME regex PATTERN'",
           "an unknown kind, with the forms");
    is_str(take("tok json token", ""), "parse: bad capture 'tok json token': a JSON path starts with $ ($.token, $.data.items[0].id)",
           "a path without $");
    ok(!strncmp(take("9x json $.t", ""), "parse: bad capture '9x json $.t'", 31), "a name may not start with a digit");
    ok(!strncmp(take("t regex (", ""), "parse: bad capture 't regex (': bad regular expression", 54), "a bad regex");
    is_str(take("t json", ""), "parse: bad capture 't json': nothing after 'json': expected 'capture = NAME json $.path', "
                               "'capture = NAME header Header-Name' or 'capture = NAME regex PATTERN'",
           "a kind without its expression");
    return tap_done();
}
