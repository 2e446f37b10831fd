/* allocprofile.c — the explain phase's profiles on disk (allocprofile.h). */
#include "allocprofile.h"
#include "escape_json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int allocprofile_save(const char *path, const allocprofile *p, char *err, size_t errlen)
{
    char tmp[4096];
    json_t *j = json_pack("{s:i, s:o, s:o, s:I, s:I, s:I, s:O, s:O}",
                          "leakcheck_allocation_profiles", 1, "endpoint", esc_json_str(p->endpoint),
                          "cwd", esc_json_str(p->cwd ? p->cwd : "."), "sampling_interval",
                          (json_int_t)p->sampling_interval, "requests_s1_s2",
                          (json_int_t)p->requests_s1_s2, "requests_s2_s3",
                          (json_int_t)p->requests_s2_s3, "at_s2", p->at_s2, "at_s3", p->at_s3);
    if (!j) return snprintf(err, errlen, "%s: profiles are not valid JSON", path), -1;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int rc = json_dump_file(j, tmp, JSON_COMPACT);
    json_decref(j);
    if (rc == 0 && rename(tmp, path) == 0) return 0;
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    remove(tmp);
    return -1;
}

int allocprofile_load(const char *path, alloc_sites *out, int64_t *requests_s1_s2, char *err,
                      size_t errlen)
{
    json_error_t je;
    char why[256];
    memset(out, 0, sizeof *out);
    *requests_s1_s2 = 0;
    json_t *j = json_load_file(path, 0, &je);
    if (!j) return snprintf(err, errlen, "%s: line %d: %s", path, je.line, je.text), -1;
    json_int_t version = json_integer_value(json_object_get(j, "leakcheck_allocation_profiles"));
    const char *cwd = json_string_value(json_object_get(j, "cwd"));
    json_int_t k = json_integer_value(json_object_get(j, "requests_s2_s3"));
    int rc = -1;
    if (version != 1)
        snprintf(err, errlen, "%s: not a leakcheck allocation profile file", path);
    else if (allocsites_from_profiles(json_object_get(j, "at_s2"), json_object_get(j, "at_s3"),
                                      k, cwd ? cwd : ".", out, why, sizeof why))
        snprintf(err, errlen, "%s: %s", path, why);
    else
        rc = 0;
    if (rc == 0) *requests_s1_s2 = json_integer_value(json_object_get(j, "requests_s1_s2"));
    json_decref(j);
    return rc;
}

const char *allocprofile_path_for(const char *snap, char *buf, size_t len)
{
    static const char *const labels[] = {"-1-after-warmup.heapsnapshot",
                                         "-2-after-load.heapsnapshot",
                                         "-3-after-more-load.heapsnapshot"};
    size_t n = strlen(snap);
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++) {
        size_t l = strlen(labels[i]);
        if (n > l && !strcmp(snap + n - l, labels[i]) &&
            snprintf(buf, len, "%.*s-allocations.json", (int)(n - l), snap) < (int)len)
            return buf;
    }
    return NULL;
}
