/* ready.h — when the target serves, and where.
 *
 * A target is ready when an isolate's agent reported listening on its port
 * and the ready probe there succeeds: GET ready_path answering 2xx/3xx, or
 * without ready_path a TCP connect followed by one request in the
 * configured scheme (any status: it only has to speak the protocol). The
 * probe goes where the agent says the port listens: 127.0.0.1 or ::1, the
 * scheme and TLS settings of [target]. A service that ignores $PORT and
 * listens on a port of its own is measured there when no isolate reports
 * $PORT within READY_OTHER_PORT_S of that listen.
 *
 * Everything happens within one [target] ready_timeout. What the probes
 * saw stays in the state for the message: the last status or error, and a
 * scheme mismatch (TLS spoken to a plain server or the reverse, checked by
 * trying the other scheme once) or an untrusted certificate, said as such.
 *
 * Memory: ready_state owns its service_addr; ready_state_free releases it. */
#ifndef LEAKCHECK_READY_H
#define LEAKCHECK_READY_H

#include <ev.h>

#include "agent.h"
#include "config.h"
#include "service_addr.h"
#include "target.h"

#define READY_OTHER_PORT_S 2.0

typedef struct {
    service_addr addr;  /* where the target serves (valid when ready) */
    int port_passed;    /* the port given in $PORT */
    int answered;       /* the probe succeeded at least once */
    char seen[200];     /* the last probe's outcome: "HTTP 404", "Connection refused" */
    char mismatch[400]; /* the target speaks another protocol, or its certificate fails */
} ready_state;

/* Waits for the target t (spawned, t->port passed to it) to serve. On
 * WAIT_OK rs->addr is where it serves and t->port its port (changed when
 * it listens elsewhere). WAIT_TIMEOUT with rs->mismatch set: it answers,
 * in another protocol. Other results are the runloop's (exited,
 * interrupted). */
int ready_wait(ready_state *rs, target *t, agent_server *a, struct ev_loop *loop,
               const config *cfg);

void ready_state_free(ready_state *rs);

#endif
