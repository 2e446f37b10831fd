/* snapshot.h — ask the target for a heap snapshot and wait until it is written.
 *
 * The target runs with --heapsnapshot-signal=<[snapshots] signal> (SIGUSR2 by
 * default) and --diagnostic-dir=<run dir>/snapshots. Node writes
 * Heap.<date>.<time>.<pid>.<tid>.<seq>.heapsnapshot on its event loop (a busy
 * loop delays it) and, on older releases, into its cwd instead of the
 * diagnostic dir, so both folders are watched. Completion is the
 * IN_CLOSE_WRITE of that file (inotify, on the run loop). The file is then
 * renamed to the name the caller chose, inside the snapshots folder.
 *
 * A file node had not finished (timeout, the target killed mid-write, a full
 * disk) keeps node's own name; snapshot_remove_partial deletes those once the
 * writer is gone, so a truncated snapshot is never used and never left. */
#ifndef LEAKCHECK_SNAPSHOT_H
#define LEAKCHECK_SNAPSHOT_H

#include <ev.h>
#include <stddef.h>
#include <sys/types.h>

struct agent_server;
struct agent_conn;

/* Returns a wait_result: WAIT_OK with out_path set, WAIT_TIMEOUT when no file
 * appeared in time, WAIT_TARGET_EXITED / WAIT_INTERRUPTED. err explains. */
int snapshot_take(struct ev_loop *loop, pid_t pid, int signo, const char *snap_dir,
                  const char *target_cwd, double timeout_s, const char *dest_name,
                  char *out_path, size_t out_len, char *err, size_t errlen);

/* The same for one isolate that writes its own snapshot on the agent's
 * request (v8.writeHeapSnapshot): a worker thread, which the signal does not
 * reach. The file is written under node's Heap.*.<pid>.* pattern, so a
 * partial one is removed like the signal's. */
int snapshot_take_isolate(struct ev_loop *loop, struct agent_server *agent,
                          struct agent_conn *isolate, const char *snap_dir, double timeout_s,
                          const char *dest_name, char *out_path, size_t out_len, char *err,
                          size_t errlen);

/* Deletes node's Heap.*.<pid>.*.heapsnapshot files in both folders (call
 * once pid no longer runs). Returns how many it removed. */
int snapshot_remove_partial(pid_t pid, const char *snap_dir, const char *target_cwd);

/* The signal for a [snapshots] signal name ("SIGUSR2", "USR2", "SIGPWR"...),
 * or -1 when it is not one node can use for snapshots without side effects
 * (SIGUSR1 starts node's inspector; SIGINT, SIGTERM... end the process). */
int snapshot_signal_number(const char *name);

#endif
