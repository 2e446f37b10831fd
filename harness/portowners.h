/* portowners.h — which processes hold TCP sockets on a local port.
 *
 * The agent reports what it can see, and a process without it reports
 * nothing: a cluster worker forked with its own NODE_OPTIONS, a server a
 * supervisor starts with a rebuilt environment, a non-Node backend. The
 * kernel knows who answers: every socket whose local port is the target's
 * (the listener and the accepted connections) is in /proc/net/tcp{,6} with
 * its inode, and a process holding it has a /proc/<pid>/fd link
 * "socket:[inode]". This module matches the two, so a run can say "4242
 * answers on the port without the agent" instead of measuring a part of
 * the service as if it were all of it.
 *
 * Cost: one read of /proc/net/tcp and tcp6 (a line per socket on the
 * machine: hundreds under load) and one readlink per open fd of the given
 * processes; a run does it once per sample. No printing, no allocation
 * left to the caller. */
#ifndef LEAKCHECK_PORTOWNERS_H
#define LEAKCHECK_PORTOWNERS_H

#include <sys/types.h>

/* holds[i] = 1 when pids[i] has a TCP socket (IPv4 or IPv6, listening or
 * connected) whose local port is port, else 0. Returns how many hold one,
 * or -1 when /proc/net/tcp cannot be read (holds all 0). */
int portowners_find(int port, const pid_t *pids, int n, int *holds);

#endif
