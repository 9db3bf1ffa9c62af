/* check-neigh.c - the neighbour rows: the argument codes of GetIpNetEntry2,
 * Create/Set/DeleteIpNetEntry2, ResolveIpNetEntry2 and FlushIpNetTable2
 * (87 for no row, no family, no interface; 1168 for an unknown interface,
 * the LUID winning over a valid index); GetIpNetTable2 (its arguments, its
 * families, each row's invariants, each row as Get reads it); a permanent
 * neighbour made, found, made again (5010), changed and deleted; a flush
 * that keeps permanent entries; a resolution nobody answers (67); a
 * loopback address refused.
 *
 * The checks that change neighbours do it on a veth pair of their own
 * (nc-nb-*, make-interface) and remove the pair when done, which takes
 * every neighbour of it along.  Addresses are 198.18.0.0/15 (RFC 2544)
 * and fd00::/8, which nobody in the suite's namespace holds.  The argument
 * checks name an unknown interface or none; a row wrongly accepted by
 * Create is deleted at once.
 *
 * Windows: Wine 8.0 exports GetIpNetTable2 alone of this family (the
 * others are missing: a call of an import it lacks aborts the process), so
 * this file looks the other six up with GetProcAddress and a check that
 * needs them skips itself, saying which are missing. */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)

/* ------------------------------------------- the functions Wine lacks */
#if defined(_WIN32) && !defined(NETIOAPI_COMPAT_FLAVOUR_NT)
typedef DWORD(WINAPI *nc_nb_row_fn)(PMIB_IPNET_ROW2 Row);
typedef DWORD(WINAPI *nc_nb_crow_fn)(CONST MIB_IPNET_ROW2 *Row);
typedef DWORD(WINAPI *nc_nb_flush_fn)(ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex);
typedef DWORD(WINAPI *nc_nb_resolve_fn)(PMIB_IPNET_ROW2 Row, CONST SOCKADDR_INET *Source);

static nc_nb_row_fn nc_nb_get, nc_nb_set;
static nc_nb_crow_fn nc_nb_create, nc_nb_delete;
static nc_nb_flush_fn nc_nb_flush;
static nc_nb_resolve_fn nc_nb_resolve;

/* Whether iphlpapi exports the six; skips c, naming those missing, if not. */
static bool neigh_rows(struct nc_ctx *c)
{
    static const char *const names[6] = {"GetIpNetEntry2",    "CreateIpNetEntry2",
                                         "SetIpNetEntry2",    "DeleteIpNetEntry2",
                                         "FlushIpNetTable2",  "ResolveIpNetEntry2"};
    HMODULE h = LoadLibraryW(L"iphlpapi.dll");
    void (*fn[6])(void);
    char missing[200] = "";
    for (int i = 0; i < 6; i++) {
        fn[i] = h != NULL ? (void (*)(void))GetProcAddress(h, names[i]) : NULL;
        if (fn[i] == NULL)
            snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%s",
                     missing[0] ? ", " : "", names[i]);
    }
    if (missing[0] != 0) {
        if (c->env->wine)
            nc_skip(c, "Wine %s: iphlpapi does not export %s (a call aborts the process)",
                    c->env->wine_version, missing);
        else
            nc_skip(c, "iphlpapi does not export %s", missing);
        return false;
    }
    nc_nb_get = (nc_nb_row_fn)fn[0];
    nc_nb_create = (nc_nb_crow_fn)fn[1];
    nc_nb_set = (nc_nb_row_fn)fn[2];
    nc_nb_delete = (nc_nb_crow_fn)fn[3];
    nc_nb_flush = (nc_nb_flush_fn)fn[4];
    nc_nb_resolve = (nc_nb_resolve_fn)fn[5];
    return true;
}
#define GetIpNetEntry2(r) nc_nb_get(r)
#define CreateIpNetEntry2(r) nc_nb_create(r)
#define SetIpNetEntry2(r) nc_nb_set(r)
#define DeleteIpNetEntry2(r) nc_nb_delete(r)
#define FlushIpNetTable2(f, i) nc_nb_flush((f), (i))
#define ResolveIpNetEntry2(r, s) nc_nb_resolve((r), (s))
#else
static bool neigh_rows(struct nc_ctx *c)
{
    (void)c;
    return true;
}
#endif

/* ----------------------------------------------------------------- rows */
/* A zero-filled row (there is no InitializeIpNetEntry: callers zero it)
 * on index: IPv4 198.18.<net>.<host> or IPv6 fd00:<net>::<host>, link-layer
 * address 02:00:5e:00:<net>:<host>, State as given. */
static void nb_row(MIB_IPNET_ROW2 *r, int v6, NET_IFINDEX index, unsigned char net,
                   unsigned char host, NL_NEIGHBOR_STATE state)
{
    const unsigned char ll[6] = {0x02, 0x00, 0x5e, 0x00, net, host};
    memset(r, 0, sizeof(*r));
    if (v6) {
        r->Address.Ipv6.sin6_family = AF_INET6;
        r->Address.Ipv6.sin6_addr.s6_addr[0] = 0xfd;
        r->Address.Ipv6.sin6_addr.s6_addr[3] = net;
        r->Address.Ipv6.sin6_addr.s6_addr[15] = host;
    } else {
        const unsigned char a[4] = {198, 18, net, host};
        r->Address.Ipv4.sin_family = AF_INET;
        memcpy(&r->Address.Ipv4.sin_addr, a, 4);
    }
    r->InterfaceIndex = index;
    memcpy(r->PhysicalAddress, ll, 6);
    r->PhysicalAddressLength = 6;
    r->State = state;
}

static const char *fam_name(int v6)
{
    return v6 ? "IPv6" : "IPv4";
}

/* ------------------------------------------------ the five row functions */
struct nb_fn {
    const char *name;
    DWORD (*call)(MIB_IPNET_ROW2 *row);
};

static DWORD call_get(MIB_IPNET_ROW2 *r) { return GetIpNetEntry2(r); }
static DWORD call_create(MIB_IPNET_ROW2 *r) { return CreateIpNetEntry2(r); }
static DWORD call_set(MIB_IPNET_ROW2 *r) { return SetIpNetEntry2(r); }
static DWORD call_delete(MIB_IPNET_ROW2 *r) { return DeleteIpNetEntry2(r); }
static DWORD call_resolve(MIB_IPNET_ROW2 *r) { return ResolveIpNetEntry2(r, NULL); }

enum { NB_GET, NB_CREATE, NB_SET, NB_DELETE, NB_RESOLVE, NB_FNS };
static const struct nb_fn fns[NB_FNS] = {
    {"GetIpNetEntry2", call_get},       {"CreateIpNetEntry2", call_create},
    {"SetIpNetEntry2", call_set},       {"DeleteIpNetEntry2", call_delete},
    {"ResolveIpNetEntry2", call_resolve},
};

/* fns[i](a copy of row) must answer want; what names the row in a failure.
 * A neighbour made where a refusal was expected is deleted at once. */
static bool expect_fn(struct nc_ctx *c, int i, const MIB_IPNET_ROW2 *row, DWORD want,
                      const char *what)
{
    char call[200];
    MIB_IPNET_ROW2 copy;
    DWORD got;
    if (row != NULL)
        copy = *row;
    got = fns[i].call(row != NULL ? &copy : NULL);
    if (i == NB_CREATE && got == NO_ERROR && want != NO_ERROR)
        DeleteIpNetEntry2(row);
    snprintf(call, sizeof(call), "%s(%s)", fns[i].name, what);
    return nc_expect_code(c, got, want, call);
}

/* Every one of the five, Resolve last. */
static void expect_all(struct nc_ctx *c, const MIB_IPNET_ROW2 *row, DWORD want, const char *what)
{
    for (int i = 0; i < NB_FNS; i++)
        expect_fn(c, i, row, want, what);
}

/* ---------------------------------------------------------- arguments */
static void args_null(struct nc_ctx *c)
{
    if (!neigh_rows(c))
        return;
    expect_all(c, NULL, ERROR_INVALID_PARAMETER, "NULL");
    nc_expect_code(c, FlushIpNetTable2(NC_NOT_A_FAMILY, 0), ERROR_INVALID_PARAMETER,
                   "FlushIpNetTable2(0x7FFF, 0)");
}

static void args_family(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    if (!neigh_rows(c))
        return;
    nb_row(&r, 0, c->env->loopback, 1, 1, NlnsPermanent);
    r.Address.si_family = AF_UNSPEC;
    expect_all(c, &r, ERROR_INVALID_PARAMETER, "Address of family AF_UNSPEC");
    r.Address.si_family = NC_NOT_A_FAMILY;
    expect_all(c, &r, ERROR_INVALID_PARAMETER, "Address of family 0x7FFF");
}

static void args_no_interface(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    if (!neigh_rows(c))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        char what[64];
        snprintf(what, sizeof(what), "%s, LUID and index 0", fam_name(v6));
        nb_row(&r, v6, 0, 1, 1, NlnsPermanent);
        expect_all(c, &r, ERROR_INVALID_PARAMETER, what);
    }
}

/* An unknown index, an unknown LUID, an unknown LUID with loopback's
 * (valid) index: the LUID wins.  Flush of an unknown index. */
static void unknown_interface(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    char what[96];
    if (!neigh_rows(c))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        nb_row(&r, v6, c->env->bogus_index, 1, 2, NlnsPermanent);
        snprintf(what, sizeof(what), "%s, an unknown index", fam_name(v6));
        expect_all(c, &r, ERROR_NOT_FOUND, what);
        nb_row(&r, v6, 0, 1, 2, NlnsPermanent);
        r.InterfaceLuid = c->env->bogus_luid;
        snprintf(what, sizeof(what), "%s, an unknown LUID", fam_name(v6));
        expect_all(c, &r, ERROR_NOT_FOUND, what);
        nb_row(&r, v6, c->env->loopback, 1, 2, NlnsPermanent);
        r.InterfaceLuid = c->env->bogus_luid;
        snprintf(what, sizeof(what), "%s, an unknown LUID with loopback's index", fam_name(v6));
        expect_all(c, &r, ERROR_NOT_FOUND, what);
    }
    nc_expect_code(c, FlushIpNetTable2(AF_INET, c->env->bogus_index), ERROR_NOT_FOUND,
                   "FlushIpNetTable2(AF_INET, an unknown index)");
    nc_expect_code(c, FlushIpNetTable2(AF_UNSPEC, c->env->bogus_index), ERROR_NOT_FOUND,
                   "FlushIpNetTable2(AF_UNSPEC, an unknown index)");
}

/* The unspecified address names no neighbour (all five); Create and Set
 * refuse no or too long a link-layer address and a State no entry can be
 * made in.  On an interface of the check's own, so that a row wrongly
 * accepted changes nothing another check sees. */
static void write_values(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    NET_IFINDEX index;
    char what[96];
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-va");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-va"))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        nb_row(&r, v6, index, 8, 1, NlnsPermanent);
        if (v6)
            memset(&r.Address.Ipv6.sin6_addr, 0, 16);
        else
            memset(&r.Address.Ipv4.sin_addr, 0, 4);
        expect_all(c, &r, ERROR_INVALID_PARAMETER, v6 ? "::" : "0.0.0.0");
        for (int w = NB_CREATE; w <= NB_SET; w++) {
            nb_row(&r, v6, index, 8, 1, NlnsPermanent);
            r.PhysicalAddressLength = 0;
            snprintf(what, sizeof(what), "%s, PhysicalAddressLength 0", fam_name(v6));
            expect_fn(c, w, &r, ERROR_INVALID_PARAMETER, what);
            r.PhysicalAddressLength = IF_MAX_PHYS_ADDRESS_LENGTH + 1;
            snprintf(what, sizeof(what), "%s, PhysicalAddressLength 33", fam_name(v6));
            expect_fn(c, w, &r, ERROR_INVALID_PARAMETER, what);
            nb_row(&r, v6, index, 8, 1, NlnsIncomplete);
            snprintf(what, sizeof(what), "%s, State NlnsIncomplete", fam_name(v6));
            expect_fn(c, w, &r, ERROR_INVALID_PARAMETER, what);
            nb_row(&r, v6, index, 8, 1, NlnsMaximum);
            snprintf(what, sizeof(what), "%s, State NlnsMaximum", fam_name(v6));
            expect_fn(c, w, &r, ERROR_INVALID_PARAMETER, what);
        }
    }
    nc_fixture_remove("nc-nb-va");
}

/* IPv6 on the fixture's interface with IPv6 disabled: Get, Create, Set,
 * Delete -> 1168 (the family is not bound there). */
static void unbound_family(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    if (!neigh_rows(c))
        return;
    nb_row(&r, 1, c->env->no_ipv6, 8, 2, NlnsPermanent);
    for (int i = NB_GET; i <= NB_DELETE; i++)
        expect_fn(c, i, &r, ERROR_NOT_FOUND, "fd00:8::2 on an interface with IPv6 disabled");
}

/* Create of a loopback address on an Ethernet interface of the check's own. */
static void create_loopback(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r;
    NET_IFINDEX index;
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-lo");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-lo"))
        return;
    nb_row(&r, 0, index, 1, 3, NlnsPermanent);
    memcpy(&r.Address.Ipv4.sin_addr, (const unsigned char[4]){127, 0, 0, 1}, 4);
    expect_fn(c, NB_CREATE, &r, ERROR_INVALID_PARAMETER, "127.0.0.1 on nc-nb-lo");
    nb_row(&r, 1, index, 1, 3, NlnsPermanent);
    memset(&r.Address.Ipv6.sin6_addr, 0, 16);
    r.Address.Ipv6.sin6_addr.s6_addr[15] = 1;
    expect_fn(c, NB_CREATE, &r, ERROR_INVALID_PARAMETER, "::1 on nc-nb-lo");
    nc_fixture_remove("nc-nb-lo");
}

/* ------------------------------------------------------------- the table */
static void table_args(struct nc_ctx *c)
{
    PMIB_IPNET_TABLE2 t = NULL;
    NC_CODE(c, GetIpNetTable2(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetIpNetTable2(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    nc_expect_code(c, GetIpNetTable2(NC_NOT_A_FAMILY, &t), ERROR_INVALID_PARAMETER,
                   "GetIpNetTable2(0x7FFF, &t)");
    if (t != NULL) /* not on failure; freed all the same */
        FreeMibTable(t);
}

/* This library's promise: *Table is NULL after any failure, whatever it
 * held before (docs/neigh.md).  Microsoft's page says nothing of it, and
 * Wine 8.0 leaves *Table as it was for 87: skipped where the system's
 * iphlpapi is under test. */
static void table_null_on_failure(struct nc_ctx *c)
{
    MIB_IPNET_TABLE2 dummy;
    PMIB_IPNET_TABLE2 t = &dummy;
    if (c->env->windows) {
        nc_skip(c, "a promise of this library (docs/neigh.md) that Microsoft does not make; "
                   "%s leaves *Table as it was after 87",
                c->env->wine ? "Wine 8.0" : "Windows may");
        return;
    }
    nc_expect_code(c, GetIpNetTable2(NC_NOT_A_FAMILY, &t), ERROR_INVALID_PARAMETER,
                   "GetIpNetTable2(0x7FFF, &t)");
    NC_TRUE(c, t == NULL, "GetIpNetTable2(0x7FFF, &t): *Table is not NULL after the failure");
}

/* What Wine 8.0 answers for GetIpNetTable2(AF_INET6) and (AF_UNSPEC): it
 * lists IPv4 neighbours only (winerror.h's value). */
#define NC_ERROR_INVALID_FUNCTION 1u

/* One row of a table of family (AF_UNSPEC: either): its family, its
 * physical address, a LUID that is its index's. */
static void table_row(struct nc_ctx *c, const MIB_IPNET_ROW2 *r, ADDRESS_FAMILY family, ULONG i)
{
    ADDRESS_FAMILY f = r->Address.si_family;
    NET_LUID luid;
    if (!NC_TRUE(c, (f == AF_INET || f == AF_INET6) && (family == AF_UNSPEC || f == family),
                 "table of family %u: row %lu has family %u", (unsigned)family,
                 (unsigned long)i, (unsigned)f))
        return;
    if (NC_TRUE(c, r->PhysicalAddressLength <= IF_MAX_PHYS_ADDRESS_LENGTH,
                "row %lu: PhysicalAddressLength %lu", (unsigned long)i,
                (unsigned long)r->PhysicalAddressLength))
        for (ULONG b = r->PhysicalAddressLength; b < IF_MAX_PHYS_ADDRESS_LENGTH; b++)
            if (!NC_TRUE(c, r->PhysicalAddress[b] == 0,
                         "row %lu: PhysicalAddress[%lu] is 0x%02x beyond its length %lu",
                         (unsigned long)i, (unsigned long)b, (unsigned)r->PhysicalAddress[b],
                         (unsigned long)r->PhysicalAddressLength))
                break;
    NC_TRUE(c, (int)r->State >= (int)NlnsUnreachable && (int)r->State < (int)NlnsMaximum,
            "row %lu: State %d", (unsigned long)i, (int)r->State);
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(r->InterfaceIndex, &luid), NO_ERROR))
        NC_TRUE(c, luid.Value == r->InterfaceLuid.Value,
                "row %lu: LUID 0x%llx, its index %lu has 0x%llx", (unsigned long)i,
                (unsigned long long)r->InterfaceLuid.Value, (unsigned long)r->InterfaceIndex,
                (unsigned long long)luid.Value);
}

/* The rows of one family's table, or 0 when it has none (ERROR_NOT_FOUND
 * with *Table NULL, as Microsoft's page documents).  *out, when not NULL,
 * keeps the table for the caller to free. */
static ULONG table_family(struct nc_ctx *c, ADDRESS_FAMILY family, const char *call,
                          PMIB_IPNET_TABLE2 *out, bool *v4_only)
{
    MIB_IPNET_TABLE2 dummy;
    PMIB_IPNET_TABLE2 t = &dummy;
    DWORD err = GetIpNetTable2(family, &t);
    ULONG n;
    if (out != NULL)
        *out = NULL;
    if (err != NO_ERROR) {
        /* What *Table holds after a failure is this library's promise
         * (table-null-on-failure); iphlpapi's is freed if it wrote one. */
        if (!c->env->windows)
            NC_TRUE(c, t == NULL, "%s: %lu (%s) and *Table not NULL", call, (unsigned long)err,
                    nc_status_name(err));
        else if (t != NULL && t != &dummy)
            FreeMibTable(t);
        if (c->env->wine && family != AF_INET && err == NC_ERROR_INVALID_FUNCTION &&
            v4_only != NULL)
            *v4_only = true;
        else if (err != ERROR_NOT_FOUND)
            nc_expect_code(c, err, NO_ERROR, call);
        return 0;
    }
    if (!NC_TRUE(c, t != NULL && t != &dummy, "%s: NO_ERROR and no table", call))
        return 0;
    n = t->NumEntries;
    /* Wine 8.0 lists no IPv6 neighbour and answers an empty AF_INET6
     * table with NO_ERROR; Microsoft documents ERROR_NOT_FOUND for none. */
    NC_TRUE(c, n > 0 || (c->env->wine && family == AF_INET6),
            "%s: NO_ERROR and no row, want ERROR_NOT_FOUND and no table", call);
    for (ULONG i = 0; i < n; i++)
        table_row(c, &t->Table[i], family, i);
    if (out != NULL)
        *out = t;
    else
        FreeMibTable(t);
    return n;
}

static void table_families(struct nc_ctx *c)
{
    bool v4_only = false;
    ULONG v4 = table_family(c, AF_INET, "GetIpNetTable2(AF_INET)", NULL, &v4_only);
    ULONG v6 = table_family(c, AF_INET6, "GetIpNetTable2(AF_INET6)", NULL, &v4_only);
    ULONG all = table_family(c, AF_UNSPEC, "GetIpNetTable2(AF_UNSPEC)", NULL, &v4_only);
    /* Wine 8.0: the IPv4 table as expected, then ERROR_INVALID_FUNCTION
     * for the others; skipped only when everything else passed. */
    if (v4_only) {
        if (c->failures == 0)
            nc_skip(c, "Wine %s: GetIpNetTable2 lists IPv4 only: AF_INET6 and AF_UNSPEC answer "
                       "ERROR_INVALID_FUNCTION (1); the AF_INET table (%lu rows) passed",
                    c->env->wine_version, (unsigned long)v4);
        return;
    }
    NC_TRUE(c, all == v4 + v6, "AF_UNSPEC has %lu rows, AF_INET %lu and AF_INET6 %lu",
            (unsigned long)all, (unsigned long)v4, (unsigned long)v6);
}

/* Row i of a table against what Get reads by its key (ReachabilityTime
 * aside, which counts). */
static bool row_is_get(struct nc_ctx *c, const MIB_IPNET_ROW2 *row, ULONG i)
{
    MIB_IPNET_ROW2 want = *row, got;
    memset(&got, 0, sizeof(got));
    got.Address = want.Address;
    got.InterfaceLuid = want.InterfaceLuid;
    got.InterfaceIndex = want.InterfaceIndex;
    if (!nc_expect_code(c, GetIpNetEntry2(&got), NO_ERROR, "GetIpNetEntry2(a row's key)"))
        return false;
    want.ReachabilityTime.LastReachable = got.ReachabilityTime.LastReachable = 0;
    return NC_TRUE(c, memcmp(&want, &got, sizeof(want)) == 0,
                   "row %lu (index %lu, family %u, state %d): Get reads another row (state %d, "
                   "length %lu)",
                   (unsigned long)i, (unsigned long)want.InterfaceIndex,
                   (unsigned)want.Address.si_family, (int)want.State, (int)got.State,
                   (unsigned long)got.PhysicalAddressLength);
}

static void table_matches_entry(struct nc_ctx *c)
{
    PMIB_IPNET_TABLE2 t = NULL;
    DWORD err;
    if (!neigh_rows(c))
        return;
    err = GetIpNetTable2(AF_UNSPEC, &t);
    if (err == ERROR_NOT_FOUND)
        return; /* no row: table-families judges that */
    if (!NC_CODE(c, err, NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries && c->failures == 0; i++)
        row_is_get(c, &t->Table[i], i);
    FreeMibTable(t);
}

/* A permanent neighbour of each family on an interface of its own: the
 * tables list it (with the invariants above), each row as Get reads it. */
static void table_made(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r[2];
    PMIB_IPNET_TABLE2 t;
    NET_IFINDEX index;
    ULONG found[2] = {0, 0};
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-tb");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-tb"))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        nb_row(&r[v6], v6, index, 4, 1, NlnsPermanent);
        expect_fn(c, NB_CREATE, &r[v6], NO_ERROR, v6 ? "fd00:4::1" : "198.18.4.1");
    }
    for (int v6 = 0; v6 < 2 && c->failures == 0; v6++) {
        ADDRESS_FAMILY fam = v6 ? AF_INET6 : AF_INET;
        table_family(c, fam, v6 ? "GetIpNetTable2(AF_INET6)" : "GetIpNetTable2(AF_INET)", &t,
                     NULL);
        for (ULONG i = 0; t != NULL && i < t->NumEntries; i++) {
            const MIB_IPNET_ROW2 *x = &t->Table[i];
            if (x->InterfaceIndex == index &&
                memcmp(&x->Address, &r[v6].Address, sizeof(x->Address)) == 0) {
                found[v6]++;
                NC_TRUE(c, x->State == NlnsPermanent && x->PhysicalAddressLength == 6 &&
                               memcmp(x->PhysicalAddress, r[v6].PhysicalAddress, 6) == 0,
                        "%s: the made row is listed with State %d, length %lu", fam_name(v6),
                        (int)x->State, (unsigned long)x->PhysicalAddressLength);
            }
            row_is_get(c, x, i);
        }
        if (t != NULL)
            FreeMibTable(t);
        NC_TRUE(c, found[v6] == 1, "%s: the made neighbour is listed %lu times, want once",
                fam_name(v6), (unsigned long)found[v6]);
    }
    table_families(c);
    nc_fixture_remove("nc-nb-tb");
}

/* ------------------------------------------------- a neighbour that exists */
static void exists_family(struct nc_ctx *c, int v6, NET_IFINDEX index, NET_LUID luid)
{
    const char *fam = v6 ? "IPv6 fd00:5::1" : "IPv4 198.18.5.1";
    MIB_IPNET_ROW2 row, saved, got;
    nb_row(&row, v6, index, 5, 1, NlnsPermanent);
    saved = row;
    if (!expect_fn(c, NB_CREATE, &row, NO_ERROR, fam))
        return;
    NC_TRUE(c, memcmp(&row, &saved, sizeof(row)) == 0,
            "%s: CreateIpNetEntry2 changed the caller's row", fam);
    got = row;
    if (nc_expect_code(c, GetIpNetEntry2(&got), NO_ERROR, "GetIpNetEntry2(the new neighbour)"))
        NC_TRUE(c, got.State == NlnsPermanent && got.InterfaceIndex == index &&
                       got.InterfaceLuid.Value == luid.Value && got.PhysicalAddressLength == 6 &&
                       memcmp(got.PhysicalAddress, row.PhysicalAddress, 6) == 0 &&
                       !got.IsUnreachable,
                "%s: Get read State %d, index %lu, LUID 0x%llx, length %lu, IsUnreachable %u",
                fam, (int)got.State, (unsigned long)got.InterfaceIndex,
                (unsigned long long)got.InterfaceLuid.Value,
                (unsigned long)got.PhysicalAddressLength, (unsigned)got.IsUnreachable);
    expect_fn(c, NB_CREATE, &row, ERROR_OBJECT_ALREADY_EXISTS, fam);
    /* Set: another link-layer address, read back. */
    row.PhysicalAddress[5] = 0x99;
    saved = row;
    if (expect_fn(c, NB_SET, &row, NO_ERROR, fam)) {
        got = saved;
        if (nc_expect_code(c, GetIpNetEntry2(&got), NO_ERROR, "GetIpNetEntry2(after Set)"))
            NC_TRUE(c, got.State == NlnsPermanent && got.PhysicalAddressLength == 6 &&
                           memcmp(got.PhysicalAddress, saved.PhysicalAddress, 6) == 0,
                    "%s: after Set, Get read State %d, ...:%02x, want Permanent, ...:99", fam,
                    (int)got.State, (unsigned)got.PhysicalAddress[5]);
    }
    expect_fn(c, NB_DELETE, &row, NO_ERROR, fam);
    /* Now absent. */
    expect_fn(c, NB_GET, &row, ERROR_NOT_FOUND, fam);
    expect_fn(c, NB_SET, &row, ERROR_NOT_FOUND, fam);
    expect_fn(c, NB_DELETE, &row, ERROR_NOT_FOUND, fam);
}

static void exists(struct nc_ctx *c)
{
    NET_IFINDEX index;
    NET_LUID luid;
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-ex");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-ex"))
        return;
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(index, &luid), NO_ERROR)) {
        exists_family(c, 0, index, luid);
        exists_family(c, 1, index, luid);
    }
    nc_fixture_remove("nc-nb-ex");
}

/* ------------------------------------------------------------- the flush */
/* A permanent and a dynamic (Stale) neighbour of each family; the flush of
 * the interface takes the dynamic ones and keeps the permanent ones. */
static void flush_keeps_permanent(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 perm[2], dyn[2], got;
    NET_IFINDEX index;
    bool made[2] = {false, false};
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-fl");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-fl"))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        nb_row(&perm[v6], v6, index, 6, 1, NlnsPermanent);
        nb_row(&dyn[v6], v6, index, 6, 2, NlnsStale);
        expect_fn(c, NB_CREATE, &perm[v6], NO_ERROR, v6 ? "fd00:6::1 permanent"
                                                        : "198.18.6.1 permanent");
        made[v6] = expect_fn(c, NB_CREATE, &dyn[v6], NO_ERROR, v6 ? "fd00:6::2 stale"
                                                                  : "198.18.6.2 stale");
    }
    if (c->failures == 0 &&
        nc_expect_code(c, FlushIpNetTable2(AF_UNSPEC, index), NO_ERROR,
                       "FlushIpNetTable2(AF_UNSPEC, nc-nb-fl)")) {
        for (int v6 = 0; v6 < 2; v6++) {
            got = perm[v6];
            if (nc_expect_code(c, GetIpNetEntry2(&got), NO_ERROR,
                               v6 ? "GetIpNetEntry2(fd00:6::1 after the flush)"
                                  : "GetIpNetEntry2(198.18.6.1 after the flush)"))
                NC_TRUE(c, got.State == NlnsPermanent, "%s: the permanent row is now State %d",
                        fam_name(v6), (int)got.State);
            if (made[v6])
                expect_fn(c, NB_GET, &dyn[v6], ERROR_NOT_FOUND,
                          v6 ? "fd00:6::2 after the flush" : "198.18.6.2 after the flush");
        }
    }
    nc_fixture_remove("nc-nb-fl");
}

/* ----------------------------------------------------------- resolution */
/* IPv4 only: an IPv6 solicitation waits for the link-local address's DAD
 * (docs/neigh.md), which a check would have to wait out too. */
static void resolve_nobody(struct nc_ctx *c)
{
    MIB_IPNET_ROW2 r, saved;
    NET_IFINDEX index;
    if (!neigh_rows(c))
        return;
    index = nc_fixture_make("nc-nb-rs");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-nb-rs"))
        return;
    nb_row(&r, 0, index, 7, 1, NlnsUnreachable);
    r.PhysicalAddressLength = 0;
    memset(r.PhysicalAddress, 0, sizeof(r.PhysicalAddress));
    saved = r;
    nc_expect_code(c, ResolveIpNetEntry2(&r, NULL), ERROR_BAD_NET_NAME,
                   "ResolveIpNetEntry2(198.18.7.1, nobody holds it)");
    NC_TRUE(c, memcmp(&r, &saved, sizeof(r)) == 0,
            "ResolveIpNetEntry2 wrote the caller's row on failure");
    nc_fixture_remove("nc-nb-rs");
}

#define NC_MADE (NC_NEED_PRIVILEGE | NC_NEED_MAKE)
#define NC_PROJECT_ONLY "docs/neigh.md (this project's codes; not yet run on Windows)"

const struct nc_check nc_checks_neigh[] = {
    {"neigh.args-null", args_null, 0,
     NC_MS("getipnetentry2") ", " NC_MS("createipnetentry2") ", " NC_MS("resolveipnetentry2")
     ", " NC_MS("flushipnettable2") " (ERROR_INVALID_PARAMETER)",
     "Get/Create/Set/Delete/ResolveIpNetEntry2(NULL), FlushIpNetTable2(0x7FFF, 0) -> 87"},
    {"neigh.args-family", args_family, NC_NEED_LOOPBACK,
     NC_MS("getipnetentry2") " (Address not an IPv4 or IPv6 address)",
     "the five: an Address of family AF_UNSPEC or 0x7FFF -> 87"},
    {"neigh.args-no-interface", args_no_interface, 0,
     NC_MS("getipnetentry2") " (neither InterfaceLuid nor InterfaceIndex specified)",
     "the five, each family: LUID and index both 0 -> 87"},
    {"neigh.unknown-interface", unknown_interface, NC_NEED_LOOPBACK | NC_NEED_PRIVILEGE,
     NC_MS_DDI("getipnetentry2") " (STATUS_NOT_FOUND, Win32 1168; the user-mode page's "
     "ERROR_FILE_NOT_FOUND is not what the sibling rows answer); the LUID wins, as for "
     "GetIpInterfaceEntry (Wine tests); not yet run on Windows",
     "the five, each family: an unknown index, an unknown LUID, an unknown LUID with loopback's "
     "index -> 1168; FlushIpNetTable2(AF_INET / AF_UNSPEC, an unknown index) -> 1168"},
    {"neigh.write-values", write_values, NC_MADE,
     NC_MS("createipnetentry2") " (ERROR_INVALID_PARAMETER: an invalid parameter); the values: "
     NC_PROJECT_ONLY,
     "each family, on a veth pair of its own: the five with 0.0.0.0 or :: -> 87; Create and Set "
     "with PhysicalAddressLength 0 or 33, State NlnsIncomplete or NlnsMaximum -> 87"},
    {"neigh.unbound-family", unbound_family, NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE,
     "docs/neigh.md (as lookup.unbound-family and addr.unbound-family); not yet run on Windows",
     "Get, Create, Set, Delete of an IPv6 neighbour on an interface with IPv6 disabled -> 1168"},
    {"neigh.create-loopback", create_loopback, NC_MADE,
     NC_MS("createipnetentry2") " (ERROR_INVALID_PARAMETER); " NC_PROJECT_ONLY,
     "CreateIpNetEntry2 of 127.0.0.1 and ::1 on an Ethernet interface -> 87"},
    {"neigh.table-args", table_args, 0, NC_MS("getipnettable2") " (ERROR_INVALID_PARAMETER)",
     "GetIpNetTable2: a NULL table (AF_UNSPEC, AF_INET), family 0x7FFF -> 87"},
    {"neigh.table-null-on-failure", table_null_on_failure, 0,
     "docs/neigh.md (this library's promise; Microsoft's page is silent, Wine 8.0 leaves "
     "*Table as it was)",
     "GetIpNetTable2(0x7FFF, &t) with t not NULL -> 87 and t NULL (skipped where the system's "
     "iphlpapi is under test)"},
    {"neigh.table-families", table_families, 0,
     NC_MS("getipnettable2") " (ERROR_NOT_FOUND: no entries); "
     "https://learn.microsoft.com/en-us/windows/win32/api/netioapi/ns-netioapi-mib_ipnet_row2 "
     "(PhysicalAddressLength)",
     "AF_INET and AF_INET6 tables hold only their family (PhysicalAddressLength <= 32, the rest "
     "zero, a State in range, the LUID of its index); AF_UNSPEC is both; none is 1168 with "
     "*Table NULL"},
    {"neigh.table-matches-entry", table_matches_entry, 0,
     NC_MS("getipnetentry2") " (the key: Address and interface)",
     "every row of GetIpNetTable2(AF_UNSPEC) is what GetIpNetEntry2 reads by its key "
     "(ReachabilityTime aside)"},
    {"neigh.table-made", table_made, NC_MADE,
     NC_MS("getipnettable2") ", " NC_MS("getipnetentry2"),
     "a permanent neighbour of each family on an interface of its own: listed once in its "
     "family's table, as made; every row as Get reads it; the invariants of table-families"},
    {"neigh.exists", exists, NC_MADE,
     NC_MS("createipnetentry2") "; 5010 as for the route and address rows (what ported "
     "creators test: ZeroTier's fake gateway); OpenVPN memcmps its rows; absent: "
     NC_MS("deleteipnetentry2") " (ERROR_NOT_FOUND)",
     "per family, on a veth pair of its own: Create permanent -> 0, caller's row unchanged, Get "
     "reads NlnsPermanent, the address, the LUID; Create again -> 5010; Set another "
     "PhysicalAddress -> 0, read back; Delete -> 0; then Get, Set, Delete -> 1168"},
    {"neigh.flush-keeps-permanent", flush_keeps_permanent, NC_MADE,
     NC_MS("flushipnettable2") "; observed: Windows' flush of the cache (netsh interface ip "
     "delete arpcache) keeps configured entries (docs/neigh.md)",
     "per family, a permanent and a Stale neighbour; FlushIpNetTable2(AF_UNSPEC, the interface) "
     "-> 0; the permanent one stays Permanent, the Stale one is gone (1168)"},
    {"neigh.resolve-nobody", resolve_nobody, NC_MADE,
     NC_MS("resolveipnetentry2") " (ERROR_BAD_NET_NAME: not reachable); takes about 3 s",
     "ResolveIpNetEntry2 of 198.18.7.1, which nobody on the link holds -> 67, the caller's row "
     "untouched"},
    {NULL, NULL, 0, NULL, NULL},
};
