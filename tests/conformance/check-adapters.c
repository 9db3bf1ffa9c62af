/* check-adapters.c - GetAdaptersAddresses (iphlpapi): its argument codes,
 * its buffer protocol (the size query, a buffer of exactly that size, one a
 * byte short), the layout of what it writes (every pointer inside the
 * caller's buffer, the Length fields), the SKIP flags, the family filter,
 * and agreement with the row functions (ConvertInterfaceLuidToIndex,
 * GetUnicastIpAddressTable).  On Linux with the fixture, an address made
 * with CreateUnicastIpAddressEntry on a veth pair of the check's own
 * (nc-gaa-*) appears in that adapter's list.
 *
 * Every call that is to succeed goes through gaa(): the size query, then a
 * buffer of exactly the size answered (asked again, up to 4 times, only
 * when the machine changed in between and the size answered changed). */
#include "conformance.h"

#include <stdlib.h>

#define NC_GAA_SRC \
    "https://learn.microsoft.com/en-us/windows/win32/api/iphlpapi/nf-iphlpapi-getadaptersaddresses"
#define NC_GAA_LH_SRC \
    "https://learn.microsoft.com/en-us/windows/win32/api/iptypes/ns-iptypes-ip_adapter_addresses_lh"
#define NC_GAA_NOT_A_FAMILY 12345u

/* --------------------------------------------------------------- calls */
/* One result of GetAdaptersAddresses: the buffer (8-aligned, malloc's) and
 * its size; first NULL when there is no adapter (ERROR_NO_DATA). */
struct gaa {
    unsigned char *buf;
    ULONG size;
    IP_ADAPTER_ADDRESSES_LH *first;
};

static bool gaa(struct nc_ctx *c, ULONG family, ULONG flags, struct gaa *out, const char *what)
{
    ULONG size = 0, rc;
    memset(out, 0, sizeof(*out));
    rc = GetAdaptersAddresses(family, flags, NULL, NULL, &size);
    if (rc == ERROR_NO_DATA)
        return true;
    if (!NC_TRUE(c, rc == ERROR_BUFFER_OVERFLOW && size > 0,
                 "%s: the size query (NULL buffer, size 0) = %lu (%s), size %lu; want 111 "
                 "(ERROR_BUFFER_OVERFLOW) and a size > 0",
                 what, (unsigned long)rc, nc_status_name(rc), (unsigned long)size))
        return false;
    for (int attempt = 0; attempt < 4; attempt++) {
        ULONG asked = size;
        unsigned char *buf = malloc(size);
        if (!NC_TRUE(c, buf != NULL, "%s: malloc(%lu) failed", what, (unsigned long)size))
            return false;
        rc = GetAdaptersAddresses(family, flags, NULL, (IP_ADAPTER_ADDRESSES_LH *)buf, &size);
        if (rc == NO_ERROR) {
            out->buf = buf;
            out->size = asked;
            out->first = (IP_ADAPTER_ADDRESSES_LH *)buf;
            return true;
        }
        free(buf);
        /* The machine changed between the two calls: a new size. */
        if (rc == ERROR_BUFFER_OVERFLOW && size != asked)
            continue;
        nc_fail(c, "%s: with a buffer of the %lu bytes the size query answered = %lu (%s), "
                "size now %lu; want 0 (NO_ERROR)",
                what, (unsigned long)asked, (unsigned long)rc, nc_status_name(rc),
                (unsigned long)size);
        return false;
    }
    nc_fail(c, "%s: the size needed changed on each of 4 tries", what);
    return false;
}

static void gaa_free(struct gaa *g)
{
    free(g->buf);
    memset(g, 0, sizeof(*g));
}

static size_t adapter_count(const struct gaa *g)
{
    size_t n = 0;
    for (const IP_ADAPTER_ADDRESSES_LH *a = g->first; a != NULL && n < 100000; a = a->Next)
        n++;
    return n;
}

static const char *adapter_name(const IP_ADAPTER_ADDRESSES_LH *a, char *out, size_t cap)
{
    if (a->FriendlyName != NULL && a->FriendlyName[0] != 0)
        nc_wcs_to(out, cap, a->FriendlyName);
    else
        snprintf(out, cap, "index %lu/%lu", (unsigned long)a->IfIndex,
                 (unsigned long)a->Ipv6IfIndex);
    return out;
}

/* ------------------------------------------------------------ arguments */
static void args(struct nc_ctx *c)
{
    ULONG size = 0, rc;
    unsigned char small[16];
    bool wine_reserved = false, wine_family = false;

    NC_CODE(c, GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetAdaptersAddresses(AF_INET, 0, NULL, (IP_ADAPTER_ADDRESSES_LH *)small, NULL),
            ERROR_INVALID_PARAMETER);

    /* Reserved: "should be NULL" (Microsoft); Wine 8.0 does not look. */
    size = 0;
    rc = GetAdaptersAddresses(AF_UNSPEC, 0, &size, NULL, &size);
    if (c->env->wine && (rc == ERROR_BUFFER_OVERFLOW || rc == NO_ERROR))
        wine_reserved = true;
    else
        nc_expect_code(c, rc, ERROR_INVALID_PARAMETER,
                       "GetAdaptersAddresses(AF_UNSPEC, 0, Reserved not NULL, NULL, &size)");

    /* Family neither AF_INET, AF_INET6 nor AF_UNSPEC. */
    size = 0;
    rc = GetAdaptersAddresses(NC_GAA_NOT_A_FAMILY, 0, NULL, NULL, &size);
    if (c->env->wine && (rc == ERROR_BUFFER_OVERFLOW || rc == NO_ERROR))
        wine_family = true;
    else
        nc_expect_code(c, rc, ERROR_INVALID_PARAMETER,
                       "GetAdaptersAddresses(12345, 0, NULL, NULL, &size)");

    if ((wine_reserved || wine_family) && c->failures == 0)
        nc_skip(c, "Wine %s: %s%s%s; Microsoft documents 87 (a family) and Reserved as \"should "
                "be NULL\"; the NULL SizePointer cases pass", c->env->wine_version,
                wine_reserved ? "a non-NULL Reserved is ignored" : "",
                wine_reserved && wine_family ? ", and " : "",
                wine_family ? "family 12345 is taken as AF_UNSPEC (the size query answers 111)"
                            : "");
}

/* ------------------------------------------------------- buffer protocol */
static void buffer(struct nc_ctx *c)
{
    ULONG size = 0, need, rc;
    unsigned char *buf;

    rc = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &size);
    if (rc == ERROR_NO_DATA) {
        nc_fail(c, "GetAdaptersAddresses(AF_UNSPEC) = 232 (ERROR_NO_DATA): no adapter at all, "
                "where the interface list has %lu", (unsigned long)c->env->n_ifaces);
        return;
    }
    if (!NC_TRUE(c, rc == ERROR_BUFFER_OVERFLOW && size > 0,
                 "the size query (NULL buffer, size 0) = %lu (%s), size %lu; want 111 and a "
                 "size > 0", (unsigned long)rc, nc_status_name(rc), (unsigned long)size))
        return;
    /* A NULL buffer with a size that is not 0: still the size query. */
    need = 1u << 20;
    rc = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, &need);
    NC_TRUE(c, rc == ERROR_BUFFER_OVERFLOW && need == size,
            "a NULL buffer with *SizePointer 1 MiB = %lu (%s), size %lu; want 111 and %lu",
            (unsigned long)rc, nc_status_name(rc), (unsigned long)need, (unsigned long)size);

    for (int attempt = 0; attempt < 4; attempt++) {
        need = size;
        buf = malloc(need);
        if (!NC_TRUE(c, buf != NULL, "malloc(%lu) failed", (unsigned long)need))
            return;
        /* One byte short: 111, and *SizePointer the size needed. */
        size = need - 1;
        rc = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, (IP_ADAPTER_ADDRESSES_LH *)buf, &size);
        if (rc == ERROR_BUFFER_OVERFLOW && size != need && size != need - 1) {
            free(buf); /* the machine changed: measure again */
            continue;
        }
        NC_TRUE(c, rc == ERROR_BUFFER_OVERFLOW && size == need,
                "a buffer one byte short (%lu of %lu) = %lu (%s), size %lu; want 111 "
                "(ERROR_BUFFER_OVERFLOW) and size %lu",
                (unsigned long)(need - 1), (unsigned long)need, (unsigned long)rc,
                nc_status_name(rc), (unsigned long)size, (unsigned long)need);
        /* Exactly the size: NO_ERROR. */
        size = need;
        rc = GetAdaptersAddresses(AF_UNSPEC, 0, NULL, (IP_ADAPTER_ADDRESSES_LH *)buf, &size);
        free(buf);
        if (rc == ERROR_BUFFER_OVERFLOW && size != need)
            continue;
        NC_TRUE(c, rc == NO_ERROR,
                "a buffer of exactly the %lu bytes answered = %lu (%s), size %lu; want 0",
                (unsigned long)need, (unsigned long)rc, nc_status_name(rc),
                (unsigned long)size);
        return;
    }
    nc_fail(c, "the size needed changed on each of 4 tries");
}

/* ---------------------------------------------------------------- layout */
struct bounds {
    struct nc_ctx *c;
    const unsigned char *lo, *hi;
    const char *what;
    const char *adapter;
    int failures;
};

/* [p, p + len) inside the buffer. */
static bool inside(struct bounds *b, const void *p, size_t len, const char *field)
{
    const unsigned char *q = p;
    if (q >= b->lo && q <= b->hi && len <= (size_t)(b->hi - q))
        return true;
    if (b->failures++ == 0)
        nc_fail(b->c, "%s, adapter %s: %s at %p (%lu bytes) is outside the buffer [%p, %p)",
                b->what, b->adapter, field, p, (unsigned long)len, (const void *)b->lo, (const void *)b->hi);
    return false;
}

/* A NUL-ended string inside the buffer (NULL allowed when may_be_null). */
static void string_inside(struct bounds *b, const void *p, size_t unit, bool may_be_null,
                          const char *field)
{
    const unsigned char *q = p;
    if (p == NULL) {
        if (!may_be_null && b->failures++ == 0)
            nc_fail(b->c, "%s, adapter %s: %s is NULL", b->what, b->adapter, field);
        return;
    }
    for (;; q += unit) {
        if (!inside(b, q, unit, field))
            return;
        if (unit == 1 ? q[0] == 0 : (q[0] == 0 && q[1] == 0))
            return;
    }
}

static void sockaddr_inside(struct bounds *b, const SOCKET_ADDRESS *sa, const char *field)
{
    if (!NC_TRUE(b->c, sa->lpSockaddr != NULL && sa->iSockaddrLength > 0,
                 "%s, adapter %s: %s: lpSockaddr %p, iSockaddrLength %d", b->what, b->adapter,
                 field, (void *)sa->lpSockaddr, (int)sa->iSockaddrLength))
        return;
    inside(b, sa->lpSockaddr, (size_t)sa->iSockaddrLength, field);
}

static void length_is(struct bounds *b, ULONG got, size_t want, const char *field)
{
    if (got != want && b->failures++ == 0)
        nc_fail(b->c, "%s, adapter %s: %s Length %lu, want %lu (the structure's size)", b->what,
                b->adapter, field, (unsigned long)got, (unsigned long)want);
}

/* Walks one list of elements of type T: each inside, its Length, its
 * socket address. */
#define WALK(b, T, head, field)                                                   \
    do {                                                                          \
        size_t n_ = 0;                                                            \
        for (const T *e_ = (head); e_ != NULL && n_ < 100000; e_ = e_->Next, n_++) { \
            if (!inside((b), e_, sizeof(*e_), field))                             \
                break;                                                            \
            length_is((b), e_->Length, sizeof(*e_), field);                       \
            sockaddr_inside((b), &e_->Address, field ".Address");                 \
        }                                                                         \
    } while (0)

static void layout_one(struct nc_ctx *c, ULONG flags, const char *what)
{
    struct gaa g;
    struct bounds b;
    char name[64];
    size_t n = 0;
    if (!gaa(c, AF_UNSPEC, flags, &g, what))
        return;
    b.c = c;
    b.lo = g.buf;
    b.hi = g.buf + g.size;
    b.what = what;
    b.failures = 0;
    NC_TRUE(c, g.first != NULL, "%s: no adapter (ERROR_NO_DATA)", what);
    for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL && b.failures == 0; a = a->Next) {
        b.adapter = "?";
        if (!inside(&b, a, sizeof(*a), n == 0 ? "the first adapter" : "Next"))
            break;
        b.adapter = adapter_name(a, name, sizeof(name));
        if (++n > 100000)
            break;
        length_is(&b, a->Length, sizeof(*a), "IP_ADAPTER_ADDRESSES_LH");
        string_inside(&b, a->AdapterName, 1, false, "AdapterName");
        string_inside(&b, a->FriendlyName, sizeof(WCHAR), false, "FriendlyName");
        string_inside(&b, a->Description, sizeof(WCHAR), false, "Description");
        string_inside(&b, a->DnsSuffix, sizeof(WCHAR), false, "DnsSuffix");
        WALK(&b, IP_ADAPTER_UNICAST_ADDRESS_LH, a->FirstUnicastAddress, "FirstUnicastAddress");
        WALK(&b, IP_ADAPTER_ANYCAST_ADDRESS_XP, a->FirstAnycastAddress, "FirstAnycastAddress");
        WALK(&b, IP_ADAPTER_MULTICAST_ADDRESS_XP, a->FirstMulticastAddress,
             "FirstMulticastAddress");
        WALK(&b, IP_ADAPTER_DNS_SERVER_ADDRESS_XP, a->FirstDnsServerAddress,
             "FirstDnsServerAddress");
        WALK(&b, IP_ADAPTER_PREFIX_XP, a->FirstPrefix, "FirstPrefix");
        WALK(&b, IP_ADAPTER_WINS_SERVER_ADDRESS_LH, a->FirstWinsServerAddress,
             "FirstWinsServerAddress");
        WALK(&b, IP_ADAPTER_GATEWAY_ADDRESS_LH, a->FirstGatewayAddress, "FirstGatewayAddress");
        for (const IP_ADAPTER_DNS_SUFFIX *s = a->FirstDnsSuffix; s != NULL; s = s->Next)
            if (!inside(&b, s, sizeof(*s), "FirstDnsSuffix"))
                break;
        if (a->Dhcpv4Server.lpSockaddr != NULL)
            sockaddr_inside(&b, &a->Dhcpv4Server, "Dhcpv4Server");
        if (a->Dhcpv6Server.lpSockaddr != NULL)
            sockaddr_inside(&b, &a->Dhcpv6Server, "Dhcpv6Server");
    }
    gaa_free(&g);
}

static void layout(struct nc_ctx *c)
{
    layout_one(c, 0, "flags 0");
    layout_one(c, GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS,
               "GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS");
    layout_one(c, GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS |
                      GAA_FLAG_INCLUDE_WINS_INFO | GAA_FLAG_INCLUDE_ALL_INTERFACES,
               "INCLUDE_PREFIX | INCLUDE_GATEWAYS | INCLUDE_WINS_INFO | INCLUDE_ALL_INTERFACES");
}

/* ------------------------------------------------- the rows agree with it */
static void luid_index(struct nc_ctx *c)
{
    struct gaa g;
    char name[64];
    if (!gaa(c, AF_UNSPEC, 0, &g, "AF_UNSPEC"))
        return;
    for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next) {
        NET_IFINDEX index = 0;
        adapter_name(a, name, sizeof(name));
        if (!NC_CODE(c, ConvertInterfaceLuidToIndex(&a->Luid, &index), NO_ERROR))
            continue;
        NC_TRUE(c, a->IfIndex != 0 || a->Ipv6IfIndex != 0,
                "adapter %s: IfIndex and Ipv6IfIndex both 0", name);
        NC_TRUE(c, a->IfIndex == 0 || a->IfIndex == index,
                "adapter %s: IfIndex %lu, ConvertInterfaceLuidToIndex(Luid) %lu", name,
                (unsigned long)a->IfIndex, (unsigned long)index);
        NC_TRUE(c, a->Ipv6IfIndex == 0 || a->Ipv6IfIndex == index,
                "adapter %s: Ipv6IfIndex %lu, ConvertInterfaceLuidToIndex(Luid) %lu", name,
                (unsigned long)a->Ipv6IfIndex, (unsigned long)index);
    }
    gaa_free(&g);
}

static bool same_sockaddr(const struct sockaddr *sa, const SOCKADDR_INET *row)
{
    if (sa->sa_family != row->si_family)
        return false;
    if (sa->sa_family == AF_INET)
        return memcmp(&((const struct sockaddr_in *)(const void *)sa)->sin_addr,
                      &row->Ipv4.sin_addr, 4) == 0;
    if (sa->sa_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
                      &row->Ipv6.sin6_addr, 16) == 0;
    return false;
}

static void unicast_in_table(struct nc_ctx *c)
{
    struct gaa g;
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    char name[64];
    size_t seen = 0;
    if (!gaa(c, AF_UNSPEC, 0, &g, "AF_UNSPEC"))
        return;
    if (!NC_CODE(c, GetUnicastIpAddressTable(AF_UNSPEC, &t), NO_ERROR)) {
        gaa_free(&g);
        return;
    }
    for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next) {
        adapter_name(a, name, sizeof(name));
        for (const IP_ADAPTER_UNICAST_ADDRESS_LH *u = a->FirstUnicastAddress; u != NULL;
             u = u->Next) {
            const MIB_UNICASTIPADDRESS_ROW *row = NULL;
            seen++;
            for (ULONG i = 0; i < t->NumEntries && row == NULL; i++)
                if (t->Table[i].InterfaceLuid.Value == a->Luid.Value &&
                    same_sockaddr(u->Address.lpSockaddr, &t->Table[i].Address))
                    row = &t->Table[i];
            if (!NC_TRUE(c, row != NULL,
                         "adapter %s: a unicast address (family %d) is not in "
                         "GetUnicastIpAddressTable(AF_UNSPEC) for the adapter's LUID",
                         name, (int)u->Address.lpSockaddr->sa_family))
                continue;
            NC_TRUE(c, u->OnLinkPrefixLength == row->OnLinkPrefixLength &&
                           u->PrefixOrigin == row->PrefixOrigin &&
                           u->SuffixOrigin == row->SuffixOrigin,
                    "adapter %s: a unicast address has OnLinkPrefixLength %u, origins %d/%d; "
                    "the table's row %u, %d/%d",
                    name, (unsigned)u->OnLinkPrefixLength, (int)u->PrefixOrigin,
                    (int)u->SuffixOrigin, (unsigned)row->OnLinkPrefixLength,
                    (int)row->PrefixOrigin, (int)row->SuffixOrigin);
        }
    }
    NC_TRUE(c, seen > 0, "no adapter has a unicast address (the table has %lu)",
            (unsigned long)t->NumEntries);
    FreeMibTable(t);
    gaa_free(&g);
}

/* --------------------------------------------------- families and flags */
/* winerror.h's DNS_ERROR_NO_DNS_SERVERS: what Wine 8.0's
 * GetAdaptersAddresses passes on from DnsQueryConfig when the resolver
 * configuration names no server of the family asked for. */
#define NC_DNS_ERROR_NO_DNS_SERVERS 9852u

static void family_one(struct nc_ctx *c, ULONG family, const char *fam, bool *wine_dns)
{
    struct gaa g;
    char name[64];
    ULONG flags = 0, size = 0;
    if (c->env->wine &&
        GetAdaptersAddresses(family, 0, NULL, NULL, &size) == NC_DNS_ERROR_NO_DNS_SERVERS) {
        /* Wine's: the family filter is still checked, without DNS servers. */
        *wine_dns = true;
        flags = GAA_FLAG_SKIP_DNS_SERVER;
    }
    if (!gaa(c, family, flags, &g, fam))
        return;
    for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next)
        for (const IP_ADAPTER_UNICAST_ADDRESS_LH *u = a->FirstUnicastAddress; u != NULL;
             u = u->Next)
            NC_TRUE(c, u->Address.lpSockaddr->sa_family == (int)family,
                    "%s: adapter %s lists a unicast address of family %d", fam,
                    adapter_name(a, name, sizeof(name)), (int)u->Address.lpSockaddr->sa_family);
    gaa_free(&g);
}

static void families(struct nc_ctx *c)
{
    bool wine_dns = false;
    family_one(c, AF_INET, "AF_INET", &wine_dns);
    family_one(c, AF_INET6, "AF_INET6", &wine_dns);
    if (wine_dns && c->failures == 0)
        nc_skip(c, "Wine %s: GetAdaptersAddresses of a family for which the resolver "
                "configuration names no DNS server answers 9852 (DNS_ERROR_NO_DNS_SERVERS, "
                "passed on from DnsQueryConfig); with GAA_FLAG_SKIP_DNS_SERVER it lists only "
                "that family's addresses, as expected", c->env->wine_version);
}

static void skip_flags(struct nc_ctx *c)
{
    struct gaa g;
    char name[64];
    bool wine_named = false;
    size_t n_all, n;

    if (!gaa(c, AF_UNSPEC, 0, &g, "flags 0"))
        return;
    n_all = adapter_count(&g);
    gaa_free(&g);

    if (gaa(c, AF_UNSPEC, GAA_FLAG_SKIP_UNICAST, &g, "GAA_FLAG_SKIP_UNICAST")) {
        n = adapter_count(&g);
        NC_TRUE(c, n == n_all, "GAA_FLAG_SKIP_UNICAST: %lu adapters, %lu without it",
                (unsigned long)n, (unsigned long)n_all);
        for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next)
            NC_TRUE(c, a->FirstUnicastAddress == NULL,
                    "GAA_FLAG_SKIP_UNICAST: adapter %s has a FirstUnicastAddress",
                    adapter_name(a, name, sizeof(name)));
        gaa_free(&g);
    }
    if (gaa(c, AF_UNSPEC, GAA_FLAG_SKIP_DNS_SERVER, &g, "GAA_FLAG_SKIP_DNS_SERVER")) {
        for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next)
            NC_TRUE(c, a->FirstDnsServerAddress == NULL,
                    "GAA_FLAG_SKIP_DNS_SERVER: adapter %s has a FirstDnsServerAddress",
                    adapter_name(a, name, sizeof(name)));
        gaa_free(&g);
    }
    /* "Do not return the adapter friendly name": NULL or "". */
    if (gaa(c, AF_UNSPEC, GAA_FLAG_SKIP_FRIENDLY_NAME, &g, "GAA_FLAG_SKIP_FRIENDLY_NAME")) {
        for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next) {
            if (a->FriendlyName == NULL || a->FriendlyName[0] == 0)
                continue;
            if (c->env->wine) {
                wine_named = true;
                continue;
            }
            nc_wcs_to(name, sizeof(name), a->FriendlyName);
            nc_fail(c, "GAA_FLAG_SKIP_FRIENDLY_NAME: adapter index %lu/%lu has FriendlyName "
                    "\"%s\"", (unsigned long)a->IfIndex, (unsigned long)a->Ipv6IfIndex, name);
        }
        gaa_free(&g);
    }
    if (wine_named && c->failures == 0)
        nc_skip(c, "Wine %s ignores GAA_FLAG_SKIP_FRIENDLY_NAME (every adapter keeps its "
                "FriendlyName); SKIP_UNICAST and SKIP_DNS_SERVER pass", c->env->wine_version);
}

/* ------------------------------------------------------ an address made */
static void fill(MIB_UNICASTIPADDRESS_ROW *r, int v6, NET_IFINDEX index)
{
    InitializeUnicastIpAddressEntry(r);
    if (v6) {
        r->Address.Ipv6.sin6_family = AF_INET6;
        r->Address.Ipv6.sin6_addr.s6_addr[0] = 0xfd;
        r->Address.Ipv6.sin6_addr.s6_addr[3] = 0x21; /* fd00:21::1 */
        r->Address.Ipv6.sin6_addr.s6_addr[15] = 1;
        r->OnLinkPrefixLength = 64;
    } else {
        static const unsigned char b[4] = {198, 18, 21, 1}; /* RFC 2544 */
        r->Address.Ipv4.sin_family = AF_INET;
        memcpy(&r->Address.Ipv4.sin_addr, b, 4);
        r->OnLinkPrefixLength = 24;
    }
    r->InterfaceIndex = index;
}

static void made_address(struct nc_ctx *c)
{
    MIB_UNICASTIPADDRESS_ROW rows[2];
    struct gaa g;
    const IP_ADAPTER_ADDRESSES_LH *mine = NULL;
    NET_IFINDEX index = nc_fixture_make("nc-gaa-uc");
    if (!NC_TRUE(c, index != 0, "could not make the interface nc-gaa-uc"))
        return;
    for (int v6 = 0; v6 < 2; v6++) {
        fill(&rows[v6], v6, index);
        if (!NC_CODE(c, CreateUnicastIpAddressEntry(&rows[v6]), NO_ERROR))
            goto out;
    }
    if (!gaa(c, AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX, &g, "GAA_FLAG_INCLUDE_PREFIX"))
        goto out;
    for (const IP_ADAPTER_ADDRESSES_LH *a = g.first; a != NULL; a = a->Next)
        if (a->IfIndex == index || a->Ipv6IfIndex == index)
            mine = a;
    if (NC_TRUE(c, mine != NULL, "no adapter of index %lu (nc-gaa-uc)", (unsigned long)index)) {
        char name[64];
        nc_wcs_to(name, sizeof(name), mine->FriendlyName);
        NC_TRUE(c, strcmp(name, "nc-gaa-uc") == 0, "the adapter of index %lu is named \"%s\"",
                (unsigned long)index, name);
        NC_TRUE(c, mine->IfIndex == index && mine->Ipv6IfIndex == index,
                "nc-gaa-uc (index %lu, both families): IfIndex %lu, Ipv6IfIndex %lu",
                (unsigned long)index, (unsigned long)mine->IfIndex,
                (unsigned long)mine->Ipv6IfIndex);
        for (int v6 = 0; v6 < 2; v6++) {
            const IP_ADAPTER_UNICAST_ADDRESS_LH *u = mine->FirstUnicastAddress;
            const IP_ADAPTER_PREFIX_XP *p = mine->FirstPrefix;
            while (u != NULL && !same_sockaddr(u->Address.lpSockaddr, &rows[v6].Address))
                u = u->Next;
            if (!NC_TRUE(c, u != NULL, "nc-gaa-uc's unicast list lacks %s",
                         v6 ? "fd00:21::1" : "198.18.21.1"))
                continue;
            NC_TRUE(c, u->OnLinkPrefixLength == rows[v6].OnLinkPrefixLength,
                    "%s: OnLinkPrefixLength %u, want %u", v6 ? "fd00:21::1" : "198.18.21.1",
                    (unsigned)u->OnLinkPrefixLength, (unsigned)rows[v6].OnLinkPrefixLength);
            NC_TRUE(c, u->Address.iSockaddrLength ==
                           (INT)(v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)),
                    "%s: iSockaddrLength %d", v6 ? "fd00:21::1" : "198.18.21.1",
                    (int)u->Address.iSockaddrLength);
            /* The on-link prefix (GAA_FLAG_INCLUDE_PREFIX): the address
             * with its host part zero, of the same length. */
            for (; p != NULL; p = p->Next) {
                SOCKADDR_INET pre = rows[v6].Address;
                if (v6)
                    pre.Ipv6.sin6_addr.s6_addr[15] = 0;
                else
                    ((unsigned char *)&pre.Ipv4.sin_addr)[3] = 0;
                if (p->PrefixLength == rows[v6].OnLinkPrefixLength &&
                    same_sockaddr(p->Address.lpSockaddr, &pre))
                    break;
            }
            NC_TRUE(c, p != NULL, "nc-gaa-uc's prefix list lacks %s",
                    v6 ? "fd00:21::/64" : "198.18.21.0/24");
        }
    }
    gaa_free(&g);
out:
    nc_fixture_remove("nc-gaa-uc");
}

/* ------------------------------------------------------------------ list */
const struct nc_check nc_checks_adapters[] = {
    {"adapters.args", args, 0,
     NC_GAA_SRC " (ERROR_INVALID_PARAMETER: SizePointer NULL, Address not AF_INET, AF_INET6 or "
     "AF_UNSPEC; Reserved \"should be NULL\": its 87 is docs/adapters.md's)",
     "SizePointer NULL (with and without a buffer), Reserved not NULL, family 12345 -> 87"},
    {"adapters.buffer", buffer, NC_NEED_IFACES,
     NC_GAA_SRC " (ERROR_BUFFER_OVERFLOW: the buffer size is too small; SizePointer then "
     "holds the required size)",
     "the size query (NULL buffer, size 0 or 1 MiB) -> 111 and a size > 0; a buffer one byte "
     "short -> 111 and that size; exactly that size -> 0"},
    {"adapters.layout", layout, NC_NEED_IFACES,
     NC_GAA_SRC " (the buffer holds the linked list); " NC_GAA_LH_SRC
     " (Length: the length of this structure; Wine 8.0 sets sizeof, as this library)",
     "three flag sets: every adapter, string, list element (unicast, anycast, multicast, DNS "
     "server, prefix, WINS, gateway, DNS suffix) and socket address inside [buffer, buffer + "
     "size); each Length == sizeof of its structure"},
    {"adapters.luid-index", luid_index, NC_NEED_IFACES,
     NC_GAA_LH_SRC " (IfIndex, Ipv6IfIndex: 0 when that family is not available; Luid)",
     "each adapter: ConvertInterfaceLuidToIndex(Luid) -> 0 and the index; IfIndex and "
     "Ipv6IfIndex are it or 0, not both 0"},
    {"adapters.unicast-in-table", unicast_in_table, NC_NEED_IFACES | NC_NEED_ADDR_TABLE,
     "https://learn.microsoft.com/en-us/windows/win32/api/iptypes/"
     "ns-iptypes-ip_adapter_unicast_address_lh (the adapter's unicast addresses)",
     "each unicast address of each adapter is a row of GetUnicastIpAddressTable(AF_UNSPEC) "
     "with the adapter's LUID, of the same OnLinkPrefixLength and origins"},
    {"adapters.families", families, NC_NEED_IFACES,
     NC_GAA_SRC " (Family AF_INET: return only IPv4 addresses; AF_INET6: only IPv6)",
     "AF_INET lists only AF_INET unicast addresses, AF_INET6 only AF_INET6"},
    {"adapters.skip-flags", skip_flags, NC_NEED_IFACES,
     NC_GAA_SRC " (GAA_FLAG_SKIP_UNICAST: do not return unicast addresses; SKIP_DNS_SERVER: "
     "do not return DNS server addresses; SKIP_FRIENDLY_NAME: do not return the adapter "
     "friendly name)",
     "SKIP_UNICAST: the same adapters, FirstUnicastAddress NULL; SKIP_DNS_SERVER: "
     "FirstDnsServerAddress NULL; SKIP_FRIENDLY_NAME: FriendlyName NULL or \"\""},
    {"adapters.made-address", made_address,
     NC_NEED_PRIVILEGE | NC_NEED_MAKE | NC_NEED_ADDR_ROWS,
     NC_GAA_SRC " (GAA_FLAG_INCLUDE_PREFIX); "
     "https://learn.microsoft.com/en-us/windows/win32/api/iptypes/"
     "ns-iptypes-ip_adapter_unicast_address_lh (OnLinkPrefixLength)",
     "on a veth pair of its own: 198.18.21.1/24 and fd00:21::1/64 made with "
     "CreateUnicastIpAddressEntry are in its adapter's unicast list with their "
     "OnLinkPrefixLength, and their on-link prefixes in FirstPrefix"},
    {NULL, NULL, 0, NULL, NULL},
};
