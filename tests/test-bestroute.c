/* test-bestroute.c - GetBestRoute2 (bestroute.c) through the public entry point
 * over the fake back end: validation and codes of both flavours, the
 * interface and source as strong-host constraints, every field of
 * MIB_IPFORWARD_ROW2, and DisableDefaultRoutes as SetIpInterfaceEntry
 * records it (ipif-store.c) and route selection honours it. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define MAIN_TABLE 254

NTSTATUS NTAPI nio_nt_GetBestRoute2(NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,
                                    CONST SOCKADDR_INET *SourceAddress,
                                    CONST SOCKADDR_INET *DestinationAddress,
                                    ULONG AddressSortOptions, PMIB_IPFORWARD_ROW2 BestRoute,
                                    SOCKADDR_INET *BestSourceAddress);

/* ------------------------------------------------------------ helpers */
static const char *text_of(const SOCKADDR_INET *s, char *buf)
{
    if (s->si_family == AF_INET)
        return inet_ntop(AF_INET, &s->Ipv4.sin_addr, buf, 64);
    if (s->si_family == AF_INET6)
        return inet_ntop(AF_INET6, &s->Ipv6.sin6_addr, buf, 64);
    return "?";
}

static void assert_addr(const SOCKADDR_INET *s, const char *want)
{
    char buf[64];
    assert_string_equal(text_of(s, buf), want);
}

/* A route of the main table. */
static void route(const char *prefix, uint8_t len, uint32_t oif, const char *gateway,
                  uint32_t metric, const char *src)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.prefix = ip(prefix);
    r.prefix_len = len;
    r.oif = oif;
    r.table = MAIN_TABLE;
    r.metric = metric;
    r.origin = NIO_RO_STATIC;
    r.gateway.slot = r.src.slot = r.prefix.slot;
    if (gateway != NULL) {
        r.gateway = ip(gateway);
        r.has_gateway = true;
    }
    if (src != NULL) {
        r.src = ip(src);
        r.has_src = true;
    }
    fake_os_add_route(&r);
}

static void local(const char *addr, uint32_t owner)
{
    struct nio_ip a = ip(addr);
    fake_os_add_local(&a, owner);
}

/* The machine of fake_os_standard, with addresses and routes:
 *   eth0 (2): 198.18.0.2/24, default via 198.18.0.1 metric 100
 *   eth1 (3): 198.18.1.2/24, default via 198.18.1.1 metric 200, fd00:1::2/64
 *   wg0  (7): fd00:7::2/64 and 198.19.64.0/18 (a split tunnel)
 *   IPv6 default via fe80::1 on eth1 */
static int setup(void **state)
{
    (void)state;
    fake_os_reset();
    fake_store_reset();
    fake_os_standard();
    local("198.18.0.2", FAKE_ETH0);
    local("198.18.1.2", FAKE_ETH1);
    local("fd00:1::2", FAKE_ETH1);
    local("fd00:7::2", FAKE_WG0);
    route("0.0.0.0", 0, FAKE_ETH0, "198.18.0.1", 100, "198.18.0.2");
    route("0.0.0.0", 0, FAKE_ETH1, "198.18.1.1", 200, "198.18.1.2");
    route("198.18.0.0", 24, FAKE_ETH0, NULL, 0, "198.18.0.2");
    route("198.18.1.0", 24, FAKE_ETH1, NULL, 0, "198.18.1.2");
    route("198.19.64.0", 18, FAKE_WG0, NULL, 0, "198.18.1.2");
    route("::", 0, FAKE_ETH1, "fe80::1", 1024, "fd00:1::2");
    route("fd00:7::", 64, FAKE_WG0, NULL, 256, "fd00:7::2");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fake_os_reset();
    return 0;
}

static DWORD best(NET_LUID *luid, NET_IFINDEX index, const SOCKADDR_INET *src, const char *dst,
                  MIB_IPFORWARD_ROW2 *row, SOCKADDR_INET *best_src)
{
    SOCKADDR_INET d = sa(dst);
    memset(row, 0xA5, sizeof(*row));
    memset(best_src, 0xA5, sizeof(*best_src));
    return GetBestRoute2(luid, index, src, &d, 0, row, best_src);
}

/* ------------------------------------------------------- parameters */
static void test_null_arguments(void **state)
{
    (void)state;
    SOCKADDR_INET d = sa("198.19.0.1"), s;
    MIB_IPFORWARD_ROW2 row;
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, NULL, 0, &row, &s), 87);
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &d, 0, NULL, &s), 87);
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &d, 0, &row, NULL), 87);
    assert_int_equal((uint32_t)nio_nt_GetBestRoute2(NULL, 0, NULL, NULL, 0, &row, &s),
                     0xC000000Du);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_bad_families(void **state)
{
    (void)state;
    SOCKADDR_INET d = sa("198.19.0.1"), s6 = sa("fd00:1::2"), out;
    MIB_IPFORWARD_ROW2 row;
    d.si_family = AF_UNSPEC;
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &d, 0, &row, &out), 87);
    d.si_family = 23 == AF_INET6 ? 10 : 23; /* the other OS's AF_INET6 */
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &d, 0, &row, &out), 87);
    d = sa("198.19.0.1");
    /* A source of the other family. */
    assert_int_equal(GetBestRoute2(NULL, 0, &s6, &d, 0, &row, &out), 87);
    assert_int_equal(fake_os_total_calls(), 0);
}

static void test_unknown_interface(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET s, d = sa("198.19.0.1");
    NET_LUID luid = {.Value = LUID(IF_TYPE_ETHERNET_CSMACD, 99)};
    assert_int_equal(best(NULL, 99, NULL, "198.19.0.1", &row, &s), ERROR_FILE_NOT_FOUND);
    assert_int_equal(best(&luid, 0, NULL, "198.19.0.1", &row, &s), ERROR_FILE_NOT_FOUND);
    /* The LUID wins over a valid index. */
    assert_int_equal(best(&luid, FAKE_ETH0, NULL, "198.19.0.1", &row, &s), ERROR_FILE_NOT_FOUND);
    /* The kernel flavour of the same: STATUS_NOT_FOUND. */
    assert_int_equal((uint32_t)nio_nt_GetBestRoute2(NULL, 99, NULL, &d, 0, &row, &s),
                     0xC0000225u);
    assert_int_equal(fake_os_calls(FAKE_ROUTE), 0);
}

static void test_source_not_local(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET s = sa("198.18.9.9"), out;
    unsigned n;
    assert_int_equal(best(NULL, 0, &s, "198.19.0.1", &row, &out), ERROR_NOT_FOUND);
    /* A source of this machine, but not of the interface given. */
    s = sa("198.18.1.2");
    assert_int_equal(best(NULL, FAKE_ETH0, &s, "198.19.0.1", &row, &out), ERROR_NOT_FOUND);
    /* Neither asks for a route. */
    fake_os_route_queries(&n);
    assert_int_equal(n, 0);
}

static void test_unreachable(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    fake_os_reset();
    fake_os_standard();
    assert_int_equal(best(NULL, 0, NULL, "198.19.0.1", &row, &out), ERROR_NETWORK_UNREACHABLE);
    assert_int_equal(best(NULL, 0, NULL, "fd00:9::1", &row, &out), ERROR_NETWORK_UNREACHABLE);
    /* Outputs are written only on success. */
    assert_int_equal(((unsigned char *)&row)[0], 0xA5);
}

static void test_backend_errors(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    fake_os_fail_next(FAKE_ROUTE, -ENOMEM);
    assert_int_equal(best(NULL, 0, NULL, "198.19.0.1", &row, &out), 8);
    fake_os_fail_next(FAKE_ROUTE, -EIO);
    assert_int_equal(best(NULL, 0, NULL, "198.19.0.1", &row, &out), 31);
}

/* ----------------------------------------------------- the choice */
static void test_default_route(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    unsigned n;
    assert_int_equal(best(NULL, 0, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH0));
    assert_int_equal(row.DestinationPrefix.Prefix.si_family, AF_INET);
    assert_addr(&row.DestinationPrefix.Prefix, "0.0.0.0");
    assert_int_equal(row.DestinationPrefix.PrefixLength, 0);
    assert_addr(&row.NextHop, "198.18.0.1");
    assert_int_equal(row.Metric, 100);
    assert_addr(&out, "198.18.0.2");
    assert_int_equal(fake_os_route_queries(&n)[0].oif, 0); /* no constraint */
    assert_int_equal(n, 1);
}

static void test_specific_route_on_link(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    assert_int_equal(best(NULL, 0, NULL, "198.19.65.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_WG0);
    assert_int_equal(row.InterfaceLuid.Value, LUID(IF_TYPE_PROP_VIRTUAL, FAKE_WG0));
    assert_addr(&row.DestinationPrefix.Prefix, "198.19.64.0");
    assert_int_equal(row.DestinationPrefix.PrefixLength, 18);
    /* On-link: the family's zero address. */
    assert_int_equal(row.NextHop.si_family, AF_INET);
    assert_addr(&row.NextHop, "0.0.0.0");
}

/* OpenVPN calls it with a zero LUID and an index; others with a NULL LUID. */
static void test_interface_by_index_and_luid(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    NET_LUID zero = {.Value = 0}, eth1 = {.Value = LUID(IF_TYPE_ETHERNET_CSMACD, FAKE_ETH1)};
    unsigned n;
    assert_int_equal(best(&zero, FAKE_ETH1, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_addr(&row.NextHop, "198.18.1.1");
    assert_int_equal(row.Metric, 200);
    assert_int_equal(best(NULL, FAKE_ETH1, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(best(&eth1, 0, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(fake_os_route_queries(&n)[0].oif, FAKE_ETH1);
    /* No route through it: unreachable, even though another has one. */
    assert_int_equal(best(NULL, FAKE_WG0, NULL, "198.19.200.1", &row, &out),
                     ERROR_NETWORK_UNREACHABLE);
}

/* Strong host: a source names its interface. */
static void test_source_constrains(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out, s = sa("198.18.1.2");
    unsigned n;
    assert_int_equal(best(NULL, 0, &s, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_addr(&out, "198.18.1.2");
    assert_int_equal(fake_os_route_queries(&n)[0].oif, FAKE_ETH1);
    assert_true(fake_os_route_queries(&n)[0].has_src);
    /* The same source with its own interface named is fine. */
    assert_int_equal(best(NULL, FAKE_ETH1, &s, "198.19.200.1", &row, &out), 0);
    /* A source whose interface has no route there. */
    s = sa("fd00:7::2");
    assert_int_equal(best(NULL, 0, &s, "fd00:9::1", &row, &out), ERROR_NETWORK_UNREACHABLE);
}

/* A zero or AF_UNSPEC source is no source. */
static void test_unspecified_source(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out, s;
    unsigned n;
    memset(&s, 0, sizeof(s));
    assert_int_equal(best(NULL, 0, &s, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    s = sa("0.0.0.0");
    assert_int_equal(best(NULL, 0, &s, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    s = sa("::");
    assert_int_equal(best(NULL, 0, &s, "fd00:9::1", &row, &out), 0);
    assert_false(fake_os_route_queries(&n)[n - 1].has_src);
}

/* A back end that answers through another interface (Linux IPv6 with a
 * source does): the core refuses the answer. */
static void test_weak_answer_refused(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    fake_os_set_route_weak(true);
    assert_int_equal(best(NULL, FAKE_WG0, NULL, "198.19.200.1", &row, &out),
                     ERROR_NETWORK_UNREACHABLE);
}

/* ---------------------------------------------------------- the row */
static void test_row_fields(void **state)
{
    (void)state;
    static const struct {
        enum nio_route_origin origin;
        NL_ROUTE_PROTOCOL protocol;
        NL_ROUTE_ORIGIN how;
    } cases[] = {
        {NIO_RO_KERNEL, RouteProtocolLocal, NlroWellKnown},
        {NIO_RO_STATIC, RouteProtocolNetMgmt, NlroManual},
        {NIO_RO_DHCP, RouteProtocolNetMgmt, NlroDHCP},
        {NIO_RO_RA, RouteProtocolIcmp, NlroRouterAdvertisement},
        {NIO_RO_REDIRECT, RouteProtocolIcmp, NlroWellKnown},
        {NIO_RO_RIP, RouteProtocolRip, NlroManual},
        {NIO_RO_OSPF, RouteProtocolOspf, NlroManual},
        {NIO_RO_ISIS, RouteProtocolIsIs, NlroManual},
        {NIO_RO_BGP, RouteProtocolBgp, NlroManual},
        {NIO_RO_OTHER, RouteProtocolOther, NlroManual},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        MIB_IPFORWARD_ROW2 row;
        SOCKADDR_INET out;
        struct nio_route r;
        memset(&r, 0, sizeof(r));
        fake_os_reset();
        fake_os_standard();
        r.prefix = ip("198.20.0.0");
        r.prefix_len = 15;
        r.oif = FAKE_ETH1;
        r.metric = 7;
        r.origin = cases[i].origin;
        r.gateway.slot = r.src.slot = NIO_V4;
        r.expires = i % 2 == 1;
        r.expires_s = 1800;
        fake_os_add_route(&r);
        assert_int_equal(best(NULL, 0, NULL, "198.20.1.1", &row, &out), 0);
        assert_int_equal(row.Protocol, cases[i].protocol);
        assert_int_equal(row.Origin, cases[i].how);
        assert_int_equal(row.Metric, 7);
        assert_int_equal(row.SitePrefixLength, 0);
        assert_int_equal(row.Age, 0);
        assert_int_equal(row.Publish, FALSE);
        assert_int_equal(row.AutoconfigureAddress, FALSE);
        assert_int_equal(row.Loopback, FALSE);
        assert_int_equal(row.Immortal, !r.expires);
        assert_int_equal(row.ValidLifetime, r.expires ? 1800u : 0xFFFFFFFFu);
        assert_int_equal(row.PreferredLifetime, row.ValidLifetime);
        /* No source from the OS: the family's zero address. */
        assert_int_equal(out.si_family, AF_INET);
        assert_addr(&out, "0.0.0.0");
    }
}

static void test_row_local_destination(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.prefix = ip("198.18.1.2");
    r.prefix_len = 32;
    r.oif = FAKE_ETH1;
    r.local = true;
    r.origin = NIO_RO_KERNEL;
    r.src = ip("198.18.1.2");
    r.has_src = true;
    r.gateway.slot = NIO_V4;
    fake_os_add_route(&r);
    assert_int_equal(best(NULL, 0, NULL, "198.18.1.2", &row, &out), 0);
    assert_int_equal(row.Loopback, TRUE);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(row.DestinationPrefix.PrefixLength, 32);
}

static void test_row_ipv6_scopes(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    assert_int_equal(best(NULL, 0, NULL, "fd00:9::1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_int_equal(row.DestinationPrefix.Prefix.si_family, AF_INET6);
    assert_addr(&row.DestinationPrefix.Prefix, "::");
    assert_addr(&row.NextHop, "fe80::1");
    /* A link-local next hop carries its interface as the zone. */
    assert_int_equal(row.NextHop.Ipv6.sin6_scope_id, FAKE_ETH1);
    assert_int_equal(row.Metric, 1024);
    assert_addr(&out, "fd00:1::2");
    assert_int_equal(out.Ipv6.sin6_scope_id, 0); /* a global source has none */
}

/* The destination's zone is passed to the OS; AddressSortOptions ignored. */
static void test_destination_zone(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out, d = sa("fe80::99");
    unsigned n;
    route("fe80::", 64, FAKE_ETH1, NULL, 256, NULL);
    d.Ipv6.sin6_scope_id = FAKE_ETH1;
    assert_int_equal(GetBestRoute2(NULL, 0, NULL, &d, 0xFFFFFFFF, &row, &out), 0);
    assert_int_equal(fake_os_route_queries(&n)[0].dst.scope, FAKE_ETH1);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
}

/* --------------------------------------------- DisableDefaultRoutes */
static DWORD set_ddr(NET_IFINDEX index, ADDRESS_FAMILY family, BOOLEAN value)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceIndex = index;
    row.DisableDefaultRoutes = value;
    return SetIpInterfaceEntry(&row);
}

static BOOLEAN get_ddr(NET_IFINDEX index, ADDRESS_FAMILY family)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceIndex = index;
    assert_int_equal(GetIpInterfaceEntry(&row), 0);
    return row.DisableDefaultRoutes;
}

static void test_ddr_reported(void **state)
{
    (void)state;
    assert_int_equal(get_ddr(FAKE_ETH0, AF_INET), FALSE);
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, TRUE), 0);
    assert_int_equal(get_ddr(FAKE_ETH0, AF_INET), TRUE);
    assert_int_equal(get_ddr(FAKE_ETH1, AF_INET), FALSE); /* per interface */
    assert_int_equal(get_ddr(FAKE_ETH1, AF_INET6), FALSE);
    /* A Get/Set round trip keeps it. */
    {
        MIB_IPINTERFACE_ROW row;
        InitializeIpInterfaceEntry(&row);
        row.Family = AF_INET;
        row.InterfaceIndex = FAKE_ETH0;
        assert_int_equal(GetIpInterfaceEntry(&row), 0);
        row.SitePrefixLength = 0; /* as ported code does on IPv4 */
        assert_int_equal(SetIpInterfaceEntry(&row), 0);
        assert_int_equal(get_ddr(FAKE_ETH0, AF_INET), TRUE);
    }
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, FALSE), 0);
    assert_int_equal(get_ddr(FAKE_ETH0, AF_INET), FALSE);
    /* No interface setting of the OS: the record and the routes
     * (test-ipif-set.c checks those). */
    assert_int_equal(fake_os_calls(FAKE_APPLY), 0);
}

static void test_ddr_needs_privilege(void **state)
{
    (void)state;
    fake_os_set_may_change(-EPERM);
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, TRUE), ERROR_ACCESS_DENIED);
    fake_os_set_may_change(0);
    assert_int_equal(get_ddr(FAKE_ETH0, AF_INET), FALSE);
}

/* Split tunnel: the default route through eth0 is disabled; the next
 * default (eth1, metric 200) takes over; the tunnel's own routes stay. */
static void test_ddr_skips_default(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    unsigned n;
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, TRUE), 0);
    /* The Set took eth0's default route out of the OS; a DHCP client puts
     * one back, which GetBestRoute2 must still pass over. */
    route("0.0.0.0", 0, FAKE_ETH0, "198.18.0.1", 100, "198.18.0.2");
    assert_int_equal(best(NULL, 0, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    assert_addr(&row.NextHop, "198.18.1.1");
    assert_int_equal(row.DestinationPrefix.PrefixLength, 0);
    assert_addr(&out, "198.18.1.2");
    assert_int_equal(fake_os_route_queries(&n)[n - 1].oif, FAKE_ETH1);
    /* Routes more specific than the default are not affected. */
    assert_int_equal(best(NULL, 0, NULL, "198.18.0.77", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    /* Only its family. */
    assert_int_equal(best(NULL, 0, NULL, "fd00:9::1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH1);
    /* Both disabled: no default route qualifies. */
    assert_int_equal(set_ddr(FAKE_ETH1, AF_INET, TRUE), 0);
    assert_int_equal(best(NULL, 0, NULL, "198.19.200.1", &row, &out), ERROR_NETWORK_UNREACHABLE);
    assert_int_equal(best(NULL, 0, NULL, "198.19.65.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_WG0);
    assert_int_equal(set_ddr(FAKE_ETH1, AF_INET, FALSE), 0);
    /* Naming the disabled interface: its default route does not count. */
    assert_int_equal(best(NULL, FAKE_ETH0, NULL, "198.19.200.1", &row, &out),
                     ERROR_NETWORK_UNREACHABLE);
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, FALSE), 0);
    assert_int_equal(best(NULL, 0, NULL, "198.19.200.1", &row, &out), 0);
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
}

static void test_ddr_listing_fails(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET out;
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, TRUE), 0);
    route("0.0.0.0", 0, FAKE_ETH0, "198.18.0.1", 100, "198.18.0.2"); /* put back by another */
    /* The lookup succeeds; the list of default routes does not. */
    fake_os_fail_after(FAKE_ROUTE, 1, -ENOMEM);
    assert_int_equal(best(NULL, 0, NULL, "198.19.200.1", &row, &out), 8);
    assert_int_equal(set_ddr(FAKE_ETH0, AF_INET, FALSE), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_null_arguments),
        T(test_bad_families),
        T(test_unknown_interface),
        T(test_source_not_local),
        T(test_unreachable),
        T(test_backend_errors),
        T(test_default_route),
        T(test_specific_route_on_link),
        T(test_interface_by_index_and_luid),
        T(test_source_constrains),
        T(test_unspecified_source),
        T(test_weak_answer_refused),
        T(test_row_fields),
        T(test_row_local_destination),
        T(test_row_ipv6_scopes),
        T(test_destination_zone),
        T(test_ddr_reported),
        T(test_ddr_needs_privilege),
        T(test_ddr_skips_default),
        T(test_ddr_listing_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
