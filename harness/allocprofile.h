/* allocprofile.h — the explain phase's two sampling heap profiles, kept in
 * a file beside its snapshots so that `leakcheck diff S1 S2 S3` can show
 * the allocation sites the run showed, from the files alone.
 *
 * The file is JSON (its name: the snapshots' "NN-endpoint" prefix and
 * "-allocations.json"):
 *   {"leakcheck_allocation_profiles": 1, "endpoint": "...", "cwd": "...",
 *    "sampling_interval": B, "requests_s1_s2": N, "requests_s2_s3": N,
 *    "at_s2": [...], "at_s3": [...]}
 * where at_s2/at_s3 are the agent's "sites" arrays, as it sent them (raw
 * target text: escape before output). Written to .tmp and renamed, so it is
 * complete or absent. */
#ifndef LEAKCHECK_ALLOCPROFILE_H
#define LEAKCHECK_ALLOCPROFILE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "allocsites.h"

typedef struct {
    const char *endpoint, *cwd;
    long sampling_interval;
    int64_t requests_s1_s2, requests_s2_s3;
    const json_t *at_s2, *at_s3;
} allocprofile;

/* 0, or -1 with err naming the file. */
int allocprofile_save(const char *path, const allocprofile *p, char *err, size_t errlen);

/* Reads path and computes its sites (allocsites_from_profiles with the
 * file's cwd and requests_s2_s3). *requests_s1_s2 gets the file's figure
 * (0 when absent). 0, or -1 with err naming the file. */
int allocprofile_load(const char *path, alloc_sites *out, int64_t *requests_s1_s2, char *err,
                      size_t errlen);

/* The profile file that belongs to snapshot file snap ("DIR/NN-slug-3-
 * after-more-load.heapsnapshot" -> "DIR/NN-slug-allocations.json"), into
 * buf; NULL when snap's name is not one the run writes. */
const char *allocprofile_path_for(const char *snap, char *buf, size_t len);

#endif
