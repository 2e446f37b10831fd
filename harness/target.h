/* target.h — the service under test: spawn it and tear it down (ready.h says
 * when it serves).
 *
 * The target runs in its own process group with the node flags leakcheck
 * needs (--expose-gc, --heapsnapshot-signal, --diagnostic-dir, --require
 * agent): in argv for a `node …` command, in NODE_OPTIONS for anything else
 * (`npm start`, a shell script). Its stdout/stderr go through a pipe into
 * <run dir>/target.log, capped at [target] log_max (targetlog.h).
 * Teardown signals the whole group and every other process below leakcheck
 * (one that left the group with setsid() or a daemonizing double fork is
 * still below it: leakcheck is a child subreaper): SIGTERM, then SIGKILL
 * after the grace period; libev reaps. What it found outside the group is
 * kept for the report. */
#ifndef LEAKCHECK_TARGET_H
#define LEAKCHECK_TARGET_H

#include <ev.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"
#include "targetlog.h"

typedef struct {
    pid_t pid;  /* the spawned command; also the process-group id */
    int port;
    int exited; /* reaped: the command, or after a hand-off the last process */
    int status; /* wait status, valid when exited */
    int via_node_options; /* flags went through NODE_OPTIONS */
    /* the last teardown: processes outside the group it had to reach, what
     * was still alive after SIGKILL, how long it took */
    int strays, left_running;
    char strays_detail[512]; /* "4242 (node server.js), ..." */
    double teardown_s;
    /* The command exited 0 and left processes running below leakcheck (a
     * launcher that daemonized): the target lives on in them, and ends when
     * the last is reaped. */
    int handed_off;
    /* the census (every 0.5 s): most live processes seen, and the count that
     * went over [target] max_processes (the target was then killed) */
    int processes_max, too_many;
    int64_t max_processes;
    ev_timer census_w;
    char log_path[4096]; /* set by the first spawn; restarts write on */
    targetlog log;
    ev_child child_w;
} target;

/* A free TCP port on 127.0.0.1 (bind to 0, read, close), or -1. */
int target_free_port(void);

/* Splits a command line like a shell would for plain words and quotes;
 * expands $PORT and ${PORT}. Returns a NULL-terminated argv (free with
 * target_argv_free), or NULL with err set. Sets *needs_shell when the line
 * uses shell syntax: a leading `NAME=value` assignment, pipes, redirections,
 * &&, ;, $VAR other than $PORT, globs, braces, comments; the caller then runs
 * the line with /bin/sh -c (and node flags go through NODE_OPTIONS). */
char **target_split_command(const char *cmd, int port, int *needs_shell, char *err,
                            size_t errlen);
void target_argv_free(char **argv);

/* Forks and execs the target. 0, or -1 with err. */
int target_spawn(target *t, struct ev_loop *loop, const config *cfg, const char *run_dir,
                 const char *agent_js, const char *agent_sock, char *err, size_t errlen);

/* SIGTERM the group and every descendant, SIGKILL after grace_ms, reap;
 * idempotent. Fills strays, left_running and teardown_s. */
void target_stop(target *t, struct ev_loop *loop, int64_t grace_ms);

/* "exited with status 3", "killed by signal 9 (Killed)" into buf. */
const char *target_describe_exit(const target *t, char *buf, size_t len);

/* The log functions below first read what the pipe holds and bring the
 * file up to date. */

/* Prints the last `lines` lines of the target's log, escaped, each prefixed. */
void target_log_tail(target *t, FILE *out, int lines, const char *prefix);

/* Does the end of the log contain needle? */
int target_log_says(target *t, const char *needle);

/* Did the log say V8 ran out of heap ("JavaScript heap out of memory")? */
int target_log_says_oom(target *t);

/* The run is over: the log's last bytes written, the file closed. */
void target_log_close(target *t);

#endif
