/* fuzz-utf16.c - src/wstr.c from UTF-16: any units (little-endian pairs
 * of bytes, up to a 0 unit) either are refused (an unpaired surrogate), or
 * convert to UTF-8 and back to the same units; the UTF-8 is valid (it has
 * as many UTF-16 units as the input).  Buffers are exactly as large as
 * the caller says, as in fuzz-utf8.c. */
#include <string.h>

#include "fuzz.h"
#include "core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = size / 2, units = 0;
    WCHAR *w = malloc((n + 1) * sizeof(*w)), *back = NULL;
    char *s = NULL;
    long len;
    if (w == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        w[i] = (WCHAR)(data[2 * i] | data[2 * i + 1] << 8);
    w[n] = 0;
    while (w[units] != 0)
        units++;
    /* At most 3 UTF-8 bytes per unit (a surrogate pair: 4 for 2). */
    s = malloc(3 * units + 1);
    if (s == NULL)
        goto out;
    len = nio_utf16_to_utf8(w, s, 3 * units + 1);
    if (len < 0)
        goto out; /* an unpaired surrogate */
    FUZZ_CHECK((size_t)len >= units && (size_t)len <= 3 * units && s[len] == '\0');
    FUZZ_CHECK(strlen(s) == (size_t)len); /* no unit became a NUL */
    FUZZ_CHECK(nio_utf8_units(s) == (long)units);
    back = malloc((units + 1) * sizeof(*back));
    if (back == NULL)
        goto out;
    FUZZ_CHECK(nio_utf8_to_utf16(s, back, units + 1) == (long)units);
    FUZZ_CHECK(memcmp(back, w, (units + 1) * sizeof(*w)) == 0);
    /* Exactly the bytes it needs, then one short: refused, nothing written. */
    {
        char *exact = malloc((size_t)len + 1);
        if (exact != NULL) {
            FUZZ_CHECK(nio_utf16_to_utf8(w, exact, (size_t)len + 1) == len);
            exact[0] = 'X';
            if (len > 0)
                FUZZ_CHECK(nio_utf16_to_utf8(w, exact, (size_t)len) == -1 && exact[0] == 'X');
            free(exact);
        }
    }
out:
    free(w);
    free(s);
    free(back);
    return 0;
}
