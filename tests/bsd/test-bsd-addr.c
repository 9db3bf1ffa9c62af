/* test-bsd-addr.c - src/bsd/parse-addr.c on any OS: NET_RT_IFLIST buffers
 * of FreeBSD and macOS into addresses, the SIOCGIFAFLAG_IN6 and
 * SIOCGIFALIFETIME_IN6 answers, and the SIOCAIFADDR(_IN6) and
 * SIOCDIFADDR(_IN6) requests read back through the structs of
 * transcribed.h (written down from the headers independently of
 * parse-addr.c's offsets).  Sockaddrs are padded by this file's own
 * rounding with the padding poisoned, so a wrong offset, alignment or read
 * past sa_len shows. */
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
#define FB (&nio_bsd_addr_freebsd)
#define MAC (&nio_bsd_addr_macos)
#define RTAX_NETMASK_ 2
#define RTAX_IFA_ 5
#define RTAX_BRD_ 7

/* ------------------------------------------------------ building buffers */
struct buf {
    uint8_t b[8192];
    size_t len;
    bool fbsd;
};

static size_t unit(const struct buf *b)
{
    return b->fbsd ? 8 : 4;
}

static void buf_start(struct buf *b, bool fbsd)
{
    memset(b, 0, sizeof(*b));
    memset(b->b, POISON, sizeof(b->b));
    b->fbsd = fbsd;
}

/* n bytes of sa, then poisoned padding to the OS's unit (one unit for 0). */
static void put_sa(struct buf *b, const uint8_t *sa, uint8_t n)
{
    size_t a = unit(b), space = n == 0 ? a : (n + a - 1) / a * a;
    memcpy(b->b + b->len, sa, n);
    memset(b->b + b->len + n, POISON, space - n);
    if (n == 0)
        b->b[b->len] = 0;
    b->len += space;
}

static void put_len(struct buf *b, size_t start)
{
    uint16_t len = (uint16_t)(b->len - start);
    memcpy(b->b + start, &len, 2);
}

/* RTM_IFINFO of interface name/index with flags, its sockaddr_dl only. */
static void put_ifinfo(struct buf *b, const char *name, uint16_t index, int32_t flags)
{
    size_t start = b->len, nlen = strlen(name);
    uint8_t dl[64];
    struct bsd_sockaddr_dl d;
    if (b->fbsd) {
        struct fbsd_if_msghdr h;
        memset(&h, 0, sizeof(h));
        h.ifm_version = RTM_VERSION;
        h.ifm_type = RTM_IFINFO;
        h.ifm_addrs = RTA_IFP;
        h.ifm_flags = flags;
        h.ifm_index = index;
        h.ifm_data.ifi_type = IFT_ETHER;
        h.ifm_data.ifi_mtu = 1500;
        memcpy(b->b + b->len, &h, sizeof(h));
        b->len += sizeof(h);
    } else {
        struct mac_if_msghdr h;
        memset(&h, 0, sizeof(h));
        h.ifm_version = RTM_VERSION;
        h.ifm_type = RTM_IFINFO;
        h.ifm_addrs = RTA_IFP;
        h.ifm_flags = flags;
        h.ifm_index = index;
        h.ifm_data.ifi_type = IFT_ETHER;
        h.ifm_data.ifi_mtu = 1500;
        memcpy(b->b + b->len, &h, sizeof(h));
        b->len += sizeof(h);
    }
    memset(dl, 0, sizeof(dl));
    memset(&d, 0, sizeof(d));
    d.sdl_len = (uint8_t)(8 + nlen);
    d.sdl_family = AF_LINK_BSD;
    d.sdl_index = index;
    d.sdl_type = IFT_ETHER;
    d.sdl_nlen = (uint8_t)nlen;
    memcpy(dl, &d, sizeof(d));
    memcpy(dl + 8, name, nlen);
    put_sa(b, dl, d.sdl_len);
    put_len(b, start);
}

/* A sockaddr to put, with its RTAX slot. */
struct sa {
    int rtax;
    uint8_t len;
    uint8_t bytes[32];
};

static struct sa sin4(int rtax, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    struct sa s = {rtax, sizeof(struct bsd_sockaddr_in), {0}};
    struct bsd_sockaddr_in in;
    memset(&in, 0, sizeof(in));
    in.sin_len = sizeof(in);
    in.sin_family = AF_INET_BSD;
    in.sin_addr[0] = a, in.sin_addr[1] = b, in.sin_addr[2] = c, in.sin_addr[3] = d;
    memcpy(s.bytes, &in, sizeof(in));
    return s;
}

static struct sa sin6(bool fbsd, int rtax, const uint8_t addr[16], uint32_t scope_id)
{
    struct sa s = {rtax, sizeof(struct bsd_sockaddr_in6), {0}};
    struct bsd_sockaddr_in6 in;
    memset(&in, 0, sizeof(in));
    in.sin6_len = sizeof(in);
    in.sin6_family = fbsd ? FBSD_AF_INET6 : MAC_AF_INET6;
    memcpy(in.sin6_addr, addr, 16);
    in.sin6_scope_id = scope_id;
    memcpy(s.bytes, &in, sizeof(in));
    return s;
}

/* A netmask of prefix_len ones at the address's offset (4 or 8), cut to
 * sa_len bytes (the radix tree's form) with no family, as macOS gives it. */
static struct sa mask_cut(unsigned off, unsigned prefix_len, uint8_t sa_len)
{
    struct sa s = {RTAX_NETMASK_, sa_len, {0}};
    memset(s.bytes, POISON, sizeof(s.bytes));
    memset(s.bytes, 0, sa_len);
    s.bytes[0] = sa_len;
    for (unsigned i = 0; i < prefix_len; i++)
        if (off + i / 8 < sa_len)
            s.bytes[off + i / 8] |= (uint8_t)(0x80u >> (i % 8));
    return s;
}

/* RTM_NEWADDR of index with the sockaddrs sas[0..n) (in RTAX order). */
static void put_newaddr(struct buf *b, uint16_t index, const struct sa *sas, size_t n)
{
    size_t start = b->len;
    int32_t addrs = 0;
    for (size_t i = 0; i < n; i++)
        addrs |= 1 << sas[i].rtax;
    if (b->fbsd) {
        struct fbsd_ifa_msghdr h;
        memset(&h, POISON, sizeof(h));
        h.ifam_version = RTM_VERSION;
        h.ifam_type = RTM_NEWADDR;
        h.ifam_addrs = addrs;
        h.ifam_flags = 0x1; /* IFA_ROUTE */
        h.ifam_index = index;
        h.ifam_metric = 0;
        memcpy(b->b + b->len, &h, sizeof(h));
        b->len += sizeof(h);
    } else {
        struct mac_ifa_msghdr h;
        memset(&h, POISON, sizeof(h));
        h.ifam_version = RTM_VERSION;
        h.ifam_type = RTM_NEWADDR;
        h.ifam_addrs = addrs;
        h.ifam_flags = 0x1;
        h.ifam_index = index;
        h.ifam_metric = 0;
        memcpy(b->b + b->len, &h, sizeof(h));
        b->len += sizeof(h);
    }
    for (size_t i = 0; i < n; i++)
        put_sa(b, sas[i].bytes, sas[i].len);
    put_len(b, start);
}

static const uint8_t v6_one[16] = {[15] = 1};
static const uint8_t v6_doc5[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 5};
static const uint8_t v6_ll1[16] = {0xfe, 0x80, [15] = 1};

/* The link-local address as each kernel writes it: FreeBSD 12+ with
 * sin6_scope_id, XNU with the zone embedded in bytes 2-3. */
static struct sa ll_of(bool fbsd, uint16_t zone)
{
    uint8_t a[16];
    memcpy(a, v6_ll1, 16);
    if (!fbsd) {
        a[2] = (uint8_t)(zone >> 8);
        a[3] = (uint8_t)zone;
    }
    return sin6(fbsd, RTAX_IFA_, a, fbsd ? zone : 0);
}

/* lo0 (1): 127.0.0.1/8, ::1/128, fe80::1%lo0/64; em0 (2): 192.168.1.10/24
 * brd .255, 10.1.2.3/8, 2001:db8::5/64, an AF_LINK address message;
 * utun0 (3, point to point): 10.8.0.2 -> 10.8.0.1 /32. */
static void iflist(struct buf *b, bool fbsd)
{
    uint8_t link[20] = {20, AF_LINK_BSD, 2, 0};
    struct sa lo4[] = {mask_cut(4, 8, 8), sin4(RTAX_IFA_, 127, 0, 0, 1)};
    struct sa lo6[] = {sin6(fbsd, RTAX_NETMASK_,
                            (const uint8_t[16]){0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
                            0),
                       sin6(fbsd, RTAX_IFA_, v6_one, 0)};
    struct sa lo6ll[] = {mask_cut(8, 64, 16), ll_of(fbsd, 1)};
    struct sa em4a[] = {mask_cut(4, 24, fbsd ? 16 : 7), sin4(RTAX_IFA_, 192, 168, 1, 10),
                        sin4(RTAX_BRD_, 192, 168, 1, 255)};
    struct sa em4b[] = {sin4(RTAX_NETMASK_, 255, 0, 0, 0), sin4(RTAX_IFA_, 10, 1, 2, 3),
                        sin4(RTAX_BRD_, 10, 255, 255, 255)};
    struct sa em6[] = {mask_cut(8, 64, fbsd ? 28 : 16), sin6(fbsd, RTAX_IFA_, v6_doc5, 0)};
    struct sa emdl[] = {{RTAX_IFA_, 20, {0}}};
    struct sa tun4[] = {sin4(RTAX_NETMASK_, 255, 255, 255, 255), sin4(RTAX_IFA_, 10, 8, 0, 2),
                        sin4(RTAX_BRD_, 10, 8, 0, 1)};
    memcpy(emdl[0].bytes, link, sizeof(link));
    buf_start(b, fbsd);
    put_ifinfo(b, "lo0", 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING);
    put_newaddr(b, 1, lo4, 2);
    put_newaddr(b, 1, lo6, 2);
    put_newaddr(b, 1, lo6ll, 2);
    put_ifinfo(b, fbsd ? "em0" : "en0", 2, ETHER_FLAGS);
    put_newaddr(b, 2, emdl, 1);
    put_newaddr(b, 2, em4a, 3);
    put_newaddr(b, 2, em4b, 3);
    put_newaddr(b, 2, em6, 2);
    put_ifinfo(b, "utun0", 3, IFF_UP | IFF_POINTOPOINT | IFF_RUNNING);
    put_newaddr(b, 3, tun4, 3);
}

struct got {
    struct nio_bsd_ifaddr v[32];
    size_t n;
    int stop_at;                /* cb returns 7 at this one (-1: never) */
};

static int got_cb(const struct nio_bsd_ifaddr *ia, void *ctx)
{
    struct got *g = ctx;
    if (g->n < 32)
        g->v[g->n] = *ia;
    if ((int)g->n++ == g->stop_at)
        return 7;
    return 0;
}

static int parse(const struct buf *b, unsigned want, struct got *g, size_t *ifaces)
{
    memset(g, 0, sizeof(*g));
    g->stop_at = -1;
    return nio_bsd_parse_addrs(b->fbsd ? FB : MAC, b->b, b->len, want, got_cb, g, ifaces);
}

/* ------------------------------------------------------------- reading */
static void check_v4(const struct nio_bsd_ifaddr *ia, uint32_t index, const char *name,
                     const uint8_t a[4], uint8_t plen)
{
    assert_int_equal(ia->a.ifindex, index);
    assert_string_equal(ia->name, name);
    assert_int_equal(ia->a.addr.slot, NIO_V4);
    assert_memory_equal(ia->a.addr.bytes, a, 4);
    assert_int_equal(ia->a.prefix_len, plen);
    assert_int_equal(ia->a.flags, NIO_AF_PERMANENT);
    assert_int_equal(ia->a.valid_s, NIO_LIFETIME_INFINITE);
    assert_int_equal(ia->a.preferred_s, NIO_LIFETIME_INFINITE);
    assert_false(ia->a.has_created);
}

static void test_iflist_both_families(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct buf b;
        struct got g;
        size_t ifaces = 0;
        const char *em = os == 0 ? "em0" : "en0";
        iflist(&b, os == 0);
        assert_int_equal(parse(&b, NIO_WANT_V4 | NIO_WANT_V6, &g, &ifaces), 0);
        assert_int_equal(ifaces, 3);
        assert_int_equal(g.n, 7);
        check_v4(&g.v[0], 1, "lo0", (const uint8_t[]){127, 0, 0, 1}, 8);
        assert_int_equal(g.v[1].a.addr.slot, NIO_V6);
        assert_memory_equal(g.v[1].a.addr.bytes, v6_one, 16);
        assert_int_equal(g.v[1].a.prefix_len, 128);
        /* The link-local address: zone gone (the interface is the zone),
         * whichever way the kernel wrote it. */
        assert_memory_equal(g.v[2].a.addr.bytes, v6_ll1, 16);
        assert_int_equal(g.v[2].a.addr.scope, 0);
        assert_int_equal(g.v[2].a.prefix_len, 64);
        check_v4(&g.v[3], 2, em, (const uint8_t[]){192, 168, 1, 10}, 24);
        assert_true(g.v[3].a.has_broadcast);
        assert_false(g.v[3].a.has_peer);
        assert_memory_equal(g.v[3].a.broadcast.bytes, ((uint8_t[]){192, 168, 1, 255}), 4);
        check_v4(&g.v[4], 2, em, (const uint8_t[]){10, 1, 2, 3}, 8);
        assert_memory_equal(g.v[5].a.addr.bytes, v6_doc5, 16);
        assert_int_equal(g.v[5].a.prefix_len, 64);
        assert_false(g.v[5].a.has_broadcast);
        assert_string_equal(g.v[5].name, em);
        /* Point to point: RTA_BRD is the peer, no broadcast. */
        check_v4(&g.v[6], 3, "utun0", (const uint8_t[]){10, 8, 0, 2}, 32);
        assert_true(g.v[6].a.has_peer);
        assert_false(g.v[6].a.has_broadcast);
        assert_memory_equal(g.v[6].a.peer.bytes, ((uint8_t[]){10, 8, 0, 1}), 4);
    }
}

static void test_iflist_family_filter(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct buf b;
        struct got g;
        iflist(&b, os == 0);
        assert_int_equal(parse(&b, NIO_WANT_V4, &g, NULL), 0);
        assert_int_equal(g.n, 4);
        for (size_t i = 0; i < g.n; i++)
            assert_int_equal(g.v[i].a.addr.slot, NIO_V4);
        assert_int_equal(parse(&b, NIO_WANT_V6, &g, NULL), 0);
        assert_int_equal(g.n, 3);
        for (size_t i = 0; i < g.n; i++)
            assert_int_equal(g.v[i].a.addr.slot, NIO_V6);
        /* The callback's value stops the walk and is returned. */
        memset(&g, 0, sizeof(g));
        g.stop_at = 1;
        assert_int_equal(nio_bsd_parse_addrs(os == 0 ? FB : MAC, b.b, b.len, NIO_WANT_V4,
                                             got_cb, &g, NULL),
                         7);
        assert_int_equal(g.n, 2);
    }
}

/* The same buffer read with the other OS's layout must not give the same
 * addresses: the layouts are really used. */
static void test_layout_matters(void **state)
{
    struct buf b;
    struct got g;
    size_t ifaces = 0;
    int err;
    (void)state;
    iflist(&b, true);
    memset(&g, 0, sizeof(g));
    g.stop_at = -1;
    err = nio_bsd_parse_addrs(MAC, b.b, b.len, NIO_WANT_V4 | NIO_WANT_V6, got_cb, &g, &ifaces);
    assert_false(err == 0 && g.n == 7 && ifaces == 3);
    iflist(&b, false);
    memset(&g, 0, sizeof(g));
    g.stop_at = -1;
    err = nio_bsd_parse_addrs(FB, b.b, b.len, NIO_WANT_V4 | NIO_WANT_V6, got_cb, &g, &ifaces);
    assert_false(err == 0 && g.n == 7 && ifaces == 3);
}

static void test_masks(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        struct buf b;
        struct got g;
        struct sa nomask[] = {sin4(RTAX_IFA_, 10, 0, 0, 1)};
        struct sa empty[] = {{RTAX_NETMASK_, 0, {0}}, sin4(RTAX_IFA_, 10, 0, 0, 2)};
        struct sa noncontig[] = {sin4(RTAX_NETMASK_, 255, 0, 255, 0), sin4(RTAX_IFA_, 10, 0, 0, 3)};
        struct sa cut6[] = {mask_cut(8, 48, 14), sin6(fbsd, RTAX_IFA_, v6_doc5, 0)};
        buf_start(&b, fbsd);
        put_ifinfo(&b, "em0", 2, ETHER_FLAGS);
        put_newaddr(&b, 2, nomask, 1);
        put_newaddr(&b, 2, empty, 2);
        put_newaddr(&b, 2, noncontig, 2);
        put_newaddr(&b, 2, cut6, 2);
        assert_int_equal(parse(&b, NIO_WANT_V4 | NIO_WANT_V6, &g, NULL), 0);
        assert_int_equal(g.n, 3); /* the non-contiguous mask is no row */
        assert_int_equal(g.v[0].a.prefix_len, 32);
        assert_int_equal(g.v[1].a.prefix_len, 0);
        assert_int_equal(g.v[2].a.prefix_len, 48);
    }
}

static void test_orphans_skipped(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct buf b;
        struct got g;
        size_t ifaces = 9;
        struct sa a[] = {sin4(RTAX_IFA_, 10, 0, 0, 1)};
        buf_start(&b, os == 0);
        put_newaddr(&b, 2, a, 1); /* before any RTM_IFINFO */
        put_ifinfo(&b, "em0", 2, ETHER_FLAGS);
        put_newaddr(&b, 5, a, 1); /* another interface's index */
        put_newaddr(&b, 2, a, 1);
        assert_int_equal(parse(&b, NIO_WANT_V4, &g, &ifaces), 0);
        assert_int_equal(ifaces, 1);
        assert_int_equal(g.n, 1);
        assert_int_equal(g.v[0].a.ifindex, 2);
        /* No interface at all: the count says so (nio_os_addr_get's ENODEV). */
        buf_start(&b, os == 0);
        assert_int_equal(parse(&b, NIO_WANT_V4, &g, &ifaces), 0);
        assert_int_equal(ifaces, 0);
    }
}

/* One message on its own, as the kernel could send it malformed. */
static void test_newaddr_malformed(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        const struct nio_bsd_addrlayout *l = fbsd ? FB : MAC;
        struct nio_addr a;
        struct buf b;
        struct sa ok[] = {sin4(RTAX_NETMASK_, 255, 255, 0, 0), sin4(RTAX_IFA_, 10, 0, 0, 1)};
        struct sa none[] = {sin4(RTAX_NETMASK_, 255, 255, 0, 0)};
        struct sa ipv4short[] = {{RTAX_IFA_, 6, {6, AF_INET_BSD, 0, 0, 10, 0}}};
        buf_start(&b, fbsd);
        put_newaddr(&b, 2, ok, 2);
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), 0);
        assert_int_equal(a.prefix_len, 16);
        /* Every cut is refused, never read past. */
        for (size_t cut = 0; cut < b.len; cut++)
            assert_int_equal(nio_bsd_parse_newaddr(l, b.b, cut, false, &a), -EPROTO);
        /* A message length beyond what was read; another version; index 0. */
        b.b[0] = (uint8_t)(b.len + 1);
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -EPROTO);
        b.b[0] = (uint8_t)b.len;
        b.b[2] = 4;
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -EPROTO);
        b.b[2] = RTM_VERSION;
        memset(b.b + 12, 0, 2);
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -EPROTO);
        /* A sockaddr claiming more than the message holds. */
        buf_start(&b, fbsd);
        put_newaddr(&b, 2, ok, 2);
        b.b[20 + 16] = 200; /* the IFA's sa_len, after the 16-byte netmask */
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -EPROTO);
        /* No RTA_IFA; an IPv4 sockaddr too short for its address. */
        buf_start(&b, fbsd);
        put_newaddr(&b, 2, none, 1);
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -ENOENT);
        buf_start(&b, fbsd);
        put_newaddr(&b, 2, ipv4short, 1);
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -EPROTO);
        /* Another message type (RTM_DELADDR) is no address to list. */
        buf_start(&b, fbsd);
        put_newaddr(&b, 2, ok, 2);
        b.b[3] = RTM_DELADDR;
        assert_int_equal(nio_bsd_parse_newaddr(l, b.b, b.len, false, &a), -ENOENT);
    }
}

static void test_iflist_truncated(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct buf b;
        struct got g;
        size_t full;
        iflist(&b, os == 0);
        full = b.len;
        /* A cut inside a message overruns; at a message boundary it is a
         * shorter list. */
        for (size_t cut = 1; cut < full; cut++) {
            uint16_t first;
            int err;
            b.len = cut;
            err = parse(&b, NIO_WANT_V4 | NIO_WANT_V6, &g, NULL);
            memcpy(&first, b.b, 2);
            if (err == 0)
                assert_true(g.n < 7);
            else
                assert_int_equal(err, -EPROTO);
            if (cut < first)
                assert_int_equal(err, -EPROTO);
        }
        /* A zero message length never loops. */
        b.len = full;
        memset(b.b, 0, 2);
        assert_int_equal(parse(&b, NIO_WANT_V4, &g, NULL), -EPROTO);
    }
}

/* ------------------------------------------------------ IPv6 answers */
static void test_flags6(void **state)
{
    static const struct {
        uint32_t os, ours;
    } common[] = {
        {IN6_IFF_TENTATIVE, NIO_AF_TENTATIVE},   {IN6_IFF_DUPLICATED, NIO_AF_DADFAILED},
        {IN6_IFF_DEPRECATED, NIO_AF_DEPRECATED}, {IN6_IFF_NODAD, NIO_AF_NODAD},
        {IN6_IFF_TEMPORARY, NIO_AF_TEMPORARY},
    };
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        struct nio_addr a;
        for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
            memset(&a, 0, sizeof(a));
            nio_bsd_addr_flags6(l, common[i].os, &a);
            assert_int_equal(a.flags, common[i].ours);
        }
        /* Anycast, detached: no flag of ours; the lease flags clear
         * PERMANENT, a manual address keeps it. */
        memset(&a, 0, sizeof(a));
        a.flags = NIO_AF_PERMANENT;
        nio_bsd_addr_flags6(l, IN6_IFF_ANYCAST | IN6_IFF_DETACHED, &a);
        assert_int_equal(a.flags, NIO_AF_PERMANENT);
        assert_int_equal(a.origin, NIO_AO_UNKNOWN);
        nio_bsd_addr_flags6(l, IN6_IFF_AUTOCONF, &a);
        assert_int_equal(a.flags, 0);
        assert_int_equal(a.origin, NIO_AO_RA);
        a.flags = NIO_AF_PERMANENT;
        nio_bsd_addr_flags6(l, IN6_IFF_TEMPORARY, &a);
        assert_int_equal(a.flags, NIO_AF_TEMPORARY);
    }
    /* Bits that differ: 0x200 is macOS's optimistic, nothing on FreeBSD;
     * 0x100 is macOS's DHCPv6 (a lease), FreeBSD's prefer-source. */
    {
        struct nio_addr a;
        memset(&a, 0, sizeof(a));
        nio_bsd_addr_flags6(MAC, MAC_IN6_IFF_OPTIMISTIC, &a);
        assert_int_equal(a.flags, NIO_AF_OPTIMISTIC);
        nio_bsd_addr_flags6(FB, MAC_IN6_IFF_OPTIMISTIC, &a);
        assert_int_equal(a.flags, 0);
        a.flags = NIO_AF_PERMANENT;
        nio_bsd_addr_flags6(MAC, MAC_IN6_IFF_DYNAMIC, &a);
        assert_int_equal(a.flags, 0);
        a.flags = NIO_AF_PERMANENT;
        nio_bsd_addr_flags6(FB, FBSD_IN6_IFF_PREFER_SOURCE, &a);
        assert_int_equal(a.flags, NIO_AF_PERMANENT);
    }
}

static void lifetime_req(struct bsd_in6_ifreq *r, int64_t expire, int64_t preferred,
                         uint32_t vl, uint32_t pl)
{
    memset(r, POISON, sizeof(*r));
    r->ifr_ifru.ifru_lifetime.ia6t_expire = expire;
    r->ifr_ifru.ifru_lifetime.ia6t_preferred = preferred;
    r->ifr_ifru.ifru_lifetime.ia6t_vltime = vl;
    r->ifr_ifru.ifru_lifetime.ia6t_pltime = pl;
}

static void test_lifetime6(void **state)
{
    const int64_t now = 1700000000;
    (void)state;
    assert_int_equal(sizeof(struct bsd_in6_ifreq), NIO_BSD_IN6IFR_SIZE);
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        struct bsd_in6_ifreq r;
        struct nio_addr a;
        memset(&a, 0, sizeof(a));
        /* Infinite: no expiry kept, or an infinite lifetime. */
        lifetime_req(&r, 0, 0, ND6_INFINITE_LIFETIME, ND6_INFINITE_LIFETIME);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.valid_s, NIO_LIFETIME_INFINITE);
        assert_int_equal(a.preferred_s, NIO_LIFETIME_INFINITE);
        assert_int_equal(a.flags, NIO_AF_PERMANENT);
        lifetime_req(&r, now + 5, now + 5, ND6_INFINITE_LIFETIME, ND6_INFINITE_LIFETIME);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.valid_s, NIO_LIFETIME_INFINITE);
        /* Finite: seconds left from now on the OS's clock. */
        lifetime_req(&r, now + 86400, now + 14400, 86400, 14400);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.valid_s, 86400);
        assert_int_equal(a.preferred_s, 14400);
        assert_int_equal(a.flags, 0);
        /* Past: 0 (deprecated and about to go). */
        lifetime_req(&r, now + 10, now - 10, 600, 300);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.valid_s, 10);
        assert_int_equal(a.preferred_s, 0);
        /* Preferred never beyond valid; far future saturates below infinite. */
        lifetime_req(&r, now + 30, 0, 30, ND6_INFINITE_LIFETIME);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.preferred_s, 30);
        lifetime_req(&r, now + ((int64_t)1 << 40), now + 1, 1000, 1);
        nio_bsd_addr_lifetime6(l, (const uint8_t *)&r, now, &a);
        assert_int_equal(a.valid_s, NIO_LIFETIME_INFINITE - 1);
        assert_int_equal(a.preferred_s, 1);
    }
    assert_true(FB->uptime_clock);
    assert_false(MAC->uptime_clock);
}

/* ----------------------------------------------------------- requests */
static struct nio_addr addr6(const uint8_t bytes[16], uint8_t plen, uint32_t ifindex)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = ifindex;
    a.addr.slot = a.peer.slot = a.broadcast.slot = NIO_V6;
    memcpy(a.addr.bytes, bytes, 16);
    a.prefix_len = plen;
    a.valid_s = a.preferred_s = NIO_LIFETIME_INFINITE;
    return a;
}

static struct nio_addr addr4(uint8_t a0, uint8_t a1, uint8_t a2, uint8_t a3, uint8_t plen)
{
    struct nio_addr a;
    memset(&a, 0, sizeof(a));
    a.ifindex = 2;
    a.addr.slot = a.peer.slot = a.broadcast.slot = NIO_V4;
    a.addr.bytes[0] = a0, a.addr.bytes[1] = a1, a.addr.bytes[2] = a2, a.addr.bytes[3] = a3;
    a.prefix_len = plen;
    a.valid_s = a.preferred_s = NIO_LIFETIME_INFINITE;
    return a;
}

static void check_sin(const struct bsd_sockaddr_in *s, uint8_t a, uint8_t b, uint8_t c,
                      uint8_t d)
{
    assert_int_equal(s->sin_len, 16);
    assert_int_equal(s->sin_family, AF_INET_BSD);
    assert_int_equal(s->sin_port, 0);
    assert_memory_equal(s->sin_addr, ((uint8_t[]){a, b, c, d}), 4);
}

static void test_in6_ifreq(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        uint8_t req[NIO_BSD_ADDR_REQ_MAX];
        struct bsd_in6_ifreq r;
        struct nio_ip ip;
        memset(&ip, 0, sizeof(ip));
        ip.slot = NIO_V6;
        memcpy(ip.bytes, v6_ll1, 16);
        memset(req, POISON, sizeof(req));
        assert_int_equal(nio_bsd_in6_ifreq(l, "em0", &ip, 0x1234, req), 0);
        memcpy(&r, req, sizeof(r));
        assert_string_equal(r.ifr_name, "em0");
        assert_int_equal(r.ifr_ifru.ifru_addr.sin6_len, 28);
        assert_int_equal(r.ifr_ifru.ifru_addr.sin6_family, os == 0 ? FBSD_AF_INET6 : MAC_AF_INET6);
        if (os == 0) { /* FreeBSD: sin6_scope_id */
            assert_memory_equal(r.ifr_ifru.ifru_addr.sin6_addr, v6_ll1, 16);
            assert_int_equal(r.ifr_ifru.ifru_addr.sin6_scope_id, 0x1234);
        } else { /* XNU: the KAME form */
            assert_int_equal(r.ifr_ifru.ifru_addr.sin6_addr[2], 0x12);
            assert_int_equal(r.ifr_ifru.ifru_addr.sin6_addr[3], 0x34);
            assert_int_equal(r.ifr_ifru.ifru_addr.sin6_scope_id, 0);
        }
        /* A global address carries no zone. */
        memcpy(ip.bytes, v6_doc5, 16);
        assert_int_equal(nio_bsd_in6_ifreq(l, "em0", &ip, 7, req), 0);
        memcpy(&r, req, sizeof(r));
        assert_memory_equal(r.ifr_ifru.ifru_addr.sin6_addr, v6_doc5, 16);
        assert_int_equal(r.ifr_ifru.ifru_addr.sin6_scope_id, 0);
        assert_int_equal(nio_bsd_in6_ifreq(l, "", &ip, 7, req), -ENODEV);
        assert_int_equal(nio_bsd_in6_ifreq(l, "sixteen-chars-xx", &ip, 7, req), -ENODEV);
    }
}

static void test_add4(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        uint8_t req[NIO_BSD_ADDR_REQ_MAX];
        uint32_t cmd = 0;
        size_t len = 0;
        struct nio_addr a = addr4(192, 168, 7, 9, 24);
        struct fbsd_in_aliasreq f;
        struct mac_ifaliasreq m;
        struct bsd_sockaddr_in *addr, *brd, *mask;
        a.has_broadcast = true;
        a.broadcast.bytes[0] = 192, a.broadcast.bytes[1] = 168, a.broadcast.bytes[2] = 7;
        a.broadcast.bytes[3] = 255;
        memset(req, POISON, sizeof(req));
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), 0);
        if (os == 0) {
            assert_int_equal(cmd, IOW('i', 43, sizeof(struct fbsd_in_aliasreq)));
            assert_int_equal(len, sizeof(f));
            memcpy(&f, req, sizeof(f));
            assert_string_equal(f.ifra_name, "em0");
            assert_int_equal(f.ifra_vhid, 0);
            addr = &f.ifra_addr, brd = &f.ifra_broadaddr, mask = &f.ifra_mask;
        } else {
            assert_int_equal(cmd, IOW('i', 26, sizeof(struct mac_ifaliasreq)));
            assert_int_equal(len, sizeof(m));
            memcpy(&m, req, sizeof(m));
            assert_string_equal(m.ifra_name, "em0");
            addr = &m.ifra_addr, brd = &m.ifra_broadaddr, mask = &m.ifra_mask;
        }
        check_sin(addr, 192, 168, 7, 9);
        check_sin(brd, 192, 168, 7, 255);
        check_sin(mask, 255, 255, 255, 0);
        /* A point-to-point peer takes the broadcast's place. */
        a.has_peer = true;
        a.peer.bytes[0] = 10, a.peer.bytes[1] = 9, a.peer.bytes[2] = 8, a.peer.bytes[3] = 7;
        assert_int_equal(nio_bsd_addr_add_req(l, "utun0", &a, 0, req, &cmd, &len), 0);
        check_sin((struct bsd_sockaddr_in *)(void *)(req + offsetof(struct mac_ifaliasreq,
                                                                   ifra_broadaddr)),
                  10, 9, 8, 7);
        /* No broadcast at all: the sockaddr stays empty. */
        a = addr4(10, 0, 0, 1, 32);
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), 0);
        assert_int_equal(req[offsetof(struct mac_ifaliasreq, ifra_broadaddr)], 0);
        check_sin((struct bsd_sockaddr_in *)(void *)(req + offsetof(struct mac_ifaliasreq,
                                                                   ifra_mask)),
                  255, 255, 255, 255);
        /* What IPv4 on these kernels cannot keep. */
        a.valid_s = 3600;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), -EOPNOTSUPP);
        a.valid_s = NIO_LIFETIME_INFINITE;
        a.preferred_s = 0;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), -EOPNOTSUPP);
        a.preferred_s = NIO_LIFETIME_INFINITE;
        a.flags = NIO_AF_NOPREFIXROUTE;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), -EOPNOTSUPP);
        a.flags = 0;
        a.prefix_len = 33;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), -EINVAL);
        a.prefix_len = 32;
        assert_int_equal(nio_bsd_addr_add_req(l, "", &a, 0, req, &cmd, &len), -ENODEV);
    }
}

/* The request's in6_aliasreq, whichever OS's (the fields up to the
 * lifetime are at the same offsets; FreeBSD adds ifra_vhid). */
static void read6(int os, const uint8_t *req, struct mac_in6_aliasreq *out, uint32_t cmd,
                  size_t len)
{
    if (os == 0) {
        struct fbsd_in6_aliasreq f;
        assert_int_equal(cmd, IOW('i', 27, sizeof(struct fbsd_in6_aliasreq)));
        assert_int_equal(len, sizeof(f));
        memcpy(&f, req, sizeof(f));
        assert_int_equal(f.ifra_vhid, 0);
        memcpy(out, &f, sizeof(*out));
    } else {
        assert_int_equal(cmd, IOW('i', 26, sizeof(struct mac_in6_aliasreq)));
        assert_int_equal(len, sizeof(*out));
        memcpy(out, req, sizeof(*out));
    }
}

static void test_add6(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        uint8_t af6 = os == 0 ? FBSD_AF_INET6 : MAC_AF_INET6;
        uint8_t req[NIO_BSD_ADDR_REQ_MAX], mask[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                                      0xfe};
        uint32_t cmd = 0;
        size_t len = 0;
        struct nio_addr a = addr6(v6_doc5, 63, 4);
        struct mac_in6_aliasreq r;
        a.flags = NIO_AF_NODAD;
        a.valid_s = 7200;
        a.preferred_s = 3600;
        memset(req, POISON, sizeof(req));
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), 0);
        read6(os, req, &r, cmd, len);
        assert_string_equal(r.ifra_name, "em0");
        assert_int_equal(r.ifra_addr.sin6_len, 28);
        assert_int_equal(r.ifra_addr.sin6_family, af6);
        assert_memory_equal(r.ifra_addr.sin6_addr, v6_doc5, 16);
        assert_int_equal(r.ifra_dstaddr.sin6_len, 0);
        assert_int_equal(r.ifra_prefixmask.sin6_len, 28);
        assert_int_equal(r.ifra_prefixmask.sin6_family, af6);
        assert_memory_equal(r.ifra_prefixmask.sin6_addr, mask, 16);
        assert_int_equal(r.ifra_flags, IN6_IFF_NODAD);
        assert_int_equal(r.ifra_lifetime.ia6t_vltime, 7200);
        assert_int_equal(r.ifra_lifetime.ia6t_pltime, 3600);
        assert_int_equal(r.ifra_lifetime.ia6t_expire, 0);
        assert_int_equal(r.ifra_lifetime.ia6t_preferred, 0);
        /* Infinite is ND6_INFINITE_LIFETIME; DAD as the interface does it. */
        a = addr6(v6_ll1, 64, 4);
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), 0);
        read6(os, req, &r, cmd, len);
        assert_int_equal(r.ifra_flags, 0);
        assert_int_equal(r.ifra_lifetime.ia6t_vltime, ND6_INFINITE_LIFETIME);
        assert_int_equal(r.ifra_lifetime.ia6t_pltime, ND6_INFINITE_LIFETIME);
        /* The link-local address names its zone, each kernel its way. */
        if (os == 0)
            assert_int_equal(r.ifra_addr.sin6_scope_id, 4);
        else
            assert_int_equal(r.ifra_addr.sin6_addr[3], 4);
        assert_int_equal(r.ifra_prefixmask.sin6_scope_id, 0);
        /* An update carries the address's own nature, never its state. */
        a = addr6(v6_doc5, 64, 4);
        a.has_peer = true;
        memcpy(a.peer.bytes, v6_one, 16);
        assert_int_equal(nio_bsd_addr_add_req(l, "gif0", &a,
                                              IN6_IFF_AUTOCONF | IN6_IFF_TEMPORARY |
                                                  IN6_IFF_TENTATIVE | IN6_IFF_DUPLICATED |
                                                  IN6_IFF_DEPRECATED | IN6_IFF_DETACHED |
                                                  MAC_IN6_IFF_OPTIMISTIC | MAC_IN6_IFF_SECURED,
                                              req, &cmd, &len),
                         0);
        read6(os, req, &r, cmd, len);
        assert_int_equal(r.ifra_flags, IN6_IFF_AUTOCONF | IN6_IFF_TEMPORARY |
                                           (os == 1 ? MAC_IN6_IFF_SECURED : 0));
        assert_int_equal(r.ifra_dstaddr.sin6_len, 28);
        assert_memory_equal(r.ifra_dstaddr.sin6_addr, v6_one, 16);
        /* A preferred lifetime of 0 (SkipAsSource, DadState Deprecated)
         * is asked as deprecated at once. */
        a.preferred_s = 0;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, IN6_IFF_DEPRECATED, req, &cmd, &len),
                         0);
        read6(os, req, &r, cmd, len);
        assert_int_equal(r.ifra_flags, IN6_IFF_DEPRECATED);
        assert_int_equal(r.ifra_lifetime.ia6t_pltime, 0);
        a.prefix_len = 129;
        assert_int_equal(nio_bsd_addr_add_req(l, "em0", &a, 0, req, &cmd, &len), -EINVAL);
    }
}

static void test_delete(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_addrlayout *l = os == 0 ? FB : MAC;
        uint8_t req[NIO_BSD_ADDR_REQ_MAX];
        uint32_t cmd = 0;
        size_t len = 0;
        struct nio_addr a = addr4(192, 168, 7, 9, 24);
        struct bsd_ifreq r4;
        struct bsd_in6_ifreq r6;
        assert_int_equal(sizeof(r4), NIO_BSD_IFREQ_SIZE);
        memset(req, POISON, sizeof(req));
        assert_int_equal(nio_bsd_addr_delete_req(l, "em0", &a, req, &cmd, &len), 0);
        assert_int_equal(cmd, IOW('i', 25, sizeof(struct bsd_ifreq)));
        assert_int_equal(len, sizeof(r4));
        memcpy(&r4, req, sizeof(r4));
        assert_string_equal(r4.ifr_name, "em0");
        check_sin(&r4.ifr_ifru.ifru_addr, 192, 168, 7, 9);
        a = addr6(v6_ll1, 64, 3);
        assert_int_equal(nio_bsd_addr_delete_req(l, "em0", &a, req, &cmd, &len), 0);
        assert_int_equal(cmd, IOW('i', 25, sizeof(struct bsd_in6_ifreq)));
        assert_int_equal(len, sizeof(r6));
        memcpy(&r6, req, sizeof(r6));
        assert_int_equal(r6.ifr_ifru.ifru_addr.sin6_len, 28);
        assert_int_equal(os == 0 ? r6.ifr_ifru.ifru_addr.sin6_scope_id
                                 : r6.ifr_ifru.ifru_addr.sin6_addr[3],
                         3);
        assert_int_equal(nio_bsd_addr_delete_req(l, "", &a, req, &cmd, &len), -ENODEV);
    }
    /* The query requests use the same struct. */
    assert_int_equal(NIO_BSD_SIOCGIFAFLAG_IN6, IOWR('i', 73, sizeof(struct bsd_in6_ifreq)));
    assert_int_equal(NIO_BSD_SIOCGIFALIFETIME_IN6, IOWR('i', 81, sizeof(struct bsd_in6_ifreq)));
}

/* ------------------------------------------------------------- fuzzing */
static void check_sane(const struct got *g)
{
    for (size_t i = 0; i < g->n && i < 32; i++) {
        const struct nio_addr *a = &g->v[i].a;
        assert_true(a->ifindex != 0);
        assert_true(a->addr.slot == NIO_V4 || a->addr.slot == NIO_V6);
        assert_true(a->prefix_len <= (a->addr.slot == NIO_V6 ? 128 : 32));
        assert_int_equal(a->addr.scope, 0);
        assert_true(memchr(g->v[i].name, 0, sizeof(g->v[i].name)) != NULL);
    }
}

static void test_mutations(void **state)
{
    (void)state;
    srand(14);
    for (int os = 0; os < 2; os++) {
        struct buf orig, b;
        iflist(&orig, os == 0);
        for (int round = 0; round < 20000; round++) {
            struct got g;
            int flips = 1 + rand() % 4, err;
            b = orig;
            for (int k = 0; k < flips; k++)
                b.b[rand() % b.len] = (uint8_t)rand();
            if (rand() % 4 == 0)
                b.len = (size_t)rand() % (orig.len + 1);
            err = parse(&b, NIO_WANT_V4 | NIO_WANT_V6, &g, NULL);
            assert_true(err == 0 || err == -EPROTO);
            check_sane(&g);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iflist_both_families),
        cmocka_unit_test(test_iflist_family_filter),
        cmocka_unit_test(test_layout_matters),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_orphans_skipped),
        cmocka_unit_test(test_newaddr_malformed),
        cmocka_unit_test(test_iflist_truncated),
        cmocka_unit_test(test_flags6),
        cmocka_unit_test(test_lifetime6),
        cmocka_unit_test(test_in6_ifreq),
        cmocka_unit_test(test_add4),
        cmocka_unit_test(test_add6),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
