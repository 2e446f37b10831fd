/* snapshot.h — ask the target for a heap snapshot and wait until it is written.
 *
 * The target runs with --heapsnapshot-signal=SIGUSR2 and --diagnostic-dir=
 * <run dir>/snapshots. Node writes Heap.<date>.<time>.<pid>.<tid>.<seq>.heapsnapshot
 * on its event loop (a busy loop delays it) and, on older releases, into its
 * cwd instead of the diagnostic dir, so both folders are watched. Completion
 * is the IN_CLOSE_WRITE of that file (inotify, on the run loop). The file is
 * then renamed to the name the caller chose, inside the snapshots folder. */
#ifndef LEAKCHECK_SNAPSHOT_H
#define LEAKCHECK_SNAPSHOT_H

#include <ev.h>
#include <stddef.h>
#include <sys/types.h>

/* Returns a wait_result: WAIT_OK with out_path set, WAIT_TIMEOUT when no file
 * appeared in time, WAIT_TARGET_EXITED / WAIT_INTERRUPTED. err explains. */
int snapshot_take(struct ev_loop *loop, pid_t pid, const char *snap_dir, const char *target_cwd,
                  double timeout_s, const char *dest_name, char *out_path, size_t out_len,
                  char *err, size_t errlen);

#endif
