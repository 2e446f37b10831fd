/* analyzer_parse.c — the snapshot loader accepts V8's format and rejects
 * everything else with an "offset N: ..." error, never a crash.
 * Argument: "valid", "truncated" or "malformed" runs one group; none: all. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer_graph.h"
#include "heapsnapshot.h"
#include "tap.h"

static int load_text(const char *text, size_t len, enum hs_mode mode, hs_snapshot *s, char *err,
                     size_t errlen)
{
    const char *file = write_temp(text, len);
    if (!file) return snprintf(err, errlen, "cannot write temp file"), -1;
    int rc = hs_load(file, mode, s, err, errlen);
    unlink(file);
    return rc;
}

static void valid(void)
{
    hs_snapshot s;
    char err[300];
    ok(load_text(tiny_graph, sizeof tiny_graph - 1, HS_LOAD_FULL, &s, err, sizeof err) == 0,
       "hand-made snapshot loads");
    is_int(s.node_count, 11, "node count");
    is_int(s.edge_count, 14, "edge count");
    is_int(s.str_count, 23, "string count");
    is_int(s.max_js_id, 101, "largest odd id");
    is_int(s.edge_to[2], 3, "to_node is stored as an ordinal");
    is_int(s.first_edge[2], 7, "first edge offsets are prefix sums of edge_count");
    hs_free(&s);
    ok(load_text(tiny_graph, sizeof tiny_graph - 1, HS_LOAD_IDS, &s, err, sizeof err) == 0 &&
           s.node_count == 11 && s.max_js_id == 101 && !s.first_edge,
       "ids-only mode reads nodes and skips the rest");
    hs_free(&s);

    /* Reordered meta fields, an extra field, escapes, surrogates. */
    static const char odd[] =
        "{\"snapshot\":{\"meta\":{\"node_fields\":[\"id\",\"extra\",\"name\",\"type\","
        "\"edge_count\",\"self_size\",\"detachedness\"],\"node_types\":[\"number\",\"number\","
        "\"string\",[\"synthetic\",\"object\"],\"number\",\"number\",\"number\"],"
        "\"edge_fields\":[\"to_node\",\"type\",\"name_or_index\"],\"edge_types\":[\"node\","
        "[\"element\",\"property\",\"weak\"],\"string_or_number\"]},\"node_count\":2,"
        "\"edge_count\":1,\"extra_native_bytes\":5},"
        "\"nodes\":[1,0,0,0,1,0,0, 3,9,1,1,0,4294967296,2],\"edges\":[7,1,1],"
        "\"unknown_section\":{\"x\":[1,{\"y\":\"]\"}]},"
        "\"strings\":[\"\\\"q\\\\\\/\\b\\f\\n\\r\\t\",\"\\u00e9\\ud83d\\ude00\\ud800x\"]}";
    ok(load_text(odd, sizeof odd - 1, HS_LOAD_FULL, &s, err, sizeof err) == 0,
       "fields resolved by name, extra fields and unknown sections tolerated");
    if (s.node_count == 2) {
        is_int(s.node_id[1], 3, "id read from its named position");
        is_int(hs_self_size(&s, 1), 4294967296ull, "self size above 2^32 kept exactly");
        is_int(s.node_detached[1], 2, "detachedness read");
        is_int(s.edge_to[0], 1, "edge target resolved");
        is_str(hs_str(&s, 0), "\"q\\/\b\f\n\r\t", "JSON escapes decoded");
        is_str(hs_str(&s, 1), "\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdx",
               "\\u escapes, surrogate pair, lone surrogate as U+FFFD");
        is_int(s.extra_native_bytes, 5, "extra_native_bytes read");
    } else {
        printf("# %s\n", err);
    }
    hs_free(&s);
}

/* Every proper prefix of a valid snapshot must be rejected with an offset. */
static void truncated(void)
{
    size_t len = sizeof tiny_graph - 1, bad = 0;
    char err[300];
    hs_snapshot s;
    /* the text ends in "}\n": dropping only the newline is still valid */
    for (size_t cut = 0; cut < len - 1; cut++) {
        int rc = load_text(tiny_graph, cut, HS_LOAD_FULL, &s, err, sizeof err);
        if (rc == 0 || strncmp(err, "offset ", 7) != 0) {
            if (bad++ < 5) printf("# cut at %zu: rc %d, '%s'\n", cut, rc, err);
        }
        hs_free(&s);
    }
    ok(bad == 0, "all %zu truncations rejected with an offset", len - 1);
    ok(load_text(tiny_graph, 0, HS_LOAD_FULL, &s, err, sizeof err) < 0 && strstr(err, "empty file"),
       "empty file: %s", err);
    const char *mid_num = strstr(tiny_graph, "1000,0,0");
    ok(load_text(tiny_graph, (size_t)(mid_num - tiny_graph) + 2, HS_LOAD_FULL, &s, err,
                 sizeof err) < 0 &&
           strstr(err, "end of file in \"nodes\""),
       "cut mid-number: %s", err);
    const char *mid_str = strstr(tiny_graph, "WeakMapTable");
    ok(load_text(tiny_graph, (size_t)(mid_str - tiny_graph) + 4, HS_LOAD_FULL, &s, err,
                 sizeof err) < 0 &&
           strstr(err, "in \"strings\""),
       "cut mid-string: %s", err);
}

/* Replaces the first occurrence of from with to in the tiny graph. */
static int try_edit(const char *from, const char *to, const char *want, const char *what)
{
    char text[8192], err[300];
    hs_snapshot s;
    const char *at = strstr(tiny_graph, from);
    if (!at) return ok(0, "%s: pattern missing", what);
    size_t pre = (size_t)(at - tiny_graph);
    snprintf(text, sizeof text, "%.*s%s%s", (int)pre, tiny_graph, to, at + strlen(from));
    int rc = load_text(text, strlen(text), HS_LOAD_FULL, &s, err, sizeof err);
    hs_free(&s);
    return ok(rc < 0 && strncmp(err, "offset ", 7) == 0 && strstr(err, want), "%s: %s", what,
              rc < 0 ? err : "accepted");
}

static void malformed(void)
{
    hs_snapshot s;
    char err[300];
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[9,x,1", "expected an unsigned integer",
             "garbage number");
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[9,-1,1", "expected an unsigned integer",
             "negative number");
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[9,1;1", "expected ',' or ']'", "bad separator");
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[9,1,99999999999999999999999", "out of range",
             "number with too many digits");
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[9,1,4294967297", "out of range", "id above 2^32");
    try_edit("\"nodes\":[9,1,1", "\"nodes\":[99,1,1", "type 99 out of range", "node type");
    try_edit("3,22,60]", "3,22,61]", "not a node index", "to_node not a multiple");
    try_edit("3,22,60]", "3,22,66]", "not a node index", "to_node past the end");
    try_edit("3,22,60]", "3,22,60,1]", "ends inside a record", "partial edge record");
    try_edit("[5,2,6,", "[5,2,6,2,9,18,", "sum to", "edge count mismatch");
    try_edit("\"node_fields\":[\"type\",", "\"node_fields\":[", "lack", "meta without type");
    try_edit("\"meta\"", "\"mota\"", "no \"meta\"", "missing meta");
    try_edit("\"strings\"", "\"strangs\"", "missing \"strings\"", "missing strings");
    try_edit("\"edges\"", "\"edgez\"", "missing \"edges\"", "missing edges");
    try_edit("\"<dummy>\"", "\"\\x\"", "bad escape", "bad escape");
    try_edit("\"<dummy>\"", "\"\\u12G4\"", "bad escape", "bad \\u escape");
    try_edit("\"<dummy>\"", "\"a\tb\"", "control character", "raw control character");
    try_edit("[],\n\"strings\"", "[]]],\n\"strings\"", "expected ',' or '}'",
             "junk between sections");
    try_edit("\"nodes\":[9,1,1,0,2,0\n", "\"nodes\":[9,99,1,0,2,0\n", "name 99",
             "node name not a string index");
    try_edit("{\"snapshot\":{", "{\"snapshot\":{\"x\":tru,", "bad \"snapshot\" header",
             "invalid header JSON");
    ok(load_text("<html>", 6, HS_LOAD_FULL, &s, err, sizeof err) < 0 &&
           strstr(err, "not a heap snapshot"),
       "not JSON: %s", err);
    ok(load_text("{\"a\":1}", 7, HS_LOAD_FULL, &s, err, sizeof err) < 0 &&
           strstr(err, "missing \"snapshot\""),
       "JSON but not a snapshot: %s", err);
    ok(load_text("{\"snapshot\":[[[[[[[[", 20, HS_LOAD_FULL, &s, err, sizeof err) < 0,
       "deep truncated header: %s", err);
    ok(hs_load("/nonexistent/x.heapsnapshot", HS_LOAD_FULL, &s, err, sizeof err) < 0 &&
           strstr(err, "cannot open"),
       "missing file: %s", err);
    /* A huge declared node_count must not allocate by itself. */
    char text[8192];
    const char *at = strstr(tiny_graph, "\"node_count\":11");
    snprintf(text, sizeof text, "%.*s\"node_count\":99999999999%s", (int)(at - tiny_graph),
             tiny_graph, at + strlen("\"node_count\":11"));
    ok(load_text(text, strlen(text), HS_LOAD_FULL, &s, err, sizeof err) == 0 && s.node_count == 11,
       "a bogus node_count is only a hint");
    hs_free(&s);
}

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : "";
    if (!*only || !strcmp(only, "valid")) valid();
    if (!*only || !strcmp(only, "truncated")) truncated();
    if (!*only || !strcmp(only, "malformed")) malformed();
    return tap_done();
}
