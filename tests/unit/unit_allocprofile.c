/* unit_allocprofile.c — the explain phase's profiles file: what is saved is
 * what is read back (the same sites, the requests between S1 and S2), the
 * file belongs to the snapshots by name, and a file that is not one is said
 * to be so, naming it. */
#include "allocprofile.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
    char dir[] = "/tmp/leakcheck-allocprofile.XXXXXX", path[600], buf[700], err[800];
    if (!mkdtemp(dir)) return printf("1..0 # SKIP mkdtemp failed\n"), 0;
    snprintf(path, sizeof path, "%s/01-GET-x-allocations.json", dir);

    json_t *s2 = json_loads("[[1000, [[\"make\", \"/srv/app.js\", 3, 5]]]]", 0, NULL);
    json_t *s3 = json_loads("[[61000, [[\"make\", \"/srv/app.js\", 3, 5]]]]", 0, NULL);
    allocprofile p = {.endpoint = "GET /x", .cwd = "/srv", .sampling_interval = 4096,
                      .requests_s1_s2 = 300, .requests_s2_s3 = 300, .at_s2 = s2, .at_s3 = s3};
    is_int(allocprofile_save(path, &p, err, sizeof err), 0, "saved");
    snprintf(buf, sizeof buf, "%s.tmp", path);
    ok(access(buf, F_OK) != 0, "no .tmp left behind");

    alloc_sites sites;
    int64_t k = 0;
    char at[128];
    is_int(allocprofile_load(path, &sites, &k, err, sizeof err), 0, "read back");
    is_int((long long)k, 300, "requests between S1 and S2 from the file");
    is_int((long long)sites.nsites, 1, "one site");
    if (sites.nsites) {
        is_str(allocsites_describe(&sites.sites[0].at, at, sizeof at), "make (app.js:3)",
               "relative to the saved cwd");
        is_near(sites.sites[0].bytes_per_request, 200, 1e-9, "(61000 - 1000) B / 300 requests");
    }
    allocsites_free(&sites);

    is_str(allocprofile_path_for("/r/snapshots/03-GET-a-3-after-more-load.heapsnapshot", buf,
                                 sizeof buf),
           "/r/snapshots/03-GET-a-allocations.json", "beside S3");
    is_str(allocprofile_path_for("02-b-1-after-warmup.heapsnapshot", buf, sizeof buf),
           "02-b-allocations.json", "beside S1");
    ok(allocprofile_path_for("/tmp/mine.heapsnapshot", buf, sizeof buf) == NULL,
       "a snapshot leakcheck did not name has no profiles file");

    FILE *f = fopen(path, "w");
    if (f) fputs("{\"sites\": []}", f), fclose(f);
    ok(allocprofile_load(path, &sites, &k, err, sizeof err) < 0 && strstr(err, path) &&
           strstr(err, "not a leakcheck allocation profile file"),
       "another JSON file: named and refused (%s)", err);
    f = fopen(path, "w");
    if (f) fputs("{\"leakcheck_allocation_profiles\": 1, \"at_s2\": ", f), fclose(f);
    ok(allocprofile_load(path, &sites, &k, err, sizeof err) < 0 && strstr(err, path),
       "a truncated file: named and refused (%s)", err);

    json_decref(s2), json_decref(s3);
    snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
    if (system(buf)) printf("# could not remove %s\n", dir);
    return tap_done();
}
