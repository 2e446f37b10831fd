/* escape_json.h — a string from the target as a jansson value.
 *
 * jansson rejects invalid UTF-8, and strings from the target's heap or
 * responses may hold any bytes, so every such string becomes a JSON value
 * through here: esc_utf8_dup (invalid bytes as U+FFFD), then json_string.
 * Kept apart from escape.c so that escape.c needs no jansson. */
#ifndef LEAKCHECK_ESCAPE_JSON_H
#define LEAKCHECK_ESCAPE_JSON_H

#include <jansson.h>

/* NULL → json_null(); otherwise a new JSON string of s made valid UTF-8.
 * The caller owns the reference (json_object_set_new and json_pack "o"
 * take it). */
json_t *esc_json_str(const char *s);

#endif
