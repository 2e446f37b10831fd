/* portowners.c — processes holding sockets on a local TCP port, from
 * /proc/net/tcp{,6} and /proc/<pid>/fd; see portowners.h. */
#include "portowners.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

typedef struct {
    unsigned long *v;
    size_t n, cap;
} inode_set;

/* "  sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when
 *  retrnsmt   uid  timeout inode": local_address is ADDR:PORT in hex, the
 * inode the 10th field. TIME_WAIT entries have inode 0 and no owner. */
static int read_table(const char *path, int port, inode_set *s)
{
    FILE *f = fopen(path, "re");
    if (!f) return -1;
    char line[512];
    if (!fgets(line, sizeof line, f)) return fclose(f), -1; /* the header */
    while (fgets(line, sizeof line, f)) {
        char local[80];
        unsigned long inode;
        int st;
        if (sscanf(line, " %*s %79s %*s %x %*s %*s %*s %*s %*s %lu", local, &st, &inode) != 3)
            continue;
        const char *colon = strrchr(local, ':');
        if (!colon || strtol(colon + 1, NULL, 16) != port || !inode) continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 64;
            s->v = xrealloc(s->v, sizeof *s->v * s->cap);
        }
        s->v[s->n++] = inode;
    }
    fclose(f);
    return 0;
}

static int has_inode(const inode_set *s, unsigned long inode)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == inode) return 1;
    return 0;
}

static int holds_one(pid_t pid, const inode_set *s)
{
    char dir[64], link[96], to[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        snprintf(link, sizeof link, "%s/%.20s", dir, e->d_name);
        ssize_t l = readlink(link, to, sizeof to - 1);
        if (l < 9 || memcmp(to, "socket:[", 8)) continue;
        to[l] = 0;
        found = has_inode(s, strtoul(to + 8, NULL, 10));
    }
    closedir(d);
    return found;
}

int portowners_find(int port, const pid_t *pids, int n, int *holds)
{
    for (int i = 0; i < n; i++)
        holds[i] = 0;
    inode_set s = {0};
    int v4 = read_table("/proc/net/tcp", port, &s);
    int v6 = read_table("/proc/net/tcp6", port, &s); /* absent without IPv6 */
    if (v4 < 0 && v6 < 0) return free(s.v), -1;
    int count = 0;
    for (int i = 0; i < n && s.n; i++)
        count += holds[i] = holds_one(pids[i], &s);
    free(s.v);
    return count;
}
