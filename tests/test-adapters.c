/* test-adapters.c - GetAdaptersAddresses (adapters.c) over the fake back
 * end, and the resolver-configuration parsers (adapters-dns.c): the buffer
 * protocol (size query, too small, exact, larger; nothing written past the
 * size or on overflow), every list and string inside the one buffer and
 * aligned to 8, every field from the rows it is built from, every flag,
 * Family, bad inputs and their codes, back-end failures, the allocation
 * sweep, and canned resolv.conf / systemd-resolved link files. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "adapters.h"
#include "fake_os.h"
#include "test-util.h"

#define INF 0xFFFFFFFFu
#define GUARD 0xA5
#define MAX_RUNS 200

/* ------------------------------------------------------------ fixture */
static char dir[64];
static char resolv[96], netif[96];
static struct nio_dns_paths paths;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static struct nio_addr *put(const char *text, uint8_t len, uint32_t ifindex, uint32_t flags)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = ifindex;
    a.addr = ip(text);
    a.peer.slot = a.broadcast.slot = a.addr.slot;
    a.prefix_len = len;
    a.flags = flags;
    a.valid_s = a.preferred_s = (flags & NIO_AF_PERMANENT) ? INF : 600;
    return fake_addr_put(&a);
}

static void route(const char *gw, uint32_t oif, uint8_t len, const char *prefix)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.oif = oif;
    r.table = 254;
    r.prefix = ip(prefix);
    r.prefix_len = len;
    if (gw != NULL) {
        r.has_gateway = true;
        r.gateway = ip(gw);
    }
    r.metric = 100;
    r.origin = NIO_RO_STATIC;
    fake_os_add_route(&r);
}

/* The standard machine (lo 1, eth0 2 IPv4, eth1 3 both, wg0 7 IPv6) with
 *   lo   127.0.0.1/8, ::1/128
 *   eth0 198.18.0.1/24 (a DHCP lease: not permanent)
 *   eth1 198.19.1.1/16, 198.19.2.1/16, fd00:1::1/64, fe80::1/64
 *   wg0  fd00:7::1/64 (down)
 * default routes via 198.19.0.254 and fd00:1::fe on eth1, an on-link
 * route on eth0; resolv.conf with two servers and two search domains;
 * wg0 has systemd-resolved servers of its own. */
static int setup(void **state)
{
    struct nio_ifrow *r;
    fake_addr_setup(state);
    fake_store_reset();
    put("127.0.0.1", 8, FAKE_LO, NIO_AF_PERMANENT);
    put("::1", 128, FAKE_LO, NIO_AF_PERMANENT);
    put("198.18.0.1", 24, FAKE_ETH0, 0);
    put("198.19.1.1", 16, FAKE_ETH1, NIO_AF_PERMANENT);
    put("198.19.2.1", 16, FAKE_ETH1, NIO_AF_PERMANENT);
    put("fd00:1::1", 64, FAKE_ETH1, NIO_AF_PERMANENT);
    put("fe80::1", 64, FAKE_ETH1, NIO_AF_PERMANENT);
    put("fd00:7::1", 64, FAKE_WG0, NIO_AF_PERMANENT);
    route("198.19.0.254", FAKE_ETH1, 0, "0.0.0.0");
    route("fd00:1::fe", FAKE_ETH1, 0, "::");
    route(NULL, FAKE_ETH0, 24, "198.18.0.0");
    r = fake_os_ifrow(FAKE_ETH1);
    r->addr_len = 6;
    memcpy(r->addr, "\x02\x00\x5e\x10\x20\x30", 6);
    snprintf(r->description, sizeof(r->description), "Fake Ethernet");
    r->speed = NIO_SPEED_KNOWN;
    r->speed_bps = 1000000000;
    fake_os_find(FAKE_WG0)->connected = false;
    snprintf(dir, sizeof(dir), "/tmp/test-adapters-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(resolv, sizeof(resolv), "%s/resolv.conf", dir);
    snprintf(netif, sizeof(netif), "%s/netif", dir);
    write_file(resolv, "# generated\ndomain old.example\nsearch corp.example lab.example\n"
                       "nameserver 198.18.53.53\nnameserver fd00::53\n");
    assert_int_equal(mkdir(netif, 0700), 0);
    {
        char p[128];
        snprintf(p, sizeof(p), "%s/%u", netif, FAKE_WG0);
        write_file(p, "# This is private data.\nLLMNR=yes\nDNS=fd00:7::53 198.18.7.53\n"
                      "DOMAINS=wg.example ~route.example\n");
        snprintf(p, sizeof(p), "%s/%u", netif, FAKE_ETH0);
        write_file(p, "# no servers of its own\nLLMNR=yes\n");
    }
    paths.resolv = resolv;
    paths.netif_dir = netif;
    return 0;
}

static int teardown(void **state)
{
    char cmd[128];
    nio_alloc_set_hook(NULL);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    fake_store_reset();
    return fake_addr_teardown(state);
}

/* ------------------------------------------------------------ helpers */
struct call {
    uint8_t *buf;           /* size bytes, then GUARD bytes */
    ULONG size;
    ULONG rc;
};

#define TAIL 512

/* The two-call pattern: the size, then a buffer of exactly that size
 * followed by a guard that must stay untouched. */
static struct call gaa(ULONG family, ULONG flags)
{
    struct call c = {NULL, 0, 0};
    c.rc = nio_get_adapters_addresses(family, flags, NULL, NULL, &c.size, &paths);
    if (c.rc != ERROR_BUFFER_OVERFLOW)
        return c;
    assert_true(c.size >= sizeof(IP_ADAPTER_ADDRESSES));
    c.buf = aligned_alloc(8, ((size_t)c.size + TAIL + 7) / 8 * 8);
    assert_non_null(c.buf);
    memset(c.buf, GUARD, (size_t)c.size + TAIL);
    c.rc = nio_get_adapters_addresses(family, flags, NULL, (IP_ADAPTER_ADDRESSES *)c.buf,
                                      &c.size, &paths);
    for (size_t i = 0; i < TAIL; i++)
        if (c.buf[c.size + i] != GUARD)
            fail_msg("byte %zu past the size written", i);
    return c;
}

/* p, of n bytes, lies inside the buffer and starts on 8 bytes. */
static void inside(const struct call *c, const void *p, size_t n)
{
    const uint8_t *b = p;
    assert_non_null(p);
    if (b < c->buf || b + n > c->buf + c->size)
        fail_msg("%p (+%zu) outside [%p, +%u)", p, n, (void *)c->buf, (unsigned)c->size);
    assert_int_equal(((uintptr_t)b) % 8, 0);
}

static void inside_sa(const struct call *c, const SOCKET_ADDRESS *s)
{
    inside(c, s->lpSockaddr, (size_t)s->iSockaddrLength);
    if (s->lpSockaddr->sa_family == AF_INET)
        assert_int_equal(s->iSockaddrLength, sizeof(struct sockaddr_in));
    else
        assert_int_equal(s->iSockaddrLength, sizeof(struct sockaddr_in6));
}

/* Every pointer of every adapter, checked; the number of adapters. */
static unsigned walk(const struct call *c)
{
    unsigned n = 0;
    for (IP_ADAPTER_ADDRESSES *a = (void *)c->buf; a != NULL; a = a->Next, n++) {
        inside(c, a, sizeof(*a));
        assert_int_equal(a->Length, sizeof(*a));
        inside(c, a->AdapterName, 39);
        assert_int_equal(strlen(a->AdapterName), 38);
        inside(c, a->FriendlyName, 2);
        inside(c, a->Description, 2);
        inside(c, a->DnsSuffix, 2);
        for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next) {
            inside(c, u, sizeof(*u));
            assert_int_equal(u->Length, sizeof(*u));
            inside_sa(c, &u->Address);
        }
        for (IP_ADAPTER_DNS_SERVER_ADDRESS *d = a->FirstDnsServerAddress; d; d = d->Next) {
            inside(c, d, sizeof(*d));
            inside_sa(c, &d->Address);
        }
        for (IP_ADAPTER_PREFIX *p = a->FirstPrefix; p; p = p->Next) {
            inside(c, p, sizeof(*p));
            inside_sa(c, &p->Address);
        }
        for (IP_ADAPTER_GATEWAY_ADDRESS *g = a->FirstGatewayAddress; g; g = g->Next) {
            inside(c, g, sizeof(*g));
            inside_sa(c, &g->Address);
        }
        for (IP_ADAPTER_DNS_SUFFIX *x = a->FirstDnsSuffix; x; x = x->Next)
            inside(c, x, sizeof(*x));
        assert_null(a->FirstAnycastAddress);
        assert_null(a->FirstMulticastAddress);
        assert_null(a->FirstWinsServerAddress);
    }
    return n;
}

static IP_ADAPTER_ADDRESSES *find(const struct call *c, NET_IFINDEX index)
{
    for (IP_ADAPTER_ADDRESSES *a = (void *)c->buf; a != NULL; a = a->Next)
        if (a->IfIndex == index || a->Ipv6IfIndex == index)
            return a;
    return NULL;
}

static void done(struct call *c)
{
    free(c->buf);
    c->buf = NULL;
}

static const char *utf8(const WCHAR *w)
{
    static char out[4][512];
    static int k;
    k = (k + 1) % 4;
    assert_true(nio_utf16_to_utf8(w, out[k], sizeof(out[k])) >= 0);
    return out[k];
}

static const char *text(const SOCKET_ADDRESS *s)
{
    static char out[4][INET6_ADDRSTRLEN];
    static int k;
    const struct sockaddr *sa = s->lpSockaddr;
    k = (k + 1) % 4;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out[k], sizeof(out[k]));
    else
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out[k],
                  sizeof(out[k]));
    return out[k];
}

static unsigned count_unicast(const IP_ADAPTER_ADDRESSES *a)
{
    unsigned n = 0;
    for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next)
        n++;
    return n;
}

static unsigned count_dns(const IP_ADAPTER_ADDRESSES *a)
{
    unsigned n = 0;
    for (IP_ADAPTER_DNS_SERVER_ADDRESS *d = a->FirstDnsServerAddress; d; d = d->Next)
        n++;
    return n;
}

/* -------------------------------------------------------- bad inputs */
static void test_bad_inputs(void **state)
{
    ULONG size = 0;
    uint8_t buf[64];
    (void)state;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, NULL, &paths),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, buf, NULL, &size, &paths),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(size, 0);
    /* Windows' AF_INET6 (23) is not the host's; neither is anything else. */
    assert_int_equal(nio_get_adapters_addresses(23, 0, NULL, NULL, &size, &paths),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(nio_get_adapters_addresses(AF_PACKET, 0, NULL, NULL, &size, &paths),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(size, 0);
    /* The exported name validates the same way, before the OS is asked. */
    fake_os_reset();
    assert_int_equal(GetAdaptersAddresses(AF_UNSPEC, 0, NULL, NULL, NULL),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(fake_os_total_calls(), 0);
}

/* ------------------------------------------------------ buffer protocol */
static void test_size_protocol(void **state)
{
    ULONG size = 0, need;
    uint8_t *buf;
    (void)state;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    need = size;
    assert_true(need > 4 * sizeof(IP_ADAPTER_ADDRESSES));
    /* A buffer given with too small a size: the size again, nothing written. */
    buf = malloc(need + TAIL);
    assert_non_null(buf);
    memset(buf, GUARD, need + TAIL);
    size = need - 1;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    assert_int_equal(size, need);
    for (size_t i = 0; i < need + TAIL; i++)
        assert_int_equal(buf[i], GUARD);
    /* A large size with no buffer is still an overflow. */
    size = 1u << 30;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    assert_int_equal(size, need);
    /* Larger than needed: success, the size left as given, nothing past need. */
    size = need + TAIL;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size, &paths),
                     NO_ERROR);
    assert_int_equal(size, need + TAIL);
    for (size_t i = need; i < need + TAIL; i++)
        assert_int_equal(buf[i], GUARD);
    free(buf);
}

static void test_exact_and_layout(void **state)
{
    struct call c = gaa(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS);
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    assert_int_equal(walk(&c), 4);
    done(&c);
}

/* Adapters in index order, one per interface with a family bound. */
static void test_order(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    static const NET_IFINDEX want[] = {FAKE_LO, FAKE_ETH0, FAKE_ETH1, FAKE_WG0};
    unsigned k = 0;
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    for (IP_ADAPTER_ADDRESSES *a = (void *)c.buf; a; a = a->Next, k++) {
        assert_true(k < 4);
        assert_int_equal(a->IfIndex ? a->IfIndex : a->Ipv6IfIndex, want[k]);
    }
    assert_int_equal(k, 4);
    done(&c);
}

/* --------------------------------------------------------------- fields */
static void test_fields_from_rows(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    IP_ADAPTER_ADDRESSES *a;
    MIB_IF_ROW2 ifr;
    MIB_IPINTERFACE_ROW v4, v6;
    char guid[40];
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    a = find(&c, FAKE_ETH1);
    assert_non_null(a);
    memset(&ifr, 0, sizeof(ifr));
    ifr.InterfaceIndex = FAKE_ETH1;
    assert_int_equal(GetIfEntry2(&ifr), 0);
    InitializeIpInterfaceEntry(&v4);
    v4.Family = AF_INET;
    v4.InterfaceIndex = FAKE_ETH1;
    assert_int_equal(GetIpInterfaceEntry(&v4), 0);
    InitializeIpInterfaceEntry(&v6);
    v6.Family = AF_INET6;
    v6.InterfaceIndex = FAKE_ETH1;
    assert_int_equal(GetIpInterfaceEntry(&v6), 0);
    assert_int_equal(a->IfIndex, FAKE_ETH1);
    assert_int_equal(a->Ipv6IfIndex, FAKE_ETH1);
    assert_int_equal(a->Luid.Value, ifr.InterfaceLuid.Value);
    snprintf(guid, sizeof(guid), "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned)ifr.InterfaceGuid.Data1, ifr.InterfaceGuid.Data2,
             ifr.InterfaceGuid.Data3, ifr.InterfaceGuid.Data4[0], ifr.InterfaceGuid.Data4[1],
             ifr.InterfaceGuid.Data4[2], ifr.InterfaceGuid.Data4[3], ifr.InterfaceGuid.Data4[4],
             ifr.InterfaceGuid.Data4[5], ifr.InterfaceGuid.Data4[6], ifr.InterfaceGuid.Data4[7]);
    assert_string_equal(a->AdapterName, guid);
    assert_string_equal(utf8(a->FriendlyName), "eth1");
    assert_string_equal(utf8(a->Description), "Fake Ethernet");
    assert_int_equal(a->PhysicalAddressLength, 6);
    assert_memory_equal(a->PhysicalAddress, "\x02\x00\x5e\x10\x20\x30", 6);
    assert_int_equal(a->Mtu, ifr.Mtu);
    assert_int_equal(a->IfType, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(a->OperStatus, IfOperStatusUp);
    assert_int_equal(a->TransmitLinkSpeed, 1000000000);
    assert_int_equal(a->ReceiveLinkSpeed, 1000000000);
    assert_int_equal(a->Ipv4Metric, v4.Metric);
    assert_int_equal(a->Ipv6Metric, v6.Metric);
    assert_true(a->Ipv4Metric != 0);
    assert_memory_equal(a->ZoneIndices, v6.ZoneIndices, sizeof(a->ZoneIndices));
    assert_int_equal(a->Flags & (IP_ADAPTER_IPV4_ENABLED | IP_ADAPTER_IPV6_ENABLED),
                     IP_ADAPTER_IPV4_ENABLED | IP_ADAPTER_IPV6_ENABLED);
    assert_int_equal(a->Dhcpv4Enabled, 0);
    assert_int_equal(a->CompartmentId, NET_IF_COMPARTMENT_ID_PRIMARY);
    assert_int_equal(a->ConnectionType, ifr.ConnectionType);
    assert_int_equal(a->TunnelType, ifr.TunnelType);
    assert_null(a->Dhcpv4Server.lpSockaddr);
    assert_null(a->Dhcpv6Server.lpSockaddr);
    assert_int_equal(a->Dhcpv6ClientDuidLength, 0);
    /* eth0: IPv4 only, its address a lease. */
    a = find(&c, FAKE_ETH0);
    assert_non_null(a);
    assert_int_equal(a->Ipv6IfIndex, 0);
    assert_int_equal(a->Ipv6Metric, 0);
    assert_int_equal(a->Ipv6Enabled, 0);
    assert_int_equal(a->Ipv4Enabled, 1);
    assert_int_equal(a->Dhcpv4Enabled, 1);
    /* wg0: IPv6 only, down. */
    a = find(&c, FAKE_WG0);
    assert_non_null(a);
    assert_int_equal(a->IfIndex, 0);
    assert_int_equal(a->Ipv6IfIndex, FAKE_WG0);
    assert_int_equal(a->OperStatus, IfOperStatusDown);
    /* lo: no link-layer address. */
    a = find(&c, FAKE_LO);
    assert_int_equal(a->PhysicalAddressLength, 0);
    assert_int_equal(a->IfType, IF_TYPE_SOFTWARE_LOOPBACK);
    done(&c);
}

static void test_unicast(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    IP_ADAPTER_ADDRESSES *a;
    IP_ADAPTER_UNICAST_ADDRESS *u;
    MIB_UNICASTIPADDRESS_ROW row;
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    a = find(&c, FAKE_ETH1);
    assert_int_equal(count_unicast(a), 4);
    for (u = a->FirstUnicastAddress; u; u = u->Next) {
        memset(&row, 0, sizeof(row));
        memcpy(&row.Address, u->Address.lpSockaddr, (size_t)u->Address.iSockaddrLength);
        row.InterfaceIndex = FAKE_ETH1;
        assert_int_equal(GetUnicastIpAddressEntry(&row), 0);
        assert_int_equal(u->PrefixOrigin, row.PrefixOrigin);
        assert_int_equal(u->SuffixOrigin, row.SuffixOrigin);
        assert_int_equal(u->DadState, row.DadState);
        assert_int_equal(u->ValidLifetime, row.ValidLifetime);
        assert_int_equal(u->PreferredLifetime, row.PreferredLifetime);
        assert_int_equal(u->LeaseLifetime, row.ValidLifetime);
        assert_int_equal(u->OnLinkPrefixLength, row.OnLinkPrefixLength);
        if (strcmp(text(&u->Address), "fe80::1") == 0) {
            assert_int_equal(u->Flags, 0);
            assert_int_equal(((struct sockaddr_in6 *)u->Address.lpSockaddr)->sin6_scope_id,
                             FAKE_ETH1);
        } else {
            assert_int_equal(u->Flags, IP_ADAPTER_ADDRESS_DNS_ELIGIBLE);
        }
    }
    a = find(&c, FAKE_LO);
    assert_int_equal(count_unicast(a), 2);
    assert_int_equal(a->FirstUnicastAddress->Flags, 0); /* loopback: not DNS eligible */
    a = find(&c, FAKE_ETH0);
    assert_string_equal(text(&a->FirstUnicastAddress->Address), "198.18.0.1");
    assert_int_equal(a->FirstUnicastAddress->ValidLifetime, 600);
    done(&c);
}

/* ---------------------------------------------------------------- Family */
static void test_family_inet(void **state)
{
    struct call c = gaa(AF_INET, 0);
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    assert_int_equal(walk(&c), 3); /* wg0 has no IPv4 */
    assert_null(find(&c, FAKE_WG0));
    for (IP_ADAPTER_ADDRESSES *a = (void *)c.buf; a; a = a->Next)
        for (IP_ADAPTER_UNICAST_ADDRESS *u = a->FirstUnicastAddress; u; u = u->Next)
            assert_int_equal(u->Address.lpSockaddr->sa_family, AF_INET);
    assert_int_equal(count_unicast(find(&c, FAKE_ETH1)), 2);
    /* The IPv6 facts of a listed adapter stay. */
    assert_int_equal(find(&c, FAKE_ETH1)->Ipv6IfIndex, FAKE_ETH1);
    done(&c);
}

static void test_family_inet6(void **state)
{
    struct call c = gaa(AF_INET6, 0);
    (void)state;
    assert_int_equal(c.rc, NO_ERROR);
    assert_int_equal(walk(&c), 3); /* eth0 has no IPv6 */
    assert_null(find(&c, FAKE_ETH0));
    assert_int_equal(count_unicast(find(&c, FAKE_ETH1)), 2);
    for (IP_ADAPTER_UNICAST_ADDRESS *u = find(&c, FAKE_ETH1)->FirstUnicastAddress; u; u = u->Next)
        assert_int_equal(u->Address.lpSockaddr->sa_family, AF_INET6);
    done(&c);
}

static void test_include_all_interfaces(void **state)
{
    struct call c;
    (void)state;
    fake_os_add(9, IF_TYPE_ETHERNET_CSMACD, "noip0");
    fake_os_find(9)->fam[NIO_V4].present = false;
    fake_os_find(9)->fam[NIO_V6].present = false;
    c = gaa(AF_UNSPEC, 0);
    assert_int_equal(walk(&c), 4);
    done(&c);
    c = gaa(AF_UNSPEC, GAA_FLAG_INCLUDE_ALL_INTERFACES);
    assert_int_equal(walk(&c), 5);
    done(&c);
    c = gaa(AF_INET, GAA_FLAG_INCLUDE_ALL_INTERFACES);
    assert_int_equal(walk(&c), 5);
    assert_int_equal(count_unicast(find(&c, FAKE_WG0)), 0); /* listed, no IPv4 address */
    done(&c);
}

static void test_no_data(void **state)
{
    ULONG size = 0;
    (void)state;
    fake_os_reset();
    fake_addr_reset();
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_NO_DATA);
    assert_int_equal(size, 0);
    fake_os_add(4, IF_TYPE_ETHERNET_CSMACD, "v4only")->fam[NIO_V6].present = false;
    assert_int_equal(nio_get_adapters_addresses(AF_INET6, 0, NULL, NULL, &size, &paths),
                     ERROR_NO_DATA);
    assert_int_equal(nio_get_adapters_addresses(AF_INET, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
}

/* ----------------------------------------------------------------- flags */
static void test_skip_unicast(void **state)
{
    struct call c = gaa(AF_UNSPEC, GAA_FLAG_SKIP_UNICAST);
    (void)state;
    assert_int_equal(walk(&c), 4);
    for (IP_ADAPTER_ADDRESSES *a = (void *)c.buf; a; a = a->Next)
        assert_null(a->FirstUnicastAddress);
    /* Flags still from the addresses. */
    assert_int_equal(find(&c, FAKE_ETH0)->Dhcpv4Enabled, 1);
    done(&c);
}

static void test_skip_friendly_name(void **state)
{
    struct call c = gaa(AF_UNSPEC, GAA_FLAG_SKIP_FRIENDLY_NAME);
    (void)state;
    walk(&c);
    assert_int_equal(find(&c, FAKE_ETH1)->FriendlyName[0], 0);
    assert_string_equal(utf8(find(&c, FAKE_ETH1)->Description), "Fake Ethernet");
    done(&c);
}

static void test_dns(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    IP_ADAPTER_ADDRESSES *a;
    (void)state;
    walk(&c);
    /* eth1: up, not loopback: the system's servers and suffixes. */
    a = find(&c, FAKE_ETH1);
    assert_int_equal(count_dns(a), 2);
    assert_string_equal(text(&a->FirstDnsServerAddress->Address), "198.18.53.53");
    assert_string_equal(text(&a->FirstDnsServerAddress->Next->Address), "fd00::53");
    assert_string_equal(utf8(a->DnsSuffix), "corp.example");
    assert_non_null(a->FirstDnsSuffix);
    assert_string_equal(utf8(a->FirstDnsSuffix->String), "corp.example");
    assert_string_equal(utf8(a->FirstDnsSuffix->Next->String), "lab.example");
    assert_null(a->FirstDnsSuffix->Next->Next);
    /* eth0: a link file without servers: the system's. */
    assert_int_equal(count_dns(find(&c, FAKE_ETH0)), 2);
    /* wg0: its own, though down; the routing-only domain is no suffix. */
    a = find(&c, FAKE_WG0);
    assert_int_equal(count_dns(a), 2);
    assert_string_equal(text(&a->FirstDnsServerAddress->Address), "fd00:7::53");
    assert_string_equal(utf8(a->DnsSuffix), "wg.example");
    assert_null(a->FirstDnsSuffix->Next);
    /* lo: none. */
    a = find(&c, FAKE_LO);
    assert_int_equal(count_dns(a), 0);
    assert_int_equal(a->DnsSuffix[0], 0);
    assert_null(a->FirstDnsSuffix);
    done(&c);
    /* AF_INET: the IPv6 server stays (it is a server, not an address of the family). */
    c = gaa(AF_INET, 0);
    assert_int_equal(count_dns(find(&c, FAKE_ETH1)), 2);
    done(&c);
}

static void test_skip_dns(void **state)
{
    struct call c = gaa(AF_UNSPEC, GAA_FLAG_SKIP_DNS_SERVER);
    (void)state;
    walk(&c);
    assert_int_equal(count_dns(find(&c, FAKE_ETH1)), 0);
    assert_string_equal(utf8(find(&c, FAKE_ETH1)->DnsSuffix), "corp.example");
    done(&c);
    c = gaa(AF_UNSPEC, GAA_FLAG_SKIP_DNS_INFO);
    walk(&c);
    assert_int_equal(count_dns(find(&c, FAKE_ETH1)), 0);
    assert_int_equal(find(&c, FAKE_ETH1)->DnsSuffix[0], 0);
    assert_null(find(&c, FAKE_ETH1)->FirstDnsSuffix);
    done(&c);
}

static void test_no_resolv_conf(void **state)
{
    struct call c;
    (void)state;
    paths.resolv = "/nonexistent/resolv.conf";
    paths.netif_dir = NULL;
    c = gaa(AF_UNSPEC, 0);
    assert_int_equal(c.rc, NO_ERROR);
    assert_int_equal(count_dns(find(&c, FAKE_ETH1)), 0);
    assert_int_equal(count_dns(find(&c, FAKE_WG0)), 0);
    done(&c);
}

static void test_prefixes(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    IP_ADAPTER_PREFIX *p;
    static const char *const eth0[][2] = {{"198.18.0.0", "24"}, {"198.18.0.255", "32"},
                                          {"198.18.0.1", "32"}};
    static const char *const eth1[][2] = {{"198.19.0.0", "16"}, {"198.19.255.255", "32"},
                                          {"198.19.1.1", "32"}, {"198.19.2.1", "32"},
                                          {"fd00:1::", "64"}, {"fe80::", "64"}};
    unsigned k = 0;
    char len[8];
    (void)state;
    assert_null(find(&c, FAKE_ETH0)->FirstPrefix);
    done(&c);
    c = gaa(AF_UNSPEC, GAA_FLAG_INCLUDE_PREFIX);
    walk(&c);
    for (p = find(&c, FAKE_ETH0)->FirstPrefix; p; p = p->Next, k++) {
        assert_true(k < 3);
        snprintf(len, sizeof(len), "%u", (unsigned)p->PrefixLength);
        assert_string_equal(text(&p->Address), eth0[k][0]);
        assert_string_equal(len, eth0[k][1]);
        assert_int_equal(p->Length, sizeof(*p));
    }
    assert_int_equal(k, 3);
    k = 0;
    for (p = find(&c, FAKE_ETH1)->FirstPrefix; p; p = p->Next, k++) {
        assert_true(k < 6);
        snprintf(len, sizeof(len), "%u", (unsigned)p->PrefixLength);
        assert_string_equal(text(&p->Address), eth1[k][0]);
        assert_string_equal(len, eth1[k][1]);
    }
    assert_int_equal(k, 6);
    done(&c);
}

static void test_gateways(void **state)
{
    struct call c = gaa(AF_UNSPEC, 0);
    IP_ADAPTER_GATEWAY_ADDRESS *g;
    (void)state;
    assert_null(find(&c, FAKE_ETH1)->FirstGatewayAddress);
    done(&c);
    c = gaa(AF_UNSPEC, GAA_FLAG_INCLUDE_GATEWAYS);
    walk(&c);
    g = find(&c, FAKE_ETH1)->FirstGatewayAddress;
    assert_non_null(g);
    assert_string_equal(text(&g->Address), "198.19.0.254");
    assert_string_equal(text(&g->Next->Address), "fd00:1::fe");
    assert_null(g->Next->Next);
    assert_int_equal(g->Length, sizeof(*g));
    assert_null(find(&c, FAKE_ETH0)->FirstGatewayAddress); /* on-link route only */
    done(&c);
    c = gaa(AF_INET6, GAA_FLAG_INCLUDE_GATEWAYS);
    g = find(&c, FAKE_ETH1)->FirstGatewayAddress;
    assert_string_equal(text(&g->Address), "fd00:1::fe");
    assert_null(g->Next);
    done(&c);
}

/* Flags with nothing to report on Linux, and unknown bits: no change. */
static void test_flags_without_effect(void **state)
{
    struct call base = gaa(AF_UNSPEC, 0), c;
    static const ULONG flags[] = {GAA_FLAG_SKIP_ANYCAST, GAA_FLAG_SKIP_MULTICAST,
                                  GAA_FLAG_INCLUDE_WINS_INFO, GAA_FLAG_INCLUDE_ALL_COMPARTMENTS,
                                  GAA_FLAG_INCLUDE_TUNNEL_BINDINGORDER, 0x80000000u};
    (void)state;
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        c = gaa(AF_UNSPEC, flags[i]);
        assert_int_equal(c.rc, NO_ERROR);
        assert_int_equal(c.size, base.size);
        assert_int_equal(walk(&c), 4);
        done(&c);
    }
    done(&base);
}

/* The fill right after the size query lays out the snapshot the size was
 * measured on: no second reading, and it fits whatever changed between. */
static void test_kept_snapshot(void **state)
{
    ULONG size = 0, size2 = 0;
    uint8_t *buf;
    unsigned reads;
    (void)state;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    reads = fake_os_calls(FAKE_IFROW_LIST);
    buf = malloc((size_t)size * 2);
    assert_non_null(buf);
    put("198.18.0.9", 24, FAKE_ETH0, NIO_AF_PERMANENT); /* a change in between */
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size, &paths),
                     NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads);
    {
        struct call c = {buf, size, NO_ERROR};
        assert_int_equal(walk(&c), 4);
        assert_int_equal(count_unicast(find(&c, FAKE_ETH0)), 1); /* as measured */
    }
    /* Taken once: the next call reads again and sees the change. */
    size2 = size * 2;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size2, &paths),
                     NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 1);
    {
        struct call c = {buf, size2, NO_ERROR};
        assert_int_equal(count_unicast(find(&c, FAKE_ETH0)), 2);
    }
    /* Not taken by another Family or Flags, nor by a size query. */
    size = 0;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    size2 = size * 2;
    assert_int_equal(nio_get_adapters_addresses(AF_INET, 0, NULL, (void *)buf, &size2, &paths),
                     NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 3);
    size = 0;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 5);
    /* Nor by a buffer smaller than the size answered. */
    size2 = size - 8;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size2, &paths),
                     ERROR_BUFFER_OVERFLOW);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 6);
    size2 = size;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size2, &paths),
                     NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 6);
    free(buf);
}

/* A snapshot kept more than a second ago is read again. */
static void test_kept_expires(void **state)
{
    ULONG size = 0;
    uint8_t *buf;
    unsigned reads;
    (void)state;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_BUFFER_OVERFLOW);
    reads = fake_os_calls(FAKE_IFROW_LIST);
    buf = malloc(size);
    assert_non_null(buf);
    sleep_ms(1100);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, (void *)buf, &size, &paths),
                     NO_ERROR);
    assert_int_equal(fake_os_calls(FAKE_IFROW_LIST), reads + 1);
    free(buf);
}

/* -------------------------------------------------------------- failures */
static void test_backend_failures(void **state)
{
    ULONG size = 0;
    (void)state;
    fake_os_fail_next(FAKE_IFROW_LIST, -EAGAIN);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_RETRY);
    fake_os_fail_next(FAKE_LIST, -EIO);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_GEN_FAILURE);
    fake_addr_fail_next(FAKE_ADDR_LIST, -ENOMEM);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, 0, NULL, NULL, &size, &paths),
                     ERROR_NOT_ENOUGH_MEMORY);
    fake_os_fail_next(FAKE_ROUTE_LIST, -EAGAIN);
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, GAA_FLAG_INCLUDE_GATEWAYS, NULL, NULL,
                                                &size, &paths),
                     ERROR_RETRY);
    assert_int_equal(size, 0);
}

static unsigned seen, fail_at;

static bool fail_nth(size_t size)
{
    (void)size;
    return ++seen != fail_at;
}

/* Every allocation failed in turn, for the size query and for the fill:
 * ERROR_NOT_ENOUGH_MEMORY or the right answer, never a crash or a leak
 * (valgrind and ASan builds check the leaks). */
static void test_alloc_sweep(void **state)
{
    ULONG need = 0;
    ULONG flags = GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_INCLUDE_GATEWAYS;
    bool ok = false;
    uint8_t *buf;
    (void)state;
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, flags, NULL, NULL, &need, &paths),
                     ERROR_BUFFER_OVERFLOW);
    buf = malloc(need);
    assert_non_null(buf);
    /* The fill takes the kept snapshot: the sweep below reads afresh. */
    assert_int_equal(nio_get_adapters_addresses(AF_UNSPEC, flags, NULL, (void *)buf, &need,
                                                &paths),
                     NO_ERROR);
    nio_alloc_set_hook(fail_nth);
    for (unsigned n = 1; n <= MAX_RUNS && !ok; n++) {
        ULONG size = need, rc;
        seen = 0;
        fail_at = n;
        rc = nio_get_adapters_addresses(AF_UNSPEC, flags, NULL, (void *)buf, &size, &paths);
        if (rc == NO_ERROR) {
            ok = true;
            assert_true(n > 1);
        } else if (rc != ERROR_NOT_ENOUGH_MEMORY) {
            fail_msg("allocation %u failed: status %u, want 8", n, (unsigned)rc);
        }
    }
    nio_alloc_set_hook(NULL);
    assert_true(ok);
    {
        struct call c = {buf, need, NO_ERROR};
        assert_int_equal(walk(&c), 4);
    }
    /* The size query (whose snapshot is kept): 111 with the right size, or 8. */
    ok = false;
    nio_alloc_set_hook(fail_nth);
    for (unsigned n = 1; n <= MAX_RUNS && !ok; n++) {
        ULONG size = 0, rc;
        seen = 0;
        fail_at = n;
        rc = nio_get_adapters_addresses(AF_UNSPEC, flags, NULL, NULL, &size, &paths);
        if (rc == ERROR_BUFFER_OVERFLOW && seen < n) {
            ok = true;
            assert_int_equal(size, need);
        } else if (rc == ERROR_BUFFER_OVERFLOW) {
            assert_int_equal(size, need); /* only the keeping failed */
        } else if (rc != ERROR_NOT_ENOUGH_MEMORY) {
            fail_msg("allocation %u failed: status %u, want 8 or 111", n, (unsigned)rc);
        }
    }
    nio_alloc_set_hook(NULL);
    assert_true(ok);
    free(buf);
}

/* ---------------------------------------------------------- the parsers */
static void test_parse_resolv(void **state)
{
    static const char txt[] =
        "# comment\n"
        "; also a comment\n"
        "nameserver 198.18.0.53 # trailing comment\n"
        "nameserver   fe80::53%eth0\r\n"
        "nameserver not-an-address\n"
        "nameserver\n"
        "domain first.example\n"
        "options ndots:2\n"
        "search a.example b.example ~c.example\n"
        "nameserver fd00::53";
    struct nio_dns d;
    (void)state;
    nio_dns_parse_resolv(txt, sizeof(txt) - 1, &d);
    assert_int_equal(d.nservers, 3);
    assert_int_equal(d.servers[0].slot, NIO_V4);
    assert_memory_equal(d.servers[0].bytes, "\xc6\x12\x00\x35", 4);
    assert_int_equal(d.servers[1].slot, NIO_V6);
    assert_int_equal(d.servers[1].bytes[0], 0xfe);
    assert_int_equal(d.servers[2].slot, NIO_V6);
    /* search replaces domain; '~' marks no search domain */
    assert_int_equal(d.ndomains, 2);
    assert_string_equal(d.domains[0], "a.example");
    assert_string_equal(d.domains[1], "b.example");
    /* domain after search replaces it */
    nio_dns_parse_resolv("search x.example y.example\ndomain z.example\n", 44, &d);
    assert_int_equal(d.ndomains, 1);
    assert_string_equal(d.domains[0], "z.example");
    /* empty input */
    nio_dns_parse_resolv("", 0, &d);
    assert_int_equal(d.nservers, 0);
    assert_int_equal(d.ndomains, 0);
}

static void test_parse_limits(void **state)
{
    char big[8192];
    size_t n = 0;
    struct nio_dns d;
    (void)state;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(big + n, sizeof(big) - n, "nameserver 198.18.0.%d\n", i + 1);
    nio_dns_parse_resolv(big, n, &d);
    assert_int_equal(d.nservers, NIO_DNS_SERVERS_MAX);
    assert_int_equal(d.servers[NIO_DNS_SERVERS_MAX - 1].bytes[3], NIO_DNS_SERVERS_MAX);
    /* An over-long domain is skipped whole, never cut. */
    n = (size_t)snprintf(big, sizeof(big), "search ");
    memset(big + n, 'a', 400);
    n += 400;
    n += (size_t)snprintf(big + n, sizeof(big) - n, " ok.example\n");
    nio_dns_parse_resolv(big, n, &d);
    assert_int_equal(d.ndomains, 1);
    assert_string_equal(d.domains[0], "ok.example");
    /* A NUL ends the line's content; the bytes after it on the line are no words. */
    nio_dns_parse_resolv("nameserver 198.18.0.1\0 junk\nnameserver 198.18.0.2\n", 50, &d);
    assert_int_equal(d.nservers, 2);
    /* Not NUL-terminated: the parser stops at len. */
    memcpy(big, "nameserver 198.18.0.77", 22);
    memset(big + 22, '9', 16);
    nio_dns_parse_resolv(big, 22, &d);
    assert_int_equal(d.nservers, 1);
    assert_int_equal(d.servers[0].bytes[3], 77);
}

static void test_parse_netif(void **state)
{
    static const char txt[] = "# This is private data. Do not parse.\n"
                              "ADMIN_STATE=configured\n"
                              "DNS=198.18.1.53 fd00::1:53 bogus\n"
                              "NTP=\n"
                              "DOMAINS=one.example ~. ~two.example\n"
                              "ROUTE_DOMAINS=three.example\n";
    struct nio_dns d;
    (void)state;
    nio_dns_parse_netif(txt, sizeof(txt) - 1, &d);
    assert_int_equal(d.nservers, 2);
    assert_int_equal(d.servers[1].slot, NIO_V6);
    assert_int_equal(d.ndomains, 1);
    assert_string_equal(d.domains[0], "one.example");
    nio_dns_parse_netif("DNS=\n", 5, &d);
    assert_int_equal(d.nservers, 0);
}

static void test_read_missing(void **state)
{
    struct nio_dns d;
    (void)state;
    memset(&d, 0x5A, sizeof(d));
    assert_int_equal(nio_dns_read("/nonexistent/x", false, &d), -ENOENT);
    assert_int_equal(d.nservers, 0);
    nio_alloc_set_hook(fail_nth);
    seen = 0;
    fail_at = 1;
    assert_int_equal(nio_dns_read(resolv, false, &d), -ENOMEM);
    nio_alloc_set_hook(NULL);
    assert_int_equal(nio_dns_read(resolv, false, &d), 0);
    assert_int_equal(d.nservers, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_size_protocol, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_and_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_from_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unicast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_inet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_family_inet6, setup, teardown),
        cmocka_unit_test_setup_teardown(test_include_all_interfaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_skip_unicast, setup, teardown),
        cmocka_unit_test_setup_teardown(test_skip_friendly_name, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_skip_dns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_resolv_conf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prefixes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gateways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flags_without_effect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_expires, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backend_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_sweep, setup, teardown),
        cmocka_unit_test(test_parse_resolv),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_parse_netif),
        cmocka_unit_test_setup_teardown(test_read_missing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
