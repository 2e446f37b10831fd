/* unit_fsutil.c — fs_mkdir_p makes every missing parent, accepts what is
 * already there and names what is in the way. */
#include "fsutil.h"
#include "tap.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(void)
{
    char top[] = "/tmp/leakcheck-fsutil.XXXXXX", path[512], cmd[600];
    if (!mkdtemp(top)) return printf("1..0 # SKIP mkdtemp failed\n"), 0;

    snprintf(path, sizeof path, "%s/a/b//c/", top);
    is_int(fs_mkdir_p(path), 0, "nested path with a doubled and a trailing slash");
    snprintf(path, sizeof path, "%s/a/b/c", top);
    ok(is_dir(path), "every level exists");
    is_int(fs_mkdir_p(path), 0, "an existing directory is fine");

    snprintf(path, sizeof path, "%s/file", top);
    FILE *f = fopen(path, "w");
    if (f) fclose(f);
    errno = 0;
    ok(fs_mkdir_p(path) < 0 && errno == ENOTDIR, "a file in the way: ENOTDIR");
    snprintf(path, sizeof path, "%s/file/sub", top);
    errno = 0;
    ok(fs_mkdir_p(path) < 0 && errno == ENOTDIR, "a file as a parent: ENOTDIR");

    char *long_path = malloc(8192);
    memset(long_path, 'x', 8191), long_path[0] = '/', long_path[8191] = 0;
    errno = 0;
    ok(fs_mkdir_p(long_path) < 0 && errno == ENAMETOOLONG, "past PATH_MAX: ENAMETOOLONG");
    free(long_path);
    errno = 0;
    ok(fs_mkdir_p("") < 0 && errno == ENOENT, "empty path: ENOENT");

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
    if (system(cmd) != 0) printf("# could not remove %s\n", top);
    return tap_done();
}
