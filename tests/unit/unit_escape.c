/* unit_escape.c — hostile strings from the heap are escaped for every output. */
#include "escape.h"
#include "tap.h"

#include <stdlib.h>

typedef void (*esc_fn)(FILE *, const char *, size_t);

static char *run(esc_fn fn, const char *s, size_t len)
{
    static char out[1024];
    FILE *f = fmemopen(out, sizeof out, "w");
    fn(f, s, len);
    fclose(f);
    return out;
}

int main(void)
{
    is_str(run(esc_term, "a\x1b[31mred\n", ESC_STRLEN), "a\\x1B[31mred\\n",
           "terminal: ANSI escape and newline neutralised");
    is_str(run(esc_term, "caf\xc3\xa9", ESC_STRLEN), "caf\xc3\xa9", "terminal: valid UTF-8 kept");
    is_str(run(esc_term, "bad\xff\xc3", ESC_STRLEN), "bad\\xFF\\xC3",
           "terminal: invalid UTF-8 shown as bytes");
    is_str(run(esc_yaml, "say \"hi\"\n\\", ESC_STRLEN), "\"say \\\"hi\\\"\\n\\\\\"",
           "yaml: quotes, newline, backslash");
    is_str(run(esc_yaml, "\xed\xa0\x80", ESC_STRLEN), "\"\\uFFFD\\uFFFD\\uFFFD\"",
           "yaml: UTF-8 surrogate rejected");
    is_str(run(esc_html, "</script><b a='1'>&", ESC_STRLEN),
           "&lt;/script&gt;&lt;b a=&#39;1&#39;&gt;&amp;", "html: markup escaped");
    is_str(run(esc_tap_desc, "a # b\nc\\", ESC_STRLEN), "a \\# b c\\\\",
           "tap description: # and \\ escaped, one line");
    is_str(run(esc_term, "a\0b", 3), "a\\x00b", "explicit length passes NUL through escaped");
    char *d = esc_utf8_dup("ok\xc0\xaf", ESC_STRLEN);
    is_str(d, "ok\xEF\xBF\xBD\xEF\xBF\xBD", "utf8_dup: overlong sequence replaced");
    free(d);
    ok(esc_utf8_seq_len((const unsigned char *)"\xf0\x9f\x98\x80", 4) == 4, "emoji is 4 bytes");
    ok(esc_utf8_seq_len((const unsigned char *)"\xf0\x9f\x98", 3) == 0, "truncated emoji invalid");
    is_str(run(esc_term, "user\xe2\x80\xaegnp.exe", ESC_STRLEN), "user\\u202Egnp.exe",
           "terminal: right-to-left override shown as a code point");
    is_str(run(esc_html, "a\xe2\x81\xa6" "b", ESC_STRLEN), "aU+2066b", "html: bidi isolate neutralised");
    is_str(run(esc_yaml, "\xe2\x80\xaa", ESC_STRLEN), "\"\\u202A\"", "yaml: bidi embedding escaped");
    is_str(run(esc_md_cell, "a|b `c` *d* _e_ [f](g) ~h~ \\ @i", ESC_STRLEN),
           "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\~h\\~ \\\\ &#64;i",
           "markdown cell: pipe, code, emphasis, links, strike, backslash, mention");
    is_str(run(esc_md_cell, "<img src=x onerror=alert(1)>&\"'\nrow\x1b", ESC_STRLEN),
           "&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39; row&#xFFFD;",
           "markdown cell: HTML escaped, newline a space, ESC replaced");
    is_str(run(esc_md_cell, "a\xe2\x80\xae" "b\xff", ESC_STRLEN), "aU+202Eb&#xFFFD;",
           "markdown cell: bidi override and invalid UTF-8 neutralised");
    return tap_done();
}
