/* test-parse-addr.c - the pure parser of the address rows,
 * src/linux/parse-addr.c (RTM_NEWADDR / RTM_DELADDR -> struct nio_addr).
 * Messages are built here with libmnl as the kernel lays them out (the
 * attributes inet_fill_ifaddr and inet6_fill_ifaddr send), then parsed
 * whole, with unknown attributes added, with each known attribute
 * malformed, and cut short at every length. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "linux.h"

#define IFA_PROTO_ATTR 11   /* IFA_PROTO, Linux 5.18 */

union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[4096];
};

/* One message as the kernel would send it; NULL texts are left out. */
struct addr_spec {
    uint16_t type;
    uint8_t family, prefixlen, ifa_flags, scope;
    uint32_t index;
    const char *address, *local, *broadcast;
    bool has_flags;
    uint32_t flags;             /* IFA_FLAGS */
    bool has_cacheinfo;
    struct ifa_cacheinfo ci;
    int proto;                  /* IFA_PROTO; -1: none */
    bool label, unknown;        /* IFA_LABEL, an attribute nobody knows */
};

static void put_ip(struct nlmsghdr *nlh, uint16_t type, uint8_t family, const char *text)
{
    uint8_t a[16];
    assert_int_equal(inet_pton(family, text, a), 1);
    mnl_attr_put(nlh, type, family == AF_INET6 ? 16 : 4, a);
}

static struct nlmsghdr *build(union msgbuf *buf, const struct addr_spec *s)
{
    struct nlmsghdr *nlh;
    struct ifaddrmsg *ifa;
    memset(buf, 0, sizeof(*buf));
    nlh = mnl_nlmsg_put_header(buf->bytes);
    nlh->nlmsg_type = s->type;
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = s->family;
    ifa->ifa_prefixlen = s->prefixlen;
    ifa->ifa_flags = s->ifa_flags;
    ifa->ifa_scope = s->scope;
    ifa->ifa_index = s->index;
    if (s->address)
        put_ip(nlh, IFA_ADDRESS, s->family, s->address);
    if (s->local)
        put_ip(nlh, IFA_LOCAL, s->family, s->local);
    if (s->label)
        mnl_attr_put_strz(nlh, IFA_LABEL, "eth1");
    if (s->broadcast)
        put_ip(nlh, IFA_BROADCAST, s->family, s->broadcast);
    if (s->has_flags)
        mnl_attr_put_u32(nlh, IFA_FLAGS, s->flags);
    if (s->has_cacheinfo)
        mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(s->ci), &s->ci);
    if (s->proto >= 0)
        mnl_attr_put_u8(nlh, IFA_PROTO_ATTR, (uint8_t)s->proto);
    if (s->unknown)
        mnl_attr_put_u32(nlh, 200, 7);
    return nlh;
}

/* 198.18.0.1/24 brd 198.18.0.255 dev 3, permanent, as `ip addr add` makes it. */
static struct addr_spec v4(void)
{
    struct addr_spec s;
    memset(&s, 0, sizeof(s));
    s.type = RTM_NEWADDR;
    s.family = AF_INET;
    s.prefixlen = 24;
    s.ifa_flags = IFA_F_PERMANENT;
    s.index = 3;
    s.address = s.local = "198.18.0.1";
    s.broadcast = "198.18.0.255";
    s.label = true;
    s.has_flags = true;
    s.flags = IFA_F_PERMANENT;
    s.has_cacheinfo = true;
    s.ci.ifa_valid = s.ci.ifa_prefered = 0xFFFFFFFFu;
    s.ci.cstamp = 12345;
    s.ci.tstamp = 12345;
    s.proto = -1;
    return s;
}

/* fd00:1::5/64 dev 7, from a router advertisement, with lifetimes. */
static struct addr_spec v6(void)
{
    struct addr_spec s;
    memset(&s, 0, sizeof(s));
    s.type = RTM_NEWADDR;
    s.family = AF_INET6;
    s.prefixlen = 64;
    s.index = 7;
    s.address = "fd00:1::5";
    s.has_flags = true;
    s.flags = IFA_F_MANAGETEMPADDR;
    s.has_cacheinfo = true;
    s.ci.ifa_valid = 2592000;
    s.ci.ifa_prefered = 604800;
    s.ci.cstamp = 700;
    s.proto = 2; /* IFAPROT_KERNEL_RA */
    return s;
}

static int parse(const struct addr_spec *s, struct nio_addr *out)
{
    union msgbuf buf;
    memset(out, 0xA5, sizeof(*out));
    return nio_linux_parse_addr(build(&buf, s), out);
}

static void assert_ip(const struct nio_ip *ip, const char *text)
{
    uint8_t a[16];
    int fam = ip->slot == NIO_V6 ? AF_INET6 : AF_INET;
    assert_int_equal(inet_pton(fam, text, a), 1);
    assert_memory_equal(ip->bytes, a, ip->slot == NIO_V6 ? 16 : 4);
}

/* ------------------------------------------------------------- IPv4 */
static void test_v4(void **state)
{
    struct addr_spec s = v4();
    struct nio_addr a;
    (void)state;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.ifindex, 3);
    assert_int_equal(a.addr.slot, NIO_V4);
    assert_ip(&a.addr, "198.18.0.1");
    assert_int_equal(a.addr.scope, 0);
    assert_int_equal(a.prefix_len, 24);
    assert_false(a.has_peer);
    assert_true(a.has_broadcast);
    assert_ip(&a.broadcast, "198.18.0.255");
    assert_int_equal(a.flags, NIO_AF_PERMANENT);
    assert_int_equal(a.origin, NIO_AO_UNKNOWN);
    assert_int_equal(a.valid_s, NIO_LIFETIME_INFINITE);
    assert_int_equal(a.preferred_s, NIO_LIFETIME_INFINITE);
    assert_true(a.has_created);
    assert_int_equal(a.created_ms, 123450); /* hundredths of a second */
    /* The same from a deletion message. */
    s.type = RTM_DELADDR;
    assert_int_equal(parse(&s, &a), 0);
    assert_ip(&a.addr, "198.18.0.1");
}

/* A point-to-point address: IFA_LOCAL is ours, IFA_ADDRESS the peer. */
static void test_v4_peer(void **state)
{
    struct addr_spec s = v4();
    struct nio_addr a;
    (void)state;
    s.address = "198.18.0.2";
    s.broadcast = NULL;
    s.prefixlen = 32;
    assert_int_equal(parse(&s, &a), 0);
    assert_ip(&a.addr, "198.18.0.1");
    assert_true(a.has_peer);
    assert_ip(&a.peer, "198.18.0.2");
    assert_false(a.has_broadcast);
}

/* 0x01 is IPv4's "secondary" and IPv6's "temporary"; an old kernel sends
 * only ifa_flags, a new one IFA_FLAGS too, which wins. */
static void test_flags(void **state)
{
    struct addr_spec s = v4();
    struct nio_addr a;
    (void)state;
    s.has_flags = false;
    s.ifa_flags = IFA_F_SECONDARY | IFA_F_DEPRECATED;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.flags, NIO_AF_SECONDARY | NIO_AF_DEPRECATED);
    s = v6();
    s.has_flags = false;
    s.ifa_flags = IFA_F_TEMPORARY | IFA_F_TENTATIVE | IFA_F_OPTIMISTIC;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.flags, NIO_AF_TEMPORARY | NIO_AF_TENTATIVE | NIO_AF_OPTIMISTIC);
    s.ifa_flags = IFA_F_NODAD; /* ignored: IFA_FLAGS holds them all */
    s.has_flags = true;
    s.flags = IFA_F_NOPREFIXROUTE | IFA_F_STABLE_PRIVACY | IFA_F_DADFAILED | IFA_F_PERMANENT |
              IFA_F_MANAGETEMPADDR;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.flags, NIO_AF_NOPREFIXROUTE | NIO_AF_STABLE_PRIVACY | NIO_AF_DADFAILED |
                                  NIO_AF_PERMANENT | NIO_AF_MANAGETEMPADDR);
    s.flags = IFA_F_NODAD | 0x10000; /* an unknown bit is dropped */
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.flags, NIO_AF_NODAD);
}

/* ------------------------------------------------------------- IPv6 */
static void test_v6(void **state)
{
    struct addr_spec s = v6();
    struct nio_addr a;
    (void)state;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.ifindex, 7);
    assert_int_equal(a.addr.slot, NIO_V6);
    assert_ip(&a.addr, "fd00:1::5");
    assert_int_equal(a.prefix_len, 64);
    assert_false(a.has_peer);
    assert_false(a.has_broadcast);
    assert_int_equal(a.flags, NIO_AF_MANAGETEMPADDR);
    assert_int_equal(a.origin, NIO_AO_RA);
    assert_int_equal(a.valid_s, 2592000);
    assert_int_equal(a.preferred_s, 604800);
    assert_int_equal(a.created_ms, 7000);
    /* A point-to-point IPv6 address: IFA_LOCAL and the peer. */
    s.local = "fd00:1::5";
    s.address = "fd00:1::6";
    assert_int_equal(parse(&s, &a), 0);
    assert_ip(&a.addr, "fd00:1::5");
    assert_true(a.has_peer);
    assert_ip(&a.peer, "fd00:1::6");
}

static void test_origin(void **state)
{
    static const struct {
        int proto;
        enum nio_addr_origin want;
    } cases[] = {
        {-1, NIO_AO_UNKNOWN}, {0, NIO_AO_UNKNOWN},     {1, NIO_AO_LOOPBACK}, {2, NIO_AO_RA},
        {3, NIO_AO_LINK_LOCAL}, {4, NIO_AO_PROGRAM}, {255, NIO_AO_PROGRAM},
    };
    struct addr_spec s = v6();
    struct nio_addr a;
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        s.proto = cases[i].proto;
        assert_int_equal(parse(&s, &a), 0);
        assert_int_equal(a.origin, cases[i].want);
    }
}

/* No IFA_CACHEINFO: infinite, of no known age. */
static void test_no_cacheinfo(void **state)
{
    struct addr_spec s = v6();
    struct nio_addr a;
    (void)state;
    s.has_cacheinfo = false;
    assert_int_equal(parse(&s, &a), 0);
    assert_int_equal(a.valid_s, NIO_LIFETIME_INFINITE);
    assert_int_equal(a.preferred_s, NIO_LIFETIME_INFINITE);
    assert_false(a.has_created);
}

/* ------------------------------------------------------------ refusals */
static void test_not_a_row(void **state)
{
    struct addr_spec s = v4();
    struct nio_addr a;
    (void)state;
    s.address = s.local = s.broadcast = NULL; /* whatever the family's addresses are */
    s.family = 17; /* AF_PACKET: no IP address */
    assert_int_equal(parse(&s, &a), -ENOENT);
    s.family = 28; /* AF_MPLS */
    assert_int_equal(parse(&s, &a), -ENOENT);
}

static void test_malformed(void **state)
{
    struct addr_spec s;
    struct nio_addr a;
    (void)state;
    s = v4();
    s.type = RTM_NEWLINK;
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v4();
    s.address = s.local = NULL; /* no address at all */
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v4();
    s.prefixlen = 33;
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v6();
    s.prefixlen = 129;
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v4();
    s.index = 0;
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v6();
    s.broadcast = "fd00::ff"; /* IPv6 has no broadcast */
    assert_int_equal(parse(&s, &a), -EPROTO);
    s = v4();
    s.family = AF_INET6; /* IPv4-sized addresses in an IPv6 message */
    {
        union msgbuf buf;
        struct nlmsghdr *nlh;
        struct ifaddrmsg *ifa;
        uint8_t four[4] = {198, 18, 0, 1};
        memset(&buf, 0, sizeof(buf));
        nlh = mnl_nlmsg_put_header(buf.bytes);
        nlh->nlmsg_type = RTM_NEWADDR;
        ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
        ifa->ifa_family = AF_INET6;
        ifa->ifa_prefixlen = 64;
        ifa->ifa_index = 3;
        mnl_attr_put(nlh, IFA_ADDRESS, 4, four);
        assert_int_equal(nio_linux_parse_addr(nlh, &a), -EPROTO);
    }
}

/* Each known attribute with a payload of the wrong size. */
static void test_bad_sizes(void **state)
{
    static const uint16_t types[] = {IFA_ADDRESS, IFA_LOCAL, IFA_BROADCAST, IFA_CACHEINFO,
                                     IFA_FLAGS, IFA_PROTO_ATTR};
    (void)state;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        union msgbuf buf;
        struct addr_spec s = v4();
        struct nio_addr a;
        struct nlmsghdr *nlh;
        uint8_t junk[2] = {1, 2};
        if (types[i] == IFA_ADDRESS)
            s.address = NULL;
        if (types[i] == IFA_LOCAL)
            s.local = NULL;
        if (types[i] == IFA_BROADCAST)
            s.broadcast = NULL;
        if (types[i] == IFA_CACHEINFO)
            s.has_cacheinfo = false;
        if (types[i] == IFA_FLAGS)
            s.has_flags = false;
        nlh = build(&buf, &s);
        /* libmnl takes a u8 of any size from one byte: IFA_PROTO gets none. */
        mnl_attr_put(nlh, types[i], types[i] == IFA_PROTO_ATTR ? 0 : sizeof(junk), junk);
        print_message("attribute %u\n", types[i]);
        assert_int_equal(nio_linux_parse_addr(nlh, &a), -EPROTO);
    }
}

/* Unknown attributes are skipped; every cut of a good message is either
 * still a good message (the cut fell between attributes) or refused. */
static void test_unknown_and_cuts(void **state)
{
    struct addr_spec s = v4();
    union msgbuf buf;
    struct nlmsghdr *nlh;
    struct nio_addr a;
    uint32_t full;
    (void)state;
    s.unknown = true;
    assert_int_equal(parse(&s, &a), 0);
    assert_ip(&a.addr, "198.18.0.1");
    nlh = build(&buf, &s);
    full = nlh->nlmsg_len;
    for (uint32_t len = 0; len < full; len++) {
        int err;
        nlh->nlmsg_len = len;
        err = nio_linux_parse_addr(nlh, &a);
        assert_true(err == 0 || err == -EPROTO);
        if (len < NLMSG_LENGTH(sizeof(struct ifaddrmsg)))
            assert_int_equal(err, -EPROTO);
        if (err == 0)
            assert_int_equal(a.ifindex, 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v4),
        cmocka_unit_test(test_v4_peer),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_v6),
        cmocka_unit_test(test_origin),
        cmocka_unit_test(test_no_cacheinfo),
        cmocka_unit_test(test_not_a_row),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_bad_sizes),
        cmocka_unit_test(test_unknown_and_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
