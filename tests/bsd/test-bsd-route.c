/* test-bsd-route.c - src/bsd/parse-route.c on any OS: route messages of
 * FreeBSD and macOS into rows and GetBestRoute2 answers, and the RTM_ADD,
 * RTM_DELETE and RTM_GET requests.  Messages are built from the structs of
 * transcribed.h (written down from the headers independently of
 * parse-route.c's offsets), with the sockaddrs padded by this file's own
 * rounding and the padding poisoned, so a wrong offset, alignment or
 * read past sa_len shows. */
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
#define NOW 1000000
#define IFT_ETHER_ 6

#define FB (&nio_bsd_rt_freebsd)
#define MAC (&nio_bsd_rt_macos)

/* ------------------------------------------------------ building messages */
struct msg {
    uint8_t b[1024];
    size_t len;
    size_t align;              /* 8: FreeBSD's sizeof(long); 4: macOS's ROUNDUP32 */
    bool fbsd;
    int32_t addrs;
};

static void start(struct msg *m, bool fbsd, uint8_t type, uint16_t index, int32_t flags)
{
    memset(m, 0, sizeof(*m));
    memset(m->b, POISON, sizeof(m->b));
    m->fbsd = fbsd;
    m->align = fbsd ? 8 : 4;
    if (fbsd) {
        struct fbsd_rt_msghdr h;
        memset(&h, POISON, sizeof(h));
        h.rtm_version = RTM_VERSION;
        h.rtm_type = type;
        h.rtm_index = index;
        h.rtm_flags = flags;
        h.rtm_pid = 77;
        h.rtm_seq = 5;
        h.rtm_errno = 0;
        h.rtm_rmx.rmx_expire = 0;
        memcpy(m->b, &h, sizeof(h));
        m->len = sizeof(h);
    } else {
        struct mac_rt_msghdr h;
        memset(&h, POISON, sizeof(h));
        h.rtm_version = RTM_VERSION;
        h.rtm_type = type;
        h.rtm_index = index;
        h.rtm_flags = flags;
        h.rtm_pid = 77;
        h.rtm_seq = 5;
        h.rtm_errno = 0;
        h.rtm_rmx.rmx_expire = 0;
        memcpy(m->b, &h, sizeof(h));
        m->len = sizeof(h);
    }
}

/* Appends the sa_len bytes of sa for bit rta, then poisoned padding to the
 * OS's unit (one unit for sa_len 0). */
static void add_sa(struct msg *m, int32_t rta, const void *sa, uint8_t sa_len)
{
    size_t space = sa_len == 0 ? m->align : (sa_len + m->align - 1) / m->align * m->align;
    memcpy(m->b + m->len, sa, sa_len);
    memset(m->b + m->len + sa_len, POISON, space - sa_len);
    if (sa_len == 0)
        m->b[m->len] = 0; /* the empty sockaddr's own sa_len */
    m->len += space;
    m->addrs |= rta;
}

static void add_in(struct msg *m, int32_t rta, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    struct bsd_sockaddr_in s;
    memset(&s, 0, sizeof(s));
    s.sin_len = sizeof(s);
    s.sin_family = AF_INET_BSD;
    s.sin_addr[0] = a, s.sin_addr[1] = b, s.sin_addr[2] = c, s.sin_addr[3] = d;
    add_sa(m, rta, &s, sizeof(s));
}

static void add_in6(struct msg *m, int32_t rta, const uint8_t addr[16], uint32_t scope_id)
{
    struct bsd_sockaddr_in6 s;
    memset(&s, 0, sizeof(s));
    s.sin6_len = sizeof(s);
    s.sin6_family = m->fbsd ? FBSD_AF_INET6 : MAC_AF_INET6;
    memcpy(s.sin6_addr, addr, 16);
    s.sin6_scope_id = scope_id;
    add_sa(m, rta, &s, sizeof(s));
}

/* A netmask cut to sa_len bytes, as the radix tree keeps it (macOS): the
 * bytes are those of an AF_INET sockaddr. */
static void add_mask4(struct msg *m, uint8_t sa_len, uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
    uint8_t s[16];
    memset(s, POISON, sizeof(s));
    s[0] = sa_len;
    s[1] = 0; /* radix masks carry no family */
    s[2] = s[3] = 0;
    s[4] = a, s[5] = b, s[6] = c, s[7] = d;
    add_sa(m, RTA_NETMASK, s, sa_len);
}

static void add_dl(struct msg *m, int32_t rta, uint16_t index, uint8_t type)
{
    uint8_t s[64];
    struct bsd_sockaddr_dl d;
    uint8_t len = m->fbsd ? FBSD_SOCKADDR_DL_SIZE : MAC_SOCKADDR_DL_SIZE;
    memset(s, 0, sizeof(s));
    memset(&d, 0, sizeof(d));
    d.sdl_len = len;
    d.sdl_family = AF_LINK_BSD;
    d.sdl_index = index;
    d.sdl_type = type;
    memcpy(s, &d, sizeof(d));
    add_sa(m, rta, s, len);
}

static void finish(struct msg *m)
{
    uint16_t len = (uint16_t)m->len;
    memcpy(m->b + offsetof(struct fbsd_rt_msghdr, rtm_msglen), &len, 2);
    if (m->fbsd)
        memcpy(m->b + offsetof(struct fbsd_rt_msghdr, rtm_addrs), &m->addrs, 4);
    else
        memcpy(m->b + offsetof(struct mac_rt_msghdr, rtm_addrs), &m->addrs, 4);
}

static void set_expire(struct msg *m, int64_t when)
{
    if (m->fbsd) {
        uint64_t v = (uint64_t)when;
        memcpy(m->b + offsetof(struct fbsd_rt_msghdr, rtm_rmx.rmx_expire), &v, 8);
    } else {
        int32_t v = (int32_t)when;
        memcpy(m->b + offsetof(struct mac_rt_msghdr, rtm_rmx.rmx_expire), &v, 4);
    }
}

static void set_errno(struct msg *m, int32_t e)
{
    size_t off = m->fbsd ? offsetof(struct fbsd_rt_msghdr, rtm_errno)
                         : offsetof(struct mac_rt_msghdr, rtm_errno);
    memcpy(m->b + off, &e, 4);
}

static const struct nio_bsd_rtlayout *lay(const struct msg *m)
{
    return m->fbsd ? FB : MAC;
}

/* The row of a finished message: the result of nio_bsd_route_row(). */
static int row_of(struct msg *m, struct nio_route *r)
{
    struct nio_bsd_rtmsg p;
    int err;
    finish(m);
    err = nio_bsd_parse_rtmsg(lay(m), m->b, m->len, &p);
    if (err != 0)
        return err == -EPROTO ? -1000 : err; /* tell malformed from "no row" */
    return nio_bsd_route_row(lay(m), &p, NOW, r);
}

static const uint8_t v6_doc5[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
static const uint8_t v6_zero[16];

/* ----------------------------------------------------------------- rows */
static void test_default_route_v4(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct msg m;
        struct nio_route r;
        start(&m, os == 0, RTM_GET, 2, RTF_UP | RTF_GATEWAY | RTF_STATIC);
        add_in(&m, RTA_DST, 0, 0, 0, 0);
        add_in(&m, RTA_GATEWAY, 192, 168, 1, 1);
        add_mask4(&m, 0, 0, 0, 0, 0); /* the default route's empty mask: one unit */
        add_dl(&m, RTA_IFP, 2, IFT_ETHER_);
        add_in(&m, RTA_IFA, 192, 168, 1, 10);
        assert_int_equal(row_of(&m, &r), 0);
        assert_int_equal(r.prefix.slot, NIO_V4);
        assert_int_equal(r.prefix_len, 0);
        assert_int_equal(r.oif, 2);
        assert_true(r.has_gateway);
        assert_memory_equal(r.gateway.bytes, ((uint8_t[]){192, 168, 1, 1}), 4);
        assert_false(r.local);
        assert_int_equal(r.metric, NIO_BSD_ROUTE_METRIC);
        assert_int_equal(r.origin, NIO_RO_STATIC);
        assert_false(r.expires);
        assert_int_equal(r.os_bits, RTF_UP | RTF_GATEWAY | RTF_STATIC);
    }
}

/* macOS cuts masks short: 10/8 as a 5-byte sockaddr, poison after it. */
static void test_truncated_mask(void **state)
{
    struct msg m;
    struct nio_route r;
    struct nio_bsd_rtmsg p;
    (void)state;
    start(&m, false, RTM_GET, 4, RTF_UP);
    add_in(&m, RTA_DST, 10, 0, 0, 0);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    add_mask4(&m, 5, 0xff, 0xff, 0xff, 0xff); /* sa_len 5: only the first 0xff is in it */
    add_dl(&m, RTA_IFP, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.prefix_len, 8);
    assert_false(r.has_gateway);
    assert_int_equal(r.oif, 4);
    assert_int_equal(r.origin, NIO_RO_KERNEL);
    /* The sockaddr after the 5-byte mask starts 8 bytes on (ROUNDUP32). */
    assert_int_equal(nio_bsd_parse_rtmsg(MAC, m.b, m.len, &p), 0);
    assert_true(p.has_ifp);
    assert_int_equal(p.ifp_index, 4);
    /* The same 10/8 from FreeBSD, whose masks are whole and 8-aligned. */
    start(&m, true, RTM_GET, 4, RTF_UP);
    add_in(&m, RTA_DST, 10, 0, 0, 0);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    add_mask4(&m, 16, 0xff, 0, 0, 0);
    add_dl(&m, RTA_IFP, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.prefix_len, 8);
}

/* An empty sockaddr takes 8 bytes on FreeBSD, 4 on macOS: the IFP after a
 * zero-length mask is found in both. */
static void test_empty_sockaddr_unit(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct msg m;
        struct nio_bsd_rtmsg p;
        start(&m, os == 0, RTM_GET, 3, RTF_UP | RTF_GATEWAY);
        add_in(&m, RTA_DST, 0, 0, 0, 0);
        add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
        add_mask4(&m, 0, 0, 0, 0, 0);
        add_dl(&m, RTA_IFP, 3, IFT_ETHER_);
        finish(&m);
        assert_int_equal(nio_bsd_parse_rtmsg(lay(&m), m.b, m.len, &p), 0);
        assert_true(p.has_mask);
        assert_int_equal(p.mask_len, 0);
        assert_true(p.has_ifp);
        assert_int_equal(p.ifp_index, 3);
        /* Read with the other OS's unit, the IFP is not where it is. */
        assert_true(nio_bsd_parse_rtmsg(os == 0 ? MAC : FB, m.b, m.len, &p) != 0 ||
                    !p.has_ifp || p.ifp_index != 3);
    }
}

static void test_host_route(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    start(&m, true, RTM_GET, 5, RTF_UP | RTF_HOST | RTF_GATEWAY | RTF_STATIC);
    add_in(&m, RTA_DST, 203, 0, 113, 7);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.prefix_len, 32);
    assert_memory_equal(r.prefix.bytes, ((uint8_t[]){203, 0, 113, 7}), 4);
    assert_true(r.has_gateway);
    assert_false(r.local);
    /* On a point-to-point link the gateway without RTF_GATEWAY is the
     * interface's own address: on-link. */
    start(&m, false, RTM_GET, 9, RTF_UP | RTF_HOST);
    add_in(&m, RTA_DST, 10, 8, 0, 2);
    add_in(&m, RTA_GATEWAY, 10, 8, 0, 1);
    assert_int_equal(row_of(&m, &r), 0);
    assert_false(r.has_gateway);
    assert_false(r.local);
    assert_int_equal(r.oif, 9);
}

/* Host bits beyond the mask are cleared. */
static void test_prefix_masked(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_GATEWAY);
    add_in(&m, RTA_DST, 172, 16, 5, 9);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
    add_mask4(&m, 16, 255, 255, 0, 0);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.prefix_len, 16);
    assert_memory_equal(r.prefix.bytes, ((uint8_t[]){172, 16, 0, 0}), 4);
}

/* FreeBSD's loopback route of an address: a host route through lo0 (1)
 * whose link gateway names the interface holding the address. */
static void test_fbsd_local(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    start(&m, true, RTM_GET, 1, RTF_UP | RTF_HOST | RTF_STATIC | FBSD_RTF_PINNED);
    add_in6(&m, RTA_DST, v6_doc5, 0);
    add_dl(&m, RTA_GATEWAY, 2, IFT_ETHER_);
    add_dl(&m, RTA_IFP, 1, IFT_LOOP);
    assert_int_equal(row_of(&m, &r), 0);
    assert_true(r.local);
    assert_int_equal(r.oif, 2);
    assert_int_equal(r.prefix_len, 128);
    assert_false(r.has_gateway);
    assert_int_equal(r.origin, NIO_RO_KERNEL);
    /* 127.0.0.1: lo0's own, the gateway of loopback type. */
    start(&m, true, RTM_GET, 1, RTF_UP | RTF_HOST | RTF_STATIC | FBSD_RTF_PINNED);
    add_in(&m, RTA_DST, 127, 0, 0, 1);
    add_dl(&m, RTA_GATEWAY, 1, IFT_LOOP);
    assert_int_equal(row_of(&m, &r), 0);
    assert_true(r.local);
    assert_int_equal(r.oif, 1);
    /* An on-link host route of an administrator: not local. */
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_HOST | RTF_STATIC);
    add_in(&m, RTA_DST, 10, 1, 1, 1);
    add_dl(&m, RTA_GATEWAY, 2, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), 0);
    assert_false(r.local);
    assert_int_equal(r.oif, 2);
}

static void test_mac_flags(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    /* An own address kept as a cloned neighbour entry with RTF_LOCAL. */
    start(&m, false, RTM_GET, 1, RTF_UP | RTF_HOST | RTF_LLINFO | MAC_RTF_WASCLONED | RTF_LOCAL);
    add_in(&m, RTA_DST, 192, 168, 1, 10);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), 0);
    assert_true(r.local);
    assert_int_equal(r.oif, 4);
    /* The same clone without RTF_LOCAL: on lo0, its link gateway the
     * owner's - still the address's local row. */
    start(&m, false, RTM_GET, 1, RTF_UP | RTF_HOST | RTF_LLINFO | MAC_RTF_WASCLONED);
    add_in(&m, RTA_DST, 192, 168, 1, 10);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), 0);
    assert_true(r.local);
    assert_int_equal(r.oif, 4);
    /* A neighbour's entry on its own interface: no row. */
    start(&m, false, RTM_GET, 4, RTF_UP | RTF_HOST | RTF_LLINFO | MAC_RTF_WASCLONED);
    add_in(&m, RTA_DST, 192, 168, 1, 1);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), -ENOENT);
    /* A local entry that is a broadcast one is still no row. */
    start(&m, false, RTM_GET, 1, RTF_UP | RTF_HOST | RTF_LOCAL | RTF_BROADCAST);
    add_in(&m, RTA_DST, 192, 168, 1, 255);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), -ENOENT);
    /* XNU's lo0 route of its own address: the gateway is the destination. */
    start(&m, false, RTM_GET, 1, RTF_UP | RTF_HOST);
    add_in(&m, RTA_DST, 127, 0, 0, 1);
    add_in(&m, RTA_GATEWAY, 127, 0, 0, 1);
    assert_int_equal(row_of(&m, &r), 0);
    assert_true(r.local);
    assert_int_equal(r.oif, 1);
    assert_false(r.has_gateway);
    /* The same without RTF_LOCAL: a neighbour entry, no row. */
    static const int32_t none[] = {
        RTF_UP | RTF_HOST | RTF_LLINFO,
        RTF_UP | RTF_HOST | MAC_RTF_WASCLONED | RTF_GATEWAY,
        RTF_UP | RTF_REJECT,
        RTF_UP | RTF_BLACKHOLE,
        RTF_UP | RTF_HOST | RTF_BROADCAST,
        RTF_GATEWAY, /* not up */
    };
    for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
        start(&m, false, RTM_GET, 4, none[i]);
        add_in(&m, RTA_DST, 192, 168, 1, 20);
        add_in(&m, RTA_GATEWAY, 192, 168, 1, 1);
        assert_int_equal(row_of(&m, &r), -ENOENT);
    }
    /* A scoped route is a row (deduplicated against the primary copy). */
    start(&m, false, RTM_GET, 4, RTF_UP | RTF_GATEWAY | RTF_STATIC | MAC_RTF_IFSCOPE);
    add_in(&m, RTA_DST, 0, 0, 0, 0);
    add_in(&m, RTA_GATEWAY, 192, 168, 1, 1);
    add_mask4(&m, 0, 0, 0, 0, 0);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.os_bits & MAC_RTF_IFSCOPE, MAC_RTF_IFSCOPE);
    /* WASCLONED is macOS's: FreeBSD never sets it, and a FreeBSD route with
     * that bit is still a row. */
    start(&m, true, RTM_GET, 4, RTF_UP | RTF_GATEWAY | MAC_RTF_WASCLONED);
    add_in(&m, RTA_DST, 0, 0, 0, 0);
    add_in(&m, RTA_GATEWAY, 192, 168, 1, 1);
    add_mask4(&m, 0, 0, 0, 0, 0);
    assert_int_equal(row_of(&m, &r), 0);
}

/* IPv6 link-local: macOS embeds the zone in bytes 2-3, FreeBSD keeps it in
 * sin6_scope_id; both come out as scope with the bytes cleared. */
static void test_link_local(void **state)
{
    static const uint8_t fe80_emb[16] = {0xfe, 0x80, 0x00, 0x04};
    static const uint8_t gw_emb[16] = {0xfe, 0x80, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t gw[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t fe80[16] = {0xfe, 0x80};
    uint8_t mask[16] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    struct msg m;
    struct nio_route r;
    (void)state;
    start(&m, false, RTM_GET, 4, RTF_UP);
    add_in6(&m, RTA_DST, fe80_emb, 0);
    add_dl(&m, RTA_GATEWAY, 4, IFT_ETHER_);
    add_in6(&m, RTA_NETMASK, mask, 0);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.prefix.slot, NIO_V6);
    assert_int_equal(r.prefix_len, 64);
    assert_memory_equal(r.prefix.bytes, fe80, 16);
    /* A default route through a router's link-local address, learned from
     * an advertisement (no RTF_STATIC). */
    for (int os = 0; os < 2; os++) {
        start(&m, os == 0, RTM_GET, 4, RTF_UP | RTF_GATEWAY);
        add_in6(&m, RTA_DST, v6_zero, 0);
        add_in6(&m, RTA_GATEWAY, os == 0 ? gw : gw_emb, os == 0 ? 4 : 0);
        memset(mask, 0, sizeof(mask));
        add_in6(&m, RTA_NETMASK, mask, 0);
        assert_int_equal(row_of(&m, &r), 0);
        assert_int_equal(r.prefix_len, 0);
        assert_true(r.has_gateway);
        assert_memory_equal(r.gateway.bytes, gw, 16);
        assert_int_equal(r.gateway.scope, 4);
        assert_int_equal(r.origin, NIO_RO_RA);
    }
}

static void test_origin_and_lifetime(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    for (int os = 0; os < 2; os++) {
        start(&m, os == 0, RTM_GET, 2, RTF_UP | RTF_GATEWAY | RTF_HOST | RTF_DYNAMIC);
        add_in(&m, RTA_DST, 198, 51, 100, 1);
        add_in(&m, RTA_GATEWAY, 10, 0, 0, 2);
        set_expire(&m, NOW + 100);
        assert_int_equal(row_of(&m, &r), 0);
        assert_int_equal(r.origin, NIO_RO_REDIRECT);
        assert_true(r.expires);
        assert_int_equal(r.expires_s, 100);
        set_expire(&m, NOW - 5); /* expired, not yet swept */
        assert_int_equal(row_of(&m, &r), 0);
        assert_true(r.expires);
        assert_int_equal(r.expires_s, 0);
    }
    /* FreeBSD's expiry is a u_long: beyond 32 bits. */
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_GATEWAY | RTF_HOST);
    add_in(&m, RTA_DST, 198, 51, 100, 1);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 2);
    set_expire(&m, NOW + 0x100000000LL);
    assert_int_equal(row_of(&m, &r), 0);
    assert_int_equal(r.expires_s, UINT32_MAX - 1);
}

static void test_not_rows(void **state)
{
    struct msg m;
    struct nio_route r;
    (void)state;
    /* A non-contiguous IPv4 mask: no prefix length says it. */
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_GATEWAY);
    add_in(&m, RTA_DST, 10, 0, 5, 0);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
    add_mask4(&m, 16, 255, 0, 255, 0);
    assert_int_equal(row_of(&m, &r), -ENOENT);
    /* A destination of another family (AF_LINK) is no IP route. */
    start(&m, true, RTM_GET, 2, RTF_UP);
    add_dl(&m, RTA_DST, 2, IFT_ETHER_);
    add_dl(&m, RTA_GATEWAY, 2, IFT_ETHER_);
    assert_int_equal(row_of(&m, &r), -ENOENT);
    /* No interface at all. */
    start(&m, true, RTM_GET, 0, RTF_UP | RTF_GATEWAY);
    add_in(&m, RTA_DST, 10, 0, 0, 0);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
    add_mask4(&m, 16, 255, 0, 0, 0);
    assert_int_equal(row_of(&m, &r), -ENOENT);
}

/* ------------------------------------------------------------ malformed */
static void test_malformed(void **state)
{
    struct msg m;
    struct nio_bsd_rtmsg p;
    struct nio_route r;
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_rtlayout *l = os == 0 ? FB : MAC;
        size_t hdr = os == 0 ? sizeof(struct fbsd_rt_msghdr) : sizeof(struct mac_rt_msghdr);
        start(&m, os == 0, RTM_GET, 2, RTF_UP | RTF_GATEWAY);
        add_in(&m, RTA_DST, 10, 0, 0, 0);
        add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
        finish(&m);
        assert_int_equal(nio_bsd_parse_rtmsg(l, m.b, m.len, &p), 0);
        /* Shorter than the header; cut inside a sockaddr. */
        assert_int_equal(nio_bsd_parse_rtmsg(l, m.b, hdr - 1, &p), -EPROTO);
        for (size_t cut = hdr; cut < m.len; cut++) {
            uint16_t l16 = (uint16_t)cut;
            uint8_t copy[1024];
            memcpy(copy, m.b, m.len);
            memcpy(copy, &l16, 2);
            assert_int_equal(nio_bsd_parse_rtmsg(l, copy, cut, &p), -EPROTO);
        }
        /* msglen beyond what was read. */
        assert_int_equal(nio_bsd_parse_rtmsg(l, m.b, m.len - 1, &p), -EPROTO);
        /* Another version. */
        m.b[2] = RTM_VERSION + 1;
        assert_int_equal(nio_bsd_parse_rtmsg(l, m.b, m.len, &p), -EPROTO);
        /* An AF_INET sockaddr too short for its address. */
        start(&m, os == 0, RTM_GET, 2, RTF_UP);
        {
            uint8_t s[6] = {6, AF_INET_BSD, 0, 0, 10, 0};
            add_sa(&m, RTA_DST, s, sizeof(s));
        }
        assert_int_equal(row_of(&m, &r), -1000);
    }
}

/* ----------------------------------------------------------------- dump */
struct seen {
    struct nio_route r[8];
    size_t n;
    int stop_at;               /* return an error at this call, -1 never */
};

static int seen_cb(const struct nio_route *r, void *ctx)
{
    struct seen *s = ctx;
    if ((int)s->n == s->stop_at)
        return -EINTR;
    s->r[s->n++] = *r;
    return 0;
}

static size_t append(uint8_t *buf, size_t off, struct msg *m)
{
    finish(m);
    memcpy(buf + off, m->b, m->len);
    return off + m->len;
}

static void test_dump(void **state)
{
    uint8_t buf[4096];
    size_t len = 0;
    struct msg m;
    struct seen s;
    (void)state;
    memset(&s, 0, sizeof(s));
    s.stop_at = -1;
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_GATEWAY | RTF_STATIC); /* default via 2 */
    add_in(&m, RTA_DST, 0, 0, 0, 0);
    add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
    add_mask4(&m, 0, 0, 0, 0, 0);
    len = append(buf, len, &m);
    start(&m, true, RTM_GET, 3, RTF_UP); /* 10.3/16 on 3 */
    add_in(&m, RTA_DST, 10, 3, 0, 0);
    add_dl(&m, RTA_GATEWAY, 3, IFT_ETHER_);
    add_mask4(&m, 16, 255, 255, 0, 0);
    len = append(buf, len, &m);
    start(&m, true, RTM_GET, 3, RTF_UP | RTF_REJECT); /* no row */
    add_in(&m, RTA_DST, 10, 4, 0, 0);
    add_in(&m, RTA_GATEWAY, 127, 0, 0, 1);
    len = append(buf, len, &m);
    start(&m, true, RTM_GET, 3, RTF_UP); /* another version: skipped */
    add_in(&m, RTA_DST, 10, 5, 0, 0);
    finish(&m);
    m.b[2] = 4;
    memcpy(buf + len, m.b, m.len);
    len += m.len;
    start(&m, true, RTM_GET, 2, RTF_UP | RTF_GATEWAY); /* IPv6 default via 2 */
    add_in6(&m, RTA_DST, v6_zero, 0);
    add_in6(&m, RTA_GATEWAY, v6_doc5, 0);
    add_in6(&m, RTA_NETMASK, v6_zero, 0);
    len = append(buf, len, &m);

    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 0, NOW,
                                          seen_cb, &s), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.r[0].oif, 2);
    assert_int_equal(s.r[1].oif, 3);
    assert_int_equal(s.r[1].prefix_len, 16);
    assert_int_equal(s.r[2].prefix.slot, NIO_V6);
    /* By family and by interface. */
    memset(&s, 0, sizeof(s));
    s.stop_at = -1;
    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, len, NIO_WANT_V4, 2, NOW, seen_cb, &s), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.r[0].prefix_len, 0);
    assert_int_equal(s.r[0].prefix.slot, NIO_V4);
    /* cb's error stops the walk. */
    memset(&s, 0, sizeof(s));
    s.stop_at = 1;
    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, len, NIO_WANT_V4 | NIO_WANT_V6, 0, NOW,
                                          seen_cb, &s), -EINTR);
    assert_int_equal(s.n, 1);
    /* A message overrunning the buffer. */
    memset(&s, 0, sizeof(s));
    s.stop_at = -1;
    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, len - 1, NIO_WANT_V4 | NIO_WANT_V6, 0, NOW,
                                          seen_cb, &s), -EPROTO);
    /* A zero length would loop forever. */
    memset(buf, 0, 8);
    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, len, NIO_WANT_V4, 0, NOW, seen_cb, &s),
                     -EPROTO);
    assert_int_equal(nio_bsd_parse_rtdump(FB, buf, 0, NIO_WANT_V4, 0, NOW, seen_cb, &s), 0);
}

/* -------------------------------------------------------------- answers */
static void test_answer(void **state)
{
    struct msg m;
    struct nio_bsd_rtmsg p;
    struct nio_route r;
    (void)state;
    for (int os = 0; os < 2; os++) {
        start(&m, os == 0, RTM_GET, 3, RTF_UP | RTF_GATEWAY | RTF_STATIC | RTF_DYNAMIC * 0);
        add_in(&m, RTA_DST, 0, 0, 0, 0);
        add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
        add_mask4(&m, 0, 0, 0, 0, 0);
        add_dl(&m, RTA_IFP, 3, IFT_ETHER_);
        add_in(&m, RTA_IFA, 10, 0, 0, 5);
        finish(&m);
        assert_int_equal(nio_bsd_parse_rtmsg(lay(&m), m.b, m.len, &p), 0);
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), 0);
        assert_int_equal(r.oif, 3);
        assert_int_equal(r.prefix_len, 0);
        assert_true(r.has_gateway);
        assert_true(r.has_src);
        assert_memory_equal(r.src.bytes, ((uint8_t[]){10, 0, 0, 5}), 4);
        p.err = ESRCH;
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), -ENETUNREACH);
        p.err = EPERM;
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), -EPERM);
        p.err = INT32_MIN; /* no errno at all */
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), -EPROTO);
        p.err = 0;
        p.flags |= RTF_BLACKHOLE;
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), -ENETUNREACH);
        p.flags &= ~RTF_BLACKHOLE;
        p.has_dst = false;
        assert_int_equal(nio_bsd_route_answer(lay(&m), &p, &r), -ENETUNREACH);
        /* The kernel's errno comes in rtm_errno. */
        set_errno(&m, ESRCH);
        assert_int_equal(nio_bsd_parse_rtmsg(lay(&m), m.b, m.len, &p), 0);
        assert_int_equal(p.err, ESRCH);
    }
}

static void test_is_reply(void **state)
{
    struct msg m;
    (void)state;
    start(&m, false, RTM_GET, 0, RTF_UP);
    add_in(&m, RTA_DST, 10, 0, 0, 1);
    finish(&m);
    assert_true(nio_bsd_rt_is_reply(m.b, m.len, RTM_GET, 5, 77));
    assert_false(nio_bsd_rt_is_reply(m.b, m.len, RTM_ADD, 5, 77));
    assert_false(nio_bsd_rt_is_reply(m.b, m.len, RTM_GET, 6, 77));
    assert_false(nio_bsd_rt_is_reply(m.b, m.len, RTM_GET, 5, 78));
    assert_false(nio_bsd_rt_is_reply(m.b, 20, RTM_GET, 5, 77));
    m.b[2] = 4;
    assert_false(nio_bsd_rt_is_reply(m.b, m.len, RTM_GET, 5, 77));
}

/* ------------------------------------------------------------- requests */
/* A request's header fields, read with the transcribed struct. */
struct hdr {
    uint16_t msglen, index;
    uint8_t version, type;
    int32_t flags, addrs, seq;
    size_t size;
};

static struct hdr hdr_of(bool fbsd, const uint8_t *b)
{
    struct hdr h;
    if (fbsd) {
        struct fbsd_rt_msghdr f;
        memcpy(&f, b, sizeof(f));
        h = (struct hdr){f.rtm_msglen, f.rtm_index, f.rtm_version, f.rtm_type,
                         f.rtm_flags, f.rtm_addrs, f.rtm_seq, sizeof(f)};
    } else {
        struct mac_rt_msghdr x;
        memcpy(&x, b, sizeof(x));
        h = (struct hdr){x.rtm_msglen, x.rtm_index, x.rtm_version, x.rtm_type,
                         x.rtm_flags, x.rtm_addrs, x.rtm_seq, sizeof(x)};
    }
    return h;
}

/* The sockaddr for bit rta of a request, walked with this file's rounding. */
static const uint8_t *sa_at(bool fbsd, const uint8_t *b, int32_t rta)
{
    struct hdr h = hdr_of(fbsd, b);
    size_t off = h.size, align = fbsd ? 8 : 4;
    for (int32_t bit = 1; bit < 0x100; bit <<= 1) {
        if (!(h.addrs & bit))
            continue;
        if (bit == rta)
            return b + off;
        off += b[off] == 0 ? align : (b[off] + align - 1) / align * align;
    }
    return NULL;
}

static struct nio_route route4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint8_t len,
                               uint32_t oif)
{
    struct nio_route r;
    memset(&r, 0, sizeof(r));
    r.prefix.slot = r.gateway.slot = NIO_V4;
    r.prefix.bytes[0] = a, r.prefix.bytes[1] = b, r.prefix.bytes[2] = c, r.prefix.bytes[3] = d;
    r.prefix_len = len;
    r.oif = oif;
    r.metric = NIO_BSD_ROUTE_METRIC;
    r.origin = NIO_RO_STATIC;
    return r;
}

static void test_add_msg(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        const struct nio_bsd_rtlayout *l = fbsd ? FB : MAC;
        uint8_t b[NIO_RT_MSG_MAX];
        size_t len = 0;
        struct nio_route r = route4(10, 20, 0, 0, 16, 7);
        struct hdr h;
        const uint8_t *sa;
        struct nio_bsd_rtmsg p;
        struct nio_route back;
        /* On-link: the gateway is the interface's link sockaddr. */
        assert_int_equal(nio_bsd_route_add_msg(l, &r, 42, b, sizeof(b), &len), 0);
        h = hdr_of(fbsd, b);
        assert_int_equal(h.msglen, len);
        assert_int_equal(h.version, RTM_VERSION);
        assert_int_equal(h.type, RTM_ADD);
        assert_int_equal(h.seq, 42);
        assert_int_equal(h.index, 7);
        assert_int_equal(h.flags, RTF_UP | RTF_STATIC);
        assert_int_equal(h.addrs, RTA_DST | RTA_GATEWAY | RTA_NETMASK | RTA_IFP);
        sa = sa_at(fbsd, b, RTA_GATEWAY);
        assert_int_equal(sa[1], AF_LINK_BSD);
        assert_int_equal(sa[0], fbsd ? FBSD_SOCKADDR_DL_SIZE : MAC_SOCKADDR_DL_SIZE);
        assert_int_equal(((const struct bsd_sockaddr_dl *)(const void *)sa)->sdl_index, 7);
        sa = sa_at(fbsd, b, RTA_NETMASK);
        assert_memory_equal(((const struct bsd_sockaddr_in *)(const void *)sa)->sin_addr,
                            ((uint8_t[]){255, 255, 0, 0}), 4);
        sa = sa_at(fbsd, b, RTA_IFP);
        assert_int_equal(((const struct bsd_sockaddr_dl *)(const void *)sa)->sdl_index, 7);
        assert_true(sa + sa[0] <= b + len);
        /* Parsed back as the kernel echoes it: the same row. */
        assert_int_equal(nio_bsd_parse_rtmsg(l, b, len, &p), 0);
        assert_int_equal(nio_bsd_route_row(l, &p, NOW, &back), 0);
        assert_int_equal(back.prefix_len, 16);
        assert_memory_equal(back.prefix.bytes, r.prefix.bytes, 4);
        assert_int_equal(back.oif, 7);
        assert_false(back.has_gateway);
        assert_int_equal(back.origin, NIO_RO_STATIC);
        /* A host route through a gateway: RTF_HOST, no netmask. */
        r = route4(198, 51, 100, 9, 32, 7);
        r.has_gateway = true;
        r.gateway.bytes[0] = 10, r.gateway.bytes[3] = 1;
        assert_int_equal(nio_bsd_route_add_msg(l, &r, 43, b, sizeof(b), &len), 0);
        h = hdr_of(fbsd, b);
        assert_int_equal(h.flags, RTF_UP | RTF_STATIC | RTF_GATEWAY | RTF_HOST);
        assert_int_equal(h.addrs, RTA_DST | RTA_GATEWAY | RTA_IFP);
        sa = sa_at(fbsd, b, RTA_GATEWAY);
        assert_int_equal(sa[1], AF_INET_BSD);
        assert_memory_equal(sa + 4, ((uint8_t[]){10, 0, 0, 1}), 4);
        /* Too small a buffer. */
        assert_int_equal(nio_bsd_route_add_msg(l, &r, 43, b, h.size + 8, &len), -ENOBUFS);
        assert_int_equal(nio_bsd_route_add_msg(l, &r, 43, b, 10, &len), -ENOBUFS);
    }
}

static void test_add_refused(void **state)
{
    uint8_t b[NIO_RT_MSG_MAX];
    size_t len = 0;
    struct nio_route r = route4(10, 0, 0, 0, 8, 2), x;
    (void)state;
    x = r, x.metric = 100; /* no route priority on these kernels */
    assert_int_equal(nio_bsd_route_add_msg(FB, &x, 1, b, sizeof(b), &len), -EOPNOTSUPP);
    x = r, x.metric = NIO_BSD_ROUTE_METRIC + 5; /* an interface metric kept by the process */
    assert_int_equal(nio_bsd_route_add_msg(MAC, &x, 1, b, sizeof(b), &len), -EOPNOTSUPP);
    x = r, x.origin = NIO_RO_DHCP;
    assert_int_equal(nio_bsd_route_add_msg(FB, &x, 1, b, sizeof(b), &len), -EOPNOTSUPP);
    x = r, x.expires = true, x.expires_s = 60;
    assert_int_equal(nio_bsd_route_add_msg(MAC, &x, 1, b, sizeof(b), &len), -EOPNOTSUPP);
    x = r, x.local = true;
    assert_int_equal(nio_bsd_route_add_msg(FB, &x, 1, b, sizeof(b), &len), -EOPNOTSUPP);
    x = r, x.oif = 0;
    assert_int_equal(nio_bsd_route_add_msg(FB, &x, 1, b, sizeof(b), &len), -ENODEV);
    x = r, x.oif = 70000; /* beyond a 16-bit index */
    assert_int_equal(nio_bsd_route_add_msg(FB, &x, 1, b, sizeof(b), &len), -ENODEV);
    assert_int_equal(nio_bsd_route_add_msg(FB, &r, 1, b, sizeof(b), &len), 0);
}

/* The zone of a link-local gateway: embedded on macOS, sin6_scope_id on
 * FreeBSD. */
static void test_add_link_local_gateway(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        uint8_t b[NIO_RT_MSG_MAX];
        size_t len = 0;
        struct nio_route r;
        const struct bsd_sockaddr_in6 *sa;
        memset(&r, 0, sizeof(r));
        r.prefix.slot = r.gateway.slot = NIO_V6;
        r.prefix.bytes[0] = 0x20, r.prefix.bytes[1] = 0x01;
        r.prefix_len = 16;
        r.has_gateway = true;
        r.gateway.bytes[0] = 0xfe, r.gateway.bytes[1] = 0x80, r.gateway.bytes[15] = 1;
        r.gateway.scope = 0x0105;
        r.oif = 0x0105;
        r.metric = NIO_BSD_ROUTE_METRIC;
        r.origin = NIO_RO_STATIC;
        assert_int_equal(nio_bsd_route_add_msg(fbsd ? FB : MAC, &r, 1, b, sizeof(b), &len), 0);
        sa = (const struct bsd_sockaddr_in6 *)(const void *)sa_at(fbsd, b, RTA_GATEWAY);
        assert_int_equal(sa->sin6_len, 28);
        assert_int_equal(sa->sin6_family, fbsd ? FBSD_AF_INET6 : MAC_AF_INET6);
        assert_int_equal(sa->sin6_addr[2], fbsd ? 0 : 0x01);
        assert_int_equal(sa->sin6_addr[3], fbsd ? 0 : 0x05);
        assert_int_equal(sa->sin6_scope_id, fbsd ? 0x0105 : 0);
        sa = (const struct bsd_sockaddr_in6 *)(const void *)sa_at(fbsd, b, RTA_NETMASK);
        assert_memory_equal(sa->sin6_addr, ((uint8_t[16]){0xff, 0xff}), 16);
    }
}

static void test_delete_msg(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        const struct nio_bsd_rtlayout *l = fbsd ? FB : MAC;
        uint8_t b[NIO_RT_MSG_MAX];
        size_t len = 0;
        struct nio_route r = route4(0, 0, 0, 0, 0, 3);
        struct hdr h;
        const uint8_t *sa;
        r.has_gateway = true;
        r.gateway.bytes[0] = 10, r.gateway.bytes[3] = 1;
        r.os_bits = RTF_UP | RTF_GATEWAY | RTF_STATIC;
        r.origin = NIO_RO_KERNEL; /* a delete takes any row as listed */
        r.metric = 0;
        assert_int_equal(nio_bsd_route_delete_msg(l, &r, 9, b, sizeof(b), &len), 0);
        h = hdr_of(fbsd, b);
        assert_int_equal(h.type, RTM_DELETE);
        assert_int_equal(h.seq, 9);
        assert_int_equal(h.flags, RTF_UP | RTF_GATEWAY);
        assert_int_equal(h.addrs, RTA_DST | RTA_GATEWAY | RTA_NETMASK);
        assert_int_equal(h.msglen, len);
        sa = sa_at(fbsd, b, RTA_GATEWAY);
        assert_memory_equal(sa + 4, ((uint8_t[]){10, 0, 0, 1}), 4);
        sa = sa_at(fbsd, b, RTA_NETMASK);
        assert_memory_equal(sa + 4, ((uint8_t[]){0, 0, 0, 0}), 4);
        /* A local row goes with its address. */
        r.local = true;
        assert_int_equal(nio_bsd_route_delete_msg(l, &r, 9, b, sizeof(b), &len), -EOPNOTSUPP);
        r.local = false;
        r.oif = 0;
        assert_int_equal(nio_bsd_route_delete_msg(l, &r, 9, b, sizeof(b), &len), -ENODEV);
    }
}

static void test_get_msg(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        bool fbsd = os == 0;
        const struct nio_bsd_rtlayout *l = fbsd ? FB : MAC;
        uint8_t b[NIO_RT_MSG_MAX];
        size_t len = 0;
        struct nio_route_query q;
        struct hdr h;
        const uint8_t *sa;
        memset(&q, 0, sizeof(q));
        q.dst.slot = NIO_V4;
        q.dst.bytes[0] = 8, q.dst.bytes[3] = 8;
        assert_int_equal(nio_bsd_route_get_msg(l, &q, 3, b, sizeof(b), &len), 0);
        h = hdr_of(fbsd, b);
        assert_int_equal(h.type, RTM_GET);
        assert_int_equal(h.addrs, RTA_DST | RTA_IFP);
        assert_int_equal(h.index, 0);
        assert_int_equal(h.flags & MAC_RTF_IFSCOPE, 0);
        sa = sa_at(fbsd, b, RTA_IFP);
        assert_int_equal(sa[1], AF_LINK_BSD);
        assert_int_equal(((const struct bsd_sockaddr_dl *)(const void *)sa)->sdl_index, 0);
        /* An interface constraint: a scoped lookup on macOS only. */
        q.oif = 5;
        assert_int_equal(nio_bsd_route_get_msg(l, &q, 3, b, sizeof(b), &len), 0);
        h = hdr_of(fbsd, b);
        assert_int_equal(h.index, fbsd ? 0 : 5);
        assert_int_equal(h.flags & MAC_RTF_IFSCOPE, fbsd ? 0 : MAC_RTF_IFSCOPE);
    }
}

/* How many rows of v have oif, gateway's last byte gw (0: none) and
 * os_bits bits. */
static size_t count_rows(const struct nio_route *v, size_t n, uint32_t oif, uint8_t gw,
                         uint32_t bits, bool local)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += v[i].oif == oif && (gw ? v[i].has_gateway && v[i].gateway.bytes[3] == gw
                                    : !v[i].has_gateway) &&
             v[i].os_bits == bits && v[i].local == local;
    return c;
}

static void test_dedupe(void **state)
{
    struct nio_route v[7];
    (void)state;
    v[0] = route4(0, 0, 0, 0, 0, 4); /* default via en0, scoped copy first */
    v[0].has_gateway = true, v[0].gateway.bytes[0] = 192, v[0].gateway.bytes[3] = 1;
    v[0].os_bits = RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE;
    v[1] = v[0], v[1].os_bits = RTF_UP | RTF_GATEWAY; /* the primary */
    v[2] = v[0], v[2].oif = 5; /* scoped via en1 only: kept */
    v[3] = v[0], v[3].gateway.bytes[3] = 2; /* scoped, another next hop: kept */
    v[4] = route4(10, 0, 0, 0, 8, 4); /* unrelated */
    /* An own address as an interface /32 route and as the local clone. */
    v[5] = route4(192, 168, 1, 10, 32, 4), v[5].os_bits = RTF_UP | RTF_STATIC;
    v[6] = v[5], v[6].local = true, v[6].os_bits = RTF_UP | RTF_HOST | RTF_LLINFO;
    assert_int_equal(nio_bsd_route_dedupe(MAC, v, 7), 5);
    assert_int_equal(count_rows(v, 5, 4, 1, RTF_UP | RTF_GATEWAY, false), 1);
    assert_int_equal(count_rows(v, 5, 4, 1, RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE, false), 0);
    assert_int_equal(count_rows(v, 5, 5, 1, RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE, false), 1);
    assert_int_equal(count_rows(v, 5, 4, 2, RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE, false), 1);
    assert_int_equal(count_rows(v, 5, 4, 0, RTF_UP | RTF_HOST | RTF_LLINFO, true), 1);
    assert_int_equal(count_rows(v, 5, 4, 0, RTF_UP | RTF_STATIC, false), 0);
    /* FreeBSD has no scoped routes: nothing is touched, not even sorted. */
    v[0] = route4(10, 0, 0, 0, 8, 4), v[1] = v[0], v[1].os_bits = MAC_RTF_IFSCOPE;
    v[2] = route4(9, 0, 0, 0, 8, 4);
    assert_int_equal(nio_bsd_route_dedupe(FB, v, 3), 3);
    assert_int_equal(v[2].prefix.bytes[0], 9);
    assert_int_equal(nio_bsd_route_dedupe(MAC, v, 0), 0);
}

/* macOS deletes a scoped row within its scope; a link-local next hop
 * without a zone takes the route's interface. */
static void test_delete_scoped(void **state)
{
    uint8_t b[NIO_RT_MSG_MAX];
    size_t len = 0;
    struct nio_route r;
    struct hdr h;
    const struct bsd_sockaddr_in6 *sa;
    (void)state;
    memset(&r, 0, sizeof(r));
    r.prefix.slot = r.gateway.slot = NIO_V6;
    r.prefix_len = 0;
    r.has_gateway = true;
    r.gateway.bytes[0] = 0xfe, r.gateway.bytes[1] = 0x80, r.gateway.bytes[15] = 1;
    r.oif = 6;
    r.os_bits = RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE;
    assert_int_equal(nio_bsd_route_delete_msg(MAC, &r, 1, b, sizeof(b), &len), 0);
    h = hdr_of(false, b);
    assert_int_equal(h.flags, RTF_UP | RTF_GATEWAY | MAC_RTF_IFSCOPE);
    assert_int_equal(h.index, 6);
    sa = (const struct bsd_sockaddr_in6 *)(const void *)sa_at(false, b, RTA_GATEWAY);
    assert_int_equal(sa->sin6_addr[3], 6);
    assert_int_equal(sa->sin6_addr[15], 1);
    /* FreeBSD: the bit means nothing there and is not sent; the zone is
     * sin6_scope_id. */
    assert_int_equal(nio_bsd_route_delete_msg(FB, &r, 1, b, sizeof(b), &len), 0);
    h = hdr_of(true, b);
    assert_int_equal(h.flags, RTF_UP | RTF_GATEWAY);
    sa = (const struct bsd_sockaddr_in6 *)(const void *)sa_at(true, b, RTA_GATEWAY);
    assert_int_equal(sa->sin6_addr[3], 0);
    assert_int_equal(sa->sin6_scope_id, 6);
}

static void test_change(void **state)
{
    struct nio_route a = route4(10, 0, 0, 0, 8, 2), b;
    (void)state;
    b = a;
    assert_int_equal(nio_bsd_route_change_ok(&a, &b), 0);
    b.metric = 10;
    assert_int_equal(nio_bsd_route_change_ok(&a, &b), -EOPNOTSUPP);
    b = a, b.origin = NIO_RO_OSPF;
    assert_int_equal(nio_bsd_route_change_ok(&a, &b), -EOPNOTSUPP);
    b = a, b.expires = true, b.expires_s = 30;
    assert_int_equal(nio_bsd_route_change_ok(&a, &b), -EOPNOTSUPP);
}

static void test_unembed(void **state)
{
    struct nio_ip ip;
    (void)state;
    memset(&ip, 0, sizeof(ip));
    ip.slot = NIO_V6;
    ip.bytes[0] = 0xfe, ip.bytes[1] = 0x80, ip.bytes[3] = 7, ip.bytes[15] = 1;
    nio_bsd_ip_unembed(&ip);
    assert_int_equal(ip.scope, 7);
    assert_int_equal(ip.bytes[3], 0);
    /* A scope already given wins; a global address is left alone. */
    ip.bytes[3] = 9;
    nio_bsd_ip_unembed(&ip);
    assert_int_equal(ip.scope, 7);
    assert_int_equal(ip.bytes[3], 0);
    memcpy(ip.bytes, v6_doc5, 16);
    ip.scope = 0;
    nio_bsd_ip_unembed(&ip);
    assert_memory_equal(ip.bytes, v6_doc5, 16);
    assert_int_equal(ip.scope, 0);
}

/* ----------------------------------------------------------------- fuzz */
/* Random mutations and cuts of valid messages and dumps: the parser must
 * neither crash nor read outside the buffer (run under ASan/valgrind to
 * see the latter), and what it accepts must be a sane row. */
static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

static int fuzz_cb(const struct nio_route *r, void *ctx)
{
    (void)ctx;
    assert_true(r->prefix_len <= (r->prefix.slot == NIO_V6 ? 128 : 32));
    assert_true(r->oif != 0);
    return 0;
}

static void test_fuzz(void **state)
{
    uint32_t seed = 0x2b1d;
    uint8_t dump[2048];
    size_t dlen = 0;
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct msg m;
        start(&m, os == 0, RTM_GET, 2, RTF_UP | RTF_GATEWAY | RTF_STATIC);
        add_in(&m, RTA_DST, 10, 0, 0, 0);
        add_in(&m, RTA_GATEWAY, 10, 0, 0, 1);
        add_mask4(&m, 5, 255, 0, 0, 0);
        add_dl(&m, RTA_IFP, 2, IFT_ETHER_);
        add_in(&m, RTA_IFA, 10, 0, 0, 5);
        if (os == 0)
            dlen = append(dump, dlen, &m);
        else
            finish(&m);
        for (int round = 0; round < 20000; round++) {
            uint8_t *copy = malloc(m.len); /* exact size: ASan sees any overread */
            size_t len = m.len;
            struct nio_bsd_rtmsg p;
            struct nio_route r;
            assert_non_null(copy);
            memcpy(copy, m.b, m.len);
            for (int k = 1 + (int)(rnd(&seed) % 4); k > 0; k--)
                copy[rnd(&seed) % m.len] = (uint8_t)rnd(&seed);
            if (rnd(&seed) % 3 == 0)
                len = rnd(&seed) % (m.len + 1);
            if (nio_bsd_parse_rtmsg(lay(&m), copy, len, &p) == 0) {
                if (nio_bsd_route_row(lay(&m), &p, NOW, &r) == 0)
                    fuzz_cb(&r, NULL);
                (void)nio_bsd_route_answer(lay(&m), &p, &r);
            }
            (void)nio_bsd_parse_rtdump(lay(&m), copy, len, NIO_WANT_V4 | NIO_WANT_V6, 0, NOW,
                                       fuzz_cb, NULL);
            free(copy);
        }
    }
    for (int round = 0; round < 5000; round++) {
        uint8_t *copy = malloc(dlen * 3);
        size_t len = dlen * 3;
        assert_non_null(copy);
        for (int i = 0; i < 3; i++)
            memcpy(copy + i * dlen, dump, dlen);
        for (int k = 1 + (int)(rnd(&seed) % 6); k > 0; k--)
            copy[rnd(&seed) % len] = (uint8_t)rnd(&seed);
        (void)nio_bsd_parse_rtdump(FB, copy, len - rnd(&seed) % 16, NIO_WANT_V4 | NIO_WANT_V6, 0,
                                   NOW, fuzz_cb, NULL);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_route_v4),
        cmocka_unit_test(test_truncated_mask),
        cmocka_unit_test(test_empty_sockaddr_unit),
        cmocka_unit_test(test_host_route),
        cmocka_unit_test(test_prefix_masked),
        cmocka_unit_test(test_fbsd_local),
        cmocka_unit_test(test_mac_flags),
        cmocka_unit_test(test_link_local),
        cmocka_unit_test(test_origin_and_lifetime),
        cmocka_unit_test(test_not_rows),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_answer),
        cmocka_unit_test(test_is_reply),
        cmocka_unit_test(test_add_msg),
        cmocka_unit_test(test_add_refused),
        cmocka_unit_test(test_add_link_local_gateway),
        cmocka_unit_test(test_delete_msg),
        cmocka_unit_test(test_get_msg),
        cmocka_unit_test(test_dedupe),
        cmocka_unit_test(test_delete_scoped),
        cmocka_unit_test(test_change),
        cmocka_unit_test(test_unembed),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
