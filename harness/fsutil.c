/* fsutil.c — file-system helpers; see fsutil.h. */
#include "fsutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* mkdir, where EEXIST counts only when what exists is a directory. */
static int mkdir_one(const char *path)
{
    struct stat st;
    if (mkdir(path, 0755) == 0) return 0;
    if (errno != EEXIST) return -1;
    if (stat(path, &st) < 0) return -1;
    if (!S_ISDIR(st.st_mode)) return errno = ENOTDIR, -1;
    return 0;
}

int fs_mkdir_p(const char *path)
{
    char buf[PATH_MAX];
    if (!path[0]) return errno = ENOENT, -1;
    if ((size_t)snprintf(buf, sizeof buf, "%s", path) >= sizeof buf)
        return errno = ENAMETOOLONG, -1;
    for (char *p = buf + 1; *p; p++)
        if (*p == '/' && p[-1] != '/') {
            *p = 0;
            if (mkdir_one(buf) < 0) return -1;
            *p = '/';
        }
    return mkdir_one(buf);
}

uint64_t fs_free_bytes(const char *path)
{
    struct statvfs v;
    if (statvfs(path, &v) < 0) return UINT64_MAX;
    return (uint64_t)v.f_bavail * (uint64_t)v.f_frsize;
}
