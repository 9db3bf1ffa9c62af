/* check-ntstatus.c - the NTSTATUS flavour: the same outcomes as the Win32
 * checks, as NTSTATUS codes (docs/status-codes.md).  This file is compiled
 * in that flavour, so every name below is this library's nio_nt_ twin, on
 * Windows too. */
#define NETIOAPI_COMPAT_NTSTATUS 1
#include "conformance.h"

static void get_entry(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    NC_CODE(c, GetIpInterfaceEntry(NULL), STATUS_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->bogus_index;
    NC_CODE(c, GetIpInterfaceEntry(&row), STATUS_NOT_FOUND);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->loopback;
    NC_CODE(c, GetIpInterfaceEntry(&row), STATUS_SUCCESS);
}

static void get_table(struct nc_ctx *c)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, NULL), STATUS_INVALID_PARAMETER);
    if (NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, &t), STATUS_SUCCESS))
        FreeMibTable(t);
}

static void convert(struct nc_ctx *c)
{
    NET_LUID luid;
    char name[4];
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, &luid), STATUS_OBJECT_NAME_NOT_FOUND);
    NC_CODE(c, ConvertInterfaceNameToLuidA("bogus", &luid), STATUS_OBJECT_NAME_INVALID);
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(c->env->loopback, &luid), STATUS_SUCCESS))
        return;
    NC_CODE(c, ConvertInterfaceLuidToNameA(&luid, name, sizeof(name)), STATUS_BUFFER_TOO_SMALL);
}

/* ------------------------------------------------------------ routes */
/* A zero-filled IPv4 row (as OpenVPN writes them; InitializeIpForwardEntry
 * is iphlpapi's on Windows, and Wine 8.0 lacks it): prefix/len on-link
 * through index. */
static void fwd_row(MIB_IPFORWARD_ROW2 *r, NET_IFINDEX index, unsigned char b0, UCHAR len)
{
    static const unsigned char rest[3] = {51, 100, 0};
    memset(r, 0, sizeof(*r));
    r->InterfaceIndex = index;
    r->DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
    memcpy(&r->DestinationPrefix.Prefix.Ipv4.sin_addr, &b0, 1);
    memcpy((unsigned char *)&r->DestinationPrefix.Prefix.Ipv4.sin_addr + 1, rest, 3);
    r->DestinationPrefix.PrefixLength = len;
}

static void forward_args(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    NC_CODE(c, GetIpForwardEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, CreateIpForwardEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, SetIpForwardEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, DeleteIpForwardEntry2(NULL), STATUS_INVALID_PARAMETER);
    fwd_row(&r, c->env->loopback, 198, 33);
    nc_expect_code(c, GetIpForwardEntry2(&r), STATUS_INVALID_PARAMETER,
                   "GetIpForwardEntry2(198.51.100.0/33)");
    fwd_row(&r, c->env->bogus_index, 198, 24);
    nc_expect_code(c, GetIpForwardEntry2(&r), STATUS_NOT_FOUND,
                   "GetIpForwardEntry2(an unknown index)");
    nc_expect_code(c, DeleteIpForwardEntry2(&r), STATUS_NOT_FOUND,
                   "DeleteIpForwardEntry2(an unknown index)");
}

static void forward_table_args(struct nc_ctx *c)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    NC_CODE(c, GetIpForwardTable2(AF_UNSPEC, NULL), STATUS_INVALID_PARAMETER);
    nc_expect_code(c, GetIpForwardTable2((ADDRESS_FAMILY)0x7FFF, &t), STATUS_INVALID_PARAMETER,
                   "GetIpForwardTable2(0x7FFF, &t)");
    if (t != NULL)
        FreeMibTable(t);
}

/* 5010 and 1168 of the writes, as NTSTATUS, on a veth pair of the check's
 * own (removing it removes the route). */
static void forward_exists(struct nc_ctx *c)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    MIB_IPFORWARD_ROW2 r;
    NET_IFINDEX index = nc_fixture_make("nc-fwd-nt");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-fwd-nt"))
        return;
    fwd_row(&r, index, 198, 24);
    if (NC_CODE(c, CreateIpForwardEntry2(&r), STATUS_SUCCESS)) {
        NC_CODE(c, CreateIpForwardEntry2(&r), STATUS_DUPLICATE_OBJECTID);
        if (NC_CODE(c, GetIpForwardTable2(AF_INET, &t), STATUS_SUCCESS))
            FreeMibTable(t);
        NC_CODE(c, DeleteIpForwardEntry2(&r), STATUS_SUCCESS);
        NC_CODE(c, DeleteIpForwardEntry2(&r), STATUS_NOT_FOUND);
        NC_CODE(c, SetIpForwardEntry2(&r), STATUS_NOT_FOUND);
    }
    nc_fixture_remove("nc-fwd-nt");
}

static VOID WINAPI nt_ignore_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

static void forward_notify(struct nc_ctx *c)
{
    HANDLE h = NULL;
    nc_expect_code(c, NotifyRouteChange2((ADDRESS_FAMILY)0x7FFF, nt_ignore_route, NULL, FALSE, &h),
                   STATUS_INVALID_PARAMETER, "NotifyRouteChange2(family 0x7FFF)");
    if (nc_expect_code(c, NotifyRouteChange2(AF_INET, nt_ignore_route, NULL, FALSE, &h),
                       STATUS_SUCCESS, "NotifyRouteChange2(AF_INET)") &&
        NC_TRUE(c, h != NULL, "NotifyRouteChange2(AF_INET): a NULL handle"))
        NC_CODE(c, CancelMibChangeNotify2(h), STATUS_SUCCESS);
}

/* ------------------------------------------------------------ addresses */
/* A zero-filled row (InitializeUnicastIpAddressEntry is iphlpapi's on
 * Windows, and Wine 8.0 lacks it): 198.18.<b2>.1/24 on index, lifetimes
 * infinite. */
static void addr_row(MIB_UNICASTIPADDRESS_ROW *r, NET_IFINDEX index, unsigned char b2)
{
    const unsigned char a[4] = {198, 18, b2, 1};
    memset(r, 0, sizeof(*r));
    r->Address.Ipv4.sin_family = AF_INET;
    memcpy(&r->Address.Ipv4.sin_addr, a, 4);
    r->InterfaceIndex = index;
    r->OnLinkPrefixLength = 24;
    r->ValidLifetime = r->PreferredLifetime = 0xFFFFFFFFu;
}

static void addr_get(struct nc_ctx *c)
{
    static const unsigned char lo[4] = {127, 0, 0, 1};
    MIB_UNICASTIPADDRESS_ROW r;
    NC_CODE(c, GetUnicastIpAddressEntry(NULL), STATUS_INVALID_PARAMETER);
    addr_row(&r, c->env->loopback, 0);
    memset(&r.Address.Ipv4.sin_addr, 0, 4);
    r.Address.si_family = AF_UNSPEC;
    nc_expect_code(c, GetUnicastIpAddressEntry(&r), STATUS_INVALID_PARAMETER,
                   "GetUnicastIpAddressEntry(family AF_UNSPEC)");
    /* An unknown interface: STATUS_NOT_FOUND however iphlpapi spells it
     * (Wine 8.0 answers 2, the twins read 2 and 1168 alike). */
    addr_row(&r, c->env->bogus_index, 0);
    memcpy(&r.Address.Ipv4.sin_addr, lo, 4);
    nc_expect_code(c, GetUnicastIpAddressEntry(&r), STATUS_NOT_FOUND,
                   "GetUnicastIpAddressEntry(127.0.0.1, an unknown index)");
    r.InterfaceIndex = c->env->loopback;
    nc_expect_code(c, GetUnicastIpAddressEntry(&r), STATUS_SUCCESS,
                   "GetUnicastIpAddressEntry(127.0.0.1, loopback)");
}

static void addr_table_args(struct nc_ctx *c)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, NULL), STATUS_INVALID_PARAMETER);
    nc_expect_code(c, GetUnicastIpAddressTable((ADDRESS_FAMILY)0x7FFF, &t),
                   STATUS_INVALID_PARAMETER, "GetUnicastIpAddressTable(0x7FFF, &t)");
    if (t != NULL)
        FreeMibTable(t);
}

static void addr_writes_null(struct nc_ctx *c)
{
    NC_CODE(c, CreateUnicastIpAddressEntry(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, SetUnicastIpAddressEntry(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, DeleteUnicastIpAddressEntry(NULL), STATUS_INVALID_PARAMETER);
}

static void addr_unprivileged_calls(struct nc_ctx *c, void *arg)
{
    MIB_UNICASTIPADDRESS_ROW r = *(const MIB_UNICASTIPADDRESS_ROW *)arg;
    nc_expect_code(c, DeleteUnicastIpAddressEntry(&r), STATUS_ACCESS_DENIED,
                   "DeleteUnicastIpAddressEntry(without privilege)");
}

/* 5010, 1168 and 5 of the writes, as NTSTATUS, on a veth pair of the
 * check's own (removing it removes the address). */
static void addr_exists(struct nc_ctx *c)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    MIB_UNICASTIPADDRESS_ROW r;
    NET_IFINDEX index = nc_fixture_make("nc-addr-nt");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-addr-nt"))
        return;
    addr_row(&r, index, 6);
    if (NC_CODE(c, CreateUnicastIpAddressEntry(&r), STATUS_SUCCESS)) {
        NC_CODE(c, CreateUnicastIpAddressEntry(&r), STATUS_DUPLICATE_OBJECTID);
        if (NC_CODE(c, GetUnicastIpAddressTable(AF_INET, &t), STATUS_SUCCESS))
            FreeMibTable(t);
        NC_CODE(c, SetUnicastIpAddressEntry(&r), STATUS_SUCCESS);
        nc_fixture_unprivileged(c, addr_unprivileged_calls, &r);
        NC_CODE(c, DeleteUnicastIpAddressEntry(&r), STATUS_SUCCESS);
        NC_CODE(c, DeleteUnicastIpAddressEntry(&r), STATUS_NOT_FOUND);
        NC_CODE(c, SetUnicastIpAddressEntry(&r), STATUS_NOT_FOUND);
    }
    nc_fixture_remove("nc-addr-nt");
}

static void addr_empty_table(struct nc_ctx *c, void *arg)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    (void)arg;
    NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, &t), STATUS_NOT_FOUND);
    if (t != NULL)
        FreeMibTable(t);
}

static void addr_table_empty(struct nc_ctx *c)
{
    nc_fixture_empty_namespace(c, addr_empty_table, NULL);
}

/* ------------------------------------------------------------ neighbours */
/* Whether the neighbour row functions are there: the twin answers
 * STATUS_NOT_SUPPORTED without calling iphlpapi where it lacks them (Wine
 * 8.0 exports only GetIpNetTable2; a call of a missing one would abort the
 * process), so asking is safe.  Skips c when they are missing. */
static bool neigh_rows_present(struct nc_ctx *c)
{
    if ((uint32_t)GetIpNetEntry2(NULL) != (uint32_t)STATUS_NOT_SUPPORTED)
        return true;
    nc_skip(c, "%s: iphlpapi does not export GetIpNetEntry2 and the other neighbour row "
               "functions (the twins answer STATUS_NOT_SUPPORTED)",
            c->env->wine ? "Wine" : "this Windows");
    return false;
}

/* A zero-filled IPv4 row: 198.18.7.<b3> on index, 02:00:5e:00:53:<b3>,
 * permanent. */
static void neigh_row(MIB_IPNET_ROW2 *r, NET_IFINDEX index, unsigned char b3)
{
    const unsigned char a[4] = {198, 18, 7, b3};
    const unsigned char ll[6] = {0x02, 0x00, 0x5e, 0x00, 0x53, b3};
    memset(r, 0, sizeof(*r));
    r->Address.Ipv4.sin_family = AF_INET;
    memcpy(&r->Address.Ipv4.sin_addr, a, 4);
    r->InterfaceIndex = index;
    memcpy(r->PhysicalAddress, ll, 6);
    r->PhysicalAddressLength = 6;
    r->State = NlnsPermanent;
}

static void neigh_table_args(struct nc_ctx *c)
{
    PMIB_IPNET_TABLE2 t = NULL;
    NC_CODE(c, GetIpNetTable2(AF_UNSPEC, NULL), STATUS_INVALID_PARAMETER);
    nc_expect_code(c, GetIpNetTable2((ADDRESS_FAMILY)0x7FFF, &t), STATUS_INVALID_PARAMETER,
                   "GetIpNetTable2(0x7FFF, &t)");
    if (t != NULL)
        FreeMibTable(t);
    t = NULL;
    /* The IPv4 table: rows, or none at all (1168, as Microsoft documents). */
    NTSTATUS st = GetIpNetTable2(AF_INET, &t);
    NC_TRUE(c, st == STATUS_SUCCESS || (uint32_t)st == (uint32_t)STATUS_NOT_FOUND,
            "GetIpNetTable2(AF_INET): 0x%08lX, want STATUS_SUCCESS or STATUS_NOT_FOUND",
            (unsigned long)(uint32_t)st);
    if (t != NULL)
        FreeMibTable(t);
}

static void neigh_rows_null(struct nc_ctx *c)
{
    if (!neigh_rows_present(c))
        return;
    NC_CODE(c, GetIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, CreateIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, SetIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, DeleteIpNetEntry2(NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, ResolveIpNetEntry2(NULL, NULL), STATUS_INVALID_PARAMETER);
    nc_expect_code(c, FlushIpNetTable2((ADDRESS_FAMILY)0x7FFF, 0), STATUS_INVALID_PARAMETER,
                   "FlushIpNetTable2(0x7FFF, 0)");
}

static void neigh_unknown(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    if (!neigh_rows_present(c))
        return;
    neigh_row(&r, c->env->bogus_index, 9);
    nc_expect_code(c, GetIpNetEntry2(&r), STATUS_NOT_FOUND, "GetIpNetEntry2(an unknown index)");
    nc_expect_code(c, DeleteIpNetEntry2(&r), STATUS_NOT_FOUND,
                   "DeleteIpNetEntry2(an unknown index)");
    nc_expect_code(c, FlushIpNetTable2(AF_INET, c->env->bogus_index), STATUS_NOT_FOUND,
                   "FlushIpNetTable2(AF_INET, an unknown index)");
}

/* The writes on a veth pair of the check's own, then a resolution nobody
 * answers (the peer has no address): STATUS_BAD_NETWORK_NAME. */
static void neigh_exists_on(struct nc_ctx *c, NET_IFINDEX index)
{
    MIB_IPNET_ROW2 r, got;
    neigh_row(&r, index, 9);
    if (!NC_CODE(c, CreateIpNetEntry2(&r), STATUS_SUCCESS))
        return;
    NC_CODE(c, CreateIpNetEntry2(&r), STATUS_DUPLICATE_OBJECTID);
    got = r;
    NC_CODE(c, GetIpNetEntry2(&got), STATUS_SUCCESS);
    NC_CODE(c, SetIpNetEntry2(&r), STATUS_SUCCESS);
    NC_CODE(c, DeleteIpNetEntry2(&r), STATUS_SUCCESS);
    NC_CODE(c, DeleteIpNetEntry2(&r), STATUS_NOT_FOUND);
    NC_CODE(c, SetIpNetEntry2(&r), STATUS_NOT_FOUND);
    NC_CODE(c, FlushIpNetTable2(AF_INET, index), STATUS_SUCCESS);
    neigh_row(&r, index, 10);
    nc_expect_code(c, ResolveIpNetEntry2(&r, NULL), STATUS_BAD_NETWORK_NAME,
                   "ResolveIpNetEntry2(198.18.7.10, nobody there)");
}

static void neigh_exists(struct nc_ctx *c)
{
    NET_IFINDEX index;
    if (!neigh_rows_present(c))
        return;
    index = nc_fixture_make("nc-neigh-nt");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-neigh-nt"))
        return;
    neigh_exists_on(c, index);
    nc_fixture_remove("nc-neigh-nt");
}

static void neigh_empty_table(struct nc_ctx *c, void *arg)
{
    PMIB_IPNET_TABLE2 t = NULL;
    (void)arg;
    NC_CODE(c, GetIpNetTable2(AF_UNSPEC, &t), STATUS_NOT_FOUND);
    if (t != NULL)
        FreeMibTable(t);
}

static void neigh_table_empty(struct nc_ctx *c)
{
    nc_fixture_empty_namespace(c, neigh_empty_table, NULL);
}

/* GetBestInterface(Ex) are iphlpapi functions with no twin: Win32 codes in
 * this flavour too. */
static void best_interface_win32(struct nc_ctx *c)
{
    DWORD index = 0;
    NC_CODE(c, GetBestInterfaceEx(NULL, &index), ERROR_INVALID_PARAMETER);
}

const struct nc_check nc_checks_ntstatus[] = {
    {"ntstatus.get-entry", get_entry, NC_NEED_ENTRY | NC_NEED_LOOPBACK,
     NC_MS_DDI("getipinterfaceentry"),
     "nio_nt_GetIpInterfaceEntry: NULL -> STATUS_INVALID_PARAMETER, unknown index -> "
     "STATUS_NOT_FOUND, loopback -> STATUS_SUCCESS"},
    {"ntstatus.get-table", get_table, NC_NEED_TABLE, NC_MS_DDI("getipinterfacetable"),
     "nio_nt_GetIpInterfaceTable: NULL -> STATUS_INVALID_PARAMETER, AF_UNSPEC -> "
     "STATUS_SUCCESS"},
    {"ntstatus.convert", convert, NC_NEED_LOOPBACK,
     "docs/status-codes.md (the NTSTATUS of each Win32 outcome)",
     "the conversion twins: 87 -> STATUS_INVALID_PARAMETER, 2 -> STATUS_OBJECT_NAME_NOT_FOUND, "
     "123 -> STATUS_OBJECT_NAME_INVALID, a short buffer -> STATUS_BUFFER_TOO_SMALL"},
    {"ntstatus.forward-args", forward_args, NC_NEED_FWD_ROWS | NC_NEED_LOOPBACK,
     NC_MS_DDI("getipforwardentry2") ", " NC_MS_DDI("deleteipforwardentry2"),
     "the route row twins: NULL rows and a /33 -> STATUS_INVALID_PARAMETER; an unknown index "
     "(Get, Delete) -> STATUS_NOT_FOUND"},
    {"ntstatus.forward-table-args", forward_table_args, 0, NC_MS_DDI("getipforwardtable2"),
     "nio_nt_GetIpForwardTable2: NULL table, family 0x7FFF -> STATUS_INVALID_PARAMETER"},
    {"ntstatus.forward-exists", forward_exists,
     NC_NEED_FWD_ROWS | NC_NEED_FWD_TABLE | NC_NEED_PRIVILEGE | NC_NEED_MAKE,
     NC_MS_DDI("createipforwardentry2") "; STATUS_DUPLICATE_OBJECTID: what kernel-mode callers "
     "test (OpenThread's Windows driver), RtlNtStatusToDosError's 5010",
     "Create -> STATUS_SUCCESS, again -> STATUS_DUPLICATE_OBJECTID; the IPv4 table -> "
     "STATUS_SUCCESS; Delete -> STATUS_SUCCESS, again and Set -> STATUS_NOT_FOUND"},
    {"ntstatus.forward-notify", forward_notify, NC_NEED_FWD_NOTIFY,
     NC_MS_DDI("notifyroutechange2"),
     "nio_nt_NotifyRouteChange2: family 0x7FFF -> STATUS_INVALID_PARAMETER; AF_INET -> "
     "STATUS_SUCCESS and a handle"},
    {"ntstatus.addr-get", addr_get, NC_NEED_LOOPBACK, NC_MS_DDI("getunicastipaddressentry"),
     "nio_nt_GetUnicastIpAddressEntry: NULL, family AF_UNSPEC -> STATUS_INVALID_PARAMETER; 127.0.0.1 "
     "on an unknown index -> STATUS_NOT_FOUND, on loopback -> STATUS_SUCCESS"},
    {"ntstatus.addr-table-args", addr_table_args, 0, NC_MS_DDI("getunicastipaddresstable"),
     "nio_nt_GetUnicastIpAddressTable: NULL table, family 0x7FFF -> STATUS_INVALID_PARAMETER"},
    {"ntstatus.addr-writes-null", addr_writes_null, NC_NEED_ADDR_ROWS,
     NC_MS_DDI("createunicastipaddressentry"),
     "nio_nt_Create/Set/DeleteUnicastIpAddressEntry(NULL) -> STATUS_INVALID_PARAMETER"},
    {"ntstatus.addr-exists", addr_exists,
     NC_NEED_ADDR_ROWS | NC_NEED_ADDR_TABLE | NC_NEED_PRIVILEGE | NC_NEED_MAKE | NC_NEED_UNPRIV,
     NC_MS_DDI("createunicastipaddressentry") "; STATUS_DUPLICATE_OBJECTID as for the route "
     "rows (RtlNtStatusToDosError's 5010)",
     "Create -> STATUS_SUCCESS, again -> STATUS_DUPLICATE_OBJECTID; the IPv4 table, Set -> "
     "STATUS_SUCCESS; Delete without privilege -> STATUS_ACCESS_DENIED; Delete -> "
     "STATUS_SUCCESS, again and Set -> STATUS_NOT_FOUND"},
    {"ntstatus.addr-table-empty", addr_table_empty, NC_NEED_ADDR_TABLE | NC_NEED_MAKE,
     NC_MS_DDI("getunicastipaddresstable"),
     "nio_nt_GetUnicastIpAddressTable(AF_UNSPEC) with no address at all -> STATUS_NOT_FOUND"},
    {"ntstatus.neigh-table-args", neigh_table_args, 0, NC_MS_DDI("getipnettable2"),
     "nio_nt_GetIpNetTable2: NULL table, family 0x7FFF -> STATUS_INVALID_PARAMETER; AF_INET -> "
     "STATUS_SUCCESS or STATUS_NOT_FOUND (no neighbour)"},
    {"ntstatus.neigh-rows-null", neigh_rows_null, 0,
     NC_MS_DDI("getipnetentry2") ", " NC_MS_DDI("flushipnettable2"),
     "nio_nt_Get/Create/Set/Delete/ResolveIpNetEntry2(NULL), FlushIpNetTable2(0x7FFF) -> "
     "STATUS_INVALID_PARAMETER (skipped where iphlpapi lacks them: Wine 8.0)"},
    {"ntstatus.neigh-unknown", neigh_unknown, 0, NC_MS_DDI("getipnetentry2"),
     "an unknown index: Get, Delete, Flush -> STATUS_NOT_FOUND"},
    {"ntstatus.neigh-exists", neigh_exists, NC_NEED_PRIVILEGE | NC_NEED_MAKE,
     NC_MS_DDI("createipnetentry2") ", " NC_MS_DDI("resolveipnetentry2")
     "; STATUS_DUPLICATE_OBJECTID as for the route rows",
     "Create -> STATUS_SUCCESS, again -> STATUS_DUPLICATE_OBJECTID; Get, Set -> STATUS_SUCCESS; "
     "Delete -> STATUS_SUCCESS, again and Set -> STATUS_NOT_FOUND; Flush -> STATUS_SUCCESS; "
     "Resolve with nobody there -> STATUS_BAD_NETWORK_NAME (67)"},
    {"ntstatus.neigh-table-empty", neigh_table_empty, NC_NEED_MAKE, NC_MS_DDI("getipnettable2"),
     "nio_nt_GetIpNetTable2(AF_UNSPEC) with no neighbour at all -> STATUS_NOT_FOUND"},
    {"ntstatus.best-interface-win32", best_interface_win32, 0,
     "docs/status-codes.md (GetBestInterface(Ex) are iphlpapi's, with no twin)",
     "GetBestInterfaceEx(NULL, &i) -> ERROR_INVALID_PARAMETER (Win32) in the NTSTATUS flavour"},
    {NULL, NULL, 0, NULL, NULL},
};
