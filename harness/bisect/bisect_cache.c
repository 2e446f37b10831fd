/* bisect_cache.c — the build cache: the node_modules a dependency install
 * made, kept under the key of what the install read (bisect_install.c), so
 * that a commit with the same key gets a copy instead of an install. Most
 * commits of a bisect share their package.json: an install of 25-45 s
 * becomes a copy of a second or two.
 *
 * Place: --cache-dir, else $LEAKCHECK_CACHE_DIR, else
 * $XDG_CACHE_HOME/leakcheck/bisect, else ~/.cache/leakcheck/bisect. One
 * folder per key (64 hex digits) holding node_modules (absent when the
 * install made none) and key.txt (what the key was made of, for a human).
 * An entry is written as .tmp-PID-KEY and renamed into place, so a
 * half-copied entry (disk full, Ctrl-C, two bisects at once) is never read.
 * An entry's mtime is its last use; past [bisect] cache_size the least
 * recently used go (never the one just used).
 *
 * Storing copies the worktree's node_modules (`cp -a --reflink=auto`).
 * Restoring hard-links the entry into the worktree (`cp -al`, as pnpm links
 * its store into projects): a 200 MB node_modules in a tenth of a second
 * where a copy takes seconds; across file systems it copies. A link shares
 * the file: a commit that writes into its node_modules (a patched file, a
 * tool's cache written over) would change what the next commit gets. Such a
 * write moves the file's mtime past the entry's key.txt, so an entry is
 * walked before each restore (a stat per file, ~50 ms for 20,000) and one
 * with a file newer than its key.txt is removed and installed afresh:
 * never handed on. (New files and deletions touch only the worktree's own
 * folders.) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bisect_int.h"
#include "fsutil.h"
#include "xalloc.h"

#define CACHE_MAX_ENTRIES 4096 /* listed for eviction; more are left alone */

void bcache_open(bisect_ctx *c)
{
    const char *env = getenv("LEAKCHECK_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"),
               *home = getenv("HOME");
    c->cache_dir[0] = 0;
    if (c->no_cache || c->cache_size_bytes <= 0) return;
    if (c->cache_opt)
        snprintf(c->cache_dir, sizeof c->cache_dir, "%s", c->cache_opt);
    else if (env && *env)
        snprintf(c->cache_dir, sizeof c->cache_dir, "%s", env);
    else if (xdg && *xdg == '/')
        snprintf(c->cache_dir, sizeof c->cache_dir, "%s/leakcheck/bisect", xdg);
    else if (home && *home == '/')
        snprintf(c->cache_dir, sizeof c->cache_dir, "%s/.cache/leakcheck/bisect", home);
}

static void entry_path(const bisect_ctx *c, const char *key, const char *name, char *buf,
                       size_t len)
{
    snprintf(buf, len, "%s/%s%s%s", c->cache_dir, key, name ? "/" : "", name ? name : "");
}

/* ---- hard links, and the check that keeps them honest ---- */

static struct timespec g_stamp; /* nftw has no user pointer */
static int g_changed;

static int newer_than_stamp(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (flag == FTW_F &&
        (st->st_mtim.tv_sec > g_stamp.tv_sec ||
         (st->st_mtim.tv_sec == g_stamp.tv_sec && st->st_mtim.tv_nsec > g_stamp.tv_nsec)))
        return g_changed = 1; /* stops the walk */
    return 0;
}

/* A file of the entry's node_modules written since the entry was stored
 * (key.txt's mtime): through a hard link, by a commit that wrote into its
 * node_modules. Such an entry is not what the install made. */
static int changed_since_stored(const char *entry, const char *mods)
{
    char stamp[PATH_MAX * 2];
    struct stat st;
    snprintf(stamp, sizeof stamp, "%s/key.txt", entry);
    if (stat(stamp, &st) < 0) return 1;
    g_stamp = st.st_mtim, g_changed = 0;
    nftw(mods, newer_than_stamp, 32, FTW_PHYS);
    return g_changed;
}

int bcache_restore(bisect_ctx *c, const char *key, const char *pkg_dir, int log_fd)
{
    char entry[PATH_MAX * 2], mods[PATH_MAX * 2], dst[PATH_MAX * 2];
    struct stat st;
    if (!c->cache_dir[0] || !key[0]) return 0;
    entry_path(c, key, NULL, entry, sizeof entry);
    if (stat(entry, &st) < 0 || !S_ISDIR(st.st_mode)) return 0;
    entry_path(c, key, "node_modules", mods, sizeof mods);
    if (stat(mods, &st) == 0 && changed_since_stored(entry, mods)) {
        if (log_fd >= 0)
            dprintf(log_fd,
                    "leakcheck bisect: build cache entry %s was written to since it was "
                    "stored: removed, installing afresh\n",
                    entry);
        bproc_remove_tree(entry);
        c->cache_dropped++;
        return 0;
    }
    utimensat(AT_FDCWD, entry, NULL, 0); /* its last use, for eviction */
    if (stat(mods, &st) < 0) return 1;   /* the install made no node_modules */
    snprintf(dst, sizeof dst, "%s/node_modules", pkg_dir);
    if (bproc_copy(mods, dst, BCOPY_LINKS, -1) == 0) return 1;
    bproc_remove_tree(dst); /* another file system, most likely: copy */
    if (bproc_copy(mods, dst, BCOPY_TREE, log_fd) == 0) return 1;
    bproc_remove_tree(dst);
    return -1;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    int ok = fputs(text, f) >= 0;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

/* ---- size and eviction ---- */

static double g_tree_bytes; /* nftw has no user pointer */

static int add_size(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path, (void)flag, (void)ftw;
    g_tree_bytes += (double)st->st_blocks * 512;
    return 0;
}

static double tree_bytes(const char *path)
{
    g_tree_bytes = 0;
    nftw(path, add_size, 32, FTW_PHYS);
    return g_tree_bytes;
}

typedef struct {
    char key[65];
    double bytes;
    time_t used;
} cache_entry;

static int is_key(const char *name)
{
    return strlen(name) == 64 && strspn(name, "0123456789abcdef") == 64;
}

/* The entries, their sizes and last uses; *total the sum. */
static int list_entries(const bisect_ctx *c, cache_entry **out, double *total)
{
    DIR *d = opendir(c->cache_dir);
    int n = 0;
    *out = NULL, *total = 0;
    if (!d) return 0;
    for (struct dirent *e; (e = readdir(d)) && n < CACHE_MAX_ENTRIES;) {
        char path[PATH_MAX * 2];
        struct stat st;
        if (!is_key(e->d_name)) continue;
        entry_path(c, e->d_name, NULL, path, sizeof path);
        if (stat(path, &st) < 0) continue;
        *out = xrealloc(*out, (size_t)(n + 1) * sizeof **out);
        snprintf((*out)[n].key, sizeof(*out)[n].key, "%s", e->d_name);
        (*out)[n].used = st.st_mtime;
        *total += (*out)[n].bytes = tree_bytes(path);
        n++;
    }
    closedir(d);
    return n;
}

static int by_use(const void *a, const void *b)
{
    const cache_entry *x = a, *y = b;
    return (x->used > y->used) - (x->used < y->used);
}

/* Oldest first until the cache fits cache_size; keep (just used) stays. */
static void evict(bisect_ctx *c, const char *keep)
{
    cache_entry *e;
    double total;
    int n = list_entries(c, &e, &total);
    qsort(e, (size_t)n, sizeof *e, by_use);
    for (int i = 0; i < n && total > c->cache_size_bytes; i++) {
        char path[PATH_MAX * 2];
        if (!strcmp(e[i].key, keep)) continue;
        entry_path(c, e[i].key, NULL, path, sizeof path);
        if (bproc_remove_tree(path) == 0) total -= e[i].bytes, c->cache_evicted++;
    }
    free(e);
}

int bcache_store(bisect_ctx *c, const char *key, const char *pkg_dir, const char *info, int log_fd)
{
    char tmp[PATH_MAX * 2], path[PATH_MAX * 2], mods[PATH_MAX * 2];
    struct stat st;
    if (!c->cache_dir[0] || !key[0]) return 0;
    snprintf(tmp, sizeof tmp, "%s/.tmp-%d-%s", c->cache_dir, (int)getpid(), key);
    bproc_remove_tree(tmp); /* a leftover of this pid's predecessor */
    if (fs_mkdir_p(tmp) < 0) {
        if (log_fd >= 0)
            dprintf(log_fd, "leakcheck bisect: cannot create %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    snprintf(mods, sizeof mods, "%s/node_modules", pkg_dir);
    snprintf(path, sizeof path, "%s/node_modules", tmp);
    int ok = (stat(mods, &st) < 0 || bproc_copy(mods, path, BCOPY_TREE, log_fd) == 0);
    snprintf(path, sizeof path, "%s/key.txt", tmp);
    ok = ok && write_text(path, info) == 0;
    entry_path(c, key, NULL, path, sizeof path);
    if (ok && rename(tmp, path) < 0 && errno != EEXIST && errno != ENOTEMPTY) ok = 0;
    bproc_remove_tree(tmp); /* gone after a rename; else half-made or a twin's */
    if (ok) evict(c, key);
    return ok ? 0 : -1;
}

void bcache_usage(const bisect_ctx *c, int *entries, double *bytes)
{
    cache_entry *e;
    *entries = list_entries(c, &e, bytes);
    free(e);
}
