/* fuzz-utf8.c - src/wstr.c from UTF-8: any bytes (up to a NUL) either are
 * refused as UTF-8, or convert to UTF-16 and back to the same bytes.  The
 * output buffer is exactly as large as the caller says: a conversion that
 * does not fit writes nothing, one that fits writes the units and a NUL. */
#include <string.h>

#include "fuzz.h"
#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1), *back = NULL;
    WCHAR *w = NULL;
    long units, n;
    size_t len;
    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    len = strlen(s);
    units = nio_utf8_units(s);
    if (units < 0) {
        WCHAR probe = 0x5A5A;
        FUZZ_CHECK(nio_utf8_to_utf16(s, &probe, 1) == -1 && probe == 0x5A5A);
        goto out;
    }
    FUZZ_CHECK((size_t)units <= len);
    w = malloc(((size_t)units + 1) * sizeof(*w));
    back = malloc(len + 1);
    if (w == NULL || back == NULL)
        goto out;
    /* One unit short: refused, nothing written. */
    if (units > 0) {
        w[0] = 0x5A5A;
        FUZZ_CHECK(nio_utf8_to_utf16(s, w, (size_t)units) == -1 && w[0] == 0x5A5A);
    }
    FUZZ_CHECK(nio_utf8_to_utf16(s, w, (size_t)units + 1) == units && w[units] == 0);
    /* And back, into exactly the bytes it needs, then one short. */
    n = nio_utf16_to_utf8(w, back, len + 1);
    FUZZ_CHECK(n == (long)len && memcmp(back, s, len + 1) == 0);
    if (len > 0) {
        back[0] = 'X';
        FUZZ_CHECK(nio_utf16_to_utf8(w, back, len) == -1 && back[0] == 'X');
    }
out:
    free(s);
    free(w);
    free(back);
    return 0;
}
