/* fuzz_agent.c — libFuzzer target: agent_parse_line on one line from the
 * target's agent (the target is untrusted), then what the harness does with a
 * sample reply (sample_from_json) and the escaping of its strings. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "escape.h"
#include "sample.h"

static FILE *devnull;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    agent_msg m;
    char err[128] = "";
    if (!devnull) devnull = fopen("/dev/null", "w");
    if (agent_parse_line((const char *)data, size, &m, err, sizeof err) < 0) {
        if (!err[0]) abort();
        return 0;
    }
    if (m.type == AGENT_MSG_SAMPLE) {
        sample s;
        memset(&s, 0, sizeof s);
        sample_from_json(m.json, &s);
        esc_term(devnull, s.resources_detail, ESC_STRLEN);
    }
    esc_term(devnull, m.node_version, ESC_STRLEN);
    char *u = esc_utf8_dup((const char *)data, size);
    free(u);
    esc_html(devnull, (const char *)data, size);
    esc_xml(devnull, (const char *)data, size);
    esc_yaml(devnull, (const char *)data, size);
    esc_tap_desc(devnull, (const char *)data, size);
    json_decref(m.json);
    return 0;
}
