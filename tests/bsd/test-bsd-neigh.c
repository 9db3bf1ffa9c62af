/* test-bsd-neigh.c - src/bsd/parse-neigh.c on any OS: the ARP and NDP
 * entries of sysctl NET_RT_FLAGS into neighbour rows, and the RTM_ADD and
 * RTM_DELETE requests.  FreeBSD's entries are built as its kernel builds
 * them, one struct per entry (transcribed.h's fbsd_arpc and fbsd_ndpc, as
 * in_lltable_dump_entry() and in6_lltable_dump_entry() declare them);
 * macOS's sockaddr by sockaddr, rounded to 4 bytes as rt_msg2() does, with
 * the padding poisoned, so a wrong offset or a read past sa_len shows. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bsd.h"
#include "transcribed.h"

#define POISON 0xA5
#define FB (&nio_bsd_neigh_freebsd)
#define MAC (&nio_bsd_neigh_macos)

/* The two clocks: wall far above uptime, so that reading an expiry on the
 * wrong one gives the wrong state. */
static const struct nio_bsd_clock NOW = {.wall = 1700000000, .uptime = 5000};

static const uint8_t MAC1[6] = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
static const uint8_t V6_DOC[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7};
static const uint8_t V6_LL[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};

/* ------------------------------------------------ FreeBSD's own structs */
static void fbsd_hdr(struct fbsd_rt_msghdr *h, uint16_t len, uint16_t index, int32_t flags,
                     int64_t expire)
{
    memset(h, 0, sizeof(*h));
    h->rtm_msglen = len;
    h->rtm_version = RTM_VERSION;
    h->rtm_type = RTM_GET;
    h->rtm_index = index;
    h->rtm_flags = RTF_UP | RTF_HOST | RTF_LLINFO | flags;
    h->rtm_addrs = RTA_DST | RTA_GATEWAY;
    h->rtm_rmx.rmx_expire = (uint64_t)expire;
}

/* The kernel's sockaddr_dl: alen 0 when the entry is not valid yet. */
static void fbsd_sdl(struct fbsd_sockaddr_dl *s, uint16_t index, const uint8_t *ll, uint8_t alen)
{
    memset(s, 0, sizeof(*s));
    s->sdl_len = sizeof(*s);
    s->sdl_family = AF_LINK_BSD;
    s->sdl_index = index;
    s->sdl_type = IFT_ETHER;
    s->sdl_alen = alen;
    if (alen)
        memcpy(s->sdl_data, ll, alen);
}

static void fbsd_arp(struct fbsd_arpc *a, uint16_t index, uint8_t d, int32_t flags, int64_t expire,
                     bool valid)
{
    memset(a, 0, sizeof(*a));
    fbsd_hdr(&a->rtm, sizeof(*a), index, flags, expire);
    a->sin.sin_len = sizeof(a->sin);
    a->sin.sin_family = AF_INET_BSD;
    a->sin.sin_addr[0] = 192, a->sin.sin_addr[1] = 0, a->sin.sin_addr[2] = 2;
    a->sin.sin_addr[3] = d;
    fbsd_sdl(&a->sdl, index, MAC1, valid ? 6 : 0);
}

static void fbsd_ndp(struct fbsd_ndpc *n, uint16_t index, const uint8_t addr[16], int32_t flags,
                     int64_t state, bool valid)
{
    memset(n, 0, sizeof(*n));
    fbsd_hdr(&n->rtm, sizeof(*n), index, flags, NOW.wall + 30);
    n->rtm.rtm_rmx.rmx_weight = (uint64_t)state; /* rmx_state */
    n->sin6.sin6_len = sizeof(n->sin6);
    n->sin6.sin6_family = FBSD_AF_INET6;
    memcpy(n->sin6.sin6_addr, addr, 16);
    fbsd_sdl(&n->sdl, index, MAC1, valid ? 6 : 0);
}

/* ------------------------------------------------ macOS, rounded by 4 */
struct msg {
    uint8_t b[512];
    size_t len;
    int32_t addrs;
};

static void mac_start(struct msg *m, uint16_t index, int32_t flags, int32_t expire)
{
    struct mac_rt_msghdr h;
    memset(m, 0, sizeof(*m));
    memset(m->b, POISON, sizeof(m->b));
    memset(&h, 0, sizeof(h));
    h.rtm_version = RTM_VERSION;
    h.rtm_type = RTM_GET;
    h.rtm_index = index;
    h.rtm_flags = RTF_UP | RTF_HOST | RTF_LLINFO | flags;
    h.rtm_rmx.rmx_expire = expire;
    h.rtm_rmx.rmx_state = 0xdeadbeef; /* not the ND state: must not be read */
    memcpy(m->b, &h, sizeof(h));
    m->len = sizeof(h);
}

static void mac_sa(struct msg *m, int32_t rta, const void *sa, uint8_t sa_len)
{
    size_t space = (sa_len + 3u) / 4 * 4;
    memcpy(m->b + m->len, sa, sa_len);
    m->len += space;
    m->addrs |= rta;
}

static void mac_in(struct msg *m, uint8_t d)
{
    struct bsd_sockaddr_in s;
    memset(&s, 0, sizeof(s));
    s.sin_len = sizeof(s);
    s.sin_family = AF_INET_BSD;
    s.sin_addr[0] = 198, s.sin_addr[1] = 51, s.sin_addr[2] = 100, s.sin_addr[3] = d;
    mac_sa(m, RTA_DST, &s, sizeof(s));
}

static void mac_in6(struct msg *m, const uint8_t addr[16])
{
    struct bsd_sockaddr_in6 s;
    memset(&s, 0, sizeof(s));
    s.sin6_len = sizeof(s);
    s.sin6_family = MAC_AF_INET6;
    memcpy(s.sin6_addr, addr, 16);
    mac_sa(m, RTA_DST, &s, sizeof(s));
}

/* XNU's gateway: the interface's name (nlen bytes) before the address. */
static void mac_dl(struct msg *m, uint16_t index, const char *name, const uint8_t *ll,
                   uint8_t alen)
{
    struct mac_sockaddr_dl s;
    size_t nlen = strlen(name);
    memset(&s, 0, sizeof(s));
    s.sdl_len = sizeof(s);
    s.sdl_family = AF_LINK_BSD;
    s.sdl_index = index;
    s.sdl_type = IFT_ETHER;
    s.sdl_nlen = (uint8_t)nlen;
    s.sdl_alen = alen;
    memcpy(s.sdl_data, name, nlen);
    memcpy(s.sdl_data + nlen, ll, alen);
    mac_sa(m, RTA_GATEWAY, &s, sizeof(s));
}

static void mac_finish(struct msg *m)
{
    uint16_t len = (uint16_t)m->len;
    memcpy(m->b + offsetof(struct mac_rt_msghdr, rtm_msglen), &len, 2);
    memcpy(m->b + offsetof(struct mac_rt_msghdr, rtm_addrs), &m->addrs, 4);
}

static int mac_parse(struct msg *m, struct nio_neigh *n)
{
    mac_finish(m);
    return nio_bsd_parse_neigh(MAC, m->b, m->len, &NOW, n);
}

/* ----------------------------------------------------------- FreeBSD */
static void test_fbsd_arp_states(void **state)
{
    struct fbsd_arpc a;
    struct nio_neigh n;
    (void)state;
    /* Dynamic, resolved, expiring ahead on the uptime clock (on the wall
     * clock it would be long past). */
    fbsd_arp(&a, 3, 1, 0, NOW.uptime + 600, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), 0);
    assert_int_equal(n.ifindex, 3);
    assert_int_equal(n.addr.slot, NIO_V4);
    assert_memory_equal(n.addr.bytes, ((uint8_t[]){192, 0, 2, 1}), 4);
    assert_int_equal(n.lladdr_len, 6);
    assert_memory_equal(n.lladdr, MAC1, 6);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
    assert_false(n.router);
    assert_false(n.has_times);
    assert_int_equal(n.os_bits, RTF_UP | RTF_HOST | RTF_LLINFO);
    /* Its expiry passed: kept, no longer confirmed. */
    fbsd_arp(&a, 3, 1, 0, NOW.uptime - 1, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), 0);
    assert_int_equal(n.state, NIO_NS_STALE);
    /* Not valid yet: no address, resolving. */
    fbsd_arp(&a, 3, 2, 0, NOW.uptime + 5, false);
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), 0);
    assert_int_equal(n.lladdr_len, 0);
    assert_int_equal(n.state, NIO_NS_INCOMPLETE);
    /* arp -s: RTF_STATIC, expiry 0. */
    fbsd_arp(&a, 4, 3, RTF_STATIC, 0, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), 0);
    assert_int_equal(n.state, NIO_NS_PERMANENT);
    assert_int_equal(n.ifindex, 4);
}

static void test_fbsd_ndp_states(void **state)
{
    static const struct {
        int64_t nd;
        enum nio_neigh_state want;
    } cases[] = {
        {FBSD_ND6_LLINFO_NOSTATE, NIO_NS_NONE},
        {FBSD_ND6_LLINFO_INCOMPLETE, NIO_NS_INCOMPLETE},
        {FBSD_ND6_LLINFO_REACHABLE, NIO_NS_REACHABLE},
        {FBSD_ND6_LLINFO_STALE, NIO_NS_STALE},
        {FBSD_ND6_LLINFO_DELAY, NIO_NS_DELAY},
        {FBSD_ND6_LLINFO_PROBE, NIO_NS_PROBE},
    };
    struct fbsd_ndpc e;
    struct nio_neigh n;
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fbsd_ndp(&e, 5, V6_DOC, 0, cases[i].nd, true);
        assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
        assert_int_equal(n.state, cases[i].want);
        assert_int_equal(n.addr.slot, NIO_V6);
        assert_memory_equal(n.addr.bytes, V6_DOC, 16);
        assert_memory_equal(n.lladdr, MAC1, 6);
    }
    /* A value FreeBSD does not define: read from the message (an address,
     * the expiry ahead on the wall clock, where IPv6's counts). */
    fbsd_ndp(&e, 5, V6_DOC, 0, 77, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
    /* Static beats the state the kernel keeps beside it. */
    fbsd_ndp(&e, 5, V6_DOC, RTF_STATIC, FBSD_ND6_LLINFO_REACHABLE, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
    assert_int_equal(n.state, NIO_NS_PERMANENT);
    /* ln_router is RTF_GATEWAY in this dump. */
    assert_false(n.router);
    fbsd_ndp(&e, 5, V6_DOC, RTF_GATEWAY, FBSD_ND6_LLINFO_STALE, true);
    assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
    assert_true(n.router);
}

/* A link-local neighbour: sin6_scope_id (net.inet6.ip6.deembed_scopeid)
 * or the KAME zone in bytes 2-3; either way the row's address is the
 * plain fe80:: one, scope 0. */
static void test_fbsd_link_local(void **state)
{
    struct fbsd_ndpc e;
    struct nio_neigh n;
    (void)state;
    fbsd_ndp(&e, 6, V6_LL, 0, FBSD_ND6_LLINFO_REACHABLE, true);
    e.sin6.sin6_scope_id = 6;
    assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
    assert_memory_equal(n.addr.bytes, V6_LL, 16);
    assert_int_equal(n.addr.scope, 0);
    assert_int_equal(n.ifindex, 6);
    e.sin6.sin6_scope_id = 0;
    e.sin6.sin6_addr[3] = 6;
    assert_int_equal(nio_bsd_parse_neigh(FB, &e, sizeof(e), &NOW, &n), 0);
    assert_memory_equal(n.addr.bytes, V6_LL, 16);
    assert_int_equal(n.addr.scope, 0);
}

/* ------------------------------------------------------------- macOS */
static void test_mac_entries(void **state)
{
    struct msg m;
    struct nio_neigh n;
    (void)state;
    /* Calendar-time expiry ahead; the address after the name "en0". */
    mac_start(&m, 4, 0, (int32_t)NOW.wall + 1200);
    mac_in(&m, 9);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.ifindex, 4);
    assert_memory_equal(n.addr.bytes, ((uint8_t[]){198, 51, 100, 9}), 4);
    assert_int_equal(n.lladdr_len, 6);
    assert_memory_equal(n.lladdr, MAC1, 6);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
    /* An expiry on the uptime clock would be long past on macOS's. */
    mac_start(&m, 4, 0, (int32_t)NOW.uptime + 600);
    mac_in(&m, 9);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.state, NIO_NS_STALE);
    /* XNU's failed resolution: RTF_REJECT, no address. */
    mac_start(&m, 4, RTF_REJECT, (int32_t)NOW.wall + 20);
    mac_in(&m, 10);
    mac_dl(&m, 4, "en0", MAC1, 0);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.lladdr_len, 0);
    assert_int_equal(n.state, NIO_NS_FAILED);
    /* Without RTF_REJECT: still resolving. */
    mac_start(&m, 4, 0, (int32_t)NOW.wall + 20);
    mac_in(&m, 10);
    mac_dl(&m, 4, "en0", MAC1, 0);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.state, NIO_NS_INCOMPLETE);
    /* Broadcast and multicast entries need no resolution. */
    mac_start(&m, 4, RTF_BROADCAST, 0);
    mac_in(&m, 255);
    mac_dl(&m, 4, "en0", (const uint8_t[]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.state, NIO_NS_NOARP);
    /* No expiry, an address, no RTF_STATIC: configured all the same. */
    mac_start(&m, 4, 0, 0);
    mac_in(&m, 11);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.state, NIO_NS_PERMANENT);
}

static void test_mac_v6(void **state)
{
    struct msg m;
    struct nio_neigh n;
    uint8_t ll[16];
    (void)state;
    /* A router's entry, the KAME zone embedded: rmx_state is not read. */
    memcpy(ll, V6_LL, 16);
    ll[3] = 4;
    mac_start(&m, 4, MAC_RTF_ROUTER, (int32_t)NOW.wall + 30);
    mac_in6(&m, ll);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.addr.slot, NIO_V6);
    assert_memory_equal(n.addr.bytes, V6_LL, 16);
    assert_int_equal(n.addr.scope, 0);
    assert_true(n.router);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
    assert_int_equal(n.os_bits & MAC_RTF_ROUTER, MAC_RTF_ROUTER);
    /* RTF_GATEWAY means nothing of the kind on macOS; RTF_ROUTER on an
     * IPv4 entry is no IPv6 router flag. */
    mac_start(&m, 4, RTF_GATEWAY, (int32_t)NOW.wall + 30);
    mac_in6(&m, V6_DOC);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_false(n.router);
    mac_start(&m, 4, MAC_RTF_ROUTER, (int32_t)NOW.wall + 30);
    mac_in(&m, 1);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_false(n.router);
}

/* ------------------------------------------------------ no neighbours */
static void test_not_neighbours(void **state)
{
    struct fbsd_arpc a;
    struct msg m;
    struct nio_neigh n;
    (void)state;
    fbsd_arp(&a, 3, 1, FBSD_RTF_PINNED | RTF_STATIC, 0, true); /* own address */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -ENOENT);
    fbsd_arp(&a, 3, 1, RTF_ANNOUNCE, 0, true); /* published: a proxy entry */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -ENOENT);
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.rtm.rtm_flags &= ~RTF_LLINFO; /* a route, not an ARP entry */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -ENOENT);
    fbsd_arp(&a, 0, 1, 0, 0, true);
    a.sdl.sdl_index = 0; /* no interface anywhere */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -ENOENT);
    /* FreeBSD's pinned bit is only FreeBSD's (macOS: "future use"). */
    mac_start(&m, 4, FBSD_RTF_PINNED, 0);
    mac_in(&m, 1);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    mac_start(&m, 4, RTF_LOCAL, 0); /* XNU's own address, flagged */
    mac_in(&m, 1);
    mac_dl(&m, 4, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), -ENOENT);
    /* A gateway that is an IP address: no link entry. */
    mac_start(&m, 4, 0, 0);
    mac_in(&m, 1);
    {
        struct bsd_sockaddr_in g;
        memset(&g, 0, sizeof(g));
        g.sin_len = sizeof(g);
        g.sin_family = AF_INET_BSD;
        mac_sa(&m, RTA_GATEWAY, &g, sizeof(g));
    }
    assert_int_equal(mac_parse(&m, &n), -ENOENT);
}

/* rtm_index names the interface; the gateway's sdl_index stands in only
 * where the header leaves it 0.  Two different ones are XNU's entry of an
 * own address (on lo0, the gateway the owner's), as is any entry whose
 * gateway is a loopback interface: no neighbours. */
static void test_interface(void **state)
{
    struct msg m;
    struct nio_neigh n;
    (void)state;
    mac_start(&m, 1, 0, 0);
    mac_in(&m, 1);
    mac_dl(&m, 9, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), -ENOENT);
    mac_start(&m, 1, 0, 0);
    mac_in(&m, 1);
    mac_dl(&m, 1, "lo0", MAC1, 0);
    m.b[sizeof(struct mac_rt_msghdr) + 16 + 4] = IFT_LOOP; /* the gateway's sdl_type */
    assert_int_equal(mac_parse(&m, &n), -ENOENT);
    m.b[sizeof(struct mac_rt_msghdr) + 16 + 4] = IFT_ETHER;
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.ifindex, 1);
    mac_start(&m, 0, 0, 0);
    mac_in(&m, 1);
    mac_dl(&m, 9, "en0", MAC1, 6);
    assert_int_equal(mac_parse(&m, &n), 0);
    assert_int_equal(n.ifindex, 9);
}

/* ---------------------------------------------------------- malformed */
static void test_malformed(void **state)
{
    struct fbsd_arpc a;
    struct msg m;
    struct nio_neigh n;
    (void)state;
    /* The address claims bytes beyond its sockaddr_dl. */
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.sdl.sdl_alen = 47;
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -EPROTO);
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.sdl.sdl_nlen = 41; /* 8 + 41 + 6 > 54 */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -EPROTO);
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.sdl.sdl_alen = 33; /* fits the sockaddr, not a row */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -EPROTO);
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.sdl.sdl_len = 7; /* too short for sdl_alen's own byte to mean anything */
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -EPROTO);
    fbsd_arp(&a, 3, 1, 0, 0, true);
    a.rtm.rtm_version = 4;
    assert_int_equal(nio_bsd_parse_neigh(FB, &a, sizeof(a), &NOW, &n), -EPROTO);
    /* Every cut of a valid message, and a message longer than the bytes. */
    fbsd_arp(&a, 3, 1, 0, 0, true);
    for (size_t cut = 0; cut < sizeof(a); cut++)
        assert_int_equal(nio_bsd_parse_neigh(FB, &a, cut, &NOW, &n), -EPROTO);
    mac_start(&m, 4, 0, 0);
    mac_in6(&m, V6_DOC);
    mac_dl(&m, 4, "en0", MAC1, 6);
    mac_finish(&m);
    for (size_t cut = 0; cut < m.len; cut++)
        assert_int_equal(nio_bsd_parse_neigh(MAC, m.b, cut, &NOW, &n), -EPROTO);
    /* A sockaddr_dl of 6 bytes, the last of the message: too short to
     * hold sdl_alen, which must not be read past it (ASan, valgrind). */
    {
        uint8_t *exact;
        mac_start(&m, 4, 0, 0);
        mac_in(&m, 1);
        m.b[m.len] = 6, m.b[m.len + 1] = AF_LINK_BSD, m.b[m.len + 2] = 4, m.b[m.len + 3] = 0;
        m.b[m.len + 4] = IFT_ETHER, m.b[m.len + 5] = 0;
        m.len += 6;
        m.addrs |= RTA_GATEWAY;
        mac_finish(&m);
        exact = malloc(m.len);
        memcpy(exact, m.b, m.len);
        assert_int_equal(nio_bsd_parse_neigh(MAC, exact, m.len, &NOW, &n), -EPROTO);
        free(exact);
    }
    mac_start(&m, 4, 0, 0);
    mac_in6(&m, V6_DOC);
    mac_dl(&m, 4, "en0", MAC1, 6);
    mac_finish(&m);
    /* msglen covers the header, the gateway does not fit in it. */
    m.b[0] = (uint8_t)(m.len - 4);
    assert_int_equal(nio_bsd_parse_neigh(MAC, m.b, m.len, &NOW, &n), -EPROTO);
}

/* Random mutations of valid messages: never a crash, never a read
 * outside the bytes given (ASan, valgrind), never an address that does
 * not fit a row. */
static void test_mutations(void **state)
{
    struct fbsd_ndpc e;
    struct msg m;
    (void)state;
    srand(17);
    fbsd_ndp(&e, 5, V6_LL, 0, FBSD_ND6_LLINFO_REACHABLE, true);
    mac_start(&m, 4, 0, 0);
    mac_in(&m, 1);
    mac_dl(&m, 4, "en0", MAC1, 6);
    mac_finish(&m);
    for (int i = 0; i < 20000; i++) {
        bool fb = i & 1;
        size_t len = fb ? sizeof(e) : m.len;
        uint8_t *b = malloc(len);
        struct nio_neigh n;
        int err;
        memcpy(b, fb ? (const void *)&e : (const void *)m.b, len);
        for (int k = rand() % 4; k >= 0; k--)
            b[(size_t)rand() % len] = (uint8_t)rand();
        len = rand() % 3 == 0 ? (size_t)rand() % (len + 1) : len;
        err = nio_bsd_parse_neigh(fb ? FB : MAC, b, len, &NOW, &n);
        assert_true(err == 0 || err == -ENOENT || err == -EPROTO);
        if (err == 0) {
            assert_true(n.lladdr_len <= NIO_HWADDR_MAX);
            assert_true(n.ifindex != 0);
            assert_int_equal(n.addr.scope, 0);
        }
        free(b);
    }
}

/* --------------------------------------------------------------- dumps */
struct seen {
    struct nio_neigh v[8];
    size_t n;
    int fail_at;               /* the call that answers -EINTR; -1: none */
};

static int collect(const struct nio_neigh *n, void *ctx)
{
    struct seen *s = ctx;
    if ((int)s->n == s->fail_at)
        return -EINTR;
    s->v[s->n++] = *n;
    return 0;
}

/* A FreeBSD buffer: an ARP entry on 3, an own address's (skipped), an NDP
 * entry on 5; as the sysctl hands them back to back. */
static size_t fbsd_dump(uint8_t *buf)
{
    struct fbsd_arpc a, own;
    struct fbsd_ndpc e;
    size_t off = 0;
    fbsd_arp(&a, 3, 1, 0, NOW.uptime + 60, true);
    fbsd_arp(&own, 3, 2, FBSD_RTF_PINNED | RTF_STATIC, 0, true);
    fbsd_ndp(&e, 5, V6_DOC, 0, FBSD_ND6_LLINFO_DELAY, true);
    memcpy(buf + off, &a, sizeof(a)), off += sizeof(a);
    memcpy(buf + off, &own, sizeof(own)), off += sizeof(own);
    memcpy(buf + off, &e, sizeof(e)), off += sizeof(e);
    return off;
}

static void test_dump(void **state)
{
    uint8_t buf[1024];
    size_t len = fbsd_dump(buf);
    struct seen s = {.n = 0, .fail_at = -1};
    (void)state;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 0, &NOW,
                                          collect, &s),
                     0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[0].ifindex, 3);
    assert_int_equal(s.v[1].ifindex, 5);
    assert_int_equal(s.v[1].state, NIO_NS_DELAY);
    /* The family and interface filters. */
    s.n = 0;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V6, 0, &NOW, collect, &s), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.v[0].addr.slot, NIO_V6);
    s.n = 0;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 3, &NOW,
                                          collect, &s),
                     0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.v[0].ifindex, 3);
    /* The callback's failure ends the walk with its code. */
    s.n = 0;
    s.fail_at = 1;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 0, &NOW,
                                          collect, &s),
                     -EINTR);
    assert_int_equal(s.n, 1);
    /* Empty: no neighbours, no failure. */
    s.n = 0;
    s.fail_at = -1;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, 0, NIO_WANT_V4, 0, &NOW, collect, &s), 0);
    assert_int_equal(s.n, 0);
}

static void test_dump_malformed(void **state)
{
    uint8_t buf[1024];
    size_t len = fbsd_dump(buf);
    struct seen s = {.n = 0, .fail_at = -1};
    (void)state;
    /* Every cut of the buffer: a whole prefix of messages or -EPROTO. */
    for (size_t cut = 0; cut < len; cut++) {
        int err;
        s.n = 0;
        err = nio_bsd_parse_neighs(FB, buf, cut, NIO_WANT_V4 | NIO_WANT_V6, 0, &NOW, collect,
                                   &s);
        if (cut == 0 || cut == sizeof(struct fbsd_arpc) || cut == 2 * sizeof(struct fbsd_arpc))
            assert_int_equal(err, 0);
        else
            assert_int_equal(err, -EPROTO);
    }
    /* A malformed entry in the middle fails the table, not just itself. */
    buf[sizeof(struct fbsd_arpc) + offsetof(struct fbsd_arpc, sdl.sdl_alen)] = 60;
    s.n = 0;
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 0, &NOW,
                                          collect, &s),
                     -EPROTO);
    /* A zero message length cannot be walked past. */
    len = fbsd_dump(buf);
    memset(buf, 0, 2);
    assert_int_equal(nio_bsd_parse_neighs(FB, buf, len, NIO_WANT_V4, 0, &NOW, collect, &s),
                     -EPROTO);
}

/* ------------------------------------------------------------ requests */
static struct nio_neigh permanent(int slot, const uint8_t *addr, uint32_t ifindex)
{
    struct nio_neigh n;
    memset(&n, 0, sizeof(n));
    n.ifindex = ifindex;
    n.addr.slot = slot;
    memcpy(n.addr.bytes, addr, slot == NIO_V6 ? 16 : 4);
    n.lladdr_len = 6;
    memcpy(n.lladdr, MAC1, 6);
    n.state = NIO_NS_PERMANENT;
    return n;
}

static void test_add_fbsd(void **state)
{
    uint8_t buf[NIO_RT_MSG_MAX];
    struct nio_neigh n = permanent(NIO_V4, (const uint8_t[]){192, 0, 2, 8}, 3), back;
    struct fbsd_rt_msghdr h;
    struct bsd_sockaddr_in sin;
    struct fbsd_sockaddr_dl sdl;
    size_t len = 0;
    (void)state;
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 42, buf, sizeof(buf), &len), 0);
    /* Laid out as arp -s sends it: header, sockaddr_in, sockaddr_dl. */
    assert_int_equal(len, sizeof(h) + sizeof(sin) + 56);
    memcpy(&h, buf, sizeof(h));
    assert_int_equal(h.rtm_msglen, len);
    assert_int_equal(h.rtm_version, RTM_VERSION);
    assert_int_equal(h.rtm_type, RTM_ADD);
    assert_int_equal(h.rtm_flags, RTF_UP | RTF_HOST | RTF_STATIC | RTF_LLINFO);
    assert_int_equal(h.rtm_addrs, RTA_DST | RTA_GATEWAY);
    assert_int_equal(h.rtm_index, 3);
    assert_int_equal(h.rtm_seq, 42);
    assert_int_equal(h.rtm_rmx.rmx_expire, 0); /* LLE_STATIC */
    memcpy(&sin, buf + sizeof(h), sizeof(sin));
    assert_int_equal(sin.sin_len, sizeof(sin));
    assert_int_equal(sin.sin_family, AF_INET_BSD);
    assert_memory_equal(sin.sin_addr, ((uint8_t[]){192, 0, 2, 8}), 4);
    memcpy(&sdl, buf + sizeof(h) + sizeof(sin), sizeof(sdl));
    assert_int_equal(sdl.sdl_len, FBSD_SOCKADDR_DL_SIZE);
    assert_int_equal(sdl.sdl_family, AF_LINK_BSD);
    assert_int_equal(sdl.sdl_index, 3); /* lla_rt_output() finds the table by it */
    assert_int_equal(sdl.sdl_nlen, 0);
    assert_int_equal(sdl.sdl_alen, 6);
    assert_memory_equal(sdl.sdl_data, MAC1, 6);
    /* And it reads back as the entry it makes. */
    assert_int_equal(nio_bsd_parse_neigh(FB, buf, len, &NOW, &back), 0);
    assert_int_equal(back.ifindex, 3);
    assert_memory_equal(back.addr.bytes, n.addr.bytes, 4);
    assert_int_equal(back.lladdr_len, 6);
    assert_int_equal(back.state, NIO_NS_PERMANENT);
}

/* A link-local neighbour's zone: FreeBSD's rtsock takes sin6_scope_id,
 * XNU's the KAME bytes; a 20-byte (InfiniBand) address outgrows macOS's
 * 20-byte sockaddr_dl. */
static void test_add_zones(void **state)
{
    uint8_t buf[NIO_RT_MSG_MAX];
    struct nio_neigh n = permanent(NIO_V6, V6_LL, 7), back;
    struct bsd_sockaddr_in6 s6;
    struct mac_sockaddr_dl sdl;
    size_t len = 0;
    (void)state;
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), 0);
    memcpy(&s6, buf + sizeof(struct fbsd_rt_msghdr), sizeof(s6));
    assert_int_equal(s6.sin6_family, FBSD_AF_INET6);
    assert_memory_equal(s6.sin6_addr, V6_LL, 16);
    assert_int_equal(s6.sin6_scope_id, 7);
    /* The gateway at 32 past the sockaddr_in6: FreeBSD's rounding to 8. */
    assert_int_equal(buf[sizeof(struct fbsd_rt_msghdr) + 32 + 1], AF_LINK_BSD);
    n.lladdr_len = 20;
    memset(n.lladdr, 0x5a, 20);
    assert_int_equal(nio_bsd_neigh_add_msg(MAC, &n, 1, buf, sizeof(buf), &len), 0);
    memcpy(&s6, buf + sizeof(struct mac_rt_msghdr), sizeof(s6));
    assert_int_equal(s6.sin6_family, MAC_AF_INET6);
    assert_int_equal(s6.sin6_addr[2], 0);
    assert_int_equal(s6.sin6_addr[3], 7);
    assert_int_equal(s6.sin6_scope_id, 0);
    memcpy(&sdl, buf + sizeof(struct mac_rt_msghdr) + 28, sizeof(sdl));
    assert_int_equal(sdl.sdl_len, 28);
    assert_int_equal(sdl.sdl_alen, 20);
    assert_int_equal(len, sizeof(struct mac_rt_msghdr) + 28 + 28);
    assert_int_equal(nio_bsd_parse_neigh(MAC, buf, len, &NOW, &back), 0);
    assert_memory_equal(back.addr.bytes, V6_LL, 16);
    assert_int_equal(back.lladdr_len, 20);
    assert_memory_equal(back.lladdr, n.lladdr, 20);
}

static void test_add_refused(void **state)
{
    uint8_t buf[NIO_RT_MSG_MAX];
    struct nio_neigh n = permanent(NIO_V4, (const uint8_t[]){192, 0, 2, 8}, 3);
    size_t len = 0;
    (void)state;
    for (int st = NIO_NS_NONE; st <= NIO_NS_NOARP; st++) {
        n.state = (enum nio_neigh_state)st;
        assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), -EOPNOTSUPP);
        assert_int_equal(nio_bsd_neigh_add_msg(MAC, &n, 1, buf, sizeof(buf), &len), -EOPNOTSUPP);
    }
    n.state = NIO_NS_PERMANENT;
    n.router = true;
    assert_int_equal(nio_bsd_neigh_add_msg(MAC, &n, 1, buf, sizeof(buf), &len), -EOPNOTSUPP);
    n.router = false;
    n.lladdr_len = 0;
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), -EINVAL);
    n.lladdr_len = 6;
    n.ifindex = 0;
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), -ENODEV);
    n.ifindex = 70000;
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), -ENODEV);
    n.ifindex = 3;
    /* Every buffer too small for the request: -ENOBUFS, never an overrun. */
    assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, buf, sizeof(buf), &len), 0);
    for (size_t cap = 0; cap < len; cap++) {
        uint8_t *small = malloc(cap ? cap : 1);
        size_t got = 0;
        assert_int_equal(nio_bsd_neigh_add_msg(FB, &n, 1, small, cap, &got), -ENOBUFS);
        free(small);
    }
}

static void test_delete(void **state)
{
    uint8_t buf[NIO_RT_MSG_MAX];
    struct nio_neigh n = permanent(NIO_V4, (const uint8_t[]){198, 51, 100, 9}, 4);
    struct mac_rt_msghdr h;
    struct mac_sockaddr_dl sdl;
    size_t len = 0;
    (void)state;
    /* A scoped macOS entry is deleted within its scope; no address sent. */
    n.os_bits = RTF_UP | RTF_HOST | RTF_LLINFO | MAC_RTF_IFSCOPE | RTF_STATIC;
    assert_int_equal(nio_bsd_neigh_delete_msg(MAC, &n, 9, buf, sizeof(buf), &len), 0);
    memcpy(&h, buf, sizeof(h));
    assert_int_equal(h.rtm_type, RTM_DELETE);
    assert_int_equal(h.rtm_flags, RTF_UP | RTF_HOST | RTF_LLINFO | MAC_RTF_IFSCOPE);
    assert_int_equal(h.rtm_index, 4);
    assert_int_equal(h.rtm_addrs, RTA_DST | RTA_GATEWAY);
    memcpy(&sdl, buf + sizeof(h) + 16, sizeof(sdl));
    assert_int_equal(sdl.sdl_family, AF_LINK_BSD);
    assert_int_equal(sdl.sdl_index, 4);
    assert_int_equal(sdl.sdl_alen, 0);
    assert_int_equal(len, sizeof(h) + 16 + MAC_SOCKADDR_DL_SIZE);
    /* FreeBSD has no scope flag: the same bit is not carried over. */
    assert_int_equal(nio_bsd_neigh_delete_msg(FB, &n, 9, buf, sizeof(buf), &len), 0);
    {
        struct fbsd_rt_msghdr fh;
        memcpy(&fh, buf, sizeof(fh));
        assert_int_equal(fh.rtm_flags, RTF_UP | RTF_HOST | RTF_LLINFO);
    }
    n.ifindex = 0;
    assert_int_equal(nio_bsd_neigh_delete_msg(FB, &n, 9, buf, sizeof(buf), &len), -ENODEV);
    n.ifindex = 4;
    assert_int_equal(nio_bsd_neigh_delete_msg(FB, &n, 9, buf, 100, &len), -ENOBUFS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fbsd_arp_states),
        cmocka_unit_test(test_fbsd_ndp_states),
        cmocka_unit_test(test_fbsd_link_local),
        cmocka_unit_test(test_mac_entries),
        cmocka_unit_test(test_mac_v6),
        cmocka_unit_test(test_not_neighbours),
        cmocka_unit_test(test_interface),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_dump_malformed),
        cmocka_unit_test(test_add_fbsd),
        cmocka_unit_test(test_add_zones),
        cmocka_unit_test(test_add_refused),
        cmocka_unit_test(test_delete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
