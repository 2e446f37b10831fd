/* unit_sha256.c — the digests FIPS 180-4 and NIST's examples give, for
 * inputs that end before, at and after the 56-byte padding boundary, and the
 * same digest whether the input arrives whole or a byte at a time. */
#include "sha256.h"
#include "tap.h"

static const char *digest(const char *text, size_t chunk)
{
    static char hex[65];
    sha256_ctx s;
    size_t len = strlen(text);
    sha256_init(&s);
    for (size_t at = 0; at < len; at += chunk)
        sha256_update(&s, text + at, len - at < chunk ? len - at : chunk);
    sha256_final_hex(&s, hex);
    return hex;
}

int main(void)
{
    is_str(digest("", 1), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
           "empty input");
    is_str(digest("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
           "abc (FIPS 180-4 example)");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes */
    is_str(digest(two, 56), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
           "56 bytes: the length needs a second block");
    is_str(digest(two, 1), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
           "the same, a byte at a time");
    char a[1001];
    memset(a, 'a', 1000), a[1000] = 0;
    is_str(digest(a, 7), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
           "1000 'a's in 7-byte pieces");
    a[64] = 0;
    is_str(digest(a, 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
           "exactly one block");
    return tap_done();
}
