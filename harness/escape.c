/* escape.c — output escaping for untrusted strings; see escape.h. */
#include "escape.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

size_t esc_utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, cp = c & 0x07;
    else
        return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* reject overlongs, surrogates and > U+10FFFF */
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

/* Bidirectional controls (U+202A..202E, U+2066..2069) can make a reported
 * name display as something else: they are written as code points, never
 * passed through. */
static unsigned bidi_control(const unsigned char *p, size_t n)
{
    if (n != 3 || p[0] != 0xE2) return 0;
    unsigned cp = 0x2000 | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ? cp : 0;
}

/* Walks s, writing valid non-control UTF-8 as is and handing every other byte
 * to special (invalid=1 for invalid UTF-8, 0 for a control or listed byte). */
typedef void (*esc_byte_fn)(FILE *f, unsigned char c, int invalid);
static void html_byte(FILE *f, unsigned char c, int invalid);
static void md_byte(FILE *f, unsigned char c, int invalid);

static const char *bidi_format = "\\u%04X";

static void esc_walk(FILE *f, const char *s, size_t len, esc_byte_fn special, const char *specials)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == ESC_STRLEN) len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c < 0x20 || c == 0x7F || (specials && c < 0x80 && strchr(specials, c) && c)) {
            special(f, c, 0);
            i++;
            continue;
        }
        size_t n = esc_utf8_seq_len(p + i, len - i);
        if (n == 0) {
            special(f, c, 1);
            i++;
            continue;
        }
        unsigned bidi = bidi_control(p + i, n);
        if (bidi) {
            fprintf(f, special == html_byte || special == md_byte ? "U+%04X" : bidi_format, bidi);
            i += n;
            continue;
        }
        fwrite(p + i, 1, n, f);
        i += n;
    }
}

static void term_byte(FILE *f, unsigned char c, int invalid)
{
    if (!invalid && c == '\n')
        fputs("\\n", f);
    else if (!invalid && c == '\t')
        fputs("\\t", f);
    else if (!invalid && c == '\r')
        fputs("\\r", f);
    else
        fprintf(f, "\\x%02X", c);
}

void esc_term(FILE *f, const char *s, size_t len)
{
    esc_walk(f, s, len, term_byte, NULL);
}

static void yaml_byte(FILE *f, unsigned char c, int invalid)
{
    if (invalid)
        fputs("\\uFFFD", f);
    else if (c == '"')
        fputs("\\\"", f);
    else if (c == '\\')
        fputs("\\\\", f);
    else if (c == '\n')
        fputs("\\n", f);
    else if (c == '\t')
        fputs("\\t", f);
    else if (c == '\r')
        fputs("\\r", f);
    else
        fprintf(f, "\\x%02X", c);
}

void esc_yaml(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    esc_walk(f, s, len, yaml_byte, "\"\\");
    fputc('"', f);
}

static void tap_byte(FILE *f, unsigned char c, int invalid)
{
    if (invalid)
        fputs("\xEF\xBF\xBD", f);
    else if (c == '#')
        fputs("\\#", f);
    else if (c == '\\')
        fputs("\\\\", f);
    else
        fputc(' ', f);
}

void esc_tap_desc(FILE *f, const char *s, size_t len)
{
    esc_walk(f, s, len, tap_byte, "#\\");
}

static void html_byte(FILE *f, unsigned char c, int invalid)
{
    if (invalid)
        fputs("&#xFFFD;", f);
    else if (c == '&')
        fputs("&amp;", f);
    else if (c == '<')
        fputs("&lt;", f);
    else if (c == '>')
        fputs("&gt;", f);
    else if (c == '"')
        fputs("&quot;", f);
    else if (c == '\'')
        fputs("&#39;", f);
    else if (c == '\n' || c == '\t')
        fputc(c, f);
    else
        fputs("&#xFFFD;", f);
}

void esc_html(FILE *f, const char *s, size_t len)
{
    esc_walk(f, s, len, html_byte, "&<>\"'");
}

void esc_xml(FILE *f, const char *s, size_t len)
{
    /* Same as HTML: XML 1.0 forbids control bytes other than \t \n \r, which
     * html_byte already replaces. */
    esc_walk(f, s, len, html_byte, "&<>\"'");
}

static void md_byte(FILE *f, unsigned char c, int invalid)
{
    if (!invalid && strchr("|\\`*_[]~", c))
        fprintf(f, "\\%c", c);
    else if (!invalid && c == '@')
        fputs("&#64;", f);
    else if (!invalid && (c == '\n' || c == '\t' || c == '\r'))
        fputc(' ', f);
    else
        html_byte(f, c, invalid);
}

void esc_md_cell(FILE *f, const char *s, size_t len)
{
    esc_walk(f, s, len, md_byte, "&<>\"'|\\`*_[]~@");
}

char *esc_utf8_dup(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    if (len == ESC_STRLEN) len = strlen(s);
    char *out = xmalloc(len * 3 + 1), *o = out;
    for (size_t i = 0; i < len;) {
        size_t n = p[i] ? esc_utf8_seq_len(p + i, len - i) : 0;
        if (n == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3), o += 3, i++;
        } else {
            memcpy(o, p + i, n), o += n, i += n;
        }
    }
    *o = 0;
    return out;
}
