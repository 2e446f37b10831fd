/* report_json.h — <run dir>/report.json: the whole run, machine-readable.
 *
 * Schema: harness/report.schema.json (JSON Schema draft 2020-12), checked by
 * tests/report-json-matches-schema.t. Strings from the target go through
 * esc_utf8_dup (jansson rejects invalid UTF-8; JSON escaping is jansson's). */
#ifndef LEAKCHECK_REPORT_JSON_H
#define LEAKCHECK_REPORT_JSON_H

#include <jansson.h>

#include "result.h"

/* The report as a JSON value (caller json_decref's it). */
json_t *report_json_build(const run_result *r);

/* Writes report.json into the run dir. 0, or -1 with err. */
int report_json_write(const run_result *r, char *err, size_t errlen);

#endif
