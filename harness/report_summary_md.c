/* report_summary_md.c — the GitHub job summary table; see report_summary_md.h. */
#include "report_summary_md.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "verdict.h"

static void cell(FILE *f, const char *s)
{
    esc_md_cell(f, s, ESC_STRLEN);
    fputs(" | ", f);
}

static const char *verdict_mark(const endpoint_result *e)
{
    if (e->outcome == EP_PASS) return "✅ pass";
    if (e->outcome == EP_INCONCLUSIVE)
        return verdict_endpoint_ok(e) ? "⚠️ inconclusive" : "❌ inconclusive";
    if (e->outcome == EP_NOT_RUN) return "➖ not run";
    return e->outcome == EP_ERROR ? "❌ error" : "❌ fail";
}

static void endpoint_row(FILE *f, const endpoint_result *e)
{
    const signal_result *h = &e->signals[SIG_HEAP];
    fputs("| ", f);
    cell(f, e->ep->name);
    fprintf(f, "%s | ", verdict_mark(e));
    if (h->fitted)
        fprintf(f, "%.1f (%.0f%% CI %.1f … %.1f) | ", h->fit.slope, h->fit.confidence * 100,
                h->fit.ci_low, h->fit.ci_high);
    else
        fputs("— | ", f);
    if (h->judged)
        fprintf(f, "%.1f | ", h->budget);
    else
        fputs("— | ", f);
    if (e->outcome != EP_PASS && e->reason[0]) {
        fprintf(f, "%s: ", verdict_cause_name(e->cause));
        esc_md_cell(f, e->reason, ESC_STRLEN);
    }
    if (e->hint[0]) {
        fputs(e->outcome != EP_PASS && e->reason[0] ? "<br>hint: " : "hint: ", f);
        esc_md_cell(f, e->hint, ESC_STRLEN);
    }
    fputs(" |\n", f);
}

void report_summary_md(FILE *f, const run_result *r)
{
    int ok = 0;
    for (int i = 0; i < r->n_endpoints; i++)
        ok += verdict_endpoint_ok(&r->endpoints[i]);
    fputs("### leakcheck: ", f);
    esc_md_cell(f, r->cfg->scenario_path, ESC_STRLEN);
    fprintf(f, "\n\n%s %d of %d endpoints within budget (exit %d, %.1f s). Reports in ",
            ok == r->n_endpoints ? "✅" : "❌", ok, r->n_endpoints, r->exit_code, r->wall_s);
    esc_md_cell(f, r->run_dir, ESC_STRLEN);
    fputs(".\n\n", f);
    if (r->fatal[0]) {
        fputs("**", f);
        esc_md_cell(f, r->fatal, ESC_STRLEN);
        fputs("**\n\n", f);
    }
    fputs("| endpoint | verdict | heap B/request | budget B/request | cause / hint |\n"
          "| --- | --- | --- | --- | --- |\n",
          f);
    for (int i = 0; i < r->n_endpoints; i++)
        endpoint_row(f, &r->endpoints[i]);
    fputc('\n', f);
}

int report_summary_md_append(const run_result *r, const char *path, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return snprintf(err, errlen, "%s: %s", path, strerror(errno)), -1;
    report_summary_md(m, r);
    fclose(m);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    ssize_t n = fd < 0 ? -1 : write(fd, buf, len); /* one write: whole or not at all */
    int e = errno;
    if (fd >= 0 && close(fd) < 0 && n >= 0) n = -1, e = errno;
    free(buf);
    if (n == (ssize_t)len) return 0;
    snprintf(err, errlen, "GITHUB_STEP_SUMMARY %s: cannot append: %s", path,
             n < 0 ? strerror(e) : "short write");
    return -1;
}
