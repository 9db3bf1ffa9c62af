/* expect.c - how a check records what it found, and the small helpers the
 * checks share. */
#include <stdarg.h>

#include "conformance.h"

static void nc_vformat(char *out, size_t cap, const char *fmt, va_list ap)
{
    vsnprintf(out, cap, fmt, ap);
    /* One line per check in the report. */
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

void nc_fail(struct nc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (c->failures++ > 0)
        return;
    va_start(ap, fmt);
    nc_vformat(c->msg, sizeof(c->msg), fmt, ap);
    va_end(ap);
}

void nc_skip(struct nc_ctx *c, const char *fmt, ...)
{
    va_list ap;
    if (c->failures > 0)
        return; /* a failure before the skip stands */
    c->skipped = true;
    va_start(ap, fmt);
    nc_vformat(c->msg, sizeof(c->msg), fmt, ap);
    va_end(ap);
}

void nc_env_missing(struct nc_env *env, unsigned need, const char *fmt, ...)
{
    va_list ap;
    for (unsigned i = 0; i < NC_NEEDS; i++) {
        if (!(need & (1u << i)) || env->missing[i] != NULL)
            continue;
        va_start(ap, fmt);
        nc_vformat(env->reason[i], sizeof(env->reason[i]), fmt, ap);
        va_end(ap);
        env->missing[i] = env->reason[i];
    }
}

const char *nc_need_name(unsigned bit_index)
{
    static const char *const names[NC_NEEDS] = {
        "interfaces", "GetIpInterfaceEntry", "GetIpInterfaceTable",
        "InitializeIpInterfaceEntry", "loopback", "ethernet", "ipv6-disabled",
        "privilege", "SetIpInterfaceEntry", "make-interface", "unprivileged",
        "GetBestRoute2", "no-default-route", "GetIfEntry2Ex", "NotifyIpInterfaceChange",
        "IpForwardEntry2", "GetIpForwardTable2", "NotifyRouteChange2", "GetBestInterfaceEx",
        "UnicastIpAddressEntry", "GetUnicastIpAddressTable",
    };
    return bit_index < NC_NEEDS ? names[bit_index] : "?";
}

#define NC_STATUS(code) {(uint32_t)(code), #code}

/* Win32 codes and NTSTATUS codes never share a value except 0. */
static const struct {
    uint32_t code;
    const char *name;
} nc_statuses[] = {
    NC_STATUS(NO_ERROR),
    NC_STATUS(ERROR_FILE_NOT_FOUND),
    NC_STATUS(ERROR_ACCESS_DENIED),
    NC_STATUS(ERROR_NOT_ENOUGH_MEMORY),
    NC_STATUS(ERROR_GEN_FAILURE),
    NC_STATUS(ERROR_NOT_SUPPORTED),
    NC_STATUS(ERROR_INVALID_PARAMETER),
    NC_STATUS(ERROR_INSUFFICIENT_BUFFER),
    NC_STATUS(ERROR_INVALID_NAME),
    NC_STATUS(ERROR_NOT_FOUND),
    NC_STATUS(ERROR_NETWORK_UNREACHABLE),
    NC_STATUS(ERROR_RETRY),
    NC_STATUS(ERROR_HOST_UNREACHABLE),
    NC_STATUS(ERROR_OBJECT_ALREADY_EXISTS),
    NC_STATUS(STATUS_UNSUCCESSFUL),
    NC_STATUS(STATUS_INVALID_PARAMETER),
    NC_STATUS(STATUS_NO_MEMORY),
    NC_STATUS(STATUS_ACCESS_DENIED),
    NC_STATUS(STATUS_BUFFER_TOO_SMALL),
    NC_STATUS(STATUS_OBJECT_NAME_INVALID),
    NC_STATUS(STATUS_OBJECT_NAME_NOT_FOUND),
    NC_STATUS(STATUS_NOT_SUPPORTED),
    NC_STATUS(STATUS_NOT_FOUND),
    NC_STATUS(STATUS_RETRY),
    NC_STATUS(STATUS_NETWORK_UNREACHABLE),
    NC_STATUS(STATUS_DUPLICATE_OBJECTID),
};

const char *nc_status_name(uint32_t code)
{
    for (size_t i = 0; i < sizeof(nc_statuses) / sizeof(nc_statuses[0]); i++)
        if (nc_statuses[i].code == code)
            return nc_statuses[i].name;
    return "unknown";
}

bool nc_expect_code(struct nc_ctx *c, uint32_t got, uint32_t want, const char *call)
{
    if (got == want)
        return true;
    /* NTSTATUS codes read best in hex, Win32 codes in decimal. */
    if (want >= 0x40000000u || got >= 0x40000000u)
        nc_fail(c, "%s = 0x%08lX (%s), want 0x%08lX (%s)", call, (unsigned long)got,
                nc_status_name(got), (unsigned long)want, nc_status_name(want));
    else
        nc_fail(c, "%s = %lu (%s), want %lu (%s)", call, (unsigned long)got,
                nc_status_name(got), (unsigned long)want, nc_status_name(want));
    return false;
}

void nc_wcs_from(WCHAR *out, size_t cap, const char *in)
{
    size_t i = 0;
    for (; cap > 0 && i + 1 < cap && in[i]; i++)
        out[i] = (WCHAR)(unsigned char)in[i];
    if (cap > 0)
        out[i] = 0;
}

void nc_wcs_to(char *out, size_t cap, const WCHAR *in)
{
    size_t i = 0;
    for (; cap > 0 && i + 1 < cap && in[i]; i++)
        out[i] = in[i] < 0x80 ? (char)in[i] : '?';
    if (cap > 0)
        out[i] = 0;
}

int nc_wcscmp(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (int)*a - (int)*b;
}

size_t nc_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void nc_expected_name(NET_LUID luid, char *out, size_t cap)
{
    static const struct {
        unsigned type;
        const char *prefix;
    } prefixes[] = {
        {IF_TYPE_OTHER, "other"},        {IF_TYPE_ETHERNET_CSMACD, "ethernet"},
        {IF_TYPE_ISO88025_TOKENRING, "tokenring"}, {IF_TYPE_PPP, "ppp"},
        {IF_TYPE_SOFTWARE_LOOPBACK, "loopback"}, {IF_TYPE_ATM, "atm"},
        {IF_TYPE_IEEE80211, "wireless"}, {IF_TYPE_TUNNEL, "tunnel"},
        {IF_TYPE_IEEE1394, "ieee1394"},
    };
    unsigned type = (unsigned)luid.Info.IfType;
    unsigned long index = (unsigned long)luid.Info.NetLuidIndex;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
        if (prefixes[i].type == type) {
            snprintf(out, cap, "%s_%lu", prefixes[i].prefix, index);
            return;
        }
    snprintf(out, cap, "iftype%u_%lu", type, index);
}

const char *nc_luid_str(NET_LUID luid, char buf[24])
{
    snprintf(buf, 24, "0x%llx", (unsigned long long)luid.Value);
    return buf;
}
