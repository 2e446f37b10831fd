/* unit_proctree.c — the tree below us as /proc shows it: a child, its
 * grandchild that left the process group with setsid(), a zombie; the
 * order (parents first), liveness, signalling by identity, descriptions. */
#include "proctree.h"
#include "tap.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static const proc_entry *find(const proc_list *l, pid_t pid)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i].pid == pid) return &l->v[i];
    return NULL;
}

int main(void)
{
    char err[256], buf[512];
    int ready[2];
    if (pipe(ready) < 0) return 1;
    pid_t child = fork();
    if (child == 0) {
        setpgid(0, 0);
        pid_t grand = fork();
        if (grand == 0) {
            setsid();
            write(ready[1], "g", 1);
            execlp("sleep", "sleep", "30", (char *)NULL);
            _exit(127);
        }
        write(ready[1], "c", 1);
        for (;;)
            pause();
    }
    pid_t zombie = fork();
    if (zombie == 0) _exit(0);
    char c;
    read(ready[0], &c, 1), read(ready[0], &c, 1);
    usleep(100000); /* the exec of sleep, the zombie's exit */

    proc_list l;
    is_int(proctree_scan(getpid(), &l, err, sizeof err), 0, "scan works");
    is_int(l.n, 3, "child, grandchild and zombie are below us");
    const proc_entry *ce = find(&l, child), *ze = find(&l, zombie), *ge = NULL;
    for (int i = 0; i < l.n; i++)
        if (l.v[i].ppid == child) ge = &l.v[i];
    ok(ce && ze && ge, "each is found");
    if (!ce || !ze || !ge) return tap_done();
    ok(ce < ge, "parents come before children");
    is_int(ce->pgid, child, "the child leads its group");
    ok(ge->pgid != child && ge->sid == ge->pid, "the grandchild left it with setsid");
    is_str(ge->comm, "sleep", "comm read");
    ok(ge->rss_pages > 0, "rss read");
    is_int(ze->state, 'Z', "the zombie is a zombie");
    is_int(proctree_live(&l), 2, "two are live");
    snprintf(buf, sizeof buf, "%d (sleep 30)", (int)ge->pid);
    is_str(proctree_describe(ge, buf + 100, sizeof buf - 100), buf, "described with its command line");

    proc_entry reused = *ge;
    reused.start_ticks++;
    is_int(proctree_signal(&reused, SIGKILL), 0, "a pid with another start time is not signalled");
    is_int(proctree_signal(ze, SIGKILL), 0, "a zombie is not signalled");
    is_int(proctree_signal(ge, SIGKILL), 1, "the grandchild is");
    proc_entry gone = *ge;
    kill(child, SIGKILL);
    waitpid(child, NULL, 0), waitpid(zombie, NULL, 0);
    usleep(100000);
    proctree_free(&l);
    is_int(proctree_scan(getpid(), &l, err, sizeof err), 0, "scan again");
    is_int(proctree_live(&l), 0, "nothing live below us");
    is_int(proctree_signal(&gone, SIGKILL), 0, "a gone process is not signalled");
    proctree_free(&l);

    is_int(proctree_scan(999999999, &l, err, sizeof err), 0, "a pid that does not exist");
    is_int(l.n, 0, "has no descendants");
    proctree_free(&l);
    return tap_done();
}
