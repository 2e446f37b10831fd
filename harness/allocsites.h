/* allocsites.h — where the leaked objects were allocated, from two sampling
 * heap profiles of the explain phase (pure; jansson values in, C out).
 *
 * The agent sends each profile as its largest allocation stacks with the live
 * sampled bytes of each (V8 keeps samples of live objects only and scales
 * them to bytes). A profile taken at S2 holds what was allocated since S1 and
 * is alive; one at S3 the same up to S3. Their difference per site, over the
 * K requests between S2 and S3, is what each site adds per request and
 * keeps.
 *
 * A site is the frame that answers "which code of mine": the innermost
 * frame of the service's own files; without one the innermost frame in
 * node_modules; without that the innermost frame. Frames are marked as the
 * app's, a dependency's (node_modules, shown from the package folder on) or
 * node's (node:*, internal, native). Paths under the target's cwd are shown
 * relative to it. All strings are raw target text: escape before output. */
#ifndef LEAKCHECK_ALLOCSITES_H
#define LEAKCHECK_ALLOCSITES_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { FRAME_APP, FRAME_DEPENDENCY, FRAME_NODE } frame_kind;

typedef struct {
    char *function; /* "(anonymous)" when V8 had no name */
    char *file;     /* display path */
    int line, column; /* where the function starts, 1-based */
    frame_kind kind;
} alloc_frame;

typedef struct {
    alloc_frame at;          /* the site frame (see above) */
    alloc_frame *stack;      /* innermost first, of the largest stack seen here */
    size_t nstack;
    double bytes_per_request; /* kept per request, S2..S3 */
} alloc_site;

typedef struct {
    alloc_site *sites; /* by bytes_per_request, descending */
    size_t nsites;
    double total_per_request; /* all sites together (growth the profile saw) */
} alloc_sites;

#define ALLOCSITES_MAX 8

/* From the agent's "sites" arrays at S2 and S3 and the K requests between
 * them. cwd: the target's working directory (for display paths). Keeps at
 * most ALLOCSITES_MAX sites that add at least 1 B and 1% of the total per
 * request. 0, or -1 with err (malformed profile). */
int allocsites_from_profiles(const json_t *at_s2, const json_t *at_s3, int64_t requests,
                             const char *cwd, alloc_sites *out, char *err, size_t errlen);

void allocsites_free(alloc_sites *s);

/* "createSession (app.js:31)" into buf: the function and where it starts
 * (V8's sampling profiler knows functions, not the allocating line). */
const char *allocsites_describe(const alloc_frame *f, char *buf, size_t len);

/* The first `frames` frames of a's stack, innermost first, joined by sep:
 * "createSession (app.js:31:24) <- handle (node_modules/x/y.js:5:3)". */
const char *allocsites_stack_text(const alloc_site *a, size_t frames, const char *sep, char *buf,
                                  size_t len);

const char *allocsites_kind_name(frame_kind k); /* "app", "dependency", "node" */

#endif
