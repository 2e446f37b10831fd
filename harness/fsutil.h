/* fsutil.h — small file-system helpers the run and bisect share.
 *
 * The harness creates run directories, snapshot directories and bisect
 * worktree paths from user-given names; one mkdir -p keeps the rules (mode,
 * what counts as already there) in one place. */
#ifndef LEAKCHECK_FSUTIL_H
#define LEAKCHECK_FSUTIL_H

#include <stdint.h>

/* mkdir -p with mode 0755: path and every missing parent. An existing
 * directory is fine. 0, or -1 with errno (ENAMETOOLONG past PATH_MAX,
 * ENOTDIR when path or a parent exists and is not a directory). */
int fs_mkdir_p(const char *path);

/* Bytes an unprivileged process may still write on path's file system, or
 * UINT64_MAX when statvfs fails (unknown is not "full"). */
uint64_t fs_free_bytes(const char *path);

#endif
