/*
 * names.c - names for printing and parsing: the OS alias and the
 * Windows-style name of a LUID, the names of families and enumerators, and
 * the UTF-8 <-> UTF-16 conversion the W functions need (WCHAR is a 16-bit
 * code unit).
 */
#include <string.h>

#include "nioctl.h"

/* One code point from UTF-8; returns the bytes used, 0 when malformed
 * (overlong forms, surrogates and values above U+10FFFF included). */
static int nioctl_utf8_next(const unsigned char *s, uint32_t *cp)
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
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool nioctl_utf8_to_utf16(const char *in, WCHAR *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t n = 0;
    while (*s) {
        uint32_t cp = 0;
        int used = nioctl_utf8_next(s, &cp);
        size_t units = cp >= 0x10000 ? 2 : 1;
        if (used == 0 || n + units >= cap)
            return false;
        if (units == 2) {
            out[n++] = (WCHAR)(0xD800 + ((cp - 0x10000) >> 10));
            out[n++] = (WCHAR)(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            out[n++] = (WCHAR)cp;
        }
        s += used;
    }
    if (cap == 0)
        return false;
    out[n] = 0;
    return true;
}

/* One code point from UTF-16; returns the units used, 0 for a lone
 * surrogate. */
static int nioctl_utf16_next(const WCHAR *in, uint32_t *cp)
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

static size_t nioctl_utf8_encode(uint32_t cp, unsigned char b[4])
{
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | cp >> 6);
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | cp >> 12);
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | cp >> 18);
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool nioctl_utf16_to_utf8(const WCHAR *in, char *out, size_t cap)
{
    size_t n = 0;
    if (cap == 0)
        return false;
    while (*in) {
        unsigned char b[4];
        uint32_t cp;
        int used = nioctl_utf16_next(in, &cp);
        size_t k;
        if (used == 0)
            return false;
        k = nioctl_utf8_encode(cp, b);
        if (n + k >= cap)
            return false;
        memcpy(out + n, b, k);
        n += k;
        in += used;
    }
    out[n] = '\0';
    return true;
}

bool nioctl_alias(const NET_LUID *luid, char *buf, size_t cap)
{
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    if (cap > 0)
        buf[0] = '\0';
    if (ConvertInterfaceLuidToAlias(luid, alias, NDIS_IF_MAX_STRING_SIZE + 1) != NO_ERROR)
        return false;
    if (!nioctl_utf16_to_utf8(alias, buf, cap)) {
        if (cap > 0)
            buf[0] = '\0';
        return false;
    }
    return true;
}

bool nioctl_luid_name(const NET_LUID *luid, char *buf, size_t cap)
{
    if (cap > 0)
        buf[0] = '\0';
    return ConvertInterfaceLuidToNameA(luid, buf, cap) == NO_ERROR;
}

const char *nioctl_family_name(ADDRESS_FAMILY family)
{
    if (family == AF_INET)
        return "AF_INET";
    if (family == AF_INET6)
        return "AF_INET6";
    if (family == AF_UNSPEC)
        return "AF_UNSPEC";
    return NULL;
}

const char *nioctl_router_discovery_name(NL_ROUTER_DISCOVERY_BEHAVIOR v)
{
    switch (v) {
    case RouterDiscoveryDisabled: return "RouterDiscoveryDisabled";
    case RouterDiscoveryEnabled: return "RouterDiscoveryEnabled";
    case RouterDiscoveryDhcp: return "RouterDiscoveryDhcp";
    case RouterDiscoveryUnchanged: return "RouterDiscoveryUnchanged";
    }
    return NULL;
}

const char *nioctl_link_local_name(NL_LINK_LOCAL_ADDRESS_BEHAVIOR v)
{
    switch (v) {
    case LinkLocalAlwaysOff: return "LinkLocalAlwaysOff";
    case LinkLocalDelayed: return "LinkLocalDelayed";
    case LinkLocalAlwaysOn: return "LinkLocalAlwaysOn";
    case LinkLocalUnchanged: return "LinkLocalUnchanged";
    }
    return NULL;
}
