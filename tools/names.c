/*
 * names.c - names for printing and parsing: the OS alias and the
 * Windows-style name of a LUID, and the names of families and enumerators.
 * UTF-16 is converted by the library's own code (wstr.h).
 */
#include <string.h>

#include "nioctl.h"
#include "wstr.h"

bool nioctl_alias(const NET_LUID *luid, char *buf, size_t cap)
{
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    if (cap > 0)
        buf[0] = '\0';
    if (ConvertInterfaceLuidToAlias(luid, alias, NDIS_IF_MAX_STRING_SIZE + 1) != NO_ERROR)
        return false;
    if (nio_utf16_to_utf8(alias, buf, cap) < 0) {
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

const char *nioctl_family_name(int64_t family)
{
    if (family == AF_INET)
        return "AF_INET";
    if (family == AF_INET6)
        return "AF_INET6";
    if (family == AF_UNSPEC)
        return "AF_UNSPEC";
    return NULL;
}

const char *nioctl_router_discovery_name(int64_t v)
{
    switch (v) {
    case RouterDiscoveryDisabled: return "RouterDiscoveryDisabled";
    case RouterDiscoveryEnabled: return "RouterDiscoveryEnabled";
    case RouterDiscoveryDhcp: return "RouterDiscoveryDhcp";
    case RouterDiscoveryUnchanged: return "RouterDiscoveryUnchanged";
    }
    return NULL;
}

const char *nioctl_link_local_name(int64_t v)
{
    switch (v) {
    case LinkLocalAlwaysOff: return "LinkLocalAlwaysOff";
    case LinkLocalDelayed: return "LinkLocalDelayed";
    case LinkLocalAlwaysOn: return "LinkLocalAlwaysOn";
    case LinkLocalUnchanged: return "LinkLocalUnchanged";
    }
    return NULL;
}
