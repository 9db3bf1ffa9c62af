/* test-parse-route.c - the pure parsers of the MIB_IF_ROW2 and route read
 * paths: src/linux/parse-route.c (RTM_NEWROUTE -> struct nio_route, and a
 * route message -> its route rows) and
 * src/linux/parse-ifrow.c (RTM_NEWLINK -> struct nio_ifrow).  Messages are
 * built here with libmnl as the kernel lays them out, then parsed whole,
 * with unknown attributes added, with each known attribute malformed, and
 * cut short at every length. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "linux.h"

union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[8192];
};

/* ================================================================ routes */
struct hop_spec {
    int ifindex;
    const char *gateway; /* NULL: none */
    uint8_t flags;       /* rtnh_flags */
};

struct route_spec {
    uint16_t nlmsg_type;
    uint8_t family, dst_len, table, protocol, type, tos, scope;
    unsigned rtm_flags;
    uint32_t nh_id;         /* 0: no RTA_NH_ID */
    const char *dst;        /* NULL: no RTA_DST */
    const char *gateway;    /* NULL: none */
    const char *via;        /* RTA_VIA, an IPv6 next hop */
    const char *prefsrc;
    int oif;                /* 0: no RTA_OIF */
    bool has_priority;
    uint32_t priority;
    bool has_table_attr;
    uint32_t table_attr;
    int32_t expires;        /* rta_cacheinfo.rta_expires; 0: no RTA_CACHEINFO */
    struct hop_spec hops[4];
    int nhops;
    bool unknown;           /* attributes nobody knows, well formed */
};

static struct route_spec v4_default(void)
{
    struct route_spec s;
    memset(&s, 0, sizeof(s));
    s.nlmsg_type = RTM_NEWROUTE;
    s.family = AF_INET;
    s.dst_len = 0;
    s.table = RT_TABLE_MAIN;
    s.protocol = RTPROT_STATIC;
    s.type = RTN_UNICAST;
    s.gateway = "198.18.0.1";
    s.oif = 3;
    s.has_priority = true;
    s.priority = 100;
    s.has_table_attr = true;
    s.table_attr = RT_TABLE_MAIN;
    return s;
}

static void put_addr(struct nlmsghdr *nlh, uint16_t type, uint8_t family, const char *text)
{
    uint8_t a[16];
    assert_int_equal(inet_pton(family, text, a), 1);
    mnl_attr_put(nlh, type, family == AF_INET6 ? 16 : 4, a);
}

static struct nlmsghdr *build_route(union msgbuf *buf, const struct route_spec *s)
{
    struct nlmsghdr *nlh;
    struct rtmsg *rtm;
    memset(buf, 0, sizeof(*buf));
    nlh = mnl_nlmsg_put_header(buf->bytes);
    nlh->nlmsg_type = s->nlmsg_type;
    rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = s->family;
    rtm->rtm_dst_len = s->dst_len;
    rtm->rtm_table = s->table;
    rtm->rtm_protocol = s->protocol;
    rtm->rtm_type = s->type;
    rtm->rtm_tos = s->tos;
    rtm->rtm_scope = s->scope;
    rtm->rtm_flags = s->rtm_flags;
    if (s->nh_id)
        mnl_attr_put_u32(nlh, RTA_NH_ID, s->nh_id);
    if (s->unknown) {
        mnl_attr_put_u32(nlh, RTA_MARK, 42);
        mnl_attr_put_u32(nlh, 200, 0xdeadbeef);
    }
    if (s->has_table_attr)
        mnl_attr_put_u32(nlh, RTA_TABLE, s->table_attr);
    if (s->dst)
        put_addr(nlh, RTA_DST, s->family, s->dst);
    if (s->has_priority)
        mnl_attr_put_u32(nlh, RTA_PRIORITY, s->priority);
    if (s->prefsrc)
        put_addr(nlh, RTA_PREFSRC, s->family, s->prefsrc);
    if (s->gateway)
        put_addr(nlh, RTA_GATEWAY, s->family, s->gateway);
    if (s->via) {
        char v[2 + 16];
        uint16_t fam = AF_INET6;
        memcpy(v, &fam, 2);
        assert_int_equal(inet_pton(AF_INET6, s->via, v + 2), 1);
        mnl_attr_put(nlh, RTA_VIA, sizeof(v), v);
    }
    if (s->oif)
        mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)s->oif);
    if (s->expires) {
        struct rta_cacheinfo ci;
        memset(&ci, 0, sizeof(ci));
        ci.rta_expires = (uint32_t)s->expires;
        mnl_attr_put(nlh, RTA_CACHEINFO, sizeof(ci), &ci);
    }
    if (s->nhops) {
        struct nlattr *mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
        for (int i = 0; i < s->nhops; i++) {
            struct rtnexthop *nh = mnl_nlmsg_put_extra_header(nlh, sizeof(*nh));
            nh->rtnh_ifindex = s->hops[i].ifindex;
            nh->rtnh_flags = s->hops[i].flags;
            if (s->hops[i].gateway)
                put_addr(nlh, RTA_GATEWAY, s->family, s->hops[i].gateway);
            nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
        }
        mnl_attr_nest_end(nlh, mp);
    }
    return nlh;
}

static void assert_ip(const struct nio_ip *a, const char *text)
{
    char buf[64];
    assert_non_null(inet_ntop(a->slot == NIO_V6 ? AF_INET6 : AF_INET, a->bytes, buf, sizeof(buf)));
    assert_string_equal(buf, text);
}

static int parse_route(const struct route_spec *s, struct nio_route *r)
{
    union msgbuf buf;
    return nio_linux_parse_route(build_route(&buf, s), r);
}

static void test_route_default_v4(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r;
    s.prefsrc = "198.18.0.2";
    assert_int_equal(parse_route(&s, &r), 0);
    assert_int_equal(r.prefix.slot, NIO_V4);
    assert_int_equal(r.prefix_len, 0);
    assert_ip(&r.prefix, "0.0.0.0");
    assert_true(r.has_gateway);
    assert_ip(&r.gateway, "198.18.0.1");
    assert_true(r.has_src);
    assert_ip(&r.src, "198.18.0.2");
    assert_int_equal(r.oif, 3);
    assert_int_equal(r.metric, 100);
    assert_int_equal(r.table, RT_TABLE_MAIN);
    assert_int_equal(r.origin, NIO_RO_STATIC);
    assert_false(r.local);
    assert_false(r.expires);
}

static void test_route_v6_prefix(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r;
    s.family = AF_INET6;
    s.dst = "fd00:12::";
    s.dst_len = 64;
    s.gateway = "fe80::1";
    s.prefsrc = "fd00:1::2";
    s.protocol = RTPROT_RA;
    s.priority = 1024;
    s.expires = 180000; /* 1800 s in USER_HZ ticks */
    assert_int_equal(parse_route(&s, &r), 0);
    assert_int_equal(r.prefix.slot, NIO_V6);
    assert_ip(&r.prefix, "fd00:12::");
    assert_int_equal(r.prefix_len, 64);
    assert_ip(&r.gateway, "fe80::1");
    assert_ip(&r.src, "fd00:1::2");
    assert_int_equal(r.metric, 1024);
    assert_int_equal(r.origin, NIO_RO_RA);
    assert_true(r.expires);
    assert_int_equal(r.expires_s, 1800);
    /* Already past its time: 0 seconds left. */
    s.expires = -5;
    assert_int_equal(parse_route(&s, &r), 0);
    assert_true(r.expires);
    assert_int_equal(r.expires_s, 0);
}

static void test_route_on_link_and_tables(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r;
    s.gateway = NULL;
    s.dst = "198.18.0.0";
    s.dst_len = 24;
    s.has_priority = false;
    s.has_table_attr = false;
    s.protocol = RTPROT_KERNEL;
    assert_int_equal(parse_route(&s, &r), 0);
    assert_false(r.has_gateway);
    assert_int_equal(r.metric, 0);
    assert_int_equal(r.table, RT_TABLE_MAIN); /* from the header */
    assert_int_equal(r.origin, NIO_RO_KERNEL);
    /* Tables above 255 exist only as RTA_TABLE. */
    s.table = RT_TABLE_COMPAT;
    s.has_table_attr = true;
    s.table_attr = 51820;
    assert_int_equal(parse_route(&s, &r), 0);
    assert_int_equal(r.table, 51820);
}

static void test_route_types(void **state)
{
    (void)state;
    static const struct {
        uint8_t type;
        int want;
    } cases[] = {
        {RTN_UNICAST, 0},       {RTN_LOCAL, 0},         {RTN_UNREACHABLE, -ENOENT},
        {RTN_BLACKHOLE, -ENOENT}, {RTN_PROHIBIT, -ENOENT}, {RTN_THROW, -ENOENT},
        /* Issue 15, defect 2: a lookup of 255.255.255.255 or 224.0.0.1
         * answers with a broadcast or multicast route; it is routed. */
        {RTN_BROADCAST, 0},     {RTN_MULTICAST, 0},     {RTN_ANYCAST, -ENOENT},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct route_spec s = v4_default();
        struct nio_route r;
        s.type = cases[i].type;
        assert_int_equal(parse_route(&s, &r), cases[i].want);
        if (cases[i].want == 0)
            assert_int_equal(r.local, cases[i].type == RTN_LOCAL);
    }
}

static void test_route_protocols(void **state)
{
    (void)state;
    static const struct {
        uint8_t protocol;
        enum nio_route_origin origin;
    } cases[] = {
        {RTPROT_UNSPEC, NIO_RO_OTHER},     {RTPROT_REDIRECT, NIO_RO_REDIRECT},
        {RTPROT_KERNEL, NIO_RO_KERNEL},    {RTPROT_BOOT, NIO_RO_STATIC},
        {RTPROT_STATIC, NIO_RO_STATIC},    {RTPROT_RA, NIO_RO_RA},
        {RTPROT_DHCP, NIO_RO_DHCP},        {RTPROT_BGP, NIO_RO_BGP},
        {RTPROT_ISIS, NIO_RO_ISIS},        {RTPROT_OSPF, NIO_RO_OSPF},
        {RTPROT_RIP, NIO_RO_RIP},          {RTPROT_BIRD, NIO_RO_OTHER},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct route_spec s = v4_default();
        struct nio_route r;
        s.protocol = cases[i].protocol;
        assert_int_equal(parse_route(&s, &r), 0);
        assert_int_equal(r.origin, cases[i].origin);
    }
}

static void test_route_multipath(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r, hops[4];
    union msgbuf buf;
    struct nlmsghdr *nlh;
    s.gateway = NULL;
    s.oif = 0;
    s.nhops = 2;
    s.hops[0] = (struct hop_spec){4, "198.18.4.1", 0};
    s.hops[1] = (struct hop_spec){5, "198.18.5.1", 0};
    nlh = build_route(&buf, &s);
    assert_int_equal(nio_linux_parse_route(nlh, &r), 0);
    assert_int_equal(r.oif, 4); /* the first next hop */
    assert_ip(&r.gateway, "198.18.4.1");
    assert_int_equal(nio_linux_parse_route_hops(nlh, &r, hops, 4), 2);
    assert_int_equal(hops[0].oif, 4);
    assert_int_equal(hops[1].oif, 5);
    assert_ip(&hops[1].gateway, "198.18.5.1");
    assert_int_equal(hops[1].metric, 100);
    assert_int_equal(hops[1].prefix_len, 0);
    assert_int_equal(nio_linux_parse_route_hops(nlh, &r, hops, 1), 1);
    /* A route with one next hop is its own single hop. */
    s = v4_default();
    nlh = build_route(&buf, &s);
    assert_int_equal(nio_linux_parse_route(nlh, &r), 0);
    assert_int_equal(nio_linux_parse_route_hops(nlh, &r, hops, 4), 1);
    assert_int_equal(hops[0].oif, 3);
}

static void test_route_via(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r;
    s.gateway = NULL;
    s.via = "fe80::7";
    assert_int_equal(parse_route(&s, &r), 0);
    assert_true(r.has_gateway);
    assert_int_equal(r.gateway.slot, NIO_V6);
    assert_ip(&r.gateway, "fe80::7");
    assert_int_equal(r.prefix.slot, NIO_V4);
}

static void test_route_unknown_attributes(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r;
    s.unknown = true;
    assert_int_equal(parse_route(&s, &r), 0);
    assert_int_equal(r.oif, 3);
}

static void test_route_malformed(void **state)
{
    (void)state;
    union msgbuf buf;
    struct nio_route r;
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    s.nlmsg_type = RTM_NEWLINK;
    assert_int_equal(parse_route(&s, &r), -EPROTO);
    s = v4_default();
    s.family = AF_BRIDGE;
    s.gateway = NULL;
    assert_int_equal(parse_route(&s, &r), -EPROTO);
    s = v4_default();
    s.dst_len = 33;
    assert_int_equal(parse_route(&s, &r), -EPROTO);
    /* An IPv6 address in an IPv4 route. */
    s = v4_default();
    s.family = AF_INET;
    nlh = build_route(&buf, &s);
    put_addr(nlh, RTA_PREFSRC, AF_INET6, "fd00::1");
    assert_int_equal(nio_linux_parse_route(nlh, &r), -EPROTO);
    /* An RTA_OIF too short for a u32. */
    s = v4_default();
    s.oif = 0;
    nlh = build_route(&buf, &s);
    mnl_attr_put_u16(nlh, RTA_OIF, 3);
    assert_int_equal(nio_linux_parse_route(nlh, &r), -EPROTO);
    /* A next hop that claims more than the attribute holds. */
    s = v4_default();
    s.oif = 0;
    s.gateway = NULL;
    s.nhops = 1;
    s.hops[0] = (struct hop_spec){4, "198.18.4.1", 0};
    nlh = build_route(&buf, &s);
    {
        struct nlattr *mp = (struct nlattr *)((char *)mnl_nlmsg_get_payload_tail(nlh) -
                                              MNL_ALIGN(sizeof(struct nlattr) + 8 + 8));
        struct rtnexthop *nh = mnl_attr_get_payload(mp);
        assert_int_equal(mnl_attr_get_type(mp), RTA_MULTIPATH);
        nh->rtnh_len = 200;
    }
    assert_int_equal(nio_linux_parse_route(nlh, &r), -EPROTO);
    /* Shorter than its header. */
    s = v4_default();
    nlh = build_route(&buf, &s);
    nlh->nlmsg_len = (uint32_t)mnl_nlmsg_size(sizeof(struct rtmsg) - 1);
    assert_int_equal(nio_linux_parse_route(nlh, &r), -EPROTO);
}

/* Every truncation of a full message parses or fails cleanly (the
 * sanitizer and valgrind stages catch a read past the end). */
static void test_route_truncated(void **state)
{
    (void)state;
    union msgbuf buf, cut;
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    size_t full;
    s.family = AF_INET6;
    s.dst = "fd00:12::";
    s.dst_len = 64;
    s.gateway = NULL;
    s.prefsrc = "fd00:1::2";
    s.expires = 100;
    s.oif = 0;
    s.nhops = 2;
    s.hops[0] = (struct hop_spec){4, "fe80::1", 0};
    s.hops[1] = (struct hop_spec){5, "fe80::2", 0};
    nlh = build_route(&buf, &s);
    full = nlh->nlmsg_len;
    for (size_t len = 0; len <= full; len++) {
        struct nio_route r, hops[4];
        memset(&cut, 0xEE, sizeof(cut));
        memcpy(&cut, &buf, len);
        cut.nlh.nlmsg_len = (uint32_t)len;
        if (len < sizeof(struct nlmsghdr))
            continue;
        if (nio_linux_parse_route(&cut.nlh, &r) == 0)
            assert_true(nio_linux_parse_route_hops(&cut.nlh, &r, hops, 4) >= 0);
    }
}

/* ============================================================ route rows */
static int rows_of(const struct route_spec *s, struct nio_route *rows, size_t max)
{
    union msgbuf buf;
    return nio_linux_route_rows(build_route(&buf, s), rows, max);
}

static void test_rows_unicast(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r[4];
    s.dst = "198.18.5.7"; /* host bits: the row's prefix has none */
    s.dst_len = 24;
    s.tos = 0x10;
    s.scope = RT_SCOPE_UNIVERSE;
    s.prefsrc = "198.18.0.9";
    assert_int_equal(rows_of(&s, r, 4), 1);
    assert_ip(&r[0].prefix, "198.18.5.0");
    assert_int_equal(r[0].prefix_len, 24);
    assert_true(r[0].has_gateway);
    assert_ip(&r[0].gateway, "198.18.0.1");
    assert_true(r[0].has_src);
    assert_ip(&r[0].src, "198.18.0.9");
    assert_int_equal(r[0].oif, 3);
    assert_int_equal(r[0].metric, 100);
    assert_int_equal(r[0].table, RT_TABLE_MAIN);
    assert_int_equal(r[0].origin, NIO_RO_STATIC);
    assert_false(r[0].local);
    assert_false(r[0].broadcast);
    assert_false(r[0].expires);
    assert_int_equal(NIO_RB_TYPE(r[0].os_bits), RTN_UNICAST);
    assert_int_equal(NIO_RB_TOS(r[0].os_bits), 0x10);
    assert_int_equal(NIO_RB_PROTO(r[0].os_bits), RTPROT_STATIC);
    assert_int_equal(NIO_RB_SCOPE(r[0].os_bits), RT_SCOPE_UNIVERSE);
    assert_int_equal(r[0].os_bits & (NIO_RB_ONLINK | NIO_RB_NHID | NIO_RB_MULTIPATH), 0);
    /* The route's own on-link flag; no room: no row written. */
    s.rtm_flags = RTNH_F_ONLINK;
    assert_int_equal(rows_of(&s, r, 4), 1);
    assert_true(r[0].os_bits & NIO_RB_ONLINK);
    assert_int_equal(rows_of(&s, r, 0), 0);
    /* No RTA_PRIORITY (an IPv4 metric 0), no RTA_TABLE (rtm_table). */
    s.has_priority = false;
    s.has_table_attr = false;
    assert_int_equal(rows_of(&s, r, 4), 1);
    assert_int_equal(r[0].metric, 0);
    assert_int_equal(r[0].table, RT_TABLE_MAIN);
}

static void test_rows_multipath(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r[4];
    s.oif = 0;
    s.gateway = NULL;
    s.dst = "198.19.160.0";
    s.dst_len = 24;
    s.nhops = 3;
    s.hops[0] = (struct hop_spec){4, "198.18.4.1", 0};
    s.hops[1] = (struct hop_spec){0, "198.18.9.1", 0}; /* no interface: no row */
    s.hops[2] = (struct hop_spec){5, "198.19.99.1", RTNH_F_ONLINK};
    assert_int_equal(rows_of(&s, r, 4), 2);
    assert_int_equal(r[0].oif, 4);
    assert_ip(&r[0].gateway, "198.18.4.1");
    assert_int_equal(r[1].oif, 5);
    assert_ip(&r[1].gateway, "198.19.99.1");
    for (int i = 0; i < 2; i++) {
        assert_ip(&r[i].prefix, "198.19.160.0");
        assert_int_equal(r[i].metric, 100);
        assert_true(r[i].os_bits & NIO_RB_MULTIPATH);
    }
    assert_false(r[0].os_bits & NIO_RB_ONLINK);
    assert_true(r[1].os_bits & NIO_RB_ONLINK);
    /* At most max, every hop read all the same. */
    assert_int_equal(rows_of(&s, r, 1), 1);
    assert_int_equal(r[0].oif, 4);
    /* IPv6 siblings, in one message. */
    s = v4_default();
    s.family = AF_INET6;
    s.dst = "fd01::";
    s.dst_len = 64;
    s.oif = 0;
    s.gateway = NULL;
    s.nhops = 2;
    s.hops[0] = (struct hop_spec){4, "fd00::2", 0};
    s.hops[1] = (struct hop_spec){4, "fd00::3", 0};
    assert_int_equal(rows_of(&s, r, 4), 2);
    assert_ip(&r[0].gateway, "fd00::2");
    assert_ip(&r[1].gateway, "fd00::3");
    assert_int_equal(r[1].prefix.slot, NIO_V6);
}

static void test_rows_via(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r[2];
    s.gateway = NULL;
    s.via = "fe80::1";
    assert_int_equal(rows_of(&s, r, 2), 1);
    assert_true(r[0].has_gateway);
    assert_int_equal(r[0].gateway.slot, NIO_V6);
    assert_ip(&r[0].gateway, "fe80::1");
    assert_int_equal(r[0].prefix.slot, NIO_V4);
}

/* Which routes are rows (docs/route.md). */
static void test_rows_kinds(void **state)
{
    (void)state;
    static const struct {
        uint8_t family, type, table;
        const char *dst;
        uint8_t dst_len;
        int want;
        bool local, broadcast;
    } cases[] = {
        {AF_INET, RTN_LOCAL, RT_TABLE_LOCAL, "198.18.0.1", 32, 1, true, false},
        {AF_INET, RTN_BROADCAST, RT_TABLE_LOCAL, "198.18.0.255", 32, 1, false, true},
        {AF_INET6, RTN_MULTICAST, RT_TABLE_LOCAL, "ff00::", 8, 1, false, true},
        {AF_INET6, RTN_ANYCAST, RT_TABLE_LOCAL, "fd00::", 128, 1, true, false},
        {AF_INET6, RTN_LOCAL, RT_TABLE_LOCAL, "fd00::1", 128, 1, true, false},
        {AF_INET6, RTN_UNICAST, RT_TABLE_MAIN, "fe80::", 64, 1, false, false},
        {AF_INET, RTN_UNICAST, 100, "198.18.7.0", 24, 0, false, false},
        {AF_INET, RTN_UNICAST, RT_TABLE_DEFAULT, "198.18.7.0", 24, 0, false, false},
        {AF_INET, RTN_UNREACHABLE, RT_TABLE_MAIN, "198.18.7.0", 24, 0, false, false},
        {AF_INET, RTN_BLACKHOLE, RT_TABLE_MAIN, "198.18.7.0", 24, 0, false, false},
        {AF_INET, RTN_PROHIBIT, RT_TABLE_MAIN, "198.18.7.0", 24, 0, false, false},
        {AF_INET, RTN_THROW, RT_TABLE_MAIN, "198.18.7.0", 24, 0, false, false},
        {AF_INET6, RTN_UNREACHABLE, RT_TABLE_MAIN, "fd00:250::", 32, 0, false, false},
        {AF_INET, RTN_NAT, RT_TABLE_MAIN, "198.18.7.0", 24, 0, false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct route_spec s = v4_default();
        struct nio_route r[2];
        s.family = cases[i].family;
        s.type = cases[i].type;
        s.table = s.table_attr = cases[i].table;
        s.dst = cases[i].dst;
        s.dst_len = cases[i].dst_len;
        s.gateway = NULL;
        print_message("case %zu\n", i);
        assert_int_equal(rows_of(&s, r, 2), cases[i].want);
        if (cases[i].want == 0)
            continue;
        assert_int_equal(r[0].local, cases[i].local);
        assert_int_equal(r[0].broadcast, cases[i].broadcast);
        assert_int_equal(r[0].table, cases[i].table);
        assert_int_equal(NIO_RB_TYPE(r[0].os_bits), cases[i].type);
        assert_ip(&r[0].prefix, cases[i].dst);
    }
}

/* Not rows: a table beyond 255 (RTA_TABLE wins over rtm_table), a clone,
 * no interface (a nexthop object without its hops), another family. */
static void test_rows_not_rows(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r[2];
    s.table = RT_TABLE_COMPAT;
    s.table_attr = 1000;
    assert_int_equal(rows_of(&s, r, 2), 0);
    s = v4_default();
    s.table = RT_TABLE_MAIN;
    s.table_attr = 1000;
    assert_int_equal(rows_of(&s, r, 2), 0);
    s = v4_default();
    s.rtm_flags = RTM_F_CLONED;
    assert_int_equal(rows_of(&s, r, 2), 0);
    s = v4_default();
    s.oif = 0;
    s.gateway = NULL;
    s.nh_id = 7;
    assert_int_equal(rows_of(&s, r, 2), 0);
    /* A nexthop object with its hops (nexthop_compat_mode=1): rows, that
     * say so. */
    s.oif = 3;
    s.gateway = "198.18.0.1";
    assert_int_equal(rows_of(&s, r, 2), 1);
    assert_true(r[0].os_bits & NIO_RB_NHID);
    s = v4_default();
    s.family = RTNL_FAMILY_IPMR;
    s.gateway = NULL;
    assert_int_equal(rows_of(&s, r, 2), 0);
}

static void test_rows_expires_and_delroute(void **state)
{
    (void)state;
    struct route_spec s = v4_default();
    struct nio_route r[2];
    s.family = AF_INET6;
    s.dst = "fd01::";
    s.dst_len = 64;
    s.gateway = "fd00::2";
    s.protocol = RTPROT_RA;
    s.priority = 1024;
    s.expires = 30050; /* ticks of USER_HZ */
    assert_int_equal(rows_of(&s, r, 2), 1);
    assert_true(r[0].expires);
    assert_int_equal(r[0].expires_s, 300);
    assert_int_equal(r[0].origin, NIO_RO_RA);
    assert_int_equal(r[0].metric, 1024);
    s.expires = -5; /* already expired */
    assert_int_equal(rows_of(&s, r, 2), 1);
    assert_true(r[0].expires);
    assert_int_equal(r[0].expires_s, 0);
    /* A notification of its going: the same rows. */
    s.nlmsg_type = RTM_DELROUTE;
    assert_int_equal(rows_of(&s, r, 2), 1);
    assert_ip(&r[0].gateway, "fd00::2");
    assert_int_equal(r[0].oif, 3);
    s.nlmsg_type = RTM_NEWLINK;
    assert_int_equal(rows_of(&s, r, 2), -EPROTO);
    s.nlmsg_type = RTM_GETROUTE;
    assert_int_equal(rows_of(&s, r, 2), -EPROTO);
}

static void test_rows_malformed(void **state)
{
    (void)state;
    union msgbuf buf;
    struct nio_route r[4];
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    s.dst_len = 33;
    assert_int_equal(rows_of(&s, r, 4), -EPROTO);
    s = v4_default();
    nlh = build_route(&buf, &s);
    put_addr(nlh, RTA_PREFSRC, AF_INET6, "fd00::1");
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    s = v4_default();
    s.oif = 0;
    nlh = build_route(&buf, &s);
    mnl_attr_put_u16(nlh, RTA_OIF, 3);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    s = v4_default();
    nlh = build_route(&buf, &s);
    mnl_attr_put_u16(nlh, RTA_NH_ID, 3);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    /* A gateway of the wrong length inside a hop. */
    s = v4_default();
    s.oif = 0;
    s.gateway = NULL;
    s.nhops = 2;
    s.hops[0] = (struct hop_spec){4, "198.18.4.1", 0};
    s.hops[1] = (struct hop_spec){5, "198.18.5.1", 0};
    nlh = build_route(&buf, &s);
    {
        /* The last hop's RTA_GATEWAY ends the message: 2 bytes of address. */
        struct nlattr *gw = (struct nlattr *)((char *)mnl_nlmsg_get_payload_tail(nlh) - 8);
        assert_int_equal(mnl_attr_get_type(gw), RTA_GATEWAY);
        gw->nla_len = 6;
    }
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    /* ... even beyond max: a malformed message is no row at all. */
    assert_int_equal(nio_linux_route_rows(nlh, r, 1), -EPROTO);
    /* A hop longer than what holds it. */
    s.nhops = 1;
    nlh = build_route(&buf, &s);
    {
        struct nlattr *mp = (struct nlattr *)((char *)mnl_nlmsg_get_payload_tail(nlh) -
                                              MNL_ALIGN(sizeof(struct nlattr) + 8 + 8));
        struct rtnexthop *nh = mnl_attr_get_payload(mp);
        assert_int_equal(mnl_attr_get_type(mp), RTA_MULTIPATH);
        nh->rtnh_len = 200;
    }
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    /* Shorter than its header. */
    s = v4_default();
    nlh = build_route(&buf, &s);
    nlh->nlmsg_len = (uint32_t)mnl_nlmsg_size(sizeof(struct rtmsg) - 1);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
}

/* The route parser walks its attributes itself (parse-route.c), by
 * libmnl's rules, which every other parser keeps through nio_linux_attrs:
 * each case is one where a walker of its own could differ. */
static void put_raw(struct nlmsghdr *nlh, uint16_t type, uint16_t len, const void *data)
{
    struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
    a->nla_type = type;
    a->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + len);
    memcpy((char *)a + MNL_ATTR_HDRLEN, data, len);
    nlh->nlmsg_len += MNL_ALIGN(a->nla_len);
}

/* The verdict of libmnl's walk over the same attributes, with the types
 * the parser reads (the u32 ones exactly 4 bytes). */
static int libmnl_verdict(const struct nlmsghdr *nlh)
{
    static const enum mnl_attr_data_type types[RTA_MAX + 1] = {
        [RTA_DST] = MNL_TYPE_BINARY,     [RTA_OIF] = MNL_TYPE_U32,
        [RTA_GATEWAY] = MNL_TYPE_BINARY, [RTA_PREFSRC] = MNL_TYPE_BINARY,
        [RTA_PRIORITY] = MNL_TYPE_U32,   [RTA_TABLE] = MNL_TYPE_U32,
        [RTA_CACHEINFO] = MNL_TYPE_BINARY, [RTA_MULTIPATH] = MNL_TYPE_BINARY,
        [RTA_VIA] = MNL_TYPE_BINARY,     [RTA_NH_ID] = MNL_TYPE_U32,
    };
    const struct nlattr *tb[RTA_MAX + 1];
    return nio_linux_attrs_msg(nlh, sizeof(struct rtmsg), tb, RTA_MAX, types);
}

static void test_rows_attribute_walk(void **state)
{
    (void)state;
    union msgbuf buf;
    struct nio_route r[4];
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    uint32_t v = 7;
    uint16_t v16 = 7;
    uint64_t v64 = 7;
    /* The flag bits of nla_type are not part of the type. */
    s.oif = 0;
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_OIF | NLA_F_NET_BYTEORDER, 4, &v);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    assert_int_equal(r[0].oif, 7);
    /* The last of a type wins. */
    s = v4_default();
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_PRIORITY, 4, &v);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    assert_int_equal(r[0].metric, 7);
    /* An attribute not read is not checked, however malformed; one beyond
     * RTA_MAX neither. */
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_MARK, 2, &v16);
    put_raw(nlh, RTA_MAX + 1, 1, &v16);
    assert_int_equal(libmnl_verdict(nlh), 0);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    /* A u32 is 4 bytes, no fewer and no more. */
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_TABLE, 8, &v64);
    assert_int_equal(libmnl_verdict(nlh), -EPROTO);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_PRIORITY, 2, &v16);
    assert_int_equal(libmnl_verdict(nlh), -EPROTO);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), -EPROTO);
    /* The walk ends where an attribute does not fit: what follows, a
     * malformed u32 included, is not looked at (mnl_attr_ok). */
    nlh = build_route(&buf, &s);
    {
        struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
        put_raw(nlh, RTA_MARK, 4, &v);
        put_raw(nlh, RTA_PRIORITY, 2, &v16);
        a->nla_len = 200; /* longer than what is left */
    }
    assert_int_equal(libmnl_verdict(nlh), 0);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    assert_int_equal(r[0].metric, 100);
    nlh = build_route(&buf, &s);
    {
        struct nlattr *a = mnl_nlmsg_get_payload_tail(nlh);
        put_raw(nlh, RTA_MARK, 4, &v);
        put_raw(nlh, RTA_PRIORITY, 2, &v16);
        a->nla_len = 2; /* shorter than its own header */
    }
    assert_int_equal(libmnl_verdict(nlh), 0);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    /* Fewer bytes left than a header: the end. */
    nlh = build_route(&buf, &s);
    nlh->nlmsg_len += 2;
    assert_int_equal(libmnl_verdict(nlh), 0);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    /* The last attribute's padding may be missing (nla_len 6 at the end:
     * its aligned step passes the end). */
    s = v4_default();
    s.oif = 0;
    s.has_priority = false;
    nlh = build_route(&buf, &s);
    put_raw(nlh, RTA_OIF, 4, &v);
    put_raw(nlh, RTA_MARK, 2, &v16);
    nlh->nlmsg_len -= 2;
    assert_int_equal(libmnl_verdict(nlh), 0);
    assert_int_equal(nio_linux_route_rows(nlh, r, 4), 1);
    assert_int_equal(r[0].oif, 7);
}

/* Every single-byte change of a message with every attribute read: the
 * walk accepts and refuses what libmnl's does (a refusal of the walk is a
 * refusal of the message; an accepted walk may still fail later, on an
 * address of the wrong length, which libmnl's types do not say). */
static void test_rows_walk_like_libmnl(void **state)
{
    (void)state;
    union msgbuf buf, copy;
    struct nio_route r[4];
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    size_t hdr = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct rtmsg));
    s.dst = "198.18.5.0";
    s.dst_len = 24;
    s.prefsrc = "198.18.0.9";
    s.expires = 300;
    s.unknown = true;
    s.oif = 0;
    s.gateway = NULL;
    s.nhops = 2;
    s.hops[0] = (struct hop_spec){4, "198.18.4.1", 0};
    s.hops[1] = (struct hop_spec){5, "198.18.5.1", 0};
    nlh = build_route(&buf, &s);
    for (size_t at = hdr; at < nlh->nlmsg_len; at++) {
        static const uint8_t values[] = {0x00, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0C, 0x40, 0xFF};
        for (size_t k = 0; k < sizeof(values); k++) {
            int walk, rows;
            memcpy(&copy, &buf, sizeof(buf));
            copy.bytes[at] = (char)values[k];
            walk = libmnl_verdict(&copy.nlh);
            rows = nio_linux_route_rows(&copy.nlh, r, 4);
            if (walk < 0 && rows != -EPROTO)
                fail_msg("byte %zu = 0x%02x: libmnl refuses, the parser gives %d", at,
                         values[k], rows);
        }
    }
}

/* Every truncation parses or fails cleanly, never reading past the end. */
static void test_rows_truncated(void **state)
{
    (void)state;
    union msgbuf buf, cut;
    struct route_spec s = v4_default();
    struct nlmsghdr *nlh;
    size_t full;
    s.family = AF_INET6;
    s.dst = "fd00:12::";
    s.dst_len = 64;
    s.gateway = NULL;
    s.prefsrc = "fd00:1::2";
    s.expires = 100;
    s.oif = 0;
    s.nhops = 3;
    s.hops[0] = (struct hop_spec){4, "fe80::1", 0};
    s.hops[1] = (struct hop_spec){5, "fe80::2", RTNH_F_ONLINK};
    s.hops[2] = (struct hop_spec){6, "fe80::3", 0};
    nlh = build_route(&buf, &s);
    full = nlh->nlmsg_len;
    assert_int_equal(nio_linux_route_rows(nlh, (struct nio_route[4]){0}, 4), 3);
    for (size_t len = sizeof(struct nlmsghdr); len <= full; len++) {
        struct nio_route r[4];
        int n;
        memset(&cut, 0xEE, sizeof(cut));
        memcpy(&cut, &buf, len);
        cut.nlh.nlmsg_len = (uint32_t)len;
        n = nio_linux_route_rows(&cut.nlh, r, 4);
        assert_true(n == -EPROTO || (n >= 0 && n <= 3));
    }
}

/* The id the route mirror keys an OS route by (route-mirror.c): the same
 * for every message about one route, a listing's or a notification's, its
 * addition or its deletion, whatever its remaining lifetime; different
 * when anything that tells two routes apart differs. */
static uint64_t id_of(const struct route_spec *s)
{
    union msgbuf buf;
    return nio_linux_route_id(build_route(&buf, s));
}

static struct route_spec v6_expiring(void)
{
    struct route_spec s = v4_default();
    s.family = AF_INET6;
    s.dst = "fd00:30::";
    s.dst_len = 64;
    s.gateway = "fe80::1";
    s.protocol = RTPROT_RA;
    s.priority = 1024;
    s.expires = 1800;
    return s;
}

static void test_route_id(void **state)
{
    (void)state;
    struct route_spec s = v6_expiring(), t;
    union msgbuf buf;
    struct nlmsghdr *nlh;
    uint64_t id = id_of(&s);
    assert_int_not_equal(id, 0);
    /* Its deletion, with another header and another lifetime left. */
    t = s;
    t.nlmsg_type = RTM_DELROUTE;
    t.expires = 17;
    assert_true(id_of(&t) == id);
    t.expires = 0; /* no RTA_CACHEINFO at all */
    assert_true(id_of(&t) == id);
    nlh = build_route(&buf, &s);
    nlh->nlmsg_seq = 99;
    nlh->nlmsg_pid = 1234;
    nlh->nlmsg_flags = NLM_F_MULTI;
    mnl_attr_put_u64(nlh, RTA_EXPIRES, 1799); /* what newer kernels add */
    assert_true(nio_linux_route_id(nlh) == id);
    /* Another route: each field that tells routes apart. */
    uint64_t seen[20];
    int n = 0;
    seen[n++] = id;
#define OTHER(field, value) (t = s, t.field = (value), seen[n++] = id_of(&t))
    OTHER(dst, "fd00:31::");
    OTHER(dst_len, 56);
    OTHER(gateway, "fe80::2");
    OTHER(priority, 1025);
    OTHER(prefsrc, "fd00:1::2");
    OTHER(table_attr, 100);
    OTHER(table, 100);
    OTHER(protocol, RTPROT_STATIC);
    OTHER(type, RTN_BLACKHOLE);
    OTHER(tos, 4);
    OTHER(oif, 4);
    OTHER(unknown, true);
#undef OTHER
    t = s;
    t.family = AF_INET;
    t.dst = "198.19.30.0";
    t.dst_len = 24;
    t.gateway = "198.18.0.1";
    seen[n++] = id_of(&t);
    t = s;
    t.gateway = NULL;
    t.oif = 0;
    t.nhops = 2;
    t.hops[0] = (struct hop_spec){4, "fe80::1", 0};
    t.hops[1] = (struct hop_spec){5, "fe80::2", 0};
    seen[n++] = id_of(&t);
    t.hops[1].flags = RTNH_F_ONLINK;
    seen[n++] = id_of(&t);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            assert_true(seen[i] != seen[j]);
}

/* A message cut short: no read past its length (what lies beyond changes
 * nothing), and no id at all without a whole rtmsg. */
static void test_route_id_truncated(void **state)
{
    (void)state;
    union msgbuf buf, a, b;
    struct route_spec s = v6_expiring();
    struct nlmsghdr *nlh = build_route(&buf, &s);
    size_t full = nlh->nlmsg_len;
    for (size_t len = sizeof(struct nlmsghdr); len <= full; len++) {
        memset(&a, 0xEE, sizeof(a));
        memset(&b, 0x11, sizeof(b));
        memcpy(&a, &buf, len);
        memcpy(&b, &buf, len);
        a.nlh.nlmsg_len = b.nlh.nlmsg_len = (uint32_t)len;
        uint64_t ia = nio_linux_route_id(&a.nlh), ib = nio_linux_route_id(&b.nlh);
        assert_true(ia == ib);
        if (len < NLMSG_HDRLEN + sizeof(struct rtmsg))
            assert_true(ia == 0);
        else
            assert_true(ia != 0);
    }
}

/* ================================================================= links */
struct link_spec {
    int index;
    unsigned short arphrd;
    unsigned flags;
    const char *name;
    uint32_t mtu;
    const char *kind;
    int operstate;              /* -1: no IFLA_OPERSTATE */
    int addr_len;               /* IFLA_ADDRESS bytes; 0: none */
    int perm_len;               /* IFLA_PERM_ADDRESS bytes; 0: none */
    const char *ifalias;
    bool ifalias_no_nul;
    const char *parent;         /* IFLA_PARENT_DEV_NAME */
    int stats64_len;            /* bytes of rtnl_link_stats64 sent; 0: none */
    bool stats32;
    bool unknown;
};

static struct link_spec link_veth(void)
{
    struct link_spec s;
    memset(&s, 0, sizeof(s));
    s.index = 3;
    s.arphrd = ARPHRD_ETHER;
    s.flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP;
    s.name = "va";
    s.mtu = 1400;
    s.kind = "veth";
    s.operstate = IF_OPER_UP;
    s.addr_len = 6;
    s.stats64_len = sizeof(struct rtnl_link_stats64);
    return s;
}

static const struct rtnl_link_stats64 canned_stats = {
    .rx_packets = 1000, .tx_packets = 2000, .rx_bytes = 150000, .tx_bytes = 250000,
    .rx_errors = 3, .tx_errors = 4, .rx_dropped = 5, .tx_dropped = 6, .multicast = 70,
    .rx_missed_errors = 8, .rx_nohandler = 9,
};

static struct nlmsghdr *build_link(union msgbuf *buf, const struct link_spec *s)
{
    struct nlmsghdr *nlh;
    struct ifinfomsg *ifi;
    uint8_t addr[40];
    for (size_t i = 0; i < sizeof(addr); i++)
        addr[i] = (uint8_t)(0x10 + i);
    memset(buf, 0, sizeof(*buf));
    nlh = mnl_nlmsg_put_header(buf->bytes);
    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = s->index;
    ifi->ifi_type = s->arphrd;
    ifi->ifi_flags = s->flags;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, s->name);
    mnl_attr_put_u32(nlh, IFLA_MTU, s->mtu);
    if (s->unknown)
        mnl_attr_put_u32(nlh, 999, 1);
    if (s->operstate >= 0)
        mnl_attr_put_u8(nlh, IFLA_OPERSTATE, (uint8_t)s->operstate);
    if (s->addr_len)
        mnl_attr_put(nlh, IFLA_ADDRESS, (size_t)s->addr_len, addr);
    if (s->perm_len)
        mnl_attr_put(nlh, IFLA_PERM_ADDRESS, (size_t)s->perm_len, addr + 20);
    if (s->ifalias && s->ifalias_no_nul)
        mnl_attr_put(nlh, IFLA_IFALIAS, strlen(s->ifalias), s->ifalias);
    else if (s->ifalias)
        mnl_attr_put_strz(nlh, IFLA_IFALIAS, s->ifalias);
    if (s->parent)
        mnl_attr_put_strz(nlh, IFLA_PARENT_DEV_NAME, s->parent);
    if (s->kind) {
        struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, s->kind);
        mnl_attr_nest_end(nlh, li);
    }
    if (s->stats64_len)
        mnl_attr_put(nlh, IFLA_STATS64, (size_t)s->stats64_len, &canned_stats);
    if (s->stats32) {
        struct rtnl_link_stats st;
        memset(&st, 0, sizeof(st));
        st.rx_packets = 11;
        st.tx_packets = 22;
        st.rx_bytes = 333;
        st.tx_bytes = 444;
        st.multicast = 5;
        st.rx_dropped = 6;
        st.rx_missed_errors = 1;
        mnl_attr_put(nlh, IFLA_STATS, sizeof(st), &st);
    }
    return nlh;
}

static int parse_link(const struct link_spec *s, struct nio_ifrow *r)
{
    union msgbuf buf;
    return nio_linux_parse_ifrow(build_link(&buf, s), r);
}

static void test_link_veth(void **state)
{
    (void)state;
    struct link_spec s = link_veth();
    struct nio_ifrow r;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_int_equal(r.ifc.index, 3);
    assert_string_equal(r.ifc.name, "va");
    assert_int_equal(r.ifc.mtu, 1400);
    assert_int_equal(r.ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_true(r.ifc.connected);
    assert_true(r.admin_up);
    assert_true(r.broadcast);
    assert_false(r.point_to_point);
    assert_false(r.hardware); /* made by rtnetlink (a kind), no parent */
    assert_int_equal(r.oper, IfOperStatusUp);
    assert_int_equal(r.tunnel_type, TUNNEL_TYPE_NONE);
    assert_int_equal(r.addr_len, 6);
    assert_int_equal(r.addr[0], 0x10);
    assert_int_equal(r.addr[5], 0x15);
    assert_int_equal(r.perm_addr_len, 0);
    assert_string_equal(r.description, "veth");
    assert_true(r.has_counters);
    assert_int_equal(r.counters.in_octets, 150000);
    assert_int_equal(r.counters.in_packets, 1000);
    assert_int_equal(r.counters.in_multicast, 70);
    assert_int_equal(r.counters.in_discards, 5 + 8);
    assert_int_equal(r.counters.in_errors, 3);
    assert_int_equal(r.counters.in_unknown_protos, 9);
    assert_int_equal(r.counters.out_octets, 250000);
    assert_int_equal(r.counters.out_packets, 2000);
    assert_int_equal(r.counters.out_multicast, 0);
    assert_int_equal(r.counters.out_discards, 6);
    assert_int_equal(r.counters.out_errors, 4);
    assert_int_equal(r.speed, NIO_SPEED_NONE); /* not in the message */
}

static void test_link_hardware(void **state)
{
    (void)state;
    struct link_spec s = link_veth();
    struct nio_ifrow r;
    s.kind = NULL;
    s.parent = "0000:00:03.0";
    s.perm_len = 6;
    s.ifalias = "uplink port";
    assert_int_equal(parse_link(&s, &r), 0);
    assert_true(r.hardware);
    assert_int_equal(r.perm_addr_len, 6);
    assert_int_equal(r.perm_addr[0], 0x10 + 20);
    assert_string_equal(r.description, "uplink port");
    /* An older kernel without the parent: no kind, not loopback. */
    s.parent = NULL;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_true(r.hardware);
    /* Loopback is never hardware. */
    s.arphrd = ARPHRD_LOOPBACK;
    s.flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    s.ifalias = NULL;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_false(r.hardware);
    assert_string_equal(r.description, "");
}

static void test_link_oper_states(void **state)
{
    (void)state;
    static const struct {
        int linux_oper;
        uint8_t want;
    } cases[] = {
        {IF_OPER_UNKNOWN, IfOperStatusUnknown},
        {IF_OPER_NOTPRESENT, IfOperStatusNotPresent},
        {IF_OPER_DOWN, IfOperStatusDown},
        {IF_OPER_LOWERLAYERDOWN, IfOperStatusLowerLayerDown},
        {IF_OPER_TESTING, IfOperStatusTesting},
        {IF_OPER_DORMANT, IfOperStatusDormant},
        {IF_OPER_UP, IfOperStatusUp},
        {77, IfOperStatusUnknown},
        {-1, IfOperStatusUnknown}, /* no attribute */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_veth();
        struct nio_ifrow r;
        s.operstate = cases[i].linux_oper;
        assert_int_equal(parse_link(&s, &r), 0);
        assert_int_equal(r.oper, cases[i].want);
    }
}

static void test_link_tunnels(void **state)
{
    (void)state;
    static const struct {
        unsigned short arphrd;
        const char *kind;
        uint8_t want;
    } cases[] = {
        {ARPHRD_TUNNEL, "ipip", TUNNEL_TYPE_DIRECT},
        {ARPHRD_SIT, "sit", TUNNEL_TYPE_DIRECT},
        {ARPHRD_TUNNEL6, "ip6tnl", TUNNEL_TYPE_DIRECT},
        {ARPHRD_IPGRE, "gre", TUNNEL_TYPE_OTHER},
        {ARPHRD_TUNNEL, "vti", TUNNEL_TYPE_OTHER},
        {ARPHRD_TUNNEL, NULL, TUNNEL_TYPE_OTHER},
        {ARPHRD_ETHER, "vxlan", TUNNEL_TYPE_NONE},
        {ARPHRD_NONE, "wireguard", TUNNEL_TYPE_NONE},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_veth();
        struct nio_ifrow r;
        s.arphrd = cases[i].arphrd;
        s.kind = cases[i].kind;
        s.flags = IFF_UP | IFF_POINTOPOINT | IFF_NOARP | IFF_RUNNING;
        assert_int_equal(parse_link(&s, &r), 0);
        assert_int_equal(r.tunnel_type, cases[i].want);
        assert_true(r.point_to_point);
        assert_false(r.broadcast);
    }
}

static void test_link_old_stats(void **state)
{
    (void)state;
    struct link_spec s = link_veth();
    struct nio_ifrow r;
    /* A kernel from before rx_nohandler (Linux 4.6): a shorter struct. */
    s.stats64_len = (int)offsetof(struct rtnl_link_stats64, rx_nohandler);
    assert_int_equal(parse_link(&s, &r), 0);
    assert_true(r.has_counters);
    assert_int_equal(r.counters.in_octets, 150000);
    assert_int_equal(r.counters.in_unknown_protos, 0);
    /* Only the 32-bit counters. */
    s.stats64_len = 0;
    s.stats32 = true;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_true(r.has_counters);
    assert_int_equal(r.counters.in_packets, 11);
    assert_int_equal(r.counters.out_octets, 444);
    assert_int_equal(r.counters.in_multicast, 5);
    assert_int_equal(r.counters.in_discards, 7);
    /* None (RTEXT_FILTER_SKIP_STATS). */
    s.stats32 = false;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_false(r.has_counters);
    assert_int_equal(r.counters.in_octets, 0);
}

static void test_link_odd_attributes(void **state)
{
    (void)state;
    struct link_spec s = link_veth();
    struct nio_ifrow r;
    /* A link-layer address longer than Windows' 32 bytes is cut. */
    s.addr_len = 40;
    s.unknown = true;
    s.ifalias = "no terminator";
    s.ifalias_no_nul = true;
    assert_int_equal(parse_link(&s, &r), 0);
    assert_int_equal(r.addr_len, 32);
    assert_string_equal(r.description, "no terminator");
    /* An alias as long as the kernel allows (IFALIASZ - 1). */
    {
        char alias[256];
        memset(alias, 'a', sizeof(alias) - 1);
        alias[sizeof(alias) - 1] = '\0';
        s = link_veth();
        s.ifalias = alias;
        assert_int_equal(parse_link(&s, &r), 0);
        assert_int_equal(strlen(r.description), 255);
    }
}

static void test_link_malformed(void **state)
{
    (void)state;
    union msgbuf buf;
    struct link_spec s = link_veth();
    struct nio_ifrow r;
    struct nlmsghdr *nlh;
    s.name = NULL;
    s.name = "va";
    nlh = build_link(&buf, &s);
    nlh->nlmsg_type = RTM_NEWROUTE;
    assert_int_equal(nio_linux_parse_ifrow(nlh, &r), -EPROTO);
    /* An IFLA_OPERSTATE with no byte. */
    nlh = build_link(&buf, &s);
    mnl_attr_put(nlh, IFLA_OPERSTATE, 0, NULL);
    assert_int_equal(nio_linux_parse_ifrow(nlh, &r), -EPROTO);
}

static void test_link_truncated(void **state)
{
    (void)state;
    union msgbuf buf, cut;
    struct link_spec s = link_veth();
    struct nlmsghdr *nlh;
    size_t full;
    s.perm_len = 6;
    s.parent = "0000:00:03.0";
    s.ifalias = "uplink";
    nlh = build_link(&buf, &s);
    full = nlh->nlmsg_len;
    for (size_t len = sizeof(struct nlmsghdr); len <= full; len++) {
        struct nio_ifrow r;
        memset(&cut, 0xEE, sizeof(cut));
        memcpy(&cut, &buf, len);
        cut.nlh.nlmsg_len = (uint32_t)len;
        (void)nio_linux_parse_ifrow(&cut.nlh, &r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_default_v4),
        cmocka_unit_test(test_route_v6_prefix),
        cmocka_unit_test(test_route_on_link_and_tables),
        cmocka_unit_test(test_route_types),
        cmocka_unit_test(test_route_protocols),
        cmocka_unit_test(test_route_multipath),
        cmocka_unit_test(test_route_via),
        cmocka_unit_test(test_route_unknown_attributes),
        cmocka_unit_test(test_route_malformed),
        cmocka_unit_test(test_route_truncated),
        cmocka_unit_test(test_rows_unicast),
        cmocka_unit_test(test_rows_multipath),
        cmocka_unit_test(test_rows_via),
        cmocka_unit_test(test_rows_kinds),
        cmocka_unit_test(test_rows_not_rows),
        cmocka_unit_test(test_rows_expires_and_delroute),
        cmocka_unit_test(test_rows_malformed),
        cmocka_unit_test(test_rows_truncated),
        cmocka_unit_test(test_route_id),
        cmocka_unit_test(test_route_id_truncated),
        cmocka_unit_test(test_rows_attribute_walk),
        cmocka_unit_test(test_rows_walk_like_libmnl),
        cmocka_unit_test(test_link_veth),
        cmocka_unit_test(test_link_hardware),
        cmocka_unit_test(test_link_oper_states),
        cmocka_unit_test(test_link_tunnels),
        cmocka_unit_test(test_link_old_stats),
        cmocka_unit_test(test_link_odd_attributes),
        cmocka_unit_test(test_link_malformed),
        cmocka_unit_test(test_link_truncated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
