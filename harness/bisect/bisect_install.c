/* bisect_install.c — a commit's dependency install: which command, where,
 * and under which build-cache key (bisect_cache.c keeps what it made).
 *
 * The command (decided once, at set-up, from [bisect] install and build):
 *   install = CMD        CMD, then build runs after it
 *   install = none       no install step; build does what it does
 *   neither set          npm's own choice per commit (below)
 *   build = npm ci       a plain install (npm ci|install|i|clean-install,
 *                        yarn [install], pnpm install|i, with only flags)
 *                        is the install; `build = npm ci && npm run build`
 *                        is split at its first && into install and build
 *   build = other        npm's choice first, then build; but a build that
 *                        installs by itself elsewhere in it (npm install
 *                        inside a script line) gets no second install, and
 *                        is not cached (a note says how to split it)
 *
 * npm's choice, per commit, in the folder of the nearest package.json at or
 * above the scenario's place (none: no install): `npm ci` where the commit
 * has package-lock.json or npm-shrinkwrap.json, else `npm install
 * --no-package-lock` (libraries seldom commit a lockfile, and npm ci refuses
 * to run without one). A configured npm ci on a commit without a lockfile
 * is not run: the commit is skipped with a note naming the fix.
 *
 * The key is SHA-256 of key.txt, the text of what the install reads: the
 * command, node's version, NODE_ENV, the package folder, the SHA-256 of
 * package.json, of each lockfile (npm, yarn, pnpm) and of .npmrc, and the
 * git object id of every file:/link: dependency inside the repository (a
 * folder's tree id changes when any file in it does). Not cached: a
 * package.json with workspaces (their node_modules are elsewhere), a
 * file: dependency outside the commit, --no-cache. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bisect_int.h"
#include "sha256.h"
#include "xalloc.h"

#define SHELL_CHARS ";&|<>$`()\\\"'*?#~{}[]\n"

static const char *const install_words[] = {"npm ci",
                                            "npm install",
                                            "npm i",
                                            "npm clean-install",
                                            "npm ic",
                                            "npm install-clean",
                                            "yarn install",
                                            "pnpm install",
                                            "pnpm i",
                                            "yarn",
                                            NULL}; /* bare yarn last: not a mention */
static const char *const npm_ci_words[] = {"npm ci", "npm clean-install", "npm ic",
                                           "npm install-clean", NULL};

/* cmd is WORDS (one of list) followed by flags only, no shell syntax. */
static int is_plain(const char *cmd, size_t len, const char *const *list)
{
    char buf[1024];
    if (len >= sizeof buf) return 0;
    memcpy(buf, cmd, len), buf[len] = 0;
    if (strpbrk(buf, SHELL_CHARS)) return 0;
    for (int i = 0; list[i]; i++) {
        char words[1024], *save = NULL, *w;
        int n_words = strchr(list[i], ' ') ? 2 : 1, k = 0, ok = 1;
        snprintf(words, sizeof words, "%s", buf);
        const char *want = list[i];
        for (w = strtok_r(words, " \t", &save); w && ok; w = strtok_r(NULL, " \t", &save), k++) {
            if (k < n_words) { /* the command's words, then flags only */
                size_t n = strcspn(want, " ");
                ok = strlen(w) == n && !strncmp(w, want, n);
                want += n + (want[n] == ' ');
            } else
                ok = w[0] == '-'; /* npm install left-pad: not a plain install */
        }
        if (ok && k >= n_words) return 1;
    }
    return 0;
}

/* One of the install words appears as a command anywhere in cmd. */
static int mentions_install(const char *cmd)
{
    for (int i = 0; install_words[i] && strcmp(install_words[i], "yarn"); i++)
        for (const char *p = strstr(cmd, install_words[i]); p;
             p = strstr(p + 1, install_words[i])) {
            char after = p[strlen(install_words[i])];
            if ((p == cmd || strchr(" \t;&|(", p[-1])) && strchr(" \t;&|)", after ? after : ' '))
                return 1;
        }
    return 0;
}

void binstall_configure(bisect_ctx *c, const char *install)
{
    const char *b = c->build, *and_and = b ? strstr(b, "&&") : NULL;
    c->install_mode = INSTALL_AUTO;
    if (install) {
        c->install_mode = strcmp(install, "none") ? INSTALL_CMD : INSTALL_NONE;
        if (c->install_mode == INSTALL_CMD) c->install_cmd = xstrdup(install);
    } else if (b && is_plain(b, strlen(b), install_words)) {
        c->install_mode = INSTALL_CMD, c->install_cmd = xstrdup(b);
        free(c->build), c->build = NULL;
    } else if (and_and && is_plain(b, (size_t)(and_and - b), install_words)) {
        c->install_mode = INSTALL_CMD;
        c->install_cmd = xstrdup(b);
        c->install_cmd[and_and - b] = 0;
        char *rest = xstrdup(and_and + 2);
        free(c->build), c->build = rest;
    } else if (b && mentions_install(b)) {
        c->install_mode = INSTALL_NONE;
        bisect_note(c, "[bisect] build installs dependencies itself, so its installs are not "
                       "cached: begin it with the install and && (build = npm ci && npm run "
                       "build), or set [bisect] install");
    }
}

/* ---- per commit ---- */

static int exists(const char *dir, const char *name)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

/* The nearest folder holding package.json, from the scenario's folder up to
 * the worktree's top; 0 when there is none. */
static int package_dir(const char *wt, const char *scen_dir, char *out, size_t len)
{
    size_t top = strlen(wt);
    snprintf(out, len, "%s", scen_dir);
    for (;;) {
        if (exists(out, "package.json")) return 1;
        char *slash = strrchr(out, '/');
        if (strlen(out) <= top || !slash || (size_t)(slash - out) < top) return 0;
        *slash = 0;
    }
}

static void appendf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void appendf(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = strlen(buf);
    if (used >= len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* "sha256 NAME HEX" or "absent NAME" into the key text. */
static void key_file(install_plan *p, const char *name)
{
    char path[PATH_MAX * 2], hex[65], buf[65536];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return appendf(p->info, sizeof p->info, "absent %s\n", name);
    sha256_ctx s;
    sha256_init(&s);
    for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;)
        sha256_update(&s, buf, n);
    fclose(f);
    sha256_final_hex(&s, hex);
    appendf(p->info, sizeof p->info, "sha256 %s %s\n", name, hex);
}

/* file:/link: dependencies by their git object ids; 0, or -1 with
 * p->uncached set when one is not in the commit. */
static int key_local_deps(install_plan *p, json_t *pkg)
{
    static const char *const fields[] = {"dependencies", "devDependencies", "optionalDependencies",
                                         NULL};
    for (int i = 0; fields[i]; i++) {
        const char *name;
        json_t *spec;
        json_object_foreach(json_object_get(pkg, fields[i]), name, spec)
        {
            const char *v = json_string_value(spec), *path;
            if (!v) continue;
            if (!strncmp(v, "file:", 5))
                path = v + 5;
            else if (!strncmp(v, "link:", 5))
                path = v + 5;
            else
                continue;
            char oid[65];
            if (path[0] == '/' || bgit_object_id(p->dir, path, oid) < 0)
                return snprintf(p->uncached, sizeof p->uncached,
                                "dependency %.80s (%.80s) is not in the commit", name, v),
                       -1;
            appendf(p->info, sizeof p->info, "git %s %s %s\n", fields[i], name, oid);
        }
    }
    return 0;
}

static const char *node_version(bisect_ctx *c)
{
    if (!c->node_version[0]) {
        char *argv[] = {"node", "--version", NULL}, *out = NULL;
        int code = bproc_capture(argv, NULL, -1, &out);
        snprintf(c->node_version, sizeof c->node_version, "%s",
                 code == 0 && out ? strtok(out, "\r\n") : "none");
        if (!c->node_version[0]) snprintf(c->node_version, sizeof c->node_version, "none");
        free(out);
    }
    return c->node_version;
}

static void make_key(bisect_ctx *c, const char *wt, install_plan *p)
{
    static const char *const files[] = {"package.json",
                                        "package-lock.json",
                                        "npm-shrinkwrap.json",
                                        "yarn.lock",
                                        "pnpm-lock.yaml",
                                        ".npmrc",
                                        NULL};
    const char *env = getenv("NODE_ENV"), *rel = p->dir + strlen(wt);
    char path[PATH_MAX * 2];
    snprintf(p->info, sizeof p->info,
             "leakcheck bisect build cache 1\ninstall %s\nnode %s\nNODE_ENV %s\nfolder /%s\n",
             p->cmd, node_version(c), env ? env : "", *rel == '/' ? rel + 1 : rel);
    for (int i = 0; files[i]; i++)
        key_file(p, files[i]);
    snprintf(path, sizeof path, "%s/package.json", p->dir);
    json_t *pkg = json_load_file(path, 0, NULL);
    if (json_object_get(pkg, "workspaces"))
        snprintf(p->uncached, sizeof p->uncached,
                 "package.json has workspaces (their node_modules are not kept)");
    else
        key_local_deps(p, pkg);
    json_decref(pkg);
    if (p->uncached[0]) return;
    if (strlen(p->info) >= sizeof p->info - 1) {
        snprintf(p->uncached, sizeof p->uncached, "too many dependencies to key");
        return;
    }
    sha256_ctx s;
    sha256_init(&s);
    sha256_update(&s, p->info, strlen(p->info));
    sha256_final_hex(&s, p->key);
}

int binstall_plan(bisect_ctx *c, const char *wt, const char *scen_dir, install_plan *p)
{
    memset(p, 0, sizeof *p);
    if (c->install_mode == INSTALL_NONE) return 0;
    int have_pkg = package_dir(wt, scen_dir, p->dir, sizeof p->dir);
    int lock =
        have_pkg && (exists(p->dir, "package-lock.json") || exists(p->dir, "npm-shrinkwrap.json"));
    if (c->install_mode == INSTALL_AUTO) {
        if (!have_pkg) return 0;
        snprintf(p->cmd, sizeof p->cmd, "%s",
                 lock ? "npm ci --no-audit --no-fund"
                      : "npm install --no-package-lock --no-audit --no-fund");
    } else {
        if (!have_pkg) snprintf(p->dir, sizeof p->dir, "%s", scen_dir);
        snprintf(p->cmd, sizeof p->cmd, "%s", c->install_cmd);
        if (!lock && is_plain(p->cmd, strlen(p->cmd), npm_ci_words))
            return snprintf(p->refusal, sizeof p->refusal,
                            "'%.60s' needs a package-lock.json (or npm-shrinkwrap.json) and "
                            "this commit has none: leave [bisect] install and build unset (npm "
                            "ci where there is a lockfile, npm install --no-package-lock where "
                            "there is none), or set install = npm install --no-package-lock",
                            p->cmd),
                   0;
        if (!have_pkg) snprintf(p->uncached, sizeof p->uncached, "no package.json");
    }
    if (!c->cache_dir[0])
        snprintf(p->uncached, sizeof p->uncached, "%s",
                 c->no_cache                ? "--no-cache"
                 : c->cache_size_bytes <= 0 ? "[bisect] cache_size = 0"
                                            : "no cache folder: HOME is not set");
    if (!p->uncached[0]) make_key(c, wt, p);
    return 0;
}
