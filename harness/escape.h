/* escape.h — make untrusted strings safe for each output we write.
 *
 * Strings from the target's heap (class names, property names) and from its
 * responses are hostile: they may hold quotes, newlines, `</script>`, ANSI
 * escapes or invalid UTF-8. Every byte we print that came from the target goes
 * through one of these. All functions accept len = (size_t)-1 for "use strlen".
 * None allocate except esc_utf8_dup (caller frees). */
#ifndef LEAKCHECK_ESCAPE_H
#define LEAKCHECK_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#define ESC_STRLEN ((size_t)-1)

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid/truncated. */
size_t esc_utf8_seq_len(const unsigned char *s, size_t avail);

/* Terminal: valid printable UTF-8 passes, control bytes (incl. ESC) and
 * invalid bytes are written as \n, \t, \xNN. */
void esc_term(FILE *f, const char *s, size_t len);

/* YAML double-quoted scalar, quotes included. */
void esc_yaml(FILE *f, const char *s, size_t len);

/* TAP test-point description: one line, `#` and `\` escaped. */
void esc_tap_desc(FILE *f, const char *s, size_t len);

/* HTML text or attribute value: & < > " ' escaped, control/invalid bytes as U+FFFD. */
void esc_html(FILE *f, const char *s, size_t len);

/* XML 1.0 text/attribute (junit.xml): like esc_html, and drops chars XML forbids. */
void esc_xml(FILE *f, const char *s, size_t len);

/* A cell of a GitHub-flavoured Markdown table (GitHub renders it as HTML):
 * HTML's escapes, `|` and Markdown's inline marks (\ ` * _ [ ] ~) escaped
 * with a backslash, `@` as an entity (no mention), newlines and tabs as
 * spaces (a table row is one line). */
void esc_md_cell(FILE *f, const char *s, size_t len);

/* A NUL-terminated copy that is valid UTF-8 (invalid bytes become U+FFFD), for
 * jansson, which rejects invalid UTF-8. Never NULL (out of memory exits, see
 * xalloc.h). */
char *esc_utf8_dup(const char *s, size_t len);

#endif
