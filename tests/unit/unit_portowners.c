/* unit_portowners.c — who holds a socket on a port, as the kernel shows it:
 * the listener (IPv4 and IPv6), a child that inherited it, a child that
 * closed its copy, the accepted connection once the listener is gone, the
 * client end (another local port), a port nobody holds, a gone pid. */
#include "portowners.h"
#include "tap.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int listen_on(int family, int *port)
{
    int s = socket(family, SOCK_STREAM, 0);
    if (s < 0) return -1;
    struct sockaddr_storage a;
    socklen_t len;
    memset(&a, 0, sizeof a);
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)&a;
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        in->sin_port = htons((unsigned short)*port);
        len = sizeof *in;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a;
        in6->sin6_family = AF_INET6;
        in6->sin6_addr = in6addr_loopback;
        in6->sin6_port = htons((unsigned short)*port);
        len = sizeof *in6;
    }
    if (bind(s, (struct sockaddr *)&a, len) < 0 || listen(s, 8) < 0) return close(s), -1;
    len = sizeof a;
    getsockname(s, (struct sockaddr *)&a, &len);
    *port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&a)->sin_port
                                    : ((struct sockaddr_in6 *)&a)->sin6_port);
    return s;
}

/* A child that keeps (or closes) the inherited fds and waits. */
static pid_t child(int close_fd)
{
    int ready[2];
    if (pipe(ready) < 0) return -1;
    pid_t p = fork();
    if (p == 0) {
        if (close_fd >= 0) close(close_fd);
        write(ready[1], "r", 1);
        for (;;)
            pause();
    }
    char c;
    read(ready[0], &c, 1);
    close(ready[0]), close(ready[1]);
    return p;
}

int main(void)
{
    int port = 0, holds[4];
    int l = listen_on(AF_INET, &port);
    ok(l >= 0 && port > 0, "listening on 127.0.0.1:%d", port);
    pid_t keeper = child(-1), closer = child(l);
    pid_t me = getpid();
    pid_t pids[] = {me, keeper, closer, 999999999};
    is_int(portowners_find(port, pids, 4, holds), 2, "two processes hold the listener");
    ok(holds[0] && holds[1], "the listener and the child that inherited it");
    ok(!holds[2], "not the child that closed its copy");
    ok(!holds[3], "a pid that does not exist holds nothing");

    /* a connection: the client's socket is on another local port */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(connect(c, (struct sockaddr *)&to, sizeof to) == 0, "connected");
    int a = accept(l, NULL, NULL);
    kill(keeper, SIGKILL), waitpid(keeper, NULL, 0);
    close(l);
    pid_t client = child(a); /* holds c (the client end) but not a */
    pid_t two[] = {me, client};
    is_int(portowners_find(port, two, 2, holds), 1, "with the listener closed, one holds the port");
    ok(holds[0], "the accepted connection counts");
    ok(!holds[1], "the client end, on an ephemeral port, does not");
    close(a), close(c);
    kill(client, SIGKILL), waitpid(client, NULL, 0);
    is_int(portowners_find(port, two, 2, holds), 0, "once closed nobody holds it");

    int port6 = 0;
    int l6 = listen_on(AF_INET6, &port6);
    if (l6 < 0) {
        ok(1, "# SKIP no IPv6 loopback");
    } else {
        is_int(portowners_find(port6, &me, 1, holds), 1, "an IPv6 listener is found");
        close(l6);
    }
    kill(closer, SIGKILL), waitpid(closer, NULL, 0);
    return tap_done();
}
