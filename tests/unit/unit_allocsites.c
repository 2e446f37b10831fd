/* unit_allocsites.c — allocation sites from two sampling profiles: growth
 * per site over the requests between them, the app's frame as the site,
 * dependency and node frames marked, display paths relative to the cwd,
 * malformed profiles rejected. */
#include <string.h>

#include "allocsites.h"
#include "tap.h"

static json_t *profile(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    if (!j) printf("# bad test JSON: %s\n", e.text);
    return j;
}

int main(void)
{
    /* S2: createSession holds 100 KB, a dependency 50 KB; S3: 300 KB and 50 KB */
    json_t *s2 = profile(
        "[[100000, [[\"\", \"node:internal/fs\", 10, 1],"
        "           [\"createSession\", \"/srv/app/lib/sessions.js\", 31, 24],"
        "           [\"handle\", \"/srv/app/node_modules/express/lib/router/layer.js\", 95, 5]]],"
        " [50000, [[\"parse\", \"file:///srv/app/node_modules/qs/lib/parse.js\", 200, 3]]]]");
    json_t *s3 = profile(
        "[[300000, [[\"\", \"node:internal/fs\", 10, 1],"
        "           [\"createSession\", \"/srv/app/lib/sessions.js\", 31, 24],"
        "           [\"handle\", \"/srv/app/node_modules/express/lib/router/layer.js\", 95, 5]]],"
        " [50000, [[\"parse\", \"file:///srv/app/node_modules/qs/lib/parse.js\", 200, 3]]],"
        " [20000, [[\"Buffer\", \"\", 0, 0]]]]");
    alloc_sites out;
    char err[256] = "";
    int r = allocsites_from_profiles(s2, s3, 1000, "/srv/app", &out, err, sizeof err);
    is_int(r, 0, "two well-formed profiles");
    is_int((long long)out.nsites, 2, "two sites grow (the qs one stays flat)");
    char at[256];
    is_str(allocsites_describe(&out.sites[0].at, at, sizeof at), "createSession (lib/sessions.js:31)",
           "the top site is the app's frame, not node's innermost one");
    is_near(out.sites[0].bytes_per_request, 200, 1e-9, "200 B/request kept");
    is_int(out.sites[0].at.kind, FRAME_APP, "marked as the app's");
    is_int((long long)out.sites[0].nstack, 3, "with its stack");
    is_int(out.sites[0].stack[0].kind, FRAME_NODE, "node:internal frame marked node");
    is_str(out.sites[0].stack[2].file, "node_modules/express/lib/router/layer.js",
           "dependency shown from node_modules on");
    is_int(out.sites[0].stack[2].kind, FRAME_DEPENDENCY, "and marked as a dependency");
    is_str(out.sites[1].at.file, "(native)", "a frame without a script is native");
    is_near(out.total_per_request, 220, 1e-9, "total growth 220 B/request");
    char st[512];
    is_str(allocsites_stack_text(&out.sites[0], 2, " <- ", st, sizeof st),
           "(anonymous) (node:internal/fs:10:1) <- createSession (lib/sessions.js:31:24)",
           "the stack as text, innermost first, cut at 2 frames");
    allocsites_free(&out);

    /* relative paths from a cwd that is not a parent */
    json_t *a = profile("[[0, [[\"track\", \"/w/examples/x/server.js\", 47, 3]]]]");
    json_t *b = profile("[[64000, [[\"track\", \"/w/examples/x/server.js\", 47, 3]]]]");
    r = allocsites_from_profiles(a, b, 1000, "/w/scenarios", &out, err, sizeof err);
    ok(r == 0 && out.nsites == 1 && !strcmp(out.sites[0].at.file, "../examples/x/server.js"),
       "a file beside the cwd is shown as ../examples/x/server.js");
    allocsites_free(&out);

    /* a site that does not grow is not a site */
    r = allocsites_from_profiles(b, b, 1000, "/w", &out, err, sizeof err);
    ok(r == 0 && out.nsites == 0, "no growth, no site");
    allocsites_free(&out);

    json_t *bad = profile("[[100, [[\"f\", 7, 1, 1]]]]");
    r = allocsites_from_profiles(bad, bad, 1000, "/w", &out, err, sizeof err);
    ok(r < 0 && strstr(err, "malformed"), "a frame with a number for its url: '%s'", err);
    r = allocsites_from_profiles(a, b, 0, "/w", &out, err, sizeof err);
    ok(r < 0, "zero requests between the profiles is an error");
    json_t *notarr = profile("{\"x\": 1}");
    r = allocsites_from_profiles(notarr, b, 10, "/w", &out, err, sizeof err);
    ok(r < 0 && out.nsites == 0 && out.sites == NULL, "a profile that is not an array: '%s'", err);
    json_decref(s2), json_decref(s3), json_decref(a), json_decref(b), json_decref(bad);
    json_decref(notarr);
    return tap_done();
}
