/* agent.h — the harness end of the agent protocol.
 *
 * leakcheck listens on a unix socket; every node process started with the
 * agent (harness/agent/leakcheck-agent.js) connects and sends one JSON object
 * per line:
 *   {"type":"hello","pid":N,"ppid":N,"thread":T,"node":"v20.1.0","argv":[...]}
 *   {"type":"listen","pid":N,"thread":T,"port":N,"address":"::1"}
 *   {"type":"sample","id":N,"pid":N,"thread":T,"memory":{...},"heap":{...},"resources":{...}}
 *   {"type":"profile","id":N,"pid":N,"sites":[[bytes,[[fn,url,line,col],...]],...]}
 *   {"type":"profile","id":N,"pid":N,"ok":true} or {...,"error":"..."}
 *   {"type":"snapshot","id":N,"pid":N,"file":"..."} or {...,"error":"..."}
 * and receives {"type":"sample","id":N},
 * {"type":"profile","id":N,"op":"start"|"take"|"stop","interval":BYTES}
 * (the sampling heap profiler) and {"type":"snapshot","id":N,"path":"..."}
 * (a heap snapshot written by the isolate itself: how a worker thread's heap
 * is seen) requests, the last two in the explain phase only. T is the
 * worker_threads threadId (0: the main thread): every process and worker
 * thread of the target has its own connection (an isolate), and a sample
 * asks them all. The target's port is reported by the process(es) that
 * listen on it (under `npm start` not the process leakcheck spawned; in a
 * cluster the primary and every worker).
 *
 * Ownership: agent_server owns its connections; a sample reply handed out by
 * agent_take_reply belongs to the caller (json_decref it). */
#ifndef LEAKCHECK_AGENT_H
#define LEAKCHECK_AGENT_H

#include <ev.h>
#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>

#define AGENT_MAX_PORTS 16
#define AGENT_MAX_LINE (1 << 20)

typedef enum {
    AGENT_MSG_HELLO,
    AGENT_MSG_LISTEN,
    AGENT_MSG_SAMPLE,
    AGENT_MSG_REPLY, /* to a request sent to one isolate: profile or snapshot */
    AGENT_MSG_OTHER
} agent_msg_type;

typedef struct {
    agent_msg_type type;
    pid_t pid;
    int thread; /* worker_threads threadId; 0 for a process's main thread */
    int port;
    char address[48]; /* of a listen, as node says it ("::", "127.0.0.1"); "" unknown */
    int64_t id;
    char node_version[32];
    json_t *json; /* the whole message (owned by the caller of agent_parse_line) */
} agent_msg;

/* Parses one line. 0, or -1 with err set (not JSON, not an object, bad fields).
 * Pure: usable by the fuzzer. On success msg->json must be json_decref'd. */
int agent_parse_line(const char *line, size_t len, agent_msg *msg, char *err, size_t errlen);

typedef struct agent_conn {
    int fd;
    ev_io w;
    pid_t pid;
    int thread;          /* 0: a process's main thread; else a worker thread */
    char role[64];       /* what runs there: the script of its argv ("app.js") */
    int asked;           /* asked for the current all-isolates sample */
    int answered;
    char node_version[32];
    int ports[AGENT_MAX_PORTS];
    char addresses[AGENT_MAX_PORTS][48]; /* each port's listen address ("" unknown) */
    int n_ports;
    char *buf;
    size_t len, cap;
    struct agent_server *srv;
    struct agent_conn *next;
} agent_conn;

typedef struct agent_server {
    struct ev_loop *loop;
    int fd;
    ev_io w;
    char path[108];
    agent_conn *conns;
    int64_t want_id;
    json_t *reply; /* reply to want_id, once it arrived */
    int64_t sample_id;         /* the current all-isolates sample */
    json_t *replies;           /* its replies so far (an array) */
    int n_asked, n_answered, n_gone; /* gone: asked, closed before answering */
    int n_bad_lines;
} agent_server;

/* Listens at path (removed first if it exists). 0, or -1 with err. */
int agent_listen(agent_server *s, struct ev_loop *loop, const char *path, char *err,
                 size_t errlen);

/* The connection of the process listening on port, or NULL. */
agent_conn *agent_find_port(agent_server *s, int port);
/* The address port was reported listening on ("::", "::1", "0.0.0.0", ...),
 * "" when unknown, or NULL when no isolate reported the port. */
const char *agent_port_address(agent_server *s, int port);
/* The first port an isolate reported listening on other than except, or 0.
 * A service that ignores $PORT is measured where it listens. */
int agent_other_port(agent_server *s, int except);

/* Drops every connection of a target that was stopped, so that a restarted
 * target on the same port is not mistaken for it before their EOF is read. */
void agent_forget_all(agent_server *s);

/* Asks every connected isolate (every process and worker thread of the
 * target that said hello) for a sample under one fresh id; their replies are
 * collected by the loop. Returns how many were asked. */
int agent_request_samples(agent_server *s);
/* A wait_cond: every isolate asked has answered or gone. */
int agent_samples_ready(void *server);
/* The replies so far (an array of sample messages, each with pid and
 * thread), to json_decref; the counters stay until the next request. */
json_t *agent_take_samples(agent_server *s);
/* The connection of (pid, thread), or NULL. */
agent_conn *agent_find_isolate(agent_server *s, pid_t pid, int thread);
/* Sends a sampling heap profiler request (op "start" with the sampling
 * interval in bytes, "take", "stop"); the reply is collected like a sample's. */
int agent_request_profile(agent_server *s, agent_conn *c, const char *op, long interval);
/* Asks one isolate to write its heap snapshot to path; the reply ({"file"} or
 * {"error"}) is collected like a profile's. */
int agent_request_snapshot(agent_server *s, agent_conn *c, const char *path);
int agent_reply_ready(void *server); /* a wait_cond */
json_t *agent_take_reply(agent_server *s);

void agent_close(agent_server *s);

#endif
