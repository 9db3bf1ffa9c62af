/* wstr.c - UTF-16 (WCHAR) to and from UTF-8, for the W functions.  Strict:
 * unpaired surrogates and malformed UTF-8 are refused, never guessed at --
 * except in nio_os_name_to_utf16, the one rule for OS names (docs/luid.md). */
#include "core.h"

/* Decodes one code point from UTF-16; returns units used or 0 if invalid. */
static int nio_utf16_next(const WCHAR *in, uint32_t *cp)
{
    uint32_t hi = in[0], lo;
    if (hi < 0xD800 || hi > 0xDFFF) {
        *cp = hi;
        return 1;
    }
    lo = in[1];
    if (hi > 0xDBFF || lo < 0xDC00 || lo > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    return 2;
}

static size_t nio_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One pass of the conversion; out NULL only measures.  Returns the units
 * the output needs without its NUL, or -1 for invalid input. */
static long nio_utf16_pass(const WCHAR *in, char *out)
{
    size_t n = 0;
    while (*in) {
        uint32_t cp;
        char buf[4];
        int used = nio_utf16_next(in, &cp);
        size_t k;
        if (used == 0)
            return -1;
        k = nio_utf8_encode(cp, buf);
        for (size_t i = 0; out != NULL && i < k; i++)
            out[n + i] = buf[i];
        n += k;
        in += used;
    }
    return (long)n;
}

long nio_utf16_to_utf8(const WCHAR *in, char *out, size_t cap)
{
    long n = nio_utf16_pass(in, NULL);
    if (n < 0 || (size_t)n >= cap)
        return -1; /* nothing written: no partial output */
    nio_utf16_pass(in, out);
    out[n] = '\0';
    return n;
}

/* Decodes one code point from UTF-8; returns bytes used or 0 if invalid. */
static int nio_utf8_next(const unsigned char *s, uint32_t *cp)
{
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    int len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
            : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    uint32_t v;
    if (len == 0)
        return 0;
    v = len == 1 ? s[0] : (uint32_t)(s[0] & (0x7F >> len));
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

static long nio_utf8_pass(const char *in, WCHAR *out)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = 0;
    while (*s) {
        uint32_t cp;
        int used = nio_utf8_next(s, &cp);
        if (used == 0)
            return -1;
        if (cp >= 0x10000) {
            if (out != NULL) {
                out[n] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
                out[n + 1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            }
            n += 2;
        } else {
            if (out != NULL)
                out[n] = (WCHAR)cp;
            n++;
        }
        s += used;
    }
    return (long)n;
}

long nio_utf8_units(const char *in)
{
    return nio_utf8_pass(in, NULL);
}

long nio_utf8_to_utf16(const char *in, WCHAR *out, size_t cap)
{
    long n = nio_utf8_pass(in, NULL);
    if (n < 0 || (size_t)n >= cap)
        return -1; /* nothing written: no partial output */
    nio_utf8_pass(in, out);
    out[n] = 0;
    return n;
}

/* The one rule for turning an OS name (bytes, not always UTF-8) into UTF-16,
 * shared by GetIfEntry2's Alias and Description and ConvertInterfaceLuidToAlias
 * (docs/luid.md): valid UTF-8 is kept; a malformed sequence -- a byte that
 * does not start a valid character, with the continuation bytes that follow
 * it -- becomes one U+FFFD.  Returns the units the whole string needs without
 * the NUL.  When out is not NULL and cap > 0, writes what fits in cap - 1
 * units (never half a surrogate pair) and a NUL. */
size_t nio_os_name_to_utf16(const char *in, WCHAR *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = 0, written = 0;
    bool full = out == NULL || cap == 0;
    while (*s) {
        uint32_t cp;
        size_t units;
        int used = nio_utf8_next(s, &cp);
        if (used == 0) {
            cp = 0xFFFD;
            used = 1;
            while ((s[used] & 0xC0) == 0x80)
                used++;
        }
        units = cp >= 0x10000 ? 2 : 1;
        if (!full && written + units < cap) {
            if (units == 2) {
                out[written] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
                out[written + 1] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                out[written] = (WCHAR)cp;
            }
            written += units;
        } else {
            full = true;
        }
        n += units;
        s += used;
    }
    if (out != NULL && cap > 0)
        out[written] = 0;
    return n;
}
