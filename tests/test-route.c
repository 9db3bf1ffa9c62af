/* test-route.c - the route rows (route.c) through the public entry points
 * over the fake back end: InitializeIpForwardEntry's values, the key and
 * its validation, every code of both flavours, the metric model, what the
 * back end is asked (and what it is never asked), the table, and
 * GetBestInterface(Ex). */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

#define LUID(type, index) (((uint64_t)(type) << 48) | ((uint64_t)(index) << 24))
#define MAIN_TABLE 254

NTSTATUS NTAPI nio_nt_CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
NTSTATUS NTAPI nio_nt_GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row);

/* ------------------------------------------------------------ helpers */
/* A route the OS holds. */
static struct nio_route os_route(const char *prefix, uint8_t len, uint32_t oif,
                                 const char *gateway, uint32_t metric)
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
    return r;
}

static void add_os_route(const char *prefix, uint8_t len, uint32_t oif, const char *gateway,
                         uint32_t metric)
{
    struct nio_route r = os_route(prefix, len, oif, gateway, metric);
    fake_os_add_route(&r);
}

/* A row keyed by prefix, next hop (NULL: family 0) and index. */
static MIB_IPFORWARD_ROW2 key(const char *prefix, uint8_t len, const char *hop, NET_IFINDEX index)
{
    MIB_IPFORWARD_ROW2 row;
    InitializeIpForwardEntry(&row);
    row.DestinationPrefix.Prefix = sa(prefix);
    row.DestinationPrefix.PrefixLength = len;
    if (hop != NULL)
        row.NextHop = sa(hop);
    row.InterfaceIndex = index;
    return row;
}

/* Sets the interface metric (UseAutomaticMetric FALSE, Metric m), or back
 * to automatic with m == 0. */
static void set_if_metric(NET_IFINDEX index, ADDRESS_FAMILY family, ULONG m)
{
    MIB_IPINTERFACE_ROW row;
    InitializeIpInterfaceEntry(&row);
    row.Family = family;
    row.InterfaceIndex = index;
    row.UseAutomaticMetric = m == 0;
    if (m)
        row.Metric = m;
    assert_int_equal(SetIpInterfaceEntry(&row), 0);
}

/* The last write the back end was asked for. */
static const struct fake_route_step *last_step(unsigned *count)
{
    const struct fake_route_step *s = fake_os_route_steps(count);
    assert_true(*count > 0);
    return &s[*count - 1];
}

/* eth0 (2): IPv4 only; eth1 (3): both; wg0 (7): IPv6 only.
 *   198.18.0.0/24 on-link eth0, metric 0
 *   default via 198.18.0.1 eth0, metric 100
 *   198.19.0.0/16 via 198.18.1.1 eth1, metric 20
 *   fd00:7::/64 on-link wg0, metric 256 */
static int setup(void **state)
{
    fake_os_setup(state);
    add_os_route("198.18.0.0", 24, FAKE_ETH0, NULL, 0);
    add_os_route("0.0.0.0", 0, FAKE_ETH0, "198.18.0.1", 100);
    add_os_route("198.19.0.0", 16, FAKE_ETH1, "198.18.1.1", 20);
    add_os_route("fd00:7::", 64, FAKE_WG0, NULL, 256);
    return 0;
}

static int teardown(void **state)
{
    set_if_metric(FAKE_ETH0, AF_INET, 0);
    set_if_metric(FAKE_ETH1, AF_INET, 0);
    return fake_os_teardown(state);
}

/* --------------------------------------------------------- Initialize */
static void test_initialize(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    (void)state;
    memset(&row, 0x5A, sizeof(row));
    InitializeIpForwardEntry(&row);
    assert_int_equal(row.InterfaceLuid.Value, 0);
    assert_int_equal(row.InterfaceIndex, 0);
    assert_int_equal(row.DestinationPrefix.Prefix.si_family, AF_UNSPEC);
    assert_int_equal(row.DestinationPrefix.PrefixLength, 0);
    assert_int_equal(row.NextHop.si_family, AF_UNSPEC);
    assert_int_equal(row.SitePrefixLength, 0xFF);
    assert_int_equal(row.ValidLifetime, 0xFFFFFFFFu);
    assert_int_equal(row.PreferredLifetime, 0xFFFFFFFFu);
    assert_int_equal(row.Metric, 0xFFFFFFFFu);
    assert_int_equal((int)row.Protocol, -1);
    assert_int_equal(row.Loopback, TRUE);
    assert_int_equal(row.AutoconfigureAddress, TRUE);
    assert_int_equal(row.Publish, TRUE);
    assert_int_equal(row.Immortal, TRUE);
    assert_int_equal(row.Age, 0);
    assert_int_equal(row.Origin, NlroManual);
    InitializeIpForwardEntry(NULL); /* ignored */
}

/* ----------------------------------------------------- key validation */
/* Every bad key is 87 from Get, Create, Set and Delete, before the back
 * end is asked anything, and leaves the row as it was. */
static void assert_all_refuse(MIB_IPFORWARD_ROW2 *row, DWORD code)
{
    MIB_IPFORWARD_ROW2 before = *row;
    unsigned calls = fake_os_total_calls();
    assert_int_equal(GetIpForwardEntry2(row), code);
    assert_int_equal(CreateIpForwardEntry2(row), code);
    assert_int_equal(SetIpForwardEntry2(row), code);
    assert_int_equal(DeleteIpForwardEntry2(row), code);
    assert_memory_equal(row, &before, sizeof(before));
    if (code == ERROR_INVALID_PARAMETER)
        assert_int_equal(fake_os_total_calls(), calls);
}

static void test_bad_keys(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    (void)state;
    assert_int_equal(GetIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(CreateIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(SetIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(DeleteIpForwardEntry2(NULL), ERROR_INVALID_PARAMETER);

    row = key("198.18.0.0", 24, NULL, FAKE_ETH0);
    row.DestinationPrefix.Prefix.si_family = 99;
    assert_all_refuse(&row, ERROR_INVALID_PARAMETER);
    row = key("198.18.0.0", 33, NULL, FAKE_ETH0);
    assert_all_refuse(&row, ERROR_INVALID_PARAMETER);
    row = key("fd00:7::", 129, NULL, FAKE_WG0);
    assert_all_refuse(&row, ERROR_INVALID_PARAMETER);
    row = key("198.18.0.0", 24, "fd00::1", FAKE_ETH0); /* next hop of the other family */
    assert_all_refuse(&row, ERROR_INVALID_PARAMETER);
    row = key("198.18.0.0", 24, NULL, 0); /* no interface */
    assert_all_refuse(&row, ERROR_INVALID_PARAMETER);
}

static void test_unknown_interface(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    (void)state;
    row = key("198.18.0.0", 24, NULL, 99);
    assert_all_refuse(&row, ERROR_NOT_FOUND);
    /* A LUID that names nothing wins over a valid index. */
    row = key("198.18.0.0", 24, NULL, FAKE_ETH0);
    row.InterfaceLuid.Value = LUID(6, 99);
    assert_all_refuse(&row, ERROR_NOT_FOUND);
    /* The family is not bound on the interface (eth0 has no IPv6). */
    row = key("fd00:9::", 64, NULL, FAKE_ETH0);
    assert_all_refuse(&row, ERROR_NOT_FOUND);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD), 0);
}

/* ---------------------------------------------------------------- Get */
static void test_get_fields(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("0.0.0.0", 0, "198.18.0.1", FAKE_ETH0);
    char buf[64];
    (void)state;
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.InterfaceLuid.Value, LUID(6, FAKE_ETH0));
    assert_int_equal(row.InterfaceIndex, FAKE_ETH0);
    assert_int_equal(row.DestinationPrefix.Prefix.si_family, AF_INET);
    assert_int_equal(row.DestinationPrefix.PrefixLength, 0);
    assert_string_equal(inet_ntop(AF_INET, &row.NextHop.Ipv4.sin_addr, buf, sizeof(buf)),
                        "198.18.0.1");
    assert_int_equal(row.SitePrefixLength, 0);
    assert_int_equal(row.ValidLifetime, 0xFFFFFFFFu);
    assert_int_equal(row.PreferredLifetime, 0xFFFFFFFFu);
    assert_int_equal(row.Metric, 100);
    assert_int_equal(row.Protocol, RouteProtocolNetMgmt);
    assert_int_equal(row.Origin, NlroManual);
    assert_int_equal(row.Loopback, FALSE);
    assert_int_equal(row.AutoconfigureAddress, FALSE);
    assert_int_equal(row.Publish, FALSE);
    assert_int_equal(row.Immortal, TRUE);
    /* Only the interface's routes were asked for. */
    assert_int_equal(fake_os_last_want(FAKE_ROUTE_LIST), FAKE_ETH0);
}

/* On-link: a next hop of family 0, 0.0.0.0 and :: are the same key; a
 * row carrying only the LUID finds the route too. */
static void test_get_on_link_and_luid(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.0.0", 24, NULL, FAKE_ETH0);
    (void)state;
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.NextHop.si_family, AF_INET);
    row = key("198.18.0.0", 24, "0.0.0.0", FAKE_ETH0);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    row = key("fd00:7::", 64, "::", 0);
    row.InterfaceLuid.Value = LUID(53, FAKE_WG0);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.InterfaceIndex, FAKE_WG0);
    assert_int_equal(row.Metric, 256);
    /* Another next hop, another interface, another length: no such route. */
    row = key("198.18.0.0", 24, "198.18.0.9", FAKE_ETH0);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND);
    row = key("198.18.0.0", 24, NULL, FAKE_ETH1);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND);
    row = key("198.18.0.0", 25, NULL, FAKE_ETH0);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND);
}

static void test_get_backend_errors(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.0.0", 24, NULL, FAKE_ETH0), before = row;
    (void)state;
    fake_os_fail_next(FAKE_ROUTE_LIST, -ENOMEM);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_ENOUGH_MEMORY);
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_RETRY);
    assert_memory_equal(&row, &before, sizeof(row));
    /* NTSTATUS flavour of "no such route". */
    row = key("198.18.9.0", 24, NULL, FAKE_ETH0);
    assert_int_equal((uint32_t)nio_nt_GetIpForwardEntry2(&row), 0xC0000225u);
}

/* -------------------------------------------------------------- table */
static void test_table_families(void **state)
{
    MIB_IPFORWARD_TABLE2 *t = (MIB_IPFORWARD_TABLE2 *)(uintptr_t)1;
    (void)state;
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetIpForwardTable2(99, &t), ERROR_INVALID_PARAMETER);
    assert_null(t);
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 4);
    /* By interface index. */
    for (ULONG i = 1; i < t->NumEntries; i++)
        assert_true(t->Table[i - 1].InterfaceIndex <= t->Table[i].InterfaceIndex);
    assert_int_equal(t->Table[3].InterfaceLuid.Value, LUID(53, FAKE_WG0));
    FreeMibTable(t);
    assert_int_equal(GetIpForwardTable2(AF_INET, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 3);
    FreeMibTable(t);
    assert_int_equal(GetIpForwardTable2(AF_INET6, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 1);
    assert_int_equal(t->Table[0].DestinationPrefix.Prefix.si_family, AF_INET6);
    FreeMibTable(t);
}

/* Rows by interface index whatever the OS's order, indexes of every width
 * (the order is a radix sort over their bytes), and in the OS's order
 * within one interface. */
static void test_table_order(void **state)
{
    static const uint32_t oifs[] = {70000, FAKE_ETH1, 300, FAKE_ETH0, 70000, 300, FAKE_ETH1,
                                    0x01000300, FAKE_ETH0, 300};
    MIB_IPFORWARD_TABLE2 *t;
    (void)state;
    fake_os_reset();
    fake_os_standard();
    fake_os_add(300, IF_TYPE_ETHERNET_CSMACD, "e300")->fam[NIO_V6].present = false;
    fake_os_add(70000, IF_TYPE_ETHERNET_CSMACD, "e70000");
    fake_os_add(0x01000300, IF_TYPE_ETHERNET_CSMACD, "ebig");
    for (uint8_t i = 0; i < sizeof(oifs) / sizeof(oifs[0]); i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "198.18.%u.0", (unsigned)i);
        add_os_route(prefix, 24, oifs[i], NULL, i);
    }
    assert_int_equal(GetIpForwardTable2(AF_INET, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, sizeof(oifs) / sizeof(oifs[0]));
    for (ULONG i = 1; i < t->NumEntries; i++) {
        const MIB_IPFORWARD_ROW2 *a = &t->Table[i - 1], *b = &t->Table[i];
        assert_true(a->InterfaceIndex <= b->InterfaceIndex);
        if (a->InterfaceIndex == b->InterfaceIndex)
            assert_true(a->Metric < b->Metric); /* the OS's order kept */
    }
    assert_int_equal(t->Table[t->NumEntries - 1].InterfaceIndex, 0x01000300);
    FreeMibTable(t);
}

/* Windows: no route of the family is ERROR_NOT_FOUND, with no table; so
 * is a table whose every interface went away between the two reads. */
static void test_table_empty_and_gone(void **state)
{
    MIB_IPFORWARD_TABLE2 *t = NULL;
    (void)state;
    fake_os_reset();
    fake_os_standard();
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), ERROR_NOT_FOUND);
    assert_null(t);
    add_os_route("198.18.5.0", 24, 42, NULL, 0); /* an interface the OS no longer has */
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), ERROR_NOT_FOUND);
    assert_null(t);
    add_os_route("198.18.0.0", 24, FAKE_ETH0, NULL, 0);
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), NO_ERROR);
    assert_int_equal(t->NumEntries, 1);
    FreeMibTable(t);
}

static void test_table_backend_errors(void **state)
{
    MIB_IPFORWARD_TABLE2 *t = (MIB_IPFORWARD_TABLE2 *)(uintptr_t)1;
    (void)state;
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), ERROR_RETRY);
    assert_null(t);
    fake_os_fail_next(FAKE_LIST, -ENOMEM);
    assert_int_equal(GetIpForwardTable2(AF_UNSPEC, &t), ERROR_NOT_ENOUGH_MEMORY);
    assert_null(t);
    assert_int_equal(fake_os_last_want(FAKE_ROUTE_LIST), 0); /* every interface */
}

/* ------------------------------------------------------------- Create */
static void test_create_initialized(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.7.0", 24, "198.18.0.7", FAKE_ETH0), before;
    unsigned n;
    const struct fake_route_step *s;
    (void)state;
    before = row;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_memory_equal(&row, &before, sizeof(row)); /* the caller's row is not touched */
    s = last_step(&n);
    assert_int_equal(s->fn, FAKE_ROUTE_ADD);
    assert_int_equal(s->r.oif, FAKE_ETH0);
    assert_int_equal(s->r.prefix_len, 24);
    assert_true(s->r.has_gateway);
    assert_int_equal(s->r.metric, 256); /* Metric unset: Windows' default */
    assert_int_equal(s->r.origin, NIO_RO_STATIC);
    assert_false(s->r.expires);
    /* Read back as written; a second Create is 5010 and asks nothing. */
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.Metric, 256);
    assert_int_equal(CreateIpForwardEntry2(&before), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal((uint32_t)nio_nt_CreateIpForwardEntry2(&before), 0xC000022Au);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD), 1);
}

/* What OpenVPN passes: a zero-filled row, index only, on-link. */
static void test_create_zero_filled(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    unsigned n;
    const struct fake_route_step *s;
    (void)state;
    memset(&row, 0, sizeof(row));
    row.DestinationPrefix.Prefix = sa("198.18.8.0");
    row.DestinationPrefix.PrefixLength = 24;
    row.InterfaceIndex = FAKE_ETH0;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    s = last_step(&n);
    assert_false(s->r.has_gateway);
    assert_int_equal(s->r.metric, 0);
    assert_false(s->r.expires); /* lifetime 0: never expires */
    assert_int_equal(s->r.origin, NIO_RO_STATIC);
    /* SoftEther's way: only Ipv4.sin_family set, next hop 0.0.0.0. */
    memset(&row, 0, sizeof(row));
    row.DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
    row.DestinationPrefix.Prefix.Ipv4.sin_addr.s_addr = htonl(0xC6120900); /* 198.18.9.0 */
    row.DestinationPrefix.PrefixLength = 24;
    row.NextHop.Ipv4.sin_family = AF_INET;
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH0);
    row.Metric = 0xFFFFFFFF;
    row.ValidLifetime = row.PreferredLifetime = 0xFFFFFFFF;
    row.Protocol = MIB_IPPROTO_NETMGMT;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    s = last_step(&n);
    assert_false(s->r.has_gateway);
    assert_int_equal(s->r.metric, 256);
}

static void test_create_refusals(void **state)
{
    MIB_IPFORWARD_ROW2 row;
    (void)state;
    row = key("198.18.7.0", 24, NULL, FAKE_ETH0);
    row.PreferredLifetime = 10;
    row.ValidLifetime = 5;
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
    row = key("198.18.7.0", 24, NULL, FAKE_ETH0);
    row.SitePrefixLength = 25; /* beyond the prefix */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
    row = key("198.18.7.1", 24, NULL, FAKE_ETH0); /* host bits set */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
    row = key("198.18.7.0", 24, NULL, FAKE_ETH0);
    row.Metric = 0xFFFFFFFE;
    set_if_metric(FAKE_ETH0, AF_INET, 5); /* route + interface beyond 32 bits */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
    /* IPv4 routes never expire on Linux; one lifetime per route. */
    row = key("198.18.7.0", 24, NULL, FAKE_ETH0);
    row.ValidLifetime = row.PreferredLifetime = 600;
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_NOT_SUPPORTED);
    row = key("fd00:7:1::", 64, NULL, FAKE_WG0);
    row.ValidLifetime = 600;
    row.PreferredLifetime = 300;
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_NOT_SUPPORTED);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD), 0);
    /* No privilege: nothing is asked of the OS beyond the check (the
     * interface metric above moved eth0's routes: counted from here). */
    unsigned writes = fake_os_calls(FAKE_ROUTE_ADD) + fake_os_calls(FAKE_ROUTE_DELETE) +
                      fake_os_calls(FAKE_ROUTE_SET);
    fake_os_set_route_may_change(-EPERM);
    row = key("198.18.7.0", 24, NULL, FAKE_ETH0);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(SetIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    row = key("198.18.0.0", 24, NULL, FAKE_ETH0);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD) + fake_os_calls(FAKE_ROUTE_DELETE) +
                         fake_os_calls(FAKE_ROUTE_SET), writes);
}

static void test_create_ipv6_lifetime(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("fd00:7:1::", 64, "fe80::1", FAKE_WG0);
    unsigned n;
    const struct fake_route_step *s;
    (void)state;
    row.ValidLifetime = row.PreferredLifetime = 600;
    row.Metric = 5;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    s = last_step(&n);
    assert_true(s->r.expires);
    assert_int_equal(s->r.expires_s, 600);
    assert_int_equal(s->r.metric, 5);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.ValidLifetime, 600);
    assert_int_equal(row.Immortal, FALSE);
    /* The link-local next hop carries its interface as the zone. */
    assert_int_equal(row.NextHop.Ipv6.sin6_scope_id, FAKE_WG0);
}

static void test_create_backend_errors(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.7.0", 24, "198.18.0.7", FAKE_ETH0);
    (void)state;
    fake_os_fail_next(FAKE_ROUTE_ADD, -EEXIST); /* another program was faster */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_OBJECT_ALREADY_EXISTS);
    fake_os_fail_next(FAKE_ROUTE_ADD, -ENETUNREACH);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
    fake_os_fail_next(FAKE_ROUTE_ADD, -ENODEV); /* the interface went */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_NOT_FOUND);
    fake_os_fail_next(FAKE_ROUTE_ADD, -EPERM);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_RETRY);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND); /* nothing was made */
}

/* ------------------------------------------------------- metric model */
/* The OS's priority is the row's Metric plus the interface metric; what a
 * program writes is what it reads, from the row and from the table. */
static void test_metric_model(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.7.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_TABLE2 *t;
    unsigned n;
    (void)state;
    set_if_metric(FAKE_ETH1, AF_INET, 25);
    row.Metric = 10;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->r.metric, 35);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.Metric, 10);
    assert_int_equal(GetIpForwardTable2(AF_INET, &t), NO_ERROR);
    for (ULONG i = 0; i < t->NumEntries; i++)
        if (t->Table[i].InterfaceIndex == FAKE_ETH1 &&
            t->Table[i].DestinationPrefix.PrefixLength == 24)
            assert_int_equal(t->Table[i].Metric, 10);
    FreeMibTable(t);
    /* A route another program made before the Set moved with the
     * interface metric (ipif-set.c): it reads its own Metric still. */
    row = key("198.19.0.0", 16, "198.18.1.1", FAKE_ETH1);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.Metric, 20);
    /* One made after it below the interface metric reads 0. */
    add_os_route("198.19.9.0", 24, FAKE_ETH1, "198.18.1.1", 3);
    row = key("198.19.9.0", 24, "198.18.1.1", FAKE_ETH1);
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.Metric, 0);
}

/* A default route through an interface whose default routes this process
 * disabled is not made. */
static void test_create_default_disabled(void **state)
{
    MIB_IPINTERFACE_ROW ipif;
    MIB_IPFORWARD_ROW2 row = key("0.0.0.0", 0, "198.18.1.1", FAKE_ETH1);
    (void)state;
    InitializeIpInterfaceEntry(&ipif);
    ipif.Family = AF_INET;
    ipif.InterfaceIndex = FAKE_ETH1;
    ipif.DisableDefaultRoutes = TRUE;
    assert_int_equal(SetIpInterfaceEntry(&ipif), 0);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_NOT_SUPPORTED);
    row = key("198.18.70.0", 24, "198.18.1.1", FAKE_ETH1); /* a specific one is made */
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    ipif.DisableDefaultRoutes = FALSE;
    assert_int_equal(SetIpInterfaceEntry(&ipif), 0);
    row = key("0.0.0.0", 0, "198.18.1.1", FAKE_ETH1);
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_ADD), 2);
}

/* ---------------------------------------------------------------- Set */
static void test_set(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("0.0.0.0", 0, "198.18.0.1", FAKE_ETH0), before;
    unsigned n;
    const struct fake_route_step *s;
    (void)state;
    /* Initialize's unset Metric and Protocol: nothing to change, nothing asked. */
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 0);
    row.Metric = 7;
    before = row;
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_memory_equal(&row, &before, sizeof(row));
    s = last_step(&n);
    assert_int_equal(s->fn, FAKE_ROUTE_SET);
    assert_int_equal(s->r.metric, 7);
    assert_int_equal(s->r.origin, NIO_RO_STATIC); /* unset Protocol: kept */
    assert_int_equal(GetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(row.Metric, 7);
    /* A read row written back unchanged is accepted and changes nothing. */
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_SET), 1);
    row.Protocol = RouteProtocolOspf;
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->r.origin, NIO_RO_OSPF);
    /* Absent route. */
    row = key("198.18.99.0", 24, NULL, FAKE_ETH0);
    row.Metric = 1;
    assert_int_equal(SetIpForwardEntry2(&row), ERROR_NOT_FOUND);
    fake_os_fail_next(FAKE_ROUTE_SET, -EINVAL);
    row = key("0.0.0.0", 0, "198.18.0.1", FAKE_ETH0);
    row.Metric = 9;
    assert_int_equal(SetIpForwardEntry2(&row), ERROR_INVALID_PARAMETER);
}

/* ------------------------------------------------------------- Delete */
static void test_delete(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.19.0.0", 16, "198.18.1.1", FAKE_ETH1), before = row;
    unsigned n;
    const struct fake_route_step *s;
    (void)state;
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    assert_memory_equal(&row, &before, sizeof(row));
    s = last_step(&n);
    assert_int_equal(s->fn, FAKE_ROUTE_DELETE);
    assert_int_equal(s->r.metric, 20); /* the route as listed */
    assert_int_equal(s->r.table, MAIN_TABLE);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_NOT_FOUND);
    assert_int_equal(GetIpForwardEntry2(&row), ERROR_NOT_FOUND);
    /* Gone between the read and the delete. */
    row = key("198.18.0.0", 24, NULL, FAKE_ETH0);
    fake_os_fail_next(FAKE_ROUTE_DELETE, -ENOENT);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_NOT_FOUND);
}

/* Only Create tells the back end that it expects no row with the key (so
 * Linux asks the route mirror before the FIB): Get, Set and Delete expect
 * one (Linux looks it up first).  Each flip is seen, so neither a constant
 * nor a stale value passes. */
static void test_find_expectation(void **state)
{
    MIB_IPFORWARD_ROW2 old = key("198.19.0.0", 16, "198.18.1.1", FAKE_ETH1);
    MIB_IPFORWARD_ROW2 fresh = key("198.18.77.0", 24, NULL, FAKE_ETH0);
    (void)state;
    assert_int_equal(GetIpForwardEntry2(&old), NO_ERROR);
    assert_false(fake_os_route_find_new());
    assert_int_equal(CreateIpForwardEntry2(&fresh), NO_ERROR);
    assert_true(fake_os_route_find_new());
    assert_int_equal(SetIpForwardEntry2(&old), NO_ERROR);
    assert_false(fake_os_route_find_new());
    assert_int_equal(CreateIpForwardEntry2(&fresh), ERROR_OBJECT_ALREADY_EXISTS);
    assert_true(fake_os_route_find_new());
    assert_int_equal(DeleteIpForwardEntry2(&fresh), NO_ERROR);
    assert_false(fake_os_route_find_new());
}

/* Where a route found proves its interface, Delete by index alone skips
 * the interface's look-up and keeps every code: a LUID and a caller
 * refused are still looked up. */
static void test_delete_by_index_alone(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.19.0.0", 16, "198.18.1.1", FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.19.0.0", 16, "198.18.1.1", 99);
    MIB_IPFORWARD_ROW2 unbound = key("fd00:7::", 64, NULL, FAKE_ETH0);
    unsigned n;
    (void)state;
    fake_os_set_route_proves_interface(true);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    assert_int_equal(last_step(&n)->fn, FAKE_ROUTE_DELETE);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&unbound), ERROR_NOT_FOUND); /* eth0: IPv4 only */
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    /* A LUID is looked up: its type must be the interface's. */
    row = key("198.18.0.0", 24, NULL, 0);
    row.InterfaceLuid.Value = LUID(71, FAKE_ETH0); /* eth0 is ethernet (6) */
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_NOT_FOUND);
    assert_int_not_equal(fake_os_calls(FAKE_GET), 0);
    row.InterfaceLuid.Value = LUID(6, FAKE_ETH0);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    /* Refused: the unknown interface first, as without the shortcut. */
    fake_os_reset();
    fake_os_standard();
    fake_os_set_route_proves_interface(true);
    fake_os_set_route_may_change(-EPERM);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&unbound), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_not_equal(fake_os_calls(FAKE_GET), 0);
    /* Without the OS's promise every interface is looked up. */
    fake_os_reset();
    fake_os_standard();
    add_os_route("198.19.0.0", 16, FAKE_ETH1, "198.18.1.1", 20);
    row = key("198.19.0.0", 16, "198.18.1.1", FAKE_ETH1);
    assert_int_equal(DeleteIpForwardEntry2(&row), NO_ERROR);
    assert_int_not_equal(fake_os_calls(FAKE_GET), 0);
}

/* Where a route found or accepted proves its interface and the index's
 * family has no record, Create and Set by index alone do not read the
 * interface, and keep every code: a write that fails is told again after
 * the look-up, so an unknown or unbound interface is NOT_FOUND first.  A
 * record (an interface metric, a default-route setting) is read as ever. */
static void test_write_by_index_alone(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.9.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.18.9.0", 24, NULL, 99);
    MIB_IPFORWARD_ROW2 unbound = key("fd00:9::", 64, NULL, FAKE_ETH0);
    unsigned n, gets;
    (void)state;
    fake_store_reset();
    fake_os_set_route_proves_interface(true);
    row.Metric = 10;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    assert_int_equal(last_step(&n)->fn, FAKE_ROUTE_ADD);
    assert_int_equal(last_step(&n)->r.metric, 10);
    assert_int_equal(last_step(&n)->r.oif, FAKE_ETH1);
    row.Metric = 30;
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_GET), 0);
    assert_int_equal(last_step(&n)->fn, FAKE_ROUTE_SET);
    assert_int_equal(last_step(&n)->r.metric, 30);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_OBJECT_ALREADY_EXISTS);
    /* Failures: the interface's code first, whatever else the row holds. */
    assert_int_equal(CreateIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(SetIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(CreateIpForwardEntry2(&unbound), ERROR_NOT_FOUND); /* eth0: IPv4 only */
    unknown.ValidLifetime = unknown.PreferredLifetime = 600; /* IPv4: NOT_SUPPORTED */
    assert_int_equal(CreateIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    row.ValidLifetime = row.PreferredLifetime = 600;
    assert_int_equal(SetIpForwardEntry2(&row), ERROR_NOT_SUPPORTED);
    (void)fake_os_route_steps(&n);
    assert_int_equal(n, 2); /* the Create and the Set: nothing written since */
    /* A record is read: the interface metric is added, as without the
     * shortcut (test_metric_model). */
    set_if_metric(FAKE_ETH1, AF_INET, 25);
    gets = fake_os_calls(FAKE_GET);
    row = key("198.18.10.0", 24, NULL, FAKE_ETH1);
    row.Metric = 10;
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(last_step(&n)->r.metric, 35);
    assert_int_not_equal(fake_os_calls(FAKE_GET), gets);
}

/* A Create by index alone, on an OS that refuses a caller without the
 * privilege itself (backend.h, nio_os_route_add), asks no privilege check
 * when it succeeds; when it fails, the codes keep their order: an unknown
 * interface NOT_FOUND, then ACCESS_DENIED before an existing route's
 * ALREADY_EXISTS or the OS's refusal of a value; nothing written. */
static void test_create_privilege_after(void **state)
{
    MIB_IPFORWARD_ROW2 row = key("198.18.9.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.18.9.0", 24, NULL, 99);
    MIB_IPFORWARD_ROW2 there = key("198.18.11.0", 24, NULL, FAKE_ETH1);
    unsigned n, steps;
    (void)state;
    fake_store_reset();
    fake_os_set_route_proves_interface(true);
    assert_int_equal(CreateIpForwardEntry2(&there), NO_ERROR);
    assert_int_equal(CreateIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_MAY_CHANGE), 0);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_OBJECT_ALREADY_EXISTS);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_MAY_CHANGE), 1); /* asked on the failure */
    /* A Set still asks first: it may have nothing to write. */
    assert_int_equal(SetIpForwardEntry2(&row), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_MAY_CHANGE), 2);
    (void)fake_os_route_steps(&steps);
    fake_os_set_route_may_change(-EPERM);
    row = key("198.18.12.0", 24, NULL, FAKE_ETH1);
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    assert_int_equal(CreateIpForwardEntry2(&there), ERROR_ACCESS_DENIED);
    assert_int_equal(CreateIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    row.ValidLifetime = row.PreferredLifetime = 600; /* IPv4: NOT_SUPPORTED */
    assert_int_equal(CreateIpForwardEntry2(&row), ERROR_ACCESS_DENIED);
    (void)fake_os_route_steps(&n);
    assert_int_equal(n, steps); /* nothing written */
}

/* Delete alike: no privilege check when it succeeds; refused, an unknown
 * or unbound interface NOT_FOUND, then ACCESS_DENIED whether the route is
 * there or not; nothing written. */
static void test_delete_privilege_after(void **state)
{
    MIB_IPFORWARD_ROW2 there = key("198.18.11.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 absent = key("198.18.13.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.18.11.0", 24, NULL, 99);
    MIB_IPFORWARD_ROW2 unbound = key("fd00:9::", 64, NULL, FAKE_ETH0);
    MIB_IPFORWARD_ROW2 bad = there;
    unsigned n, steps;
    (void)state;
    fake_store_reset();
    fake_os_set_route_proves_interface(true);
    assert_int_equal(CreateIpForwardEntry2(&there), NO_ERROR);
    assert_int_equal(DeleteIpForwardEntry2(&there), NO_ERROR);
    assert_int_equal(DeleteIpForwardEntry2(&absent), ERROR_NOT_FOUND);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_MAY_CHANGE), 1); /* the failure's */
    assert_int_equal(CreateIpForwardEntry2(&there), NO_ERROR);
    (void)fake_os_route_steps(&steps);
    fake_os_set_route_may_change(-EPERM);
    assert_int_equal(DeleteIpForwardEntry2(&there), ERROR_ACCESS_DENIED);
    assert_int_equal(DeleteIpForwardEntry2(&absent), ERROR_ACCESS_DENIED);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&unbound), ERROR_NOT_FOUND);
    bad.DestinationPrefix.PrefixLength = 33;
    assert_int_equal(DeleteIpForwardEntry2(&bad), ERROR_INVALID_PARAMETER);
    (void)fake_os_route_steps(&n);
    assert_int_equal(n, steps); /* nothing written */
}

/* Where the back end deletes by the key (nio_os_route_delete_key), a
 * Delete by index alone is that one call; whatever it does not delete
 * (absent, a failure, a caller refused) takes the look-up, with the codes
 * it always gave.  A LUID, or an OS whose answer does not prove the
 * interface, never asks it. */
static void test_delete_by_key(void **state)
{
    MIB_IPFORWARD_ROW2 there = key("198.18.11.0", 24, "198.18.1.9", FAKE_ETH1);
    MIB_IPFORWARD_ROW2 onlink = key("198.18.12.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 absent = key("198.18.13.0", 24, NULL, FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.18.11.0", 24, "198.18.1.9", 99);
    MIB_IPFORWARD_ROW2 by_luid = onlink;
    unsigned n, steps;
    (void)state;
    fake_store_reset();
    fake_os_set_route_proves_interface(true);
    fake_os_set_route_delete_key(true);
    add_os_route("198.18.11.0", 24, FAKE_ETH1, "198.18.1.9", 10);
    add_os_route("198.18.11.0", 24, FAKE_ETH1, "198.18.1.9", 20);
    add_os_route("198.18.12.0", 24, FAKE_ETH1, NULL, 30);
    assert_int_equal(DeleteIpForwardEntry2(&there), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_DELETE_KEY), 1);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_LIST) + fake_os_calls(FAKE_ROUTE_DELETE) +
                         fake_os_calls(FAKE_ROUTE_MAY_CHANGE) + fake_os_calls(FAKE_GET),
                     0);
    assert_int_equal(last_step(&n)->fn, FAKE_ROUTE_DELETE_KEY);
    assert_int_equal(last_step(&n)->r.metric, 10); /* the first, as the kernel's */
    /* A refusal of the call by key: found and deleted as before. */
    fake_os_fail_next(FAKE_ROUTE_DELETE_KEY, -ENOMEM);
    assert_int_equal(DeleteIpForwardEntry2(&there), NO_ERROR);
    assert_int_equal(last_step(&n)->fn, FAKE_ROUTE_DELETE);
    assert_int_equal(last_step(&n)->r.metric, 20);
    assert_int_equal(DeleteIpForwardEntry2(&there), ERROR_NOT_FOUND);
    /* An answer lost (-EIO): a route with the key left is GEN_FAILURE and
     * nothing more written; none left is deleted; the interface and the
     * privilege first, as ever. */
    add_os_route("198.18.11.0", 24, FAKE_ETH1, "198.18.1.9", 10);
    (void)fake_os_route_steps(&steps);
    fake_os_fail_next(FAKE_ROUTE_DELETE_KEY, -EIO);
    assert_int_equal(DeleteIpForwardEntry2(&there), ERROR_GEN_FAILURE);
    (void)fake_os_route_steps(&n);
    assert_int_equal(n, steps);
    assert_int_equal(DeleteIpForwardEntry2(&there), NO_ERROR);
    fake_os_fail_next(FAKE_ROUTE_DELETE_KEY, -EIO);
    assert_int_equal(DeleteIpForwardEntry2(&there), NO_ERROR);
    fake_os_fail_next(FAKE_ROUTE_DELETE_KEY, -EIO);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&absent), ERROR_NOT_FOUND);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    /* A LUID is looked up: never by the key. */
    assert_int_equal(ConvertInterfaceIndexToLuid(FAKE_ETH1, &by_luid.InterfaceLuid), NO_ERROR);
    by_luid.InterfaceIndex = 0;
    n = fake_os_calls(FAKE_ROUTE_DELETE_KEY);
    assert_int_equal(DeleteIpForwardEntry2(&by_luid), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_DELETE_KEY), n);
    /* A caller refused: the codes of the look-up, nothing written. */
    add_os_route("198.18.12.0", 24, FAKE_ETH1, NULL, 30);
    (void)fake_os_route_steps(&steps);
    fake_os_set_route_may_change(-EPERM);
    assert_int_equal(DeleteIpForwardEntry2(&onlink), ERROR_ACCESS_DENIED);
    assert_int_equal(DeleteIpForwardEntry2(&unknown), ERROR_NOT_FOUND);
    (void)fake_os_route_steps(&n);
    assert_int_equal(n, steps);
    /* An OS whose answer proves nothing: never by the key. */
    fake_os_set_route_may_change(0);
    fake_os_set_route_proves_interface(false);
    n = fake_os_calls(FAKE_ROUTE_DELETE_KEY);
    assert_int_equal(DeleteIpForwardEntry2(&onlink), NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_ROUTE_DELETE_KEY), n);
}

/* Every Create, Set and Delete of a row that passes its checks is one look
 * of the back end's, begun and ended on the caller's thread, whatever it
 * ends with (the codes below, from each of the paths); a row refused by
 * its checks costs none. */
static void expect_looks(DWORD (*fn)(const MIB_IPFORWARD_ROW2 *), const MIB_IPFORWARD_ROW2 *row,
                         DWORD code, unsigned looks)
{
    unsigned errors, before = fake_os_looks(&errors);
    assert_int_equal(fn(row), code);
    assert_int_equal(fake_os_looks(&errors) - before, looks);
    assert_int_equal(errors, 0);
}

static DWORD create_row(const MIB_IPFORWARD_ROW2 *row)
{
    return CreateIpForwardEntry2(row);
}

static DWORD set_row(const MIB_IPFORWARD_ROW2 *row)
{
    return SetIpForwardEntry2(row);
}

static DWORD delete_row(const MIB_IPFORWARD_ROW2 *row)
{
    return DeleteIpForwardEntry2(row);
}

static void test_one_look(void **state)
{
    MIB_IPFORWARD_ROW2 r = key("198.18.14.0", 24, "198.18.1.9", FAKE_ETH1);
    MIB_IPFORWARD_ROW2 unknown = key("198.18.14.0", 24, "198.18.1.9", 99);
    MIB_IPFORWARD_ROW2 bad = r;
    (void)state;
    fake_store_reset();
    bad.DestinationPrefix.PrefixLength = 33;
    for (int proves = 0; proves < 2; proves++) {
        fake_os_set_route_proves_interface(proves);
        fake_os_set_route_delete_key(proves);
        expect_looks(create_row, &bad, ERROR_INVALID_PARAMETER, 0);
        expect_looks(set_row, &bad, ERROR_INVALID_PARAMETER, 0);
        expect_looks(delete_row, &bad, ERROR_INVALID_PARAMETER, 0);
        expect_looks(create_row, &r, NO_ERROR, 1);
        expect_looks(create_row, &r, ERROR_OBJECT_ALREADY_EXISTS, 1);
        expect_looks(create_row, &unknown, ERROR_NOT_FOUND, 1);
        r.Metric = 7;
        expect_looks(set_row, &r, NO_ERROR, 1);
        expect_looks(set_row, &unknown, ERROR_NOT_FOUND, 1);
        fake_os_set_route_may_change(-EPERM);
        expect_looks(delete_row, &r, ERROR_ACCESS_DENIED, 1);
        fake_os_set_route_may_change(0);
        fake_os_fail_next(FAKE_ROUTE_ADD, -ENOMEM);
        r.DestinationPrefix.PrefixLength = 25;
        expect_looks(create_row, &r, ERROR_NOT_ENOUGH_MEMORY, 1);
        r.DestinationPrefix.PrefixLength = 24;
        expect_looks(delete_row, &r, NO_ERROR, 1);
        expect_looks(delete_row, &r, ERROR_NOT_FOUND, 1);
        r.Metric = 0;
    }
}

/* --------------------------------------------------- GetBestInterface */
static void test_best_interface(void **state)
{
    struct sockaddr_in in;
    struct sockaddr_in6 in6;
    struct sockaddr other;
    DWORD index = 0;
    (void)state;
    memset(&in, 0, sizeof(in));
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(0xC613C801); /* 198.19.200.1 */
    memset(&other, 0, sizeof(other));
    other.sa_family = 99;
    assert_int_equal(GetBestInterfaceEx(NULL, &index), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetBestInterfaceEx((struct sockaddr *)&in, NULL), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetBestInterfaceEx(&other, &index), ERROR_INVALID_PARAMETER);
    assert_int_equal(GetBestInterfaceEx((struct sockaddr *)&in, &index), NO_ERROR);
    assert_int_equal(index, FAKE_ETH1); /* 198.19.0.0/16 beats the default */
    in.sin_addr.s_addr = htonl(0xC6120063); /* 198.18.0.99 */
    index = 0;
    assert_int_equal(GetBestInterface(in.sin_addr.s_addr, &index), NO_ERROR);
    assert_int_equal(index, FAKE_ETH0);
    assert_int_equal(GetBestInterface(in.sin_addr.s_addr, NULL), ERROR_INVALID_PARAMETER);
    memset(&in6, 0, sizeof(in6));
    in6.sin6_family = AF_INET6;
    assert_int_equal(inet_pton(AF_INET6, "fd00:9::1", &in6.sin6_addr), 1);
    index = 77;
    assert_int_equal(GetBestInterfaceEx((struct sockaddr *)&in6, &index),
                     ERROR_NETWORK_UNREACHABLE);
    assert_int_equal(index, 77); /* untouched on failure */
    assert_int_equal(inet_pton(AF_INET6, "fd00:7::1", &in6.sin6_addr), 1);
    assert_int_equal(GetBestInterfaceEx((struct sockaddr *)&in6, &index), NO_ERROR);
    assert_int_equal(index, FAKE_WG0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_initialize),
        T(test_bad_keys),
        T(test_unknown_interface),
        T(test_get_fields),
        T(test_get_on_link_and_luid),
        T(test_get_backend_errors),
        T(test_table_families),
        T(test_table_order),
        T(test_table_empty_and_gone),
        T(test_table_backend_errors),
        T(test_create_initialized),
        T(test_create_zero_filled),
        T(test_create_refusals),
        T(test_create_ipv6_lifetime),
        T(test_create_backend_errors),
        T(test_metric_model),
        T(test_create_default_disabled),
        T(test_set),
        T(test_delete),
        T(test_delete_by_index_alone),
        T(test_find_expectation),
        T(test_write_by_index_alone),
        T(test_create_privilege_after),
        T(test_delete_privilege_after),
        T(test_delete_by_key),
        T(test_one_look),
        T(test_best_interface),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
