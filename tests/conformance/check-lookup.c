/* check-lookup.c - which interface a row's key names: the LUID when it is
 * non-zero (even when wrong), else the index; and which families a row
 * exists for. */
#include "conformance.h"

static void luid_wins(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    if (!nc_bound_row(c->env, AF_INET, &row)) {
        nc_fail(c, "no interface of the list has an IPv4 row");
        return;
    }
    row.InterfaceLuid = c->env->bogus_luid; /* the index stays valid */
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
}

static void index_when_luid_zero(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW known, row;
    NET_LUID luid;
    if (!nc_bound_row(c->env, AF_INET, &known)) {
        nc_fail(c, "no interface of the list has an IPv4 row");
        return;
    }
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = known.InterfaceIndex;
    if (!NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR))
        return;
    NC_CODE(c, ConvertInterfaceIndexToLuid(known.InterfaceIndex, &luid), NO_ERROR);
    NC_TRUE(c, row.InterfaceLuid.Value == luid.Value && row.InterfaceIndex == known.InterfaceIndex,
            "by index %lu: the row says LUID %llx index %lu, want %llx", (unsigned long)known.InterfaceIndex,
            (unsigned long long)row.InterfaceLuid.Value, (unsigned long)row.InterfaceIndex,
            (unsigned long long)luid.Value);
}

static void luid_alone(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW known, row;
    if (!nc_bound_row(c->env, AF_INET, &known)) {
        nc_fail(c, "no interface of the list has an IPv4 row");
        return;
    }
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceLuid = known.InterfaceLuid;
    if (NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR))
        NC_TRUE(c, row.InterfaceIndex == known.InterfaceIndex,
                "by LUID alone: InterfaceIndex %lu, want %lu", (unsigned long)row.InterfaceIndex,
                (unsigned long)known.InterfaceIndex);
}

static void unbound_family(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET6;
    row.InterfaceIndex = c->env->no_ipv6;
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->no_ipv6;
    NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR);
}

static void both_families(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW v4, v6;
    memset(&v4, 0, sizeof(v4));
    memset(&v6, 0, sizeof(v6));
    v4.Family = AF_INET;
    v6.Family = AF_INET6;
    v4.InterfaceIndex = v6.InterfaceIndex = c->env->ethernet;
    if (!NC_CODE(c, GetIpInterfaceEntry(&v4), NO_ERROR) ||
        !NC_CODE(c, GetIpInterfaceEntry(&v6), NO_ERROR))
        return;
    NC_TRUE(c, v4.Family == AF_INET && v6.Family == AF_INET6,
            "Family changed: %u and %u, want %u and %u (this host's AF_INET6)", v4.Family,
            v6.Family, (unsigned)AF_INET, (unsigned)AF_INET6);
    NC_TRUE(c, v4.InterfaceLuid.Value == v6.InterfaceLuid.Value &&
                   v4.InterfaceIndex == v6.InterfaceIndex,
            "the IPv4 and IPv6 rows of one interface have different keys");
}

const struct nc_check nc_checks_lookup[] = {
    {"lookup.luid-wins", luid_wins, NC_NEED_ENTRY | NC_NEED_IFACES, NC_WINE_TESTS,
     "GetIpInterfaceEntry: a LUID no interface has, with a valid index -> 1168"},
    {"lookup.index-when-luid-zero", index_when_luid_zero, NC_NEED_ENTRY | NC_NEED_IFACES,
     NC_WINE_TESTS,
     "GetIpInterfaceEntry: LUID 0 and a valid index -> 0, the row carries that interface's LUID"},
    {"lookup.luid-alone", luid_alone, NC_NEED_ENTRY | NC_NEED_IFACES,
     NC_MS("getipinterfaceentry") " (InterfaceLuid or InterfaceIndex)",
     "GetIpInterfaceEntry: a LUID and index 0 -> 0, the row carries the index"},
    {"lookup.unbound-family", unbound_family, NC_NEED_ENTRY | NC_NEED_NO_IPV6,
     "observed: ported clients (Mullvad WinNet_GetTapInterfaceIpv6Status, wireguard-windows) "
     "read ERROR_NOT_FOUND as 'IPv6 is disabled on this interface'",
     "GetIpInterfaceEntry: AF_INET6 on an interface with IPv6 disabled -> 1168, AF_INET -> 0"},
    {"lookup.both-families", both_families, NC_NEED_ENTRY | NC_NEED_ETHERNET,
     "https://learn.microsoft.com/en-us/windows/win32/api/netioapi/ns-netioapi-mib_ipinterface_row",
     "GetIpInterfaceEntry: an interface with both families has two rows with one LUID and "
     "index; Family is AF_INET or this host's AF_INET6"},
    {NULL, NULL, 0, NULL, NULL},
};
