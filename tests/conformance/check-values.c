/* check-values.c - values Windows reports and ported code relies on. */
#include "conformance.h"

/* Windows' loopback: IfType 24, NetLuidIndex 1. */
#define NC_LOOPBACK_LUID 0x18000001000000ull

static void loopback(struct nc_ctx *c)
{
    NET_LUID luid, back;
    NET_IFINDEX index = 0;
    char name[NDIS_IF_MAX_STRING_SIZE + 1] = "";
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(c->env->loopback, &luid), NO_ERROR))
        return;
    NC_TRUE(c, luid.Value == NC_LOOPBACK_LUID, "loopback (index %lu): LUID 0x%llx, want 0x%llx",
            (unsigned long)c->env->loopback, (unsigned long long)luid.Value, NC_LOOPBACK_LUID);
    if (NC_CODE(c, ConvertInterfaceLuidToNameA(&luid, name, sizeof(name)), NO_ERROR))
        NC_TRUE(c, strcmp(name, "loopback_1") == 0, "loopback: name \"%s\", want \"loopback_1\"",
                name);
    back.Value = 0;
    if (NC_CODE(c, ConvertInterfaceNameToLuidA("loopback_1", &back), NO_ERROR))
        NC_TRUE(c, back.Value == NC_LOOPBACK_LUID, "\"loopback_1\" converts to 0x%llx",
                (unsigned long long)back.Value);
    back.Value = NC_LOOPBACK_LUID;
    if (NC_CODE(c, ConvertInterfaceLuidToIndex(&back, &index), NO_ERROR))
        NC_TRUE(c, index == c->env->loopback, "LUID 0x%llx: index %lu, want %lu",
                NC_LOOPBACK_LUID, (unsigned long)index, (unsigned long)c->env->loopback);
}

/* Every row of the table, for the checks of one field. */
static void each_row(struct nc_ctx *c, void (*fn)(struct nc_ctx *, const MIB_IPINTERFACE_ROW *))
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    if (!NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries; i++)
        fn(c, &t->Table[i]);
    FreeMibTable(t);
}

static void site_prefix_row(struct nc_ctx *c, const MIB_IPINTERFACE_ROW *r)
{
    if (r->Family == AF_INET)
        NC_TRUE(c, r->SitePrefixLength == 64, "index %lu, IPv4: SitePrefixLength %lu, want 64",
                (unsigned long)r->InterfaceIndex, (unsigned long)r->SitePrefixLength);
}

static void site_prefix(struct nc_ctx *c)
{
    each_row(c, site_prefix_row);
}

static void ra_intervals_row(struct nc_ctx *c, const MIB_IPINTERFACE_ROW *r)
{
    NC_TRUE(c, r->MinRouterAdvertisementInterval == 200 && r->MaxRouterAdvertisementInterval == 600,
            "index %lu, family %u: router advertisement interval %lu..%lu s, want 200..600",
            (unsigned long)r->InterfaceIndex, (unsigned)r->Family,
            (unsigned long)r->MinRouterAdvertisementInterval,
            (unsigned long)r->MaxRouterAdvertisementInterval);
}

static void ra_intervals(struct nc_ctx *c)
{
    each_row(c, ra_intervals_row);
}

/* What ported code does: Initialize, set the keys, Get. */
static void init_get(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW known, row;
    if (!nc_bound_row(c->env, AF_INET, &known)) {
        nc_fail(c, "no interface of the list has an IPv4 row");
        return;
    }
    InitializeIpInterfaceEntry(&row);
    NC_TRUE(c, row.Family == AF_UNSPEC && row.InterfaceLuid.Value == 0 && row.InterfaceIndex == 0,
            "InitializeIpInterfaceEntry: Family %u, LUID 0x%llx, index %lu; want all 0",
            (unsigned)row.Family, (unsigned long long)row.InterfaceLuid.Value,
            (unsigned long)row.InterfaceIndex);
    row.Family = AF_INET;
    row.InterfaceIndex = known.InterfaceIndex;
    if (NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR))
        nc_rows_agree(c, &known, &row, "Initialize, index, Get");
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET;
    row.InterfaceLuid = known.InterfaceLuid;
    if (NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR))
        nc_rows_agree(c, &known, &row, "Initialize, LUID, Get");
}

const struct nc_check nc_checks_values[] = {
    {"values.loopback", loopback, NC_NEED_LOOPBACK,
     "observed on Windows and Wine: loopback is LUID 0x18000001000000, \"loopback_1\"",
     "the loopback interface's LUID is 0x18000001000000, its name \"loopback_1\", both ways"},
    {"values.ipv4-site-prefix", site_prefix, NC_NEED_TABLE,
     "observed: Windows reports SitePrefixLength 64 on IPv4 rows (ported clients zero it "
     "before SetIpInterfaceEntry, which refuses it on IPv4)",
     "every IPv4 row: SitePrefixLength 64"},
    {"values.ra-intervals", ra_intervals, NC_NEED_TABLE,
     "observed: Windows reports 200 s and 600 s (RFC 4861's MaxRtrAdvInterval default), as do "
     "reimplementations of iphlpapi",
     "every row: MinRouterAdvertisementInterval 200, MaxRouterAdvertisementInterval 600"},
    {"values.init-get", init_get, NC_NEED_INIT | NC_NEED_ENTRY | NC_NEED_IFACES,
     NC_MS("initializeipinterfaceentry") "; the pattern of ported clients",
     "InitializeIpInterfaceEntry leaves no key; with Family and the index (or the LUID) set, "
     "GetIpInterfaceEntry reads the same row as from a zeroed one"},
    {NULL, NULL, 0, NULL, NULL},
};
