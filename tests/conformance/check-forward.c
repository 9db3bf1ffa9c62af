/* check-forward.c - the route rows (Windows' IpForward functions):
 * InitializeIpForwardEntry's values, the argument codes of Get, Create, Set
 * and Delete, an unknown interface, a route that exists and one that does
 * not, GetIpForwardTable2, NotifyRouteChange2's arguments, and
 * GetBestInterface(Ex).
 *
 * The checks that add a route add it on a veth pair of their own
 * (make-interface) and remove the pair when done, which takes every route
 * through it along, so that no route outlives the check that made it.  The
 * argument checks name the loopback interface and prefixes that no check
 * routes (TEST-NET-3, 2001:db8:1:ff::/64), so that a row wrongly accepted
 * cannot change what another check sees. */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)
#define NC_INFINITE 0xFFFFFFFFu

/* ----------------------------------------------------------------- rows */
/* A zero-filled row (as OpenVPN writes them) with its key: prefix, an
 * on-link next hop of family 0, the interface by index. */
static void key4(MIB_IPFORWARD_ROW2 *r, NET_IFINDEX index, const unsigned char a[4], UCHAR len)
{
    memset(r, 0, sizeof(*r));
    r->InterfaceIndex = index;
    r->DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
    memcpy(&r->DestinationPrefix.Prefix.Ipv4.sin_addr, a, 4);
    r->DestinationPrefix.PrefixLength = len;
}

static void key6(MIB_IPFORWARD_ROW2 *r, NET_IFINDEX index, const unsigned char a[16], UCHAR len)
{
    memset(r, 0, sizeof(*r));
    r->InterfaceIndex = index;
    r->DestinationPrefix.Prefix.Ipv6.sin6_family = AF_INET6;
    memcpy(&r->DestinationPrefix.Prefix.Ipv6.sin6_addr, a, 16);
    r->DestinationPrefix.PrefixLength = len;
}

static const unsigned char net3[4] = {203, 0, 113, 0};         /* argument checks */
static const unsigned char net2[4] = {198, 51, 100, 0};        /* routes made */
static const unsigned char db8_ff[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0xff};
static const unsigned char db8_7[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 7};

/* A row of either family on index: IPv4 203.0.113.0/24 or IPv6
 * 2001:db8:1:ff::/64. */
static void arg_row(MIB_IPFORWARD_ROW2 *r, int v6, NET_IFINDEX index)
{
    if (v6)
        key6(r, index, db8_ff, 64);
    else
        key4(r, index, net3, 24);
}

/* --------------------------------------------------- the four functions */
/* Get, Create, Set and Delete behind one signature: each takes a copy, so
 * that what Get writes never reaches the next call. */
struct fwd_fn {
    const char *name;
    DWORD (*call)(MIB_IPFORWARD_ROW2 *row);
    bool writes;
};

static DWORD call_get(MIB_IPFORWARD_ROW2 *r) { return GetIpForwardEntry2(r); }
static DWORD call_create(MIB_IPFORWARD_ROW2 *r) { return CreateIpForwardEntry2(r); }
static DWORD call_set(MIB_IPFORWARD_ROW2 *r) { return SetIpForwardEntry2(r); }
static DWORD call_delete(MIB_IPFORWARD_ROW2 *r) { return DeleteIpForwardEntry2(r); }

static const struct fwd_fn fns[4] = {
    {"GetIpForwardEntry2", call_get, false},
    {"CreateIpForwardEntry2", call_create, true},
    {"SetIpForwardEntry2", call_set, true},
    {"DeleteIpForwardEntry2", call_delete, true},
};

/* fn(a copy of row) must answer want; what names the row in a failure. */
static bool expect_fn(struct nc_ctx *c, const struct fwd_fn *fn, const MIB_IPFORWARD_ROW2 *row,
                      DWORD want, const char *what)
{
    char call[200];
    MIB_IPFORWARD_ROW2 copy;
    DWORD got;
    if (row != NULL)
        copy = *row;
    got = fn->call(row != NULL ? &copy : NULL);
    /* A route made where a refusal was expected is undone at once, so
     * that a failed check leaves nothing behind (on Windows too, where the
     * argument checks run on the machine's own loopback interface). */
    if (fn->call == call_create && got == NO_ERROR && want != NO_ERROR)
        DeleteIpForwardEntry2(row);
    snprintf(call, sizeof(call), "%s(%s)", fn->name, what);
    return nc_expect_code(c, got, want, call);
}

/* Every function of the four (or only the writes) on one row. */
static void expect_all(struct nc_ctx *c, const MIB_IPFORWARD_ROW2 *row, bool writes_only,
                       DWORD want, const char *what)
{
    for (int i = 0; i < 4; i++)
        if (fns[i].writes || !writes_only)
            expect_fn(c, &fns[i], row, want, what);
}

/* ----------------------------------------------------------- Initialize */
static void initialize(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r, zero;
    memset(&r, 0xA5, sizeof(r)); /* so that a field left alone shows */
    InitializeIpForwardEntry(&r);
    NC_TRUE(c, r.ValidLifetime == NC_INFINITE && r.PreferredLifetime == NC_INFINITE,
            "lifetimes %lu / %lu, want infinite (0xFFFFFFFF)", (unsigned long)r.ValidLifetime,
            (unsigned long)r.PreferredLifetime);
    NC_TRUE(c, r.Loopback == TRUE && r.AutoconfigureAddress == TRUE && r.Publish == TRUE &&
                   r.Immortal == TRUE,
            "Loopback %u, AutoconfigureAddress %u, Publish %u, Immortal %u, want all TRUE",
            (unsigned)r.Loopback, (unsigned)r.AutoconfigureAddress, (unsigned)r.Publish,
            (unsigned)r.Immortal);
    /* "An illegal value": no prefix is longer than 128 bits, no protocol
     * of NL_ROUTE_PROTOCOL is negative. */
    NC_TRUE(c, r.SitePrefixLength > 128, "SitePrefixLength %u, want an illegal value (> 128)",
            (unsigned)r.SitePrefixLength);
    NC_TRUE(c, (int)r.Protocol < 0, "Protocol %d, want an illegal value (negative)",
            (int)r.Protocol);
    NC_TRUE(c, r.Metric == NC_INFINITE, "Metric %lu, want 0xFFFFFFFF (unset)",
            (unsigned long)r.Metric);
    /* Every other field zero. */
    memset(&zero, 0, sizeof(zero));
    NC_TRUE(c, memcmp(&r, &zero, offsetof(MIB_IPFORWARD_ROW2, SitePrefixLength)) == 0,
            "the key (LUID, index, DestinationPrefix, NextHop) is not all zero");
    NC_TRUE(c, r.Age == 0 && r.Origin == NlroManual, "Age %lu, Origin %d, want 0 and 0",
            (unsigned long)r.Age, (int)r.Origin);
}

/* ---------------------------------------------------------- arguments */
static void args_null(struct nc_ctx *c)
{
    expect_all(c, NULL, false, ERROR_INVALID_PARAMETER, "NULL");
}

static void args_family(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    arg_row(&r, 0, c->env->loopback);
    r.DestinationPrefix.Prefix.si_family = AF_UNSPEC;
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "prefix of family AF_UNSPEC");
    r.DestinationPrefix.Prefix.si_family = NC_NOT_A_FAMILY;
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "prefix of family 0x7FFF");
}

static void args_prefix_length(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    arg_row(&r, 0, c->env->loopback);
    r.DestinationPrefix.PrefixLength = 33;
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "203.0.113.0/33");
    arg_row(&r, 1, c->env->loopback);
    r.DestinationPrefix.PrefixLength = 129;
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "2001:db8:1:ff::/129");
}

static void args_next_hop(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    arg_row(&r, 0, c->env->loopback);
    r.NextHop.Ipv6.sin6_family = AF_INET6;
    r.NextHop.Ipv6.sin6_addr.s6_addr[15] = 1;
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "IPv4 prefix, next hop ::1");
    arg_row(&r, 1, c->env->loopback);
    r.NextHop.Ipv4.sin_family = AF_INET;
    memcpy(&r.NextHop.Ipv4.sin_addr, net3, 4);
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "IPv6 prefix, next hop 203.0.113.0");
}

static void args_no_interface(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    arg_row(&r, 0, 0);
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "IPv4, LUID and index 0");
    arg_row(&r, 1, 0);
    expect_all(c, &r, false, ERROR_INVALID_PARAMETER, "IPv6, LUID and index 0");
}

/* The writes refuse a preferred lifetime beyond the valid one. */
static void args_lifetimes(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    for (int v6 = 0; v6 < 2; v6++) {
        arg_row(&r, v6, c->env->loopback);
        r.ValidLifetime = 100;
        r.PreferredLifetime = 200;
        expect_fn(c, &fns[1], &r, ERROR_INVALID_PARAMETER,
                  v6 ? "IPv6, ValidLifetime 100, PreferredLifetime 200"
                     : "IPv4, ValidLifetime 100, PreferredLifetime 200");
        expect_fn(c, &fns[2], &r, ERROR_INVALID_PARAMETER,
                  v6 ? "IPv6, ValidLifetime 100, PreferredLifetime 200"
                     : "IPv4, ValidLifetime 100, PreferredLifetime 200");
    }
}

/* ------------------------------------------------------ unknown interface */
/* The writes: an unknown index, an unknown LUID, and an unknown LUID with
 * a valid index (the LUID wins, as for GetIpInterfaceEntry). */
static void write_unknown(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    for (int v6 = 0; v6 < 2; v6++) {
        arg_row(&r, v6, c->env->bogus_index);
        expect_all(c, &r, true, ERROR_NOT_FOUND, v6 ? "IPv6, an unknown index"
                                                    : "IPv4, an unknown index");
        arg_row(&r, v6, 0);
        r.InterfaceLuid = c->env->bogus_luid;
        expect_all(c, &r, true, ERROR_NOT_FOUND, v6 ? "IPv6, an unknown LUID"
                                                    : "IPv4, an unknown LUID");
        arg_row(&r, v6, c->env->loopback);
        r.InterfaceLuid = c->env->bogus_luid;
        expect_all(c, &r, true, ERROR_NOT_FOUND,
                   v6 ? "IPv6, an unknown LUID, loopback's index"
                      : "IPv4, an unknown LUID, loopback's index");
    }
}

static void get_unknown(struct nc_ctx *c)
{
    MIB_IPFORWARD_ROW2 r;
    for (int v6 = 0; v6 < 2; v6++) {
        arg_row(&r, v6, c->env->bogus_index);
        expect_fn(c, &fns[0], &r, ERROR_NOT_FOUND, v6 ? "IPv6, an unknown index"
                                                      : "IPv4, an unknown index");
        arg_row(&r, v6, c->env->loopback);
        r.InterfaceLuid = c->env->bogus_luid;
        expect_fn(c, &fns[0], &r, ERROR_NOT_FOUND, v6 ? "IPv6, an unknown LUID, loopback's index"
                                                      : "IPv4, an unknown LUID, loopback's index");
    }
}

/* ------------------------------------------- a route that exists, or not */
/* 198.51.100.0/24 or 2001:db8:7::/64 on-link through index, from
 * InitializeIpForwardEntry as ported creators write it. */
static void made_row(MIB_IPFORWARD_ROW2 *r, int v6, NET_IFINDEX index)
{
    MIB_IPFORWARD_ROW2 key;
    if (v6)
        key6(&key, index, db8_7, 64);
    else
        key4(&key, index, net2, 24);
    InitializeIpForwardEntry(r);
    r->InterfaceIndex = index;
    r->DestinationPrefix = key.DestinationPrefix;
}

static void exists_family(struct nc_ctx *c, int v6, NET_IFINDEX index)
{
    const char *fam = v6 ? "IPv6 2001:db8:7::/64 on-link" : "IPv4 198.51.100.0/24 on-link";
    MIB_IPFORWARD_ROW2 row, saved, got;
    made_row(&row, v6, index);
    saved = row;
    if (!expect_fn(c, &fns[1], &row, NO_ERROR, fam))
        return;
    NC_TRUE(c, memcmp(&row, &saved, sizeof(row)) == 0,
            "%s: CreateIpForwardEntry2 changed the caller's row", fam);
    got = row;
    if (nc_expect_code(c, GetIpForwardEntry2(&got), NO_ERROR, "GetIpForwardEntry2(the new route)"))
        NC_TRUE(c, got.InterfaceIndex == index &&
                       got.DestinationPrefix.PrefixLength == row.DestinationPrefix.PrefixLength &&
                       got.DestinationPrefix.Prefix.si_family ==
                           row.DestinationPrefix.Prefix.si_family,
                "%s: Get read index %lu, prefix length %u, family %u", fam,
                (unsigned long)got.InterfaceIndex, (unsigned)got.DestinationPrefix.PrefixLength,
                (unsigned)got.DestinationPrefix.Prefix.si_family);
    expect_fn(c, &fns[1], &row, ERROR_OBJECT_ALREADY_EXISTS, fam);
    expect_fn(c, &fns[3], &row, NO_ERROR, fam);
    /* Now absent: every function but Create says so. */
    expect_fn(c, &fns[0], &row, ERROR_NOT_FOUND, fam);
    expect_fn(c, &fns[2], &row, ERROR_NOT_FOUND, fam);
    expect_fn(c, &fns[3], &row, ERROR_NOT_FOUND, fam);
}

static void exists(struct nc_ctx *c)
{
    NET_IFINDEX index = nc_fixture_make("nc-fwd-dup");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-fwd-dup"))
        return;
    exists_family(c, 0, index);
    exists_family(c, 1, index);
    nc_fixture_remove("nc-fwd-dup");
}

/* ------------------------------------------------------------- the table */
static void table_args(struct nc_ctx *c)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    NC_CODE(c, GetIpForwardTable2(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetIpForwardTable2(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    nc_expect_code(c, GetIpForwardTable2(NC_NOT_A_FAMILY, &t), ERROR_INVALID_PARAMETER,
                   "GetIpForwardTable2(0x7FFF, &t)");
    if (t != NULL) /* not on failure; freed all the same */
        FreeMibTable(t);
}

/* One row of a table of family (AF_UNSPEC: either): its family, prefix
 * length and next hop, and a LUID that is its index's. */
static void table_row(struct nc_ctx *c, const MIB_IPFORWARD_ROW2 *r, ADDRESS_FAMILY family,
                      ULONG i)
{
    ADDRESS_FAMILY f = r->DestinationPrefix.Prefix.si_family;
    NET_LUID luid;
    if (!NC_TRUE(c, (f == AF_INET || f == AF_INET6) && (family == AF_UNSPEC || f == family),
                 "table of family %u: row %lu has family %u", (unsigned)family,
                 (unsigned long)i, (unsigned)f))
        return;
    NC_TRUE(c, r->DestinationPrefix.PrefixLength <= (f == AF_INET ? 32 : 128),
            "row %lu: prefix length %u", (unsigned long)i,
            (unsigned)r->DestinationPrefix.PrefixLength);
    NC_TRUE(c, r->NextHop.si_family == f, "row %lu: next hop of family %u, prefix of %u",
            (unsigned long)i, (unsigned)r->NextHop.si_family, (unsigned)f);
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(r->InterfaceIndex, &luid), NO_ERROR))
        NC_TRUE(c, luid.Value == r->InterfaceLuid.Value,
                "row %lu: LUID 0x%llx, its index %lu has 0x%llx", (unsigned long)i,
                (unsigned long long)r->InterfaceLuid.Value, (unsigned long)r->InterfaceIndex,
                (unsigned long long)luid.Value);
}

/* The rows of one family's table, or 0 when it has none (ERROR_NOT_FOUND
 * with *Table NULL, as Microsoft's page documents). */
static ULONG table_family(struct nc_ctx *c, ADDRESS_FAMILY family, const char *call)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    DWORD err = GetIpForwardTable2(family, &t);
    ULONG n = 0;
    if (err == ERROR_NOT_FOUND) {
        NC_TRUE(c, t == NULL, "%s: ERROR_NOT_FOUND with a table", call);
        return 0;
    }
    if (!nc_expect_code(c, err, NO_ERROR, call) || !NC_TRUE(c, t != NULL, "%s: no table", call))
        return 0;
    n = t->NumEntries;
    /* Wine 8.0 lists no IPv6 route and answers an empty AF_INET6 table
     * with NO_ERROR (docs/conformance.md); Windows always has its loopback
     * routes, and documents ERROR_NOT_FOUND for no route. */
    NC_TRUE(c, n > 0 || (c->env->wine && family == AF_INET6),
            "%s: NO_ERROR and no row, want ERROR_NOT_FOUND and no table", call);
    for (ULONG i = 0; i < n; i++)
        table_row(c, &t->Table[i], family, i);
    FreeMibTable(t);
    return n;
}

static void table_families(struct nc_ctx *c)
{
    ULONG v4 = table_family(c, AF_INET, "GetIpForwardTable2(AF_INET)");
    ULONG v6 = table_family(c, AF_INET6, "GetIpForwardTable2(AF_INET6)");
    ULONG all = table_family(c, AF_UNSPEC, "GetIpForwardTable2(AF_UNSPEC)");
    NC_TRUE(c, all == v4 + v6, "AF_UNSPEC has %lu rows, AF_INET %lu and AF_INET6 %lu",
            (unsigned long)all, (unsigned long)v4, (unsigned long)v6);
}

/* Every row of the table is what Get reads by its key (Age aside, which
 * counts up). */
static void table_matches_entry(struct nc_ctx *c)
{
    PMIB_IPFORWARD_TABLE2 t = NULL;
    if (!NC_CODE(c, GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries && c->failures == 0; i++) {
        MIB_IPFORWARD_ROW2 want = t->Table[i], got = t->Table[i];
        if (!nc_expect_code(c, GetIpForwardEntry2(&got), NO_ERROR, "GetIpForwardEntry2(a row)"))
            break;
        want.Age = got.Age = 0;
        NC_TRUE(c, memcmp(&want, &got, sizeof(want)) == 0,
                "row %lu (index %lu, prefix length %u): Get reads another row", (unsigned long)i,
                (unsigned long)want.InterfaceIndex,
                (unsigned)want.DestinationPrefix.PrefixLength);
    }
    FreeMibTable(t);
}

/* -------------------------------------------------------- notifications */
static VOID WINAPI ignore_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

static void notify_args(struct nc_ctx *c)
{
    HANDLE h = NULL;
    nc_expect_code(c, NotifyRouteChange2(NC_NOT_A_FAMILY, ignore_route, NULL, FALSE, &h),
                   ERROR_INVALID_PARAMETER, "NotifyRouteChange2(family 0x7FFF)");
    nc_expect_code(c, NotifyRouteChange2(AF_INET, NULL, NULL, FALSE, &h),
                   ERROR_INVALID_PARAMETER, "NotifyRouteChange2(NULL callback)");
    nc_expect_code(c, NotifyRouteChange2(AF_INET, ignore_route, NULL, FALSE, NULL),
                   ERROR_INVALID_PARAMETER, "NotifyRouteChange2(NULL handle pointer)");
    h = NULL;
    if (nc_expect_code(c, NotifyRouteChange2(AF_UNSPEC, ignore_route, NULL, FALSE, &h), NO_ERROR,
                       "NotifyRouteChange2(AF_UNSPEC)") &&
        NC_TRUE(c, h != NULL, "NotifyRouteChange2(AF_UNSPEC): NO_ERROR and a NULL handle"))
        NC_CODE(c, CancelMibChangeNotify2(h), NO_ERROR);
}

/* ----------------------------------------------------- GetBestInterface */
static void sin4(struct sockaddr_in *a, const unsigned char b[4])
{
    memset(a, 0, sizeof(*a));
    a->sin_family = AF_INET;
    memcpy(&a->sin_addr, b, 4);
}

static void sin6(struct sockaddr_in6 *a, const unsigned char b[16])
{
    memset(a, 0, sizeof(*a));
    a->sin6_family = AF_INET6;
    memcpy(&a->sin6_addr, b, 16);
}

static const unsigned char lo4[4] = {127, 0, 0, 1};
static const unsigned char lo6[16] = {[15] = 1};
static const unsigned char far4[4] = {198, 51, 100, 1};
static const unsigned char far6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x99};

/* GetBestInterface takes the address as it sits in memory (network order). */
static IPAddr ipaddr(const unsigned char b[4])
{
    IPAddr a;
    memcpy(&a, b, 4);
    return a;
}

static void best_if_args(struct nc_ctx *c)
{
    struct sockaddr_in a;
    DWORD index = 0;
    sin4(&a, lo4);
    nc_expect_code(c, GetBestInterface(ipaddr(lo4), NULL), ERROR_INVALID_PARAMETER,
                   "GetBestInterface(127.0.0.1, NULL)");
    NC_CODE(c, GetBestInterfaceEx(NULL, &index), ERROR_INVALID_PARAMETER);
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a, NULL), ERROR_INVALID_PARAMETER,
                   "GetBestInterfaceEx(127.0.0.1, NULL)");
}

static void best_if_family(struct nc_ctx *c)
{
    struct sockaddr_in a;
    DWORD index = 77;
    sin4(&a, lo4);
    a.sin_family = AF_UNSPEC;
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a, &index), ERROR_INVALID_PARAMETER,
                   "GetBestInterfaceEx(family AF_UNSPEC)");
    /* 0xFF: sin_family is 8 bits on the BSDs (sa_len comes first). */
    a.sin_family = NC_NOT_A_FAMILY & 0xFF;
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a, &index), ERROR_INVALID_PARAMETER,
                   "GetBestInterfaceEx(family not a family)");
    NC_TRUE(c, index == 77, "the index was written on failure (%lu)", (unsigned long)index);
}

static void best_if_unreachable(struct nc_ctx *c)
{
    struct sockaddr_in a;
    struct sockaddr_in6 a6;
    DWORD index = 77;
    sin4(&a, far4);
    sin6(&a6, far6);
    nc_expect_code(c, GetBestInterface(ipaddr(far4), &index), ERROR_NETWORK_UNREACHABLE,
                   "GetBestInterface(198.51.100.1)");
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a, &index),
                   ERROR_NETWORK_UNREACHABLE, "GetBestInterfaceEx(198.51.100.1)");
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a6, &index),
                   ERROR_NETWORK_UNREACHABLE, "GetBestInterfaceEx(2001:db8::99)");
    NC_TRUE(c, index == 77, "the index was written on failure (%lu)", (unsigned long)index);
}

static void best_if_loopback(struct nc_ctx *c)
{
    struct sockaddr_in a;
    struct sockaddr_in6 a6;
    DWORD i1 = 0, i2 = 0, i3 = 0;
    sin4(&a, lo4);
    sin6(&a6, lo6);
    NC_CODE(c, GetBestInterface(ipaddr(lo4), &i1), NO_ERROR);
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a, &i2), NO_ERROR,
                   "GetBestInterfaceEx(127.0.0.1)");
    nc_expect_code(c, GetBestInterfaceEx((struct sockaddr *)&a6, &i3), NO_ERROR,
                   "GetBestInterfaceEx(::1)");
    NC_TRUE(c, i1 == c->env->loopback && i2 == i1 && i3 == i1,
            "127.0.0.1 through index %lu and %lu, ::1 through %lu; loopback is %lu",
            (unsigned long)i1, (unsigned long)i2, (unsigned long)i3,
            (unsigned long)c->env->loopback);
}

#define NC_FWD NC_NEED_FWD_ROWS
#define NC_FWD_MADE (NC_NEED_FWD_ROWS | NC_NEED_FWD_TABLE | NC_NEED_PRIVILEGE | NC_NEED_MAKE)
#define NC_PROJECT_ONLY "docs/route.md (this project's codes; not yet run on Windows)"

const struct nc_check nc_checks_forward[] = {
    {"forward.initialize", initialize, NC_FWD, NC_MS("initializeipforwardentry"),
     "InitializeIpForwardEntry: lifetimes 0xFFFFFFFF; Loopback, AutoconfigureAddress, Publish, "
     "Immortal TRUE; SitePrefixLength (> 128) and Protocol (negative) illegal, Metric "
     "0xFFFFFFFF; every other field 0"},
    {"forward.args-null", args_null, NC_FWD,
     NC_MS("getipforwardentry2") ", " NC_MS("createipforwardentry2") " (ERROR_INVALID_PARAMETER)",
     "Get/Create/Set/DeleteIpForwardEntry2(NULL) -> 87"},
    {"forward.args-family", args_family, NC_FWD | NC_NEED_LOOPBACK,
     NC_MS("getipforwardentry2") " (DestinationPrefix not an IPv4 or IPv6 prefix)",
     "Get/Create/Set/Delete: a prefix of family AF_UNSPEC or 0x7FFF -> 87"},
    {"forward.args-prefix-length", args_prefix_length, NC_FWD | NC_NEED_LOOPBACK,
     NC_MS("createipforwardentry2") " (ERROR_INVALID_PARAMETER: an invalid prefix)",
     "Get/Create/Set/Delete: 203.0.113.0/33 and 2001:db8:1:ff::/129 -> 87"},
    {"forward.args-next-hop", args_next_hop, NC_FWD | NC_NEED_LOOPBACK,
     NC_MS("createipforwardentry2") " (ERROR_INVALID_PARAMETER); " NC_PROJECT_ONLY,
     "Get/Create/Set/Delete: an IPv4 prefix with an IPv6 next hop and the reverse -> 87"},
    {"forward.args-no-interface", args_no_interface, NC_FWD,
     NC_MS("getipforwardentry2") " (neither InterfaceLuid nor InterfaceIndex specified)",
     "Get/Create/Set/Delete: LUID and index both 0 -> 87"},
    {"forward.args-lifetimes", args_lifetimes, NC_FWD | NC_NEED_LOOPBACK,
     "docs/route.md (Windows refuses a preferred lifetime beyond the valid one, as for "
     "addresses); not yet run on Windows",
     "Create/SetIpForwardEntry2: PreferredLifetime 200 > ValidLifetime 100 -> 87"},
    {"forward.get-unknown", get_unknown, NC_FWD | NC_NEED_LOOPBACK,
     NC_MS_DDI("getipforwardentry2") " (STATUS_NOT_FOUND, Win32 1168); the LUID wins, as for "
     "GetIpInterfaceEntry (Wine tests); not yet run on Windows",
     "GetIpForwardEntry2: an unknown index, an unknown LUID with loopback's index -> 1168"},
    {"forward.write-unknown", write_unknown, NC_FWD | NC_NEED_LOOPBACK | NC_NEED_PRIVILEGE,
     NC_MS_DDI("createipforwardentry2") " (STATUS_NOT_FOUND: no such interface); " NC_PROJECT_ONLY,
     "Create/Set/Delete: an unknown index, an unknown LUID, an unknown LUID with a valid index "
     "-> 1168"},
    {"forward.exists", exists, NC_FWD_MADE,
     "observed: ported creators treat ERROR_OBJECT_ALREADY_EXISTS (5010) as success (wintun, "
     "wireguard-nt, SoftEther); absent: " NC_MS("deleteipforwardentry2") " (ERROR_NOT_FOUND)",
     "per family: Create -> 0, caller's row unchanged, Get finds it; Create again -> 5010; "
     "Delete -> 0; then Get, Set, Delete -> 1168"},
    {"forward.table-args", table_args, 0,
     NC_MS("getipforwardtable2") " (ERROR_INVALID_PARAMETER)",
     "GetIpForwardTable2: NULL table (AF_UNSPEC, AF_INET), family 0x7FFF -> 87"},
    {"forward.table-families", table_families, NC_NEED_FWD_TABLE,
     NC_MS("getipforwardtable2") " (ERROR_NOT_FOUND: no entries)",
     "AF_INET and AF_INET6 tables hold only their family (prefix length in range, next hop of "
     "that family, LUID of its index), AF_UNSPEC both; no route is 1168 with no table"},
    {"forward.table-matches-entry", table_matches_entry, NC_NEED_FWD_TABLE | NC_FWD,
     NC_MS("getipforwardentry2") " (the key: prefix, next hop, interface)",
     "every row of GetIpForwardTable2(AF_UNSPEC) is what GetIpForwardEntry2 reads by its key"},
    {"forward.notify-args", notify_args, NC_NEED_FWD_NOTIFY,
     NC_MS("notifyroutechange2") " (ERROR_INVALID_PARAMETER)",
     "NotifyRouteChange2: family 0x7FFF, a NULL callback, a NULL handle pointer -> 87; "
     "AF_UNSPEC -> 0, a handle, cancelled -> 0"},
    {"forward.best-if-args", best_if_args, 0,
     "https://learn.microsoft.com/en-us/windows/win32/api/iphlpapi/nf-iphlpapi-getbestinterfaceex"
     " (ERROR_INVALID_PARAMETER)",
     "GetBestInterface(127.0.0.1, NULL), GetBestInterfaceEx(NULL, &i) and (127.0.0.1, NULL) -> 87"},
    {"forward.best-if-family", best_if_family, NC_NEED_BEST_IF,
     "https://learn.microsoft.com/en-us/windows/win32/api/iphlpapi/nf-iphlpapi-getbestinterfaceex"
     " (ERROR_INVALID_PARAMETER); " NC_PROJECT_ONLY,
     "GetBestInterfaceEx: a destination of family AF_UNSPEC or 0x7FFF -> 87, index untouched"},
    {"forward.best-if-unreachable", best_if_unreachable, NC_NEED_BEST_IF | NC_NEED_NO_DEFROUTE,
     "as GetBestRoute2 (route.no-route); " NC_PROJECT_ONLY,
     "GetBestInterface(Ex) to 198.51.100.1 and 2001:db8::99 without a default route -> 1231, "
     "index untouched"},
    {"forward.best-if-loopback", best_if_loopback, NC_NEED_BEST_IF | NC_NEED_LOOPBACK,
     "https://learn.microsoft.com/en-us/windows/win32/api/iphlpapi/nf-iphlpapi-getbestinterfaceex",
     "GetBestInterface(127.0.0.1), GetBestInterfaceEx(127.0.0.1) and (::1) -> 0, loopback's "
     "index"},
    {NULL, NULL, 0, NULL, NULL},
};
