/* escape_json.c — untrusted strings into jansson; see escape_json.h. */
#include "escape_json.h"

#include <stdlib.h>

#include "escape.h"

json_t *esc_json_str(const char *s)
{
    if (!s) return json_null();
    char *safe = esc_utf8_dup(s, ESC_STRLEN);
    json_t *j = json_string(safe);
    free(safe);
    return j;
}
