/* luid.c - LUIDs, their Windows-style names and the GUIDs derived from them.
 *
 * A LUID keeps Windows' layout: IfType in the top 16 bits, NetLuidIndex in
 * the middle 24.  NetLuidIndex is the OS interface index, which the OS never
 * reuses while the interface lives, so the LUID is stable for that life.  An
 * index above 2^24-1 keeps its high bits in Reserved, which stays 0 for every
 * smaller index, as Windows has it (docs/luid.md).  A name's number is an
 * interface index (32 bits, NET_IFINDEX): nio_luid_parse_name refuses a
 * larger one, so Reserved bits come only from an index the OS can have.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

#define NIO_LUID_LOW24 0xFFFFFFu

uint64_t nio_luid_make(uint16_t iftype, uint32_t ifindex)
{
    uint64_t reserved = ifindex >> 24;
    uint64_t index = ifindex & NIO_LUID_LOW24;
    return (uint64_t)iftype << 48 | index << 24 | reserved;
}

/* The 48-bit interface number that a LUID carries below its type. */
static uint64_t nio_luid_number(uint64_t luid)
{
    return ((luid & NIO_LUID_LOW24) << 24) | ((luid >> 24) & NIO_LUID_LOW24);
}

bool nio_luid_split(uint64_t luid, uint16_t *iftype, uint32_t *ifindex)
{
    uint64_t number = nio_luid_number(luid);
    if (number == 0 || number > UINT32_MAX)
        return false;
    *iftype = (uint16_t)(luid >> 48);
    *ifindex = (uint32_t)number;
    return true;
}

/* Windows' prefixes; other types are "iftype<N>". */
static const struct {
    uint16_t iftype;
    const char *prefix;
} nio_prefixes[] = {
    {IF_TYPE_OTHER, "other"},       {IF_TYPE_ETHERNET_CSMACD, "ethernet"},
    {IF_TYPE_ISO88025_TOKENRING, "tokenring"}, {IF_TYPE_PPP, "ppp"},
    {IF_TYPE_SOFTWARE_LOOPBACK, "loopback"}, {IF_TYPE_ATM, "atm"},
    {IF_TYPE_IEEE80211, "wireless"}, {IF_TYPE_TUNNEL, "tunnel"},
    {IF_TYPE_IEEE1394, "ieee1394"},
};

#define NIO_NPREFIXES (sizeof(nio_prefixes) / sizeof(nio_prefixes[0]))

int nio_luid_name(uint64_t luid, char *buf, size_t len)
{
    uint16_t iftype = (uint16_t)(luid >> 48);
    unsigned long long number = nio_luid_number(luid);
    for (size_t i = 0; i < NIO_NPREFIXES; i++)
        if (nio_prefixes[i].iftype == iftype)
            return snprintf(buf, len, "%s_%llu", nio_prefixes[i].prefix, number);
    return snprintf(buf, len, "iftype%u_%llu", (unsigned)iftype, number);
}

/* Parses a run of decimal digits no larger than max; false for none. */
static bool nio_parse_decimal(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return true;
}

static bool nio_parse_type(const char *s, size_t n, uint64_t *iftype)
{
    for (size_t i = 0; i < NIO_NPREFIXES; i++)
        if (strlen(nio_prefixes[i].prefix) == n && memcmp(nio_prefixes[i].prefix, s, n) == 0) {
            *iftype = nio_prefixes[i].iftype;
            return true;
        }
    return n > 6 && memcmp(s, "iftype", 6) == 0 &&
           nio_parse_decimal(s + 6, n - 6, UINT16_MAX, iftype);
}

/* The number is an interface index, as nio_luid_name writes it: up to
 * 2^32-1 (NET_IFINDEX), encoded as nio_luid_make encodes that index, so that
 * every name this library gives converts back.  A larger number (2^32,
 * twenty digits) names no interface any OS can have and is refused --
 * ERROR_INVALID_NAME in ConvertInterfaceNameToLuidA and W alike -- never
 * turned into Reserved bits of its own (docs/luid.md). */
bool nio_luid_parse_name(const char *name, uint64_t *luid)
{
    const char *sep = strchr(name, '_');
    uint64_t iftype, number;
    if (sep == NULL || !nio_parse_type(name, (size_t)(sep - name), &iftype) ||
        !nio_parse_decimal(sep + 1, strlen(sep + 1), UINT32_MAX, &number))
        return false;
    *luid = nio_luid_make((uint16_t)iftype, (uint32_t)number);
    return true;
}

/* The GUID carries the LUID in its first 8 bytes and a fixed marker,
 * "netioapi", in Data4, so GuidToLuid can tell our GUIDs from others. */
static const UCHAR nio_guid_marker[8] = {'n', 'e', 't', 'i', 'o', 'a', 'p', 'i'};

void nio_guid_from_luid(uint64_t luid, GUID *guid)
{
    guid->Data1 = (ULONG)(luid >> 32);
    guid->Data2 = (USHORT)(luid >> 16);
    guid->Data3 = (USHORT)luid;
    memcpy(guid->Data4, nio_guid_marker, sizeof(guid->Data4));
}

bool nio_guid_parse(const GUID *guid, uint64_t *luid)
{
    if (memcmp(guid->Data4, nio_guid_marker, sizeof(guid->Data4)) != 0)
        return false;
    *luid = (uint64_t)guid->Data1 << 32 | (uint64_t)guid->Data2 << 16 | guid->Data3;
    return true;
}
