/* agent.c — unix socket server for the in-process agent; see agent.h. */
#include "agent.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xalloc.h"

int agent_parse_line(const char *line, size_t len, agent_msg *msg, char *err, size_t errlen)
{
    json_error_t jerr;
    memset(msg, 0, sizeof *msg);
    json_t *j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j) return snprintf(err, errlen, "not JSON: %s", jerr.text), -1;
    if (!json_is_object(j)) {
        json_decref(j);
        return snprintf(err, errlen, "not a JSON object"), -1;
    }
    const char *type = json_string_value(json_object_get(j, "type"));
    json_t *pid = json_object_get(j, "pid");
    if (!type || !json_is_integer(pid) || json_integer_value(pid) <= 0 ||
        json_integer_value(pid) > 0x7fffffff) {
        json_decref(j);
        return snprintf(err, errlen, "message without a type or a valid pid"), -1;
    }
    msg->pid = (pid_t)json_integer_value(pid);
    json_t *thread = json_object_get(j, "thread");
    if (json_is_integer(thread) && json_integer_value(thread) > 0 &&
        json_integer_value(thread) < 0x7fffffff)
        msg->thread = (int)json_integer_value(thread);
    msg->json = j;
    if (!strcmp(type, "hello")) {
        msg->type = AGENT_MSG_HELLO;
        const char *v = json_string_value(json_object_get(j, "node"));
        snprintf(msg->node_version, sizeof msg->node_version, "%s", v ? v : "?");
    } else if (!strcmp(type, "listen")) {
        json_t *port = json_object_get(j, "port");
        if (!json_is_integer(port) || json_integer_value(port) < 1 ||
            json_integer_value(port) > 65535) {
            json_decref(j);
            return snprintf(err, errlen, "listen message without a valid port"), -1;
        }
        msg->type = AGENT_MSG_LISTEN;
        msg->port = (int)json_integer_value(port);
        const char *addr = json_string_value(json_object_get(j, "address"));
        snprintf(msg->address, sizeof msg->address, "%s", addr ? addr : "");
    } else if (!strcmp(type, "sample")) {
        json_t *id = json_object_get(j, "id");
        if (!json_is_integer(id) || !json_is_object(json_object_get(j, "memory"))) {
            json_decref(j);
            return snprintf(err, errlen, "sample message without id or memory"), -1;
        }
        msg->type = AGENT_MSG_SAMPLE;
        msg->id = json_integer_value(id);
    } else if (!strcmp(type, "profile") || !strcmp(type, "snapshot")) {
        json_t *id = json_object_get(j, "id");
        if (!json_is_integer(id)) {
            snprintf(err, errlen, "%s message without id", type); /* type is j's */
            json_decref(j);
            return -1;
        }
        msg->type = AGENT_MSG_REPLY;
        msg->id = json_integer_value(id);
    } else {
        msg->type = AGENT_MSG_OTHER;
    }
    return 0;
}

/* A close leakcheck means says "bye" first: the agent ends its own process
 * when the connection closes without it (leakcheck was killed), so that no
 * server outlives a kill -9 of the harness. */
static void conn_close(agent_conn *c)
{
    agent_server *s = c->srv;
    static const char bye[] = "{\"type\":\"bye\"}\n";
    if (c->asked && !c->answered) s->n_gone++;
    (void)!send(c->fd, bye, sizeof bye - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ev_io_stop(s->loop, &c->w);
    close(c->fd);
    for (agent_conn **p = &s->conns; *p; p = &(*p)->next)
        if (*p == c) {
            *p = c->next;
            break;
        }
    free(c->buf);
    free(c);
}

/* The script a process runs, for telling isolates apart in reports:
 * argv[1]'s last path component (argv[0] is node), "node" without one. */
static void role_of(json_t *argv, char *out, size_t len)
{
    const char *a = json_string_value(json_array_get(argv, 1));
    for (size_t i = 1; !a && i < json_array_size(argv); i++)
        a = json_string_value(json_array_get(argv, i));
    if (!a) a = json_string_value(json_array_get(argv, 0));
    if (!a) a = "node";
    const char *slash = strrchr(a, '/');
    snprintf(out, len, "%s", slash && slash[1] ? slash + 1 : a);
}

void agent_forget_all(agent_server *s)
{
    while (s->conns)
        conn_close(s->conns);
}

static void handle_msg(agent_conn *c, agent_msg *m)
{
    agent_server *s = c->srv;
    /* who is at the other end is said once, by the hello: a reply that does
     * not repeat its thread id must not turn a worker thread into a main one */
    if (m->type == AGENT_MSG_HELLO || c->pid <= 0) c->pid = m->pid, c->thread = m->thread;
    if (m->type == AGENT_MSG_HELLO) {
        snprintf(c->node_version, sizeof c->node_version, "%s", m->node_version);
        role_of(json_object_get(m->json, "argv"), c->role, sizeof c->role);
    }
    if (m->type == AGENT_MSG_SAMPLE && c->asked && !c->answered && m->id == s->sample_id) {
        c->answered = 1;
        s->n_answered++;
        json_array_append(s->replies, m->json);
    }
    if (m->type == AGENT_MSG_LISTEN && c->n_ports < AGENT_MAX_PORTS) {
        memcpy(c->addresses[c->n_ports], m->address, sizeof m->address);
        c->ports[c->n_ports++] = m->port;
    }
    if (m->type == AGENT_MSG_REPLY && m->id == s->want_id && !s->reply) {
        s->reply = m->json;
        m->json = NULL;
    }
    json_decref(m->json);
}

static void handle_lines(agent_conn *c)
{
    char *start = c->buf, *end = c->buf + c->len, *nl;
    while ((nl = memchr(start, '\n', (size_t)(end - start)))) {
        agent_msg m;
        char err[128];
        if (agent_parse_line(start, (size_t)(nl - start), &m, err, sizeof err) == 0)
            handle_msg(c, &m);
        else
            c->srv->n_bad_lines++;
        start = nl + 1;
    }
    c->len = (size_t)(end - start);
    memmove(c->buf, start, c->len);
}

static void on_conn_readable(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)loop, (void)revents;
    agent_conn *c = w->data;
    if (c->cap - c->len < 4096) {
        size_t cap = c->cap ? c->cap * 2 : 16384;
        if (cap > AGENT_MAX_LINE * 2) return conn_close(c); /* a line without end */
        c->buf = xrealloc(c->buf, cap), c->cap = cap;
    }
    ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return conn_close(c);
    if (n < 0) return;
    c->len += (size_t)n;
    handle_lines(c);
}

static void on_accept(struct ev_loop *loop, ev_io *w, int revents)
{
    (void)revents;
    agent_server *s = w->data;
    int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    agent_conn *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    c->srv = s;
    c->next = s->conns;
    s->conns = c;
    ev_io_init(&c->w, on_conn_readable, fd, EV_READ);
    c->w.data = c;
    ev_io_start(loop, &c->w);
}

int agent_listen(agent_server *s, struct ev_loop *loop, const char *path, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->loop = loop;
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof a.sun_path)
        return snprintf(err, errlen, "agent socket path too long: %s", path), -1;
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    snprintf(s->path, sizeof s->path, "%s", path);
    unlink(path);
    s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(s->fd, 64) < 0) {
        snprintf(err, errlen, "agent socket %s: %s", path, strerror(errno));
        if (s->fd >= 0) close(s->fd);
        s->fd = -1;
        return -1;
    }
    ev_io_init(&s->w, on_accept, s->fd, EV_READ);
    s->w.data = s;
    ev_io_start(loop, &s->w);
    return 0;
}

agent_conn *agent_find_port(agent_server *s, int port)
{
    for (agent_conn *c = s->conns; c; c = c->next)
        for (int i = 0; i < c->n_ports; i++)
            if (c->ports[i] == port) return c;
    return NULL;
}

const char *agent_port_address(agent_server *s, int port)
{
    for (agent_conn *c = s->conns; c; c = c->next)
        for (int i = 0; i < c->n_ports; i++)
            if (c->ports[i] == port) return c->addresses[i];
    return NULL;
}

int agent_other_port(agent_server *s, int except)
{
    /* connections are kept newest first: the last match is the earliest */
    int port = 0;
    for (agent_conn *c = s->conns; c; c = c->next)
        for (int i = c->n_ports - 1; i >= 0; i--)
            if (c->ports[i] != except) port = c->ports[i];
    return port;
}

int agent_request_samples(agent_server *s)
{
    char line[64];
    json_decref(s->replies);
    s->replies = json_array();
    s->n_asked = s->n_answered = s->n_gone = 0;
    s->sample_id = ++s->want_id;
    int n = snprintf(line, sizeof line, "{\"type\":\"sample\",\"id\":%lld}\n",
                     (long long)s->sample_id);
    for (agent_conn *c = s->conns; c; c = c->next) {
        c->asked = c->answered = 0;
        if (c->pid <= 0) continue; /* has not said hello yet */
        if (write(c->fd, line, (size_t)n) != n) continue;
        c->asked = 1;
        s->n_asked++;
    }
    return s->n_asked;
}

int agent_samples_ready(void *server)
{
    agent_server *s = server;
    return s->n_answered + s->n_gone >= s->n_asked;
}

json_t *agent_take_samples(agent_server *s)
{
    json_t *r = s->replies;
    s->replies = NULL;
    return r ? r : json_array();
}

agent_conn *agent_find_isolate(agent_server *s, pid_t pid, int thread)
{
    for (agent_conn *c = s->conns; c; c = c->next)
        if (c->pid == pid && c->thread == thread) return c;
    return NULL;
}

/* One request to one isolate, its reply awaited by agent_reply_ready. */
static int request_one(agent_server *s, agent_conn *c, json_t *j)
{
    json_decref(s->reply);
    s->reply = NULL;
    if (!j) return -1;
    json_object_set_new(j, "id", json_integer((json_int_t)++s->want_id));
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!text) return -1;
    size_t n = strlen(text);
    int ok = write(c->fd, text, n) == (ssize_t)n && write(c->fd, "\n", 1) == 1;
    free(text);
    return ok ? 0 : -1;
}

int agent_request_profile(agent_server *s, agent_conn *c, const char *op, long interval)
{
    return request_one(s, c,
                       json_pack("{s:s, s:s, s:i}", "type", "profile", "op", op, "interval",
                                 (int)interval));
}

int agent_request_snapshot(agent_server *s, agent_conn *c, const char *path)
{
    return request_one(s, c, json_pack("{s:s, s:s}", "type", "snapshot", "path", path));
}

int agent_reply_ready(void *server)
{
    return ((agent_server *)server)->reply != NULL;
}

json_t *agent_take_reply(agent_server *s)
{
    json_t *r = s->reply;
    s->reply = NULL;
    return r;
}

void agent_close(agent_server *s)
{
    while (s->conns)
        conn_close(s->conns);
    if (s->fd >= 0) {
        ev_io_stop(s->loop, &s->w);
        close(s->fd);
        unlink(s->path);
        s->fd = -1;
    }
    json_decref(s->reply);
    s->reply = NULL;
    json_decref(s->replies);
    s->replies = NULL;
}
