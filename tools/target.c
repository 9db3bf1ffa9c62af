/*
 * target.c - the <interface> argument of get, set, link, route and addr: an
 * index, a hex LUID, a Windows-style name or the OS alias, in that order
 * (docs/nioctl.md), turned into the key of a row of an interface that
 * exists; one that does not is "Cannot find device", as ip(8) says it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "nioctl.h"
#include "wstr.h"

static bool nioctl_all(const char *s, int (*is)(int))
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!is((unsigned char)*s))
            return false;
    return true;
}

/* Digits or 0x<hex> into a number no larger than max. */
static bool nioctl_parse_number(const char *s, int base, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, base);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *out = v;
    return true;
}

/* A Windows-style name or an alias: the name wins when it names an
 * interface that exists, else an alias of that spelling, else the name
 * (which then names no device).  An alias the library does not know is
 * NIOCTL_EXIT_FAIL with its status in *st. */
static int nioctl_resolve_name(const char *cmd, const char *arg, MIB_IPINTERFACE_ROW *row,
                               NETIO_STATUS *st)
{
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID luid, alias_luid;
    NET_IFINDEX index;
    if (nio_utf8_to_utf16(arg, alias, NDIS_IF_MAX_STRING_SIZE + 1) < 0)
        return nioctl_usage_error(cmd, "\"%s\" is not UTF-8 or is too long", arg);
    if (ConvertInterfaceNameToLuidA(arg, &luid) == NO_ERROR) {
        if (ConvertInterfaceLuidToIndex(&luid, &index) != NO_ERROR &&
            ConvertInterfaceAliasToLuid(alias, &alias_luid) == NO_ERROR)
            luid = alias_luid;
        row->InterfaceLuid = luid;
        return NIOCTL_EXIT_OK;
    }
    *st = ConvertInterfaceAliasToLuid(alias, &luid);
    if (*st != NO_ERROR)
        return NIOCTL_EXIT_FAIL;
    row->InterfaceLuid = luid;
    return NIOCTL_EXIT_OK;
}

/* The key of arg into *row; NIOCTL_EXIT_FAIL for an alias nobody has. */
static int nioctl_resolve_key(const char *cmd, const char *arg, MIB_IPINTERFACE_ROW *row,
                              NETIO_STATUS *st)
{
    uint64_t v;
    *st = NO_ERROR;
    if (nioctl_all(arg, isdigit)) {
        if (!nioctl_parse_number(arg, 10, UINT32_MAX, &v))
            return nioctl_usage_error(cmd, "interface index \"%s\" out of range", arg);
        row->InterfaceIndex = (NET_IFINDEX)v;
        return NIOCTL_EXIT_OK;
    }
    if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
        if (!nioctl_all(arg + 2, isxdigit) || !nioctl_parse_number(arg, 16, UINT64_MAX, &v))
            return nioctl_usage_error(cmd, "\"%s\" is not a 64-bit hex LUID", arg);
        row->InterfaceLuid.Value = v;
        return NIOCTL_EXIT_OK;
    }
    if (arg[0] == '\0')
        return nioctl_usage_error(cmd, "empty interface name");
    return nioctl_resolve_name(cmd, arg, row, st);
}

/* Whether an interface has the key: an index or a LUID nobody has, or a
 * Windows-style name of no interface, is no device either, and saying so
 * beats the ERROR_NOT_FOUND of the row's Get, which also means "no such
 * family here". */
static bool nioctl_key_exists(const MIB_IPINTERFACE_ROW *row)
{
    NET_IFINDEX index;
    NET_LUID luid;
    if (row->InterfaceLuid.Value != 0)
        return ConvertInterfaceLuidToIndex(&row->InterfaceLuid, &index) == NO_ERROR;
    return ConvertInterfaceIndexToLuid(row->InterfaceIndex, &luid) == NO_ERROR;
}

int nioctl_resolve_target(const char *cmd, const char *arg, MIB_IPINTERFACE_ROW *row)
{
    NETIO_STATUS st;
    int rc = nioctl_resolve_key(cmd, arg, row, &st);
    if (rc == NIOCTL_EXIT_OK && !nioctl_key_exists(row))
        rc = NIOCTL_EXIT_FAIL;
    if (rc == NIOCTL_EXIT_FAIL)
        fprintf(stderr, "nioctl: %s: Cannot find device \"%s\"\n", cmd, arg);
    return rc;
}
