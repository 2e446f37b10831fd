/* unit_config.c — scenario parsing: a valid file, overrides, and every error
 * path with its file:line message. */
#include "config.h"
#include "tap.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/leakcheck-config-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

/* Loads text as scenario.ini; returns the error message ("" when it loaded). */
static const char *load(const char *text, config *c)
{
    static char err[1024];
    err[0] = 0;
    if (config_load(c, NULL, write_file("scenario.ini", text), err, sizeof err) == 0) return "";
    /* strip the directory so expectations read like what users see */
    char *slash = strrchr(err, '/');
    char *colon = strchr(err, ':');
    if (slash && colon && slash < colon) memmove(err, slash + 1, strlen(slash));
    return err;
}

static void expect_error(const char *text, const char *want, const char *name)
{
    config c;
    const char *got = load(text, &c);
    if (!ok(strstr(got, want) != NULL, "%s", name)) printf("#   got '%s'\n#   want '%s'\n", got, want);
    config_free(&c);
}

#define TARGET "[target]\ncommand = node app.js\n"
#define EP "[endpoint \"e\"]\npath = /\n"

static void valid_file(void)
{
    config c;
    const char *err = load("; a scenario\n"
                           "[target]\n"
                           "command = node app.js --flag\n"
                           "env = NODE_ENV=production\n"
                           "env = A=b=c\n"
                           "ready_path = /health\n"
                           "ready_timeout = 2s\n"
                           "[load]\n"
                           "concurrency = 4\n"
                           "step = 1k\n"
                           "[budget]\n"
                           "heap = 128B\n"
                           "rss = 1KiB\n"
                           "[endpoint \"list users\"]\n"
                           "path = /users/{{seq}}\n"
                           "header = X-Tenant: t-{{seq%50}}\n"
                           "header = Accept: application/json\n"
                           "[endpoint \"create\"]\n"
                           "method = PUT\n"
                           "path = /items\n"
                           "body = {\"a\":1; \"b\":2}\n"
                           "budget = 256B\n"
                           "concurrency = 2\n"
                           "expect = 200,201\n",
                           &c);
    is_str(err, "", "valid scenario loads");
    if (*err) return;
    is_str(c.target.command, "node app.js --flag", "command");
    is_int(c.target.n_env, 2, "two env entries");
    is_str(c.target.env[1], "A=b=c", "env value keeps '='");
    is_int(c.target.ready_timeout_ms, 2000, "ready_timeout");
    ok(c.target.cwd && c.target.cwd[0] == '/', "cwd defaults to the scenario folder (absolute)");
    is_int(c.n_endpoints, 2, "two endpoints");
    endpoint_cfg *a = &c.endpoints[0], *b = &c.endpoints[1];
    is_str(a->name, "list users", "endpoint name from the section");
    is_str(a->method, "GET", "method defaults to GET");
    is_int(a->n_headers, 2, "repeated header keys kept in order");
    is_int(a->load.concurrency, 4, "[load] applies to endpoints");
    is_int(a->load.step, 1000, "1k requests per step");
    is_near(a->budget.heap_bytes_per_req, 128, 0, "[budget] heap");
    is_near(a->budget.rss_bytes_per_req, 1024, 0, "[budget] rss");
    is_str(b->method, "PUT", "explicit method");
    is_str(b->body_src, "{\"a\":1; \"b\":2}", "';' without a space before it stays in the body");
    is_near(b->budget.heap_bytes_per_req, 256, 0, "endpoint budget overrides [budget] heap");
    is_int(b->load.concurrency, 2, "endpoint overrides a [load] key");
    ok(config_expect_has(b->expect, 201) && !config_expect_has(b->expect, 204),
       "expect 200,201");
    ok(config_expect_has(a->expect, 204) && !config_expect_has(a->expect, 301),
       "expect defaults to 2xx");
    config_free(&c);
}

static void long_lines_and_defaults(void)
{
    char text[4096], body[1500];
    memset(body, 'x', sizeof body - 1);
    body[sizeof body - 1] = 0;
    snprintf(text, sizeof text, TARGET "[endpoint \"big\"]\npath = /\nbody = %s\n", body);
    config c;
    is_str(load(text, &c), "", "a 1.5 KB body line loads (inih's 200-byte cut is off)");
    ok(c.n_endpoints == 1 && c.endpoints[0].body_src && strlen(c.endpoints[0].body_src) == 1499,
       "the whole body is kept");
    config_free(&c);

    const char *defaults = write_file("harness.ini", "[load]\nconcurrency = 3\nwarmup = 7\n");
    const char *scen =
        write_file("s2.ini", TARGET "[load]\nwarmup = 9\n" EP);
    char err[512];
    ok(config_load(&c, defaults, scen, err, sizeof err) == 0, "harness.ini + scenario load");
    is_int(c.endpoints[0].load.concurrency, 3, "harness.ini default applies");
    is_int(c.endpoints[0].load.warmup, 9, "scenario wins over harness.ini");
    config_free(&c);

    ok(config_load(&c, "harness.ini.example", scen, err, sizeof err) == 0,
       "harness.ini.example is itself a valid harness.ini (%s)", err);
    config_free(&c);

    write_file("body.json", "{\"from\": \"file\"}");
    is_str(load(TARGET "[endpoint \"f\"]\npath = /\nbody_file = body.json\n", &c), "",
           "body_file loads");
    is_str(c.endpoints[0].body_src, "{\"from\": \"file\"}", "body_file read relative to scenario");
    is_str(c.endpoints[0].method, "POST", "a body defaults the method to POST");
    config_free(&c);
}

static void errors(void)
{
    expect_error(TARGET "[load]\nconcurrancy = 4\n" EP,
                 "scenario.ini:4: unknown key 'concurrancy' in [load] (did you mean 'concurrency'?)",
                 "typo in a key: line and suggestion");
    expect_error(TARGET "[load]\nfrobnicate = 4\n" EP,
                 "scenario.ini:4: unknown key 'frobnicate' in [load] (valid keys: concurrency,",
                 "unknown key: list of valid keys");
    expect_error(TARGET "[laod]\n" EP, "scenario.ini:3: unknown section [laod] (did you mean [load]?)",
                 "typo in a section");
    expect_error(TARGET "scheme = tls\n" EP,
                 "scenario.ini:3: bad value 'tls' for 'scheme': expected http or https",
                 "bad scheme");
    expect_error(TARGET "[load]\nhttp = 3\n" EP,
                 "scenario.ini:4: bad value '3' for 'http': expected 1.1 or 2", "bad HTTP version");
    expect_error(TARGET "insecure = true\n" EP,
                 "insecure are for HTTPS: add scheme = https", "TLS keys without https");
    expect_error(TARGET "scheme = https\nca_file = nowhere.pem\n" EP,
                 "[target] ca_file 'nowhere.pem' (", "a ca_file that is not there is named");
    expect_error(TARGET "[load]\nstep = lots\n" EP,
                 "scenario.ini:4: bad value 'lots' for 'step': expected a whole number",
                 "bad count");
    expect_error(TARGET "[load]\ntimeout = 5\n" EP,
                 "scenario.ini:4: bad value '5' for 'timeout': expected a duration with a unit",
                 "duration without unit");
    expect_error(TARGET "[budget]\nheap = 64\n" EP,
                 "scenario.ini:4: bad value '64' for 'heap': expected a size with a unit",
                 "size without unit");
    expect_error(TARGET "[load]\nconcurrency = 0\n" EP,
                 "scenario.ini:4: bad value '0' for 'concurrency': expected a whole number, e.g. "
                 "2500 or 10k, from 1 to 1024",
                 "out of range");
    expect_error("[load]\nconcurrency = 4\n" EP, "scenario.ini: missing required key 'command' in [target]",
                 "missing command");
    expect_error(TARGET, "scenario.ini: no endpoints", "no endpoints");
    expect_error(TARGET "[endpoint \"e\"]\nmethod = GET\n",
                 "scenario.ini:3: endpoint \"e\" has no 'path'", "endpoint without path");
    expect_error(TARGET "[endpoint \"e\"]\n", "scenario.ini:3: endpoint \"e\" has no 'path'",
                 "endpoint section with no keys at the end");
    expect_error(TARGET EP "[endpoint \"e\"]\npath = /x\n",
                 "scenario.ini:5: duplicate endpoint \"e\" (first defined at line 3)",
                 "duplicate endpoint");
    expect_error(TARGET "[endpoint \"e\"]\npath = /u/{{id}}\n",
                 "scenario.ini:4: bad path: unknown template '{{id}}'", "unknown template");
    expect_error(TARGET "[endpoint \"e\"]\npath = users\n",
                 "scenario.ini:4: bad path 'users': must start with '/'", "relative path");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nheader = NoColon\n",
                 "scenario.ini:5: bad header 'NoColon': expected 'Name: value'", "bad header");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nexpect = 2xy\n",
                 "scenario.ini:5: bad expect '2xy'", "bad expect");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nmethod = get\n",
                 "scenario.ini:5: bad method 'get'", "lower-case method");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nbudget.rs = 1B\n",
                 "scenario.ini:5: unknown key 'budget.rs' in [endpoint] (did you mean 'budget.rss'?)",
                 "typo in an endpoint budget key");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nbody_file = missing.json\n",
                 "scenario.ini:5: body_file 'missing.json': No such file or directory",
                 "missing body_file");
    expect_error(TARGET "this line has no equals sign\n" EP,
                 "scenario.ini:3: syntax error", "syntax error line");
    expect_error(TARGET "[endpoint \"a name that is far too long for inih's section\"]\npath = /\n",
                 "scenario.ini:3: section name [endpoint \"a name that is far too long fo...] is 57 bytes; the limit is 48",
                 "endpoint name over 48 bytes rejected, not truncated");
    expect_error(TARGET "[endpoint users]\npath = /\n",
                 "scenario.ini:3: unknown section [endpoint users]", "unquoted endpoint name");
    expect_error("command = x\n" TARGET EP, "scenario.ini:1: key 'command' outside any section",
                 "key before any section");
    expect_error(TARGET "env = NOEQUALS\n" EP, "scenario.ini:3: bad env 'NOEQUALS'", "bad env");
    expect_error(TARGET "cwd = /nonexistent/dir\n" EP, "target cwd '/nonexistent/dir'", "bad cwd");
    expect_error(TARGET "[snapshots]\nmode = sometimes\n" EP,
                 "scenario.ini:4: bad value 'sometimes' for 'mode': expected never, on-failure or "
                 "always",
                 "bad snapshot mode");
    expect_error("[target]\ncommand = \"  \"\n" EP, "scenario.ini:2: bad command: command is empty",
                 "a blank command is a config error with its line");
    expect_error("[target]\ncommand = node \"app.js\n" EP,
                 "scenario.ini:2: bad command: unterminated \" quote in command",
                 "an unterminated quote is a config error with its line");
    expect_error(TARGET "[endpoint \"\"]\npath = /\n", "scenario.ini:3: endpoint name is empty",
                 "an empty endpoint name");
    expect_error(TARGET "[load]\nstep = " "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "\n" EP, "...' for 'step': expected a whole number", "a long bad value is cut, the key stays named");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nbody_file = /\n",
                 "scenario.ini:5: body_file '/': Is a directory", "a directory as body_file");
    expect_error(TARGET "[endpoint \"e\"]\npath = /\nbody_file = /dev/zero\n",
                 "scenario.ini:5: body_file '/dev/zero': Invalid argument", "a device as body_file");
    config c;
    char err[512];
    ok(config_load(&c, NULL, "/", err, sizeof err) < 0 && strstr(err, "/: cannot read: Is a directory"),
       "a directory as the scenario: %s", err);
    config_free(&c);
    ok(config_load(&c, NULL, "/nonexistent.ini", err, sizeof err) < 0 &&
           strstr(err, "/nonexistent.ini: cannot read") != NULL,
       "missing file named");
    config_free(&c);
}

/* [endpoint "id"] + name = ...: the long name is the test name; --endpoint
 * finds it by either; names stay unique; a long section still points here. */
static void endpoint_names(void)
{
    config c;
    const char *err = load(TARGET "[endpoint \"members\"]\n"
                                  "name = GET /api/v1/organizations/:orgId/members?page={{seq}}\n"
                                  "path = /m\n" EP,
                           &c);
    is_str(err, "", "a name key loads");
    if (!err[0]) {
        is_str(c.endpoints[0].name, "GET /api/v1/organizations/:orgId/members?page={{seq}}",
               "the name is the test name, untouched");
        is_str(c.endpoints[0].id, "members", "the section keeps its id");
        ok(config_endpoint_is(&c.endpoints[0], "members") &&
               config_endpoint_is(&c.endpoints[0],
                                  "GET /api/v1/organizations/:orgId/members?page={{seq}}") &&
               !config_endpoint_is(&c.endpoints[0], "e"),
           "--endpoint finds it by name or id");
        is_str(c.endpoints[1].name, "e", "without a name key, the id is the name");
    }
    config_free(&c);
    expect_error(TARGET "[endpoint \"a\"]\nname = e\npath = /\n" EP,
                 "scenario.ini:6: endpoint name \"e\" is also the name of the endpoint at",
                 "two endpoints with one name rejected");
    expect_error(TARGET "[endpoint \"a\"]\nname =\npath = /\n", "scenario.ini:4: name is empty",
                 "an empty name rejected");
    char big[400] = TARGET "[endpoint \"a\"]\nname = ";
    memset(big + strlen(big), 'n', 300);
    strcat(big, "\npath = /\n");
    expect_error(big, "scenario.ini:4: name is 300 bytes; the limit is 256",
                 "a 300-byte name rejected");
    expect_error(TARGET "[endpoint \"GET /api/v1/organizations/:orgId/members\"]\npath = /\n",
                 "the limit is 48 (inih cuts longer ones): give the endpoint a short id and its "
                 "full name inside, e.g. [endpoint \"members\"] and name = ",
                 "a long section name: the message suggests the name key");
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    valid_file();
    long_lines_and_defaults();
    errors();
    endpoint_names();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) {}
    return tap_done();
}
