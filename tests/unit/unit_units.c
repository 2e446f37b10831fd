/* unit_units.c — durations, sizes, counts, ratios, booleans. */
#include "tap.h"
#include "units.h"

int main(void)
{
    int64_t ms, n;
    double b, r;
    int v;
    ok(units_parse_duration_ms("5s", &ms) == 0 && ms == 5000, "5s is 5000 ms");
    ok(units_parse_duration_ms("250ms", &ms) == 0 && ms == 250, "250ms");
    ok(units_parse_duration_ms("1.5s", &ms) == 0 && ms == 1500, "1.5s");
    ok(units_parse_duration_ms("2m", &ms) == 0 && ms == 120000, "2m");
    ok(units_parse_duration_ms("0", &ms) == 0 && ms == 0, "bare 0 needs no unit");
    ok(units_parse_duration_ms("5", &ms) < 0, "bare 5 is ambiguous: rejected");
    ok(units_parse_duration_ms("5 s", &ms) == 0 && ms == 5000, "space before unit");
    ok(units_parse_duration_ms("5sec", &ms) < 0, "unknown unit rejected");
    ok(units_parse_duration_ms("-1s", &ms) < 0, "negative duration rejected");
    ok(units_parse_duration_ms("s", &ms) < 0, "unit without number rejected");
    ok(units_parse_bytes("64B", &b) == 0 && b == 64, "64B");
    ok(units_parse_bytes("4KiB", &b) == 0 && b == 4096, "4KiB is 4096");
    ok(units_parse_bytes("4KB", &b) == 0 && b == 4000, "4KB is 4000");
    ok(units_parse_bytes("1MB", &b) == 0 && b == 1e6, "1MB");
    ok(units_parse_bytes("1MiB", &b) == 0 && b == 1048576, "1MiB");
    ok(units_parse_bytes("0.5B", &b) == 0 && b == 0.5, "fractional bytes per request");
    ok(units_parse_bytes("64", &b) < 0, "size without unit rejected");
    ok(units_parse_bytes("64XB", &b) < 0, "unknown size unit rejected");
    ok(units_parse_bytes("nan", &b) < 0, "nan rejected");
    ok(units_parse_count("2500", &n) == 0 && n == 2500, "count 2500");
    ok(units_parse_count("10k", &n) == 0 && n == 10000, "count 10k");
    ok(units_parse_count("1.5", &n) < 0, "fractional count rejected");
    ok(units_parse_count("12abc", &n) < 0, "trailing garbage rejected");
    ok(units_parse_ratio("1%", &r) == 0 && r == 0.01, "1%% is 0.01");
    ok(units_parse_ratio("0.05", &r) == 0 && r == 0.05, "0.05");
    ok(units_parse_ratio("150%", &r) < 0, "ratio over 1 rejected");
    ok(units_parse_bool("yes", &v) == 0 && v == 1, "yes is true");
    ok(units_parse_bool("off", &v) == 0 && v == 0, "off is false");
    ok(units_parse_bool("maybe", &v) < 0, "maybe rejected");
    char buf[32];
    is_str(units_format_bytes(1536, buf, sizeof buf), "1.50 KiB", "format 1536 B");
    is_str(units_format_bytes(-37, buf, sizeof buf), "-37.0 B", "format negative");
    return tap_done();
}
