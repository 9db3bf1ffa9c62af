/* check-addr.c - the unicast address rows: InitializeUnicastIpAddressEntry's
 * values; the codes of Get, Create, Set and Delete (87 for what names no
 * unicast address or no interface and for the values Microsoft lists, 1168
 * for an unknown interface or address, 5010 for an address that exists, 5
 * without privilege); GetUnicastIpAddressTable (its arguments, its
 * families, an empty one, each row as Get reads it, loopback's row); and
 * rows of the table handed straight to Set and Delete, as ZeroTier and
 * cjdns do.
 *
 * The checks that add an address add it on a veth pair of their own
 * (make-interface) and remove the pair when done, which takes every
 * address on it along.  The argument checks name the loopback interface
 * and addresses no check adds (TEST-NET-2); a row wrongly accepted by
 * Create is deleted at once. */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)
#define NC_INFINITE 0xFFFFFFFFu

/* ----------------------------------------------------------------- rows */
static void set4(SOCKADDR_INET *a, unsigned char b0, unsigned char b1, unsigned char b2,
                 unsigned char b3)
{
    const unsigned char b[4] = {b0, b1, b2, b3};
    memset(a, 0, sizeof(*a));
    a->Ipv4.sin_family = AF_INET;
    memcpy(&a->Ipv4.sin_addr, b, 4);
}

/* fd00:<net>::<host>, or with net 0xfe80 the link-local fe80::<host>. */
static void set6(SOCKADDR_INET *a, unsigned net, unsigned char host)
{
    memset(a, 0, sizeof(*a));
    a->Ipv6.sin6_family = AF_INET6;
    a->Ipv6.sin6_addr.s6_addr[0] = net == 0xfe80 ? 0xfe : 0xfd;
    a->Ipv6.sin6_addr.s6_addr[1] = net == 0xfe80 ? 0x80 : 0x00;
    if (net != 0xfe80) {
        a->Ipv6.sin6_addr.s6_addr[2] = (unsigned char)(net >> 8);
        a->Ipv6.sin6_addr.s6_addr[3] = (unsigned char)net;
    }
    a->Ipv6.sin6_addr.s6_addr[15] = host;
}

/* A zero-filled row (as ported code often writes them) on index, with
 * lifetimes infinite: 198.51.100.<host> or 2001:db8:1:ff::<host>, which
 * no check adds. */
static void arg_row(MIB_UNICASTIPADDRESS_ROW *r, int v6, NET_IFINDEX index, unsigned char host)
{
    static const unsigned char db8_ff[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0xff};
    memset(r, 0, sizeof(*r));
    if (v6) {
        r->Address.Ipv6.sin6_family = AF_INET6;
        memcpy(&r->Address.Ipv6.sin6_addr, db8_ff, 8);
        r->Address.Ipv6.sin6_addr.s6_addr[15] = host;
        r->OnLinkPrefixLength = 64;
    } else {
        set4(&r->Address, 198, 51, 100, host);
        r->OnLinkPrefixLength = 24;
    }
    r->InterfaceIndex = index;
    r->ValidLifetime = r->PreferredLifetime = NC_INFINITE;
}

static const char *fam_name(int v6)
{
    return v6 ? "IPv6" : "IPv4";
}

/* --------------------------------------------------- the four functions */
/* Get, Create, Set and Delete behind one signature: each takes a copy, so
 * that what Get writes never reaches the next call. */
struct addr_fn {
    const char *name;
    DWORD (*call)(MIB_UNICASTIPADDRESS_ROW *row);
};

static DWORD call_get(MIB_UNICASTIPADDRESS_ROW *r) { return GetUnicastIpAddressEntry(r); }
static DWORD call_create(MIB_UNICASTIPADDRESS_ROW *r) { return CreateUnicastIpAddressEntry(r); }
static DWORD call_set(MIB_UNICASTIPADDRESS_ROW *r) { return SetUnicastIpAddressEntry(r); }
static DWORD call_delete(MIB_UNICASTIPADDRESS_ROW *r) { return DeleteUnicastIpAddressEntry(r); }

enum { F_GET, F_CREATE, F_SET, F_DELETE };
static const struct addr_fn fns[4] = {
    {"GetUnicastIpAddressEntry", call_get},
    {"CreateUnicastIpAddressEntry", call_create},
    {"SetUnicastIpAddressEntry", call_set},
    {"DeleteUnicastIpAddressEntry", call_delete},
};

/* fns[f](a copy of row) must answer want; what names the row in a failure. */
static bool expect_fn(struct nc_ctx *c, int f, const MIB_UNICASTIPADDRESS_ROW *row, DWORD want,
                      const char *what)
{
    char call[200];
    MIB_UNICASTIPADDRESS_ROW copy;
    DWORD got;
    if (row != NULL)
        copy = *row;
    got = fns[f].call(row != NULL ? &copy : NULL);
    /* An address made where a refusal was expected is undone at once, so
     * that a failed check leaves nothing behind. */
    if (f == F_CREATE && got == NO_ERROR && want != NO_ERROR)
        DeleteUnicastIpAddressEntry(row);
    snprintf(call, sizeof(call), "%s(%s)", fns[f].name, what);
    return nc_expect_code(c, got, want, call);
}

/* As expect_fn, but where the system's iphlpapi is Wine's, its known
 * answer wine_got is recorded in *wine_seen instead of failing: the check
 * then skips, saying what Wine does, once every other case has passed. */
static void expect_fn_wine(struct nc_ctx *c, int f, const MIB_UNICASTIPADDRESS_ROW *row,
                           DWORD want, DWORD wine_got, bool *wine_seen, const char *what)
{
    MIB_UNICASTIPADDRESS_ROW copy = *row;
    DWORD got;
    if (!c->env->wine) {
        expect_fn(c, f, row, want, what);
        return;
    }
    got = fns[f].call(&copy);
    if (got == wine_got)
        *wine_seen = true;
    else
        nc_expect_code(c, got, want, what);
}

/* The skip of a check whose only differences are Wine's known ones. */
static void wine_skip(struct nc_ctx *c, bool wine_seen, const char *what_wine_does)
{
    if (wine_seen && c->failures == 0)
        nc_skip(c, "Wine %s: %s", c->env->wine_version, what_wine_does);
}

/* fns[first..last] on one row. */
static void expect_range(struct nc_ctx *c, int first, int last, const MIB_UNICASTIPADDRESS_ROW *row,
                         DWORD want, const char *what)
{
    for (int f = first; f <= last; f++)
        expect_fn(c, f, row, want, what);
}

/* ----------------------------------------------------------- Initialize */
static void initialize(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW r;
    static const unsigned char zero[sizeof(SOCKADDR_INET)];
    memset(&r, 0xA5, sizeof(r)); /* so that a field left alone shows */
    InitializeUnicastIpAddressEntry(&r);
    NC_TRUE(c, (int)r.PrefixOrigin == IpPrefixOriginUnchanged &&
                   (int)r.SuffixOrigin == IpSuffixOriginUnchanged,
            "PrefixOrigin %d, SuffixOrigin %d, want the Unchanged values (16, 16)",
            (int)r.PrefixOrigin, (int)r.SuffixOrigin);
    NC_TRUE(c, r.OnLinkPrefixLength == 255, "OnLinkPrefixLength %u, want 255 (an illegal value)",
            (unsigned)r.OnLinkPrefixLength);
    NC_TRUE(c, r.ValidLifetime == NC_INFINITE && r.PreferredLifetime == NC_INFINITE,
            "lifetimes %lu / %lu, want infinite (0xFFFFFFFF)", (unsigned long)r.ValidLifetime,
            (unsigned long)r.PreferredLifetime);
    NC_TRUE(c, r.SkipAsSource == FALSE, "SkipAsSource %u, want FALSE", (unsigned)r.SkipAsSource);
    /* Every other field zero (field by field: padding is not a field). */
    NC_TRUE(c, memcmp(&r.Address, zero, sizeof(r.Address)) == 0, "Address is not all zero");
    NC_TRUE(c, r.InterfaceLuid.Value == 0 && r.InterfaceIndex == 0,
            "InterfaceLuid 0x%llx, InterfaceIndex %lu, want 0",
            (unsigned long long)r.InterfaceLuid.Value, (unsigned long)r.InterfaceIndex);
    NC_TRUE(c, r.DadState == IpDadStateInvalid && r.ScopeId.Value == 0 &&
                   r.CreationTimeStamp.QuadPart == 0,
            "DadState %d, ScopeId 0x%lx, CreationTimeStamp %lld, want 0", (int)r.DadState,
            (unsigned long)r.ScopeId.Value, (long long)r.CreationTimeStamp.QuadPart);
}

/* ---------------------------------------------------------- arguments */
/* The rows that name no unicast address, each family. */
static void bad_keys(struct nc_ctx *c, int first, int last)
{
    MIB_UNICASTIPADDRESS_ROW r;
    arg_row(&r, 0, c->env->loopback, 1);
    r.Address.si_family = AF_UNSPEC;
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "family AF_UNSPEC");
    r.Address.si_family = NC_NOT_A_FAMILY;
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "family 0x7FFF");
    set4(&r.Address, 0, 0, 0, 0);
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "0.0.0.0");
    set4(&r.Address, 224, 0, 0, 1);
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "224.0.0.1");
    set4(&r.Address, 255, 255, 255, 255);
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "255.255.255.255");
    arg_row(&r, 1, c->env->loopback, 1);
    memset(&r.Address.Ipv6.sin6_addr, 0, 16);
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "::");
    r.Address.Ipv6.sin6_addr.s6_addr[0] = 0xff;
    r.Address.Ipv6.sin6_addr.s6_addr[1] = 0x02;
    r.Address.Ipv6.sin6_addr.s6_addr[15] = 1;
    expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER, "ff02::1");
    for (int v6 = 0; v6 < 2; v6++) {
        arg_row(&r, v6, 0, 1);
        expect_range(c, first, last, &r, ERROR_INVALID_PARAMETER,
                     v6 ? "IPv6, LUID and index 0" : "IPv4, LUID and index 0");
    }
}

/* Get of the addresses that are no unicast address, on loopback. */
static void get_args_addresses(struct nc_ctx *c, bool *wine_seen)
{
    static const unsigned char v4[3][4] = {{0, 0, 0, 0}, {224, 0, 0, 1}, {255, 255, 255, 255}};
    static const char *const v4_names[3] = {"0.0.0.0", "224.0.0.1", "255.255.255.255"};
    MIB_UNICASTIPADDRESS_ROW r;
    for (int i = 0; i < 3; i++) {
        arg_row(&r, 0, c->env->loopback, 1);
        set4(&r.Address, v4[i][0], v4[i][1], v4[i][2], v4[i][3]);
        expect_fn_wine(c, F_GET, &r, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, wine_seen,
                       v4_names[i]);
    }
    arg_row(&r, 1, c->env->loopback, 1);
    memset(&r.Address.Ipv6.sin6_addr, 0, 16);
    expect_fn_wine(c, F_GET, &r, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, wine_seen, "::");
    r.Address.Ipv6.sin6_addr.s6_addr[0] = 0xff;
    r.Address.Ipv6.sin6_addr.s6_addr[1] = 0x02;
    r.Address.Ipv6.sin6_addr.s6_addr[15] = 1;
    expect_fn_wine(c, F_GET, &r, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, wine_seen, "ff02::1");
}

static void get_args(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW r;
    bool wine_seen = false;
    expect_fn(c, F_GET, NULL, ERROR_INVALID_PARAMETER, "NULL");
    arg_row(&r, 0, c->env->loopback, 1);
    r.Address.si_family = AF_UNSPEC;
    expect_fn(c, F_GET, &r, ERROR_INVALID_PARAMETER, "family AF_UNSPEC");
    r.Address.si_family = NC_NOT_A_FAMILY;
    expect_fn(c, F_GET, &r, ERROR_INVALID_PARAMETER, "family 0x7FFF");
    get_args_addresses(c, &wine_seen);
    /* Wine looks interface 0 up, and answers as for an unknown one. */
    for (int v6 = 0; v6 < 2; v6++) {
        arg_row(&r, v6, 0, 1);
        expect_fn_wine(c, F_GET, &r, ERROR_INVALID_PARAMETER, ERROR_FILE_NOT_FOUND, &wine_seen,
                       v6 ? "IPv6, LUID and index 0" : "IPv4, LUID and index 0");
    }
    wine_skip(c, wine_seen,
              "GetUnicastIpAddressEntry looks the row up before checking it: 1168 for an "
              "address that is not unicast (0.0.0.0, multicast, broadcast), 2 for LUID and "
              "index 0, where Microsoft documents 87; NULL and the families pass");
}

static void write_args(struct nc_ctx *c)
{
    expect_range(c, F_CREATE, F_DELETE, NULL, ERROR_INVALID_PARAMETER, "NULL");
    bad_keys(c, F_CREATE, F_DELETE);
}

/* What Microsoft's CreateUnicastIpAddressEntry page lists as 87 beyond the
 * key, for Create and Set, each family. */
static void write_values_family(struct nc_ctx *c, int v6)
{
    char what[120];
    MIB_UNICASTIPADDRESS_ROW r;
    const char *fam = fam_name(v6);
    arg_row(&r, v6, c->env->loopback, 2);
    r.ValidLifetime = 100;
    r.PreferredLifetime = 200;
    snprintf(what, sizeof(what), "%s, ValidLifetime 100 < PreferredLifetime 200", fam);
    expect_range(c, F_CREATE, F_SET, &r, ERROR_INVALID_PARAMETER, what);
    arg_row(&r, v6, c->env->loopback, 2);
    r.PrefixOrigin = IpPrefixOriginUnchanged; /* SuffixOrigin not */
    snprintf(what, sizeof(what), "%s, PrefixOrigin Unchanged alone", fam);
    expect_range(c, F_CREATE, F_SET, &r, ERROR_INVALID_PARAMETER, what);
    arg_row(&r, v6, c->env->loopback, 2);
    r.SuffixOrigin = IpSuffixOriginUnchanged;
    snprintf(what, sizeof(what), "%s, SuffixOrigin Unchanged alone", fam);
    expect_range(c, F_CREATE, F_SET, &r, ERROR_INVALID_PARAMETER, what);
    arg_row(&r, v6, c->env->loopback, 2);
    r.PrefixOrigin = (NL_PREFIX_ORIGIN)7;
    r.SuffixOrigin = (NL_SUFFIX_ORIGIN)9;
    snprintf(what, sizeof(what), "%s, origins 7 and 9 (no such values)", fam);
    expect_range(c, F_CREATE, F_SET, &r, ERROR_INVALID_PARAMETER, what);
    arg_row(&r, v6, c->env->loopback, 2);
    r.OnLinkPrefixLength = v6 ? 129 : 33;
    snprintf(what, sizeof(what), "%s, OnLinkPrefixLength %d", fam, v6 ? 129 : 33);
    expect_range(c, F_CREATE, F_SET, &r, ERROR_INVALID_PARAMETER, what);
}

static void write_values(struct nc_ctx *c)
{
    write_values_family(c, 0);
    write_values_family(c, 1);
}

/* ------------------------------------------------------ unknown, absent */
static void get_unknown(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW r;
    bool wine_seen = false;
    for (int v6 = 0; v6 < 2; v6++) {
        char what[80];
        arg_row(&r, v6, c->env->bogus_index, 3);
        snprintf(what, sizeof(what), "%s, an unknown index", fam_name(v6));
        expect_fn_wine(c, F_GET, &r, ERROR_NOT_FOUND, ERROR_FILE_NOT_FOUND, &wine_seen, what);
        arg_row(&r, v6, c->env->loopback, 3);
        r.InterfaceLuid = c->env->bogus_luid;
        snprintf(what, sizeof(what), "%s, an unknown LUID, loopback's index", fam_name(v6));
        expect_fn_wine(c, F_GET, &r, ERROR_NOT_FOUND, ERROR_FILE_NOT_FOUND, &wine_seen, what);
        arg_row(&r, v6, c->env->loopback, 3);
        snprintf(what, sizeof(what), "%s, an address loopback does not have", fam_name(v6));
        expect_fn(c, F_GET, &r, ERROR_NOT_FOUND, what);
    }
    wine_skip(c, wine_seen,
              "GetUnicastIpAddressEntry answers ERROR_FILE_NOT_FOUND (2) for an unknown "
              "interface, as Microsoft's user-mode page lists (the driver page: "
              "STATUS_NOT_FOUND); an absent address is 1168 there too");
}

static void write_unknown(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW r;
    for (int v6 = 0; v6 < 2; v6++) {
        char what[80];
        arg_row(&r, v6, c->env->bogus_index, 4);
        snprintf(what, sizeof(what), "%s, an unknown index", fam_name(v6));
        expect_range(c, F_CREATE, F_DELETE, &r, ERROR_NOT_FOUND, what);
        arg_row(&r, v6, 0, 4);
        r.InterfaceLuid = c->env->bogus_luid;
        snprintf(what, sizeof(what), "%s, an unknown LUID", fam_name(v6));
        expect_range(c, F_CREATE, F_DELETE, &r, ERROR_NOT_FOUND, what);
        arg_row(&r, v6, c->env->loopback, 4);
        r.InterfaceLuid = c->env->bogus_luid;
        snprintf(what, sizeof(what), "%s, an unknown LUID, loopback's index", fam_name(v6));
        expect_range(c, F_CREATE, F_DELETE, &r, ERROR_NOT_FOUND, what);
        arg_row(&r, v6, c->env->loopback, 4);
        snprintf(what, sizeof(what), "%s, an address loopback does not have", fam_name(v6));
        expect_range(c, F_SET, F_DELETE, &r, ERROR_NOT_FOUND, what);
    }
}

/* IPv6 on an interface with IPv6 disabled: the family is not bound there. */
static void unbound_family(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW r;
    arg_row(&r, 1, c->env->no_ipv6, 5);
    expect_range(c, F_GET, F_DELETE, &r, ERROR_NOT_FOUND, "IPv6 on an interface without IPv6");
}

/* ------------------------------------------ an address that exists, or not */
/* 198.18.7.1/24 or fd00:7::1/64 on index, from Initialize as ported
 * creators write it, usable at once (DadState Preferred: no detection). */
static void made_row(MIB_UNICASTIPADDRESS_ROW *r, int v6, NET_IFINDEX index, unsigned char host)
{
    InitializeUnicastIpAddressEntry(r);
    if (v6)
        set6(&r->Address, 7, host);
    else
        set4(&r->Address, 198, 18, 7, host);
    r->OnLinkPrefixLength = v6 ? 64 : 24;
    r->InterfaceIndex = index;
    r->DadState = IpDadStatePreferred;
}

static bool same_address(const SOCKADDR_INET *a, const SOCKADDR_INET *b)
{
    if (a->si_family != b->si_family)
        return false;
    if (a->si_family == AF_INET)
        return memcmp(&a->Ipv4.sin_addr, &b->Ipv4.sin_addr, 4) == 0;
    return memcmp(&a->Ipv6.sin6_addr, &b->Ipv6.sin6_addr, 16) == 0;
}

/* Get of the new address: its key, prefix length, LUID and state. */
static void read_made(struct nc_ctx *c, const MIB_UNICASTIPADDRESS_ROW *row, const char *fam)
{
    MIB_UNICASTIPADDRESS_ROW got = *row;
    NET_LUID luid;
    if (!nc_expect_code(c, GetUnicastIpAddressEntry(&got), NO_ERROR,
                        "GetUnicastIpAddressEntry(the new address)"))
        return;
    NC_TRUE(c, same_address(&got.Address, &row->Address) &&
                   got.InterfaceIndex == row->InterfaceIndex &&
                   got.OnLinkPrefixLength == row->OnLinkPrefixLength,
            "%s: Get read index %lu, prefix length %u", fam, (unsigned long)got.InterfaceIndex,
            (unsigned)got.OnLinkPrefixLength);
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(row->InterfaceIndex, &luid), NO_ERROR))
        NC_TRUE(c, got.InterfaceLuid.Value == luid.Value, "%s: Get read LUID 0x%llx, want 0x%llx",
                fam, (unsigned long long)got.InterfaceLuid.Value,
                (unsigned long long)luid.Value);
    NC_TRUE(c, got.DadState == IpDadStatePreferred && got.SkipAsSource == FALSE &&
                   got.ValidLifetime == NC_INFINITE,
            "%s: DadState %d, SkipAsSource %u, ValidLifetime %lu; want Preferred, FALSE, "
            "infinite", fam, (int)got.DadState, (unsigned)got.SkipAsSource,
            (unsigned long)got.ValidLifetime);
}

/* Set of finite lifetimes, read back (a second may pass between). */
static void set_made(struct nc_ctx *c, const MIB_UNICASTIPADDRESS_ROW *row, const char *fam)
{
    MIB_UNICASTIPADDRESS_ROW r = *row;
    r.ValidLifetime = 600;
    r.PreferredLifetime = 300;
    if (!expect_fn(c, F_SET, &r, NO_ERROR, fam))
        return;
    if (!nc_expect_code(c, GetUnicastIpAddressEntry(&r), NO_ERROR, "GetUnicastIpAddressEntry"))
        return;
    NC_TRUE(c, r.ValidLifetime <= 600 && r.ValidLifetime >= 590 && r.PreferredLifetime <= 300 &&
                   r.PreferredLifetime >= 290,
            "%s: after Set 600/300, Get reads %lu/%lu", fam, (unsigned long)r.ValidLifetime,
            (unsigned long)r.PreferredLifetime);
}

static void exists_family(struct nc_ctx *c, int v6, NET_IFINDEX index)
{
    const char *fam = v6 ? "IPv6 fd00:7::1/64" : "IPv4 198.18.7.1/24";
    MIB_UNICASTIPADDRESS_ROW row, saved, other;
    made_row(&row, v6, index, 1);
    saved = row;
    if (!nc_expect_code(c, CreateUnicastIpAddressEntry(&row), NO_ERROR, fam))
        return;
    NC_TRUE(c, memcmp(&row, &saved, sizeof(row)) == 0,
            "%s: CreateUnicastIpAddressEntry changed the caller's row", fam);
    read_made(c, &row, fam);
    expect_fn(c, F_CREATE, &row, ERROR_OBJECT_ALREADY_EXISTS, fam);
    other = row; /* the key is the address: another length is the same row */
    other.OnLinkPrefixLength = v6 ? 80 : 28;
    expect_fn(c, F_CREATE, &other, ERROR_OBJECT_ALREADY_EXISTS,
              v6 ? "IPv6 fd00:7::1/80" : "IPv4 198.18.7.1/28");
    set_made(c, &row, fam);
    expect_fn(c, F_DELETE, &row, NO_ERROR, fam);
    /* Now absent: every function but Create says so. */
    expect_range(c, F_GET, F_GET, &row, ERROR_NOT_FOUND, fam);
    expect_range(c, F_SET, F_DELETE, &row, ERROR_NOT_FOUND, fam);
}

static void exists(struct nc_ctx *c)
{
    NET_IFINDEX index = nc_fixture_make("nc-addr-dup");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-addr-dup"))
        return;
    exists_family(c, 0, index);
    exists_family(c, 1, index);
    nc_fixture_remove("nc-addr-dup");
}

/* ----------------------------------------- rows of the table, handed on */
/* The rows of the table on index that this check made (not link-local). */
static ULONG made_rows(struct nc_ctx *c, NET_IFINDEX index, MIB_UNICASTIPADDRESS_ROW *out,
                       ULONG cap)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    ULONG n = 0;
    if (!NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR))
        return 0;
    for (ULONG i = 0; i < t->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        bool ll = r->Address.si_family == AF_INET6 &&
                  r->Address.Ipv6.sin6_addr.s6_addr[0] == 0xfe;
        if (r->InterfaceIndex == index && !ll && n < cap)
            out[n++] = *r;
    }
    FreeMibTable(t);
    return n;
}

/* Two addresses per family, the second of each a secondary of the first's
 * subnet on Linux: Delete of the first must leave it (Windows deletes one
 * address). */
static void table_to_delete(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW rows[8], r;
    ULONG n;
    NET_IFINDEX index = nc_fixture_make("nc-addr-tbl");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-addr-tbl"))
        return;
    for (int i = 0; i < 4; i++) {
        made_row(&r, i / 2, index, (unsigned char)(10 + i % 2));
        if (!NC_CODE(c, CreateUnicastIpAddressEntry(&r), NO_ERROR))
            goto out;
    }
    n = made_rows(c, index, rows, 8);
    if (!NC_TRUE(c, n == 4, "the table holds %lu of the 4 addresses made", (unsigned long)n))
        goto out;
    /* As read, with every field the table filled in. */
    for (ULONG i = 0; i < n; i++)
        expect_fn(c, F_SET, &rows[i], NO_ERROR, "a row of the table, as it is");
    for (ULONG i = 0; i < n; i++)
        expect_fn(c, F_DELETE, &rows[i], NO_ERROR, "a row of the table, as it is");
    n = made_rows(c, index, rows, 8);
    NC_TRUE(c, n == 0, "after deleting the 4 rows, the table holds %lu", (unsigned long)n);
out:
    nc_fixture_remove("nc-addr-tbl");
}

/* ------------------------------------------------------------- privilege */
static void unprivileged_calls(struct nc_ctx *c, void *arg)
{
    const MIB_UNICASTIPADDRESS_ROW *have = arg;
    MIB_UNICASTIPADDRESS_ROW r = *have;
    set4(&r.Address, 198, 18, 7, 2); /* not there */
    expect_fn(c, F_CREATE, &r, ERROR_ACCESS_DENIED, "a new address");
    r = *have;
    r.ValidLifetime = r.PreferredLifetime = 600;
    expect_fn(c, F_SET, &r, ERROR_ACCESS_DENIED, "new lifetimes");
    expect_fn(c, F_DELETE, have, ERROR_ACCESS_DENIED, "the address");
    expect_fn(c, F_GET, have, NO_ERROR, "reading needs no privilege");
}

static void unprivileged(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW row, after;
    NET_IFINDEX index = nc_fixture_make("nc-addr-priv");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-addr-priv"))
        return;
    made_row(&row, 0, index, 1);
    if (NC_CODE(c, CreateUnicastIpAddressEntry(&row), NO_ERROR)) {
        nc_fixture_unprivileged(c, unprivileged_calls, &row);
        after = row;
        if (NC_CODE(c, GetUnicastIpAddressEntry(&after), NO_ERROR))
            NC_TRUE(c, after.ValidLifetime == NC_INFINITE,
                    "the refused Set changed the lifetime to %lu",
                    (unsigned long)after.ValidLifetime);
    }
    nc_fixture_remove("nc-addr-priv");
}

/* ------------------------------------------------------------- the table */
static void table_args(struct nc_ctx *c)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetUnicastIpAddressTable(AF_INET6, NULL), ERROR_INVALID_PARAMETER);
    nc_expect_code(c, GetUnicastIpAddressTable(NC_NOT_A_FAMILY, &t), ERROR_INVALID_PARAMETER,
                   "GetUnicastIpAddressTable(0x7FFF, &t)");
    NC_TRUE(c, t == NULL, "GetUnicastIpAddressTable(0x7FFF, &t) returned a table");
    if (t != NULL)
        FreeMibTable(t);
}

/* One row of a table of family (AF_UNSPEC: either): its family, a prefix
 * length and lifetimes in range, a known DadState, a LUID that is its
 * index's. */
static void table_row(struct nc_ctx *c, const MIB_UNICASTIPADDRESS_ROW *r, ADDRESS_FAMILY family,
                      ULONG i)
{
    ADDRESS_FAMILY f = r->Address.si_family;
    NET_LUID luid;
    if (!NC_TRUE(c, (f == AF_INET || f == AF_INET6) && (family == AF_UNSPEC || f == family),
                 "table of family %u: row %lu has family %u", (unsigned)family,
                 (unsigned long)i, (unsigned)f))
        return;
    NC_TRUE(c, r->OnLinkPrefixLength <= (f == AF_INET ? 32 : 128), "row %lu: prefix length %u",
            (unsigned long)i, (unsigned)r->OnLinkPrefixLength);
    NC_TRUE(c, r->PreferredLifetime <= r->ValidLifetime, "row %lu: preferred %lu > valid %lu",
            (unsigned long)i, (unsigned long)r->PreferredLifetime,
            (unsigned long)r->ValidLifetime);
    NC_TRUE(c, (int)r->DadState >= IpDadStateInvalid && (int)r->DadState <= IpDadStatePreferred,
            "row %lu: DadState %d", (unsigned long)i, (int)r->DadState);
    if (NC_CODE(c, ConvertInterfaceIndexToLuid(r->InterfaceIndex, &luid), NO_ERROR))
        NC_TRUE(c, luid.Value == r->InterfaceLuid.Value,
                "row %lu: LUID 0x%llx, its index %lu has 0x%llx", (unsigned long)i,
                (unsigned long long)r->InterfaceLuid.Value, (unsigned long)r->InterfaceIndex,
                (unsigned long long)luid.Value);
}

/* The rows of one family's table, or 0 when it has none (ERROR_NOT_FOUND
 * with no table, as Microsoft documents). */
static ULONG table_family(struct nc_ctx *c, ADDRESS_FAMILY family, const char *call)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    DWORD err = GetUnicastIpAddressTable(family, &t);
    ULONG n;
    if (err == ERROR_NOT_FOUND) {
        NC_TRUE(c, t == NULL, "%s: ERROR_NOT_FOUND with a table", call);
        return 0;
    }
    if (!nc_expect_code(c, err, NO_ERROR, call) || !NC_TRUE(c, t != NULL, "%s: no table", call))
        return 0;
    n = t->NumEntries;
    NC_TRUE(c, n > 0, "%s: NO_ERROR and no row, want ERROR_NOT_FOUND and no table", call);
    for (ULONG i = 0; i < n; i++)
        table_row(c, &t->Table[i], family, i);
    FreeMibTable(t);
    return n;
}

static void table_families(struct nc_ctx *c)
{
    ULONG v4 = table_family(c, AF_INET, "GetUnicastIpAddressTable(AF_INET)");
    ULONG v6 = table_family(c, AF_INET6, "GetUnicastIpAddressTable(AF_INET6)");
    ULONG all = table_family(c, AF_UNSPEC, "GetUnicastIpAddressTable(AF_UNSPEC)");
    NC_TRUE(c, all == v4 + v6, "AF_UNSPEC has %lu rows, AF_INET %lu and AF_INET6 %lu",
            (unsigned long)all, (unsigned long)v4, (unsigned long)v6);
}

/* Get reads what the table holds: the same row, but for the lifetimes
 * (seconds left, counting down) and the creation time (one clock read
 * per call). */
static void entry_agrees(struct nc_ctx *c, const MIB_UNICASTIPADDRESS_ROW *row, ULONG i)
{
    MIB_UNICASTIPADDRESS_ROW want = *row, got = *row;
    LONGLONG dt;
    if (!nc_expect_code(c, GetUnicastIpAddressEntry(&got), NO_ERROR,
                        "GetUnicastIpAddressEntry(a row of the table)"))
        return;
    dt = got.CreationTimeStamp.QuadPart - want.CreationTimeStamp.QuadPart;
    NC_TRUE(c, dt < 10000000 && dt > -10000000, "row %lu: CreationTimeStamp moved by %lld",
            (unsigned long)i, (long long)dt);
    NC_TRUE(c, got.ValidLifetime <= want.ValidLifetime &&
                   want.ValidLifetime - got.ValidLifetime <= 5,
            "row %lu: ValidLifetime %lu in the table, %lu from Get", (unsigned long)i,
            (unsigned long)want.ValidLifetime, (unsigned long)got.ValidLifetime);
    want.ValidLifetime = got.ValidLifetime = 0;
    want.PreferredLifetime = got.PreferredLifetime = 0;
    want.CreationTimeStamp.QuadPart = got.CreationTimeStamp.QuadPart = 0;
    /* DadState ends detection by itself: only a change from Tentative. */
    if (want.DadState == IpDadStateTentative)
        want.DadState = got.DadState;
    NC_TRUE(c, memcmp(&want.Address, &got.Address, sizeof(want.Address)) == 0 &&
                   want.InterfaceLuid.Value == got.InterfaceLuid.Value &&
                   want.InterfaceIndex == got.InterfaceIndex &&
                   want.PrefixOrigin == got.PrefixOrigin && want.SuffixOrigin == got.SuffixOrigin &&
                   want.OnLinkPrefixLength == got.OnLinkPrefixLength &&
                   want.SkipAsSource == got.SkipAsSource && want.DadState == got.DadState &&
                   want.ScopeId.Value == got.ScopeId.Value,
            "row %lu (index %lu, family %u): Get reads another row", (unsigned long)i,
            (unsigned long)want.InterfaceIndex, (unsigned)want.Address.si_family);
}

static void table_matches_entry(struct nc_ctx *c)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    if (!NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries && c->failures == 0; i++)
        entry_agrees(c, &t->Table[i], i);
    FreeMibTable(t);
}

/* Loopback's 127.0.0.1/8: well known, preferred, in the table and by Get. */
static void table_loopback(struct nc_ctx *c)
{
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    MIB_UNICASTIPADDRESS_ROW key, found;
    bool seen = false;
    SOCKADDR_INET lo;
    set4(&lo, 127, 0, 0, 1);
    if (!NC_CODE(c, GetUnicastIpAddressTable(AF_INET, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (same_address(&t->Table[i].Address, &lo) &&
            t->Table[i].InterfaceIndex == c->env->loopback) {
            seen = true;
            found = t->Table[i];
        }
    FreeMibTable(t);
    if (!NC_TRUE(c, seen, "the AF_INET table has no 127.0.0.1 on loopback (index %lu)",
                 (unsigned long)c->env->loopback))
        return;
    /* Wine 8.0 reports every address Manual/Manual (DHCP when it has a
     * lease), with lifetimes of its own. */
    if (c->env->wine && found.PrefixOrigin == IpPrefixOriginManual &&
        found.SuffixOrigin == IpSuffixOriginManual && found.OnLinkPrefixLength == 8) {
        nc_skip(c, "Wine %s: 127.0.0.1/8 is in the table, but with origins Manual/Manual "
                   "and ValidLifetime %lu, where Windows reports WellKnown/WellKnown",
                c->env->wine_version, (unsigned long)found.ValidLifetime);
        return;
    }
    NC_TRUE(c, found.OnLinkPrefixLength == 8 && found.PrefixOrigin == IpPrefixOriginWellKnown &&
                   found.SuffixOrigin == IpSuffixOriginWellKnown &&
                   found.DadState == IpDadStatePreferred,
            "127.0.0.1: prefix length %u, origins %d/%d, DadState %d; want 8, WellKnown (2/2), "
            "Preferred (4)",
            (unsigned)found.OnLinkPrefixLength, (int)found.PrefixOrigin, (int)found.SuffixOrigin,
            (int)found.DadState);
    memset(&key, 0, sizeof(key));
    key.Address = lo;
    key.InterfaceIndex = c->env->loopback;
    if (NC_CODE(c, GetUnicastIpAddressEntry(&key), NO_ERROR))
        NC_TRUE(c, key.InterfaceLuid.Value == found.InterfaceLuid.Value &&
                       key.OnLinkPrefixLength == 8,
                "Get(127.0.0.1, loopback's index): LUID 0x%llx, prefix length %u",
                (unsigned long long)key.InterfaceLuid.Value, (unsigned)key.OnLinkPrefixLength);
}

/* No address at all: each family's table is 1168 and no table. */
static void empty_tables(struct nc_ctx *c, void *arg)
{
    static const ADDRESS_FAMILY fams[3] = {AF_UNSPEC, AF_INET, AF_INET6};
    (void)arg;
    for (int i = 0; i < 3; i++) {
        PMIB_UNICASTIPADDRESS_TABLE t = NULL;
        char call[64];
        snprintf(call, sizeof(call), "GetUnicastIpAddressTable(%s)",
                 i == 0 ? "AF_UNSPEC" : i == 1 ? "AF_INET" : "AF_INET6");
        nc_expect_code(c, GetUnicastIpAddressTable(fams[i], &t), ERROR_NOT_FOUND, call);
        NC_TRUE(c, t == NULL, "%s: a table with no address", call);
        if (t != NULL)
            FreeMibTable(t);
    }
}

static void table_empty(struct nc_ctx *c)
{
    nc_fixture_empty_namespace(c, empty_tables, NULL);
}

#define NC_ROWS NC_NEED_ADDR_ROWS
#define NC_MADE (NC_NEED_ADDR_ROWS | NC_NEED_ADDR_TABLE | NC_NEED_PRIVILEGE | NC_NEED_MAKE)
#define NC_CREATE_87                                                                           \
    NC_MS("createunicastipaddressentry") " (ERROR_INVALID_PARAMETER: the values it lists)"

const struct nc_check nc_checks_addr[] = {
    {"addr.initialize", initialize, NC_ROWS, NC_MS("initializeunicastipaddressentry"),
     "InitializeUnicastIpAddressEntry: PrefixOrigin and SuffixOrigin Unchanged, "
     "OnLinkPrefixLength 255, lifetimes 0xFFFFFFFF, SkipAsSource FALSE, every other field 0"},
    {"addr.get-args", get_args, NC_NEED_LOOPBACK,
     NC_MS("getunicastipaddressentry") " (ERROR_INVALID_PARAMETER)",
     "GetUnicastIpAddressEntry: NULL; family AF_UNSPEC, 0x7FFF; 0.0.0.0, 224.0.0.1, "
     "255.255.255.255, ::, ff02::1; LUID and index 0 -> 87"},
    {"addr.write-args", write_args, NC_ROWS | NC_NEED_LOOPBACK,
     NC_MS("createunicastipaddressentry") ", " NC_MS("deleteunicastipaddressentry")
     " (ERROR_INVALID_PARAMETER)",
     "Create/Set/DeleteUnicastIpAddressEntry: the rows of addr.get-args -> 87"},
    {"addr.write-values", write_values, NC_ROWS | NC_NEED_LOOPBACK, NC_CREATE_87,
     "Create and Set, each family: ValidLifetime < PreferredLifetime, one origin Unchanged "
     "alone (each), origins out of range, OnLinkPrefixLength 33 / 129 -> 87"},
    {"addr.get-unknown", get_unknown, NC_NEED_LOOPBACK,
     NC_MS("getunicastipaddressentry") " (ERROR_NOT_FOUND); the LUID wins, as for "
     "GetIpInterfaceEntry (Wine tests)",
     "GetUnicastIpAddressEntry, each family: an unknown index, an unknown LUID with loopback's "
     "index, an address loopback lacks -> 1168"},
    {"addr.write-unknown", write_unknown, NC_ROWS | NC_NEED_LOOPBACK | NC_NEED_PRIVILEGE,
     NC_MS("createunicastipaddressentry") " (ERROR_NOT_FOUND: no such interface); "
     NC_MS("deleteunicastipaddressentry"),
     "Create/Set/Delete, each family: an unknown index, LUID, LUID with a valid index -> 1168; "
     "Set/Delete of an address loopback lacks -> 1168"},
    {"addr.unbound-family", unbound_family, NC_ROWS | NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE,
     "docs/address.md (1168 for a family not bound, as GetIpInterfaceEntry: "
     "lookup.unbound-family); not yet run on Windows",
     "Get/Create/Set/Delete of an IPv6 address on an interface with IPv6 disabled -> 1168"},
    {"addr.exists", exists, NC_MADE,
     NC_MS("createunicastipaddressentry") " (ERROR_OBJECT_ALREADY_EXISTS); ported creators "
     "treat 5010 as success (wintun, wireguard-nt); OpenVPN memcmps its rows",
     "per family, on a veth of its own: Create -> 0, caller's row unchanged, Get reads it; "
     "Create again, and with another prefix length -> 5010; Set 600/300 -> 0, read back; "
     "Delete -> 0; then Get, Set, Delete -> 1168"},
    {"addr.table-to-delete", table_to_delete, NC_MADE,
     "observed: ZeroTier and cjdns hand rows of GetUnicastIpAddressTable to "
     "DeleteUnicastIpAddressEntry as they are",
     "two addresses per family (one a secondary on Linux): each row of the table, as it is, "
     "to Set -> 0 and to Delete -> 0; then none is left"},
    {"addr.unprivileged", unprivileged, NC_MADE | NC_NEED_UNPRIV,
     NC_MS("createunicastipaddressentry") " (ERROR_ACCESS_DENIED)",
     "without the privilege (Linux: no CAP_NET_ADMIN): Create, Set, Delete -> 5, Get -> 0; "
     "the address unchanged"},
    {"addr.table-args", table_args, 0,
     NC_MS("getunicastipaddresstable") " (ERROR_INVALID_PARAMETER)",
     "GetUnicastIpAddressTable: NULL table (AF_UNSPEC, AF_INET6), family 0x7FFF -> 87, no table"},
    {"addr.table-families", table_families, NC_NEED_ADDR_TABLE,
     NC_MS("getunicastipaddresstable"),
     "AF_INET and AF_INET6 tables hold only their family (prefix length, lifetimes, DadState "
     "in range, LUID of its index), AF_UNSPEC both"},
    {"addr.table-matches-entry", table_matches_entry, NC_NEED_ADDR_TABLE,
     NC_MS("getunicastipaddressentry") " (the key: the address and the interface)",
     "every row of the AF_UNSPEC table is what GetUnicastIpAddressEntry reads by its key "
     "(lifetimes and creation time aside)"},
    {"addr.table-loopback", table_loopback, NC_NEED_ADDR_TABLE | NC_NEED_LOOPBACK,
     "observed on Windows: 127.0.0.1/8 on the loopback interface, WellKnown/WellKnown",
     "the AF_INET table has 127.0.0.1/8 on loopback, origins WellKnown, Preferred; Get by "
     "address and index reads it"},
    {"addr.table-empty", table_empty, NC_NEED_ADDR_TABLE | NC_NEED_MAKE,
     NC_MS("getunicastipaddresstable") " (ERROR_NOT_FOUND: no entries)",
     "in a network with no address at all (a new namespace): AF_UNSPEC, AF_INET, AF_INET6 "
     "-> 1168 and no table"},
    {NULL, NULL, 0, NULL, NULL},
};
