/* loadbench.c — the load driver alone, for `make bench`: N requests of one
 * endpoint at a concurrency against a server already running, and the CPU
 * seconds this process spent on them (getrusage), so tests/bench/load.sh can
 * set them beside wrk's against the same server.
 *
 * usage: loadbench PORT CONCURRENCY REQUESTS [PATH]
 * prints: "requests N failed F cpu_s C wall_s W" */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "config.h"
#include "load.h"
#include "runloop.h"
#include "service_addr.h"

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: loadbench PORT CONCURRENCY REQUESTS [PATH]\n");
        return 2;
    }
    char scen[] = "/tmp/loadbench-XXXXXX", err[512];
    int fd = mkstemp(scen);
    dprintf(fd, "[target]\ncommand = true\n[load]\nconcurrency = %s\ntimeout = 10s\n"
                "[endpoint \"bench\"]\npath = %s\n",
            argv[2], argc > 4 ? argv[4] : "/");
    close(fd);
    config cfg;
    int rc = config_load(&cfg, NULL, scen, err, sizeof err);
    unlink(scen);
    if (rc < 0) return fprintf(stderr, "loadbench: %s\n", err), 2;
    struct ev_loop *loop = runloop_init();
    service_addr addr = {0};
    service_addr_set(&addr, &cfg.target, "127.0.0.1", atoi(argv[1]));
    load_driver *d = load_new(loop, &addr, &cfg.target);
    long long n = atoll(argv[3]);
    uint64_t seq = 0;
    load_stats warm = {0}, st = {0};
    load_run(d, &cfg.endpoints[0], 1000, 0, &seq, &warm); /* connections made, pages touched */
    double c0 = cpu_s(), t0 = ev_time();
    load_run(d, &cfg.endpoints[0], n, 0, &seq, &st);
    double c1 = cpu_s(), t1 = ev_time();
    printf("requests %lld failed %lld cpu_s %.3f wall_s %.3f\n", (long long)st.completed,
           (long long)load_failed(&st), c1 - c0, t1 - t0);
    load_free(d);
    service_addr_free(&addr);
    config_free(&cfg);
    return 0;
}
