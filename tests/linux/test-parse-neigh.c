/* test-parse-neigh.c - the pure parser of the neighbour rows,
 * src/linux/parse-neigh.c (RTM_NEWNEIGH / RTM_DELNEIGH -> struct
 * nio_neigh).  Messages are built here with libmnl as the kernel lays them
 * out (neigh_fill_info: ndmsg, NDA_DST, NDA_LLADDR, NDA_PROBES,
 * NDA_CACHEINFO, NDA_PROTOCOL), then parsed whole, in every NUD_* state,
 * without the optional attributes, as entries that are no neighbour (a
 * proxy entry, a bridge's forwarding entry), with each attribute malformed,
 * and cut short at every length. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"

#define NDA_PROTOCOL_ATTR 12 /* NDA_PROTOCOL, Linux 5.2 */

union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[4096];
};

static const uint8_t MAC[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};

/* One message as the kernel would send it. */
struct neigh_spec {
    uint16_t type;
    uint8_t family, flags;
    uint16_t nud;
    int32_t index;
    const char *dst;            /* NULL: no NDA_DST */
    int lladdr_len;             /* -1: no NDA_LLADDR; else bytes of MAC, then 0x11... */
    bool has_cacheinfo;
    struct nda_cacheinfo ci;
    int proto;                  /* NDA_PROTOCOL; -1: none */
    bool probes, unknown;       /* NDA_PROBES, an attribute nobody knows */
};

static struct nlmsghdr *build(union msgbuf *buf, const struct neigh_spec *s)
{
    struct nlmsghdr *nlh;
    struct ndmsg *ndm;
    memset(buf, 0, sizeof(*buf));
    nlh = mnl_nlmsg_put_header(buf->bytes);
    nlh->nlmsg_type = s->type;
    ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = s->family;
    ndm->ndm_flags = s->flags;
    ndm->ndm_state = s->nud;
    ndm->ndm_ifindex = s->index;
    ndm->ndm_type = RTN_UNICAST;
    if (s->dst) {
        uint8_t a[16];
        int fam = strchr(s->dst, ':') ? AF_INET6 : AF_INET;
        assert_int_equal(inet_pton(fam, s->dst, a), 1);
        mnl_attr_put(nlh, NDA_DST, fam == AF_INET6 ? 16 : 4, a);
    }
    if (s->lladdr_len >= 0) {
        uint8_t ll[64];
        memset(ll, 0x11, sizeof(ll));
        memcpy(ll, MAC, 6);
        mnl_attr_put(nlh, NDA_LLADDR, (size_t)s->lladdr_len, ll);
    }
    if (s->probes)
        mnl_attr_put_u32(nlh, NDA_PROBES, 0);
    if (s->has_cacheinfo)
        mnl_attr_put(nlh, NDA_CACHEINFO, sizeof(s->ci), &s->ci);
    if (s->proto >= 0)
        mnl_attr_put_u8(nlh, NDA_PROTOCOL_ATTR, (uint8_t)s->proto);
    if (s->unknown)
        mnl_attr_put_u32(nlh, 200, 7);
    return nlh;
}

/* 198.18.0.2 lladdr 02:00:5e:10:00:01 dev 3 REACHABLE, confirmed 1.5 s
 * ago, updated 12.34 s ago, as `ip neigh` lists it. */
static struct neigh_spec v4(void)
{
    struct neigh_spec s;
    memset(&s, 0, sizeof(s));
    s.type = RTM_NEWNEIGH;
    s.family = AF_INET;
    s.nud = NUD_REACHABLE;
    s.index = 3;
    s.dst = "198.18.0.2";
    s.lladdr_len = 6;
    s.has_cacheinfo = true;
    s.ci.ndm_used = 7;
    s.ci.ndm_confirmed = 150;
    s.ci.ndm_updated = 1234;
    s.ci.ndm_refcnt = 1;
    s.proto = -1;
    s.probes = true;
    return s;
}

/* fe80::1 lladdr ... router dev 7 STALE. */
static struct neigh_spec v6(void)
{
    struct neigh_spec s = v4();
    s.family = AF_INET6;
    s.flags = NTF_ROUTER;
    s.nud = NUD_STALE;
    s.index = 7;
    s.dst = "fe80::1";
    s.ci.ndm_confirmed = 3000;
    s.ci.ndm_updated = 2;
    return s;
}

static int parse(const struct neigh_spec *s, struct nio_neigh *out)
{
    union msgbuf buf;
    memset(out, 0xA5, sizeof(*out));
    return nio_linux_parse_neigh(build(&buf, s), out);
}

static void assert_ip(const struct nio_ip *ip, const char *text)
{
    uint8_t a[16];
    int fam = ip->slot == NIO_V6 ? AF_INET6 : AF_INET;
    size_t len = ip->slot == NIO_V6 ? 16 : 4;
    assert_int_equal(inet_pton(fam, text, a), 1);
    assert_memory_equal(ip->bytes, a, len);
    for (size_t i = len; i < sizeof(ip->bytes); i++)
        assert_int_equal(ip->bytes[i], 0);
    assert_int_equal(ip->scope, 0);
}

/* ---------------------------------------------------------- good ones */
static void test_v4(void **state)
{
    struct neigh_spec s = v4();
    struct nio_neigh n;
    (void)state;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.ifindex, 3);
    assert_int_equal(n.addr.slot, NIO_V4);
    assert_ip(&n.addr, "198.18.0.2");
    assert_int_equal(n.lladdr_len, 6);
    assert_memory_equal(n.lladdr, MAC, 6);
    for (size_t i = 6; i < sizeof(n.lladdr); i++)
        assert_int_equal(n.lladdr[i], 0);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
    assert_false(n.router);
    assert_true(n.has_times);
    assert_int_equal(n.confirmed_ms, 1500);  /* USER_HZ hundredths -> ms */
    assert_int_equal(n.updated_ms, 12340);
    assert_int_equal(n.os_bits, NIO_NB_MAKE(0, 0));
    /* The same from a deletion message. */
    s.type = RTM_DELNEIGH;
    assert_int_equal(parse(&s, &n), 0);
    assert_ip(&n.addr, "198.18.0.2");
    assert_int_equal(n.ifindex, 3);
    assert_int_equal(n.state, NIO_NS_REACHABLE);
}

static void test_v6(void **state)
{
    struct neigh_spec s = v6();
    struct nio_neigh n;
    (void)state;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.ifindex, 7);
    assert_int_equal(n.addr.slot, NIO_V6);
    assert_ip(&n.addr, "fe80::1");
    assert_int_equal(n.lladdr_len, 6);
    assert_memory_equal(n.lladdr, MAC, 6);
    assert_int_equal(n.state, NIO_NS_STALE);
    assert_true(n.router);
    assert_int_equal(n.confirmed_ms, 30000);
    assert_int_equal(n.updated_ms, 20);
    assert_int_equal(n.os_bits & 0xFFu, NTF_ROUTER);
    s.type = RTM_DELNEIGH;
    s.flags = 0;
    assert_int_equal(parse(&s, &n), 0);
    assert_ip(&n.addr, "fe80::1");
    assert_false(n.router);
}

/* Every NUD_* state, in both families. */
static void test_states(void **state)
{
    static const struct {
        uint16_t nud;
        enum nio_neigh_state want;
    } cases[] = {
        {NUD_NONE, NIO_NS_NONE},           {NUD_INCOMPLETE, NIO_NS_INCOMPLETE},
        {NUD_REACHABLE, NIO_NS_REACHABLE}, {NUD_STALE, NIO_NS_STALE},
        {NUD_DELAY, NIO_NS_DELAY},         {NUD_PROBE, NIO_NS_PROBE},
        {NUD_FAILED, NIO_NS_FAILED},       {NUD_NOARP, NIO_NS_NOARP},
        {NUD_PERMANENT, NIO_NS_PERMANENT},
    };
    (void)state;
    for (int fam = 0; fam < 2; fam++) {
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
            struct neigh_spec s = fam ? v6() : v4();
            struct nio_neigh n;
            s.nud = cases[i].nud;
            /* INCOMPLETE and FAILED entries carry no link-layer address. */
            if (cases[i].nud == NUD_INCOMPLETE || cases[i].nud == NUD_FAILED)
                s.lladdr_len = -1;
            assert_int_equal(parse(&s, &n), 0);
            if (n.state != cases[i].want)
                fail_msg("family %d NUD 0x%x: state %d, want %d", fam, cases[i].nud,
                         (int)n.state, (int)cases[i].want);
        }
    }
}

/* The optional attributes left out: no link-layer address, no ages. */
static void test_optional(void **state)
{
    struct neigh_spec s = v4();
    struct nio_neigh n;
    (void)state;
    s.lladdr_len = -1;
    s.nud = NUD_INCOMPLETE;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.lladdr_len, 0);
    for (size_t i = 0; i < sizeof(n.lladdr); i++)
        assert_int_equal(n.lladdr[i], 0);
    assert_true(n.has_times);
    s = v6();
    s.has_cacheinfo = false;
    s.probes = false;
    assert_int_equal(parse(&s, &n), 0);
    assert_false(n.has_times);
    assert_int_equal(n.confirmed_ms, 0);
    assert_int_equal(n.updated_ms, 0);
    assert_int_equal(n.lladdr_len, 6);
    /* An empty NDA_LLADDR (a NOARP entry of a device without one). */
    s = v4();
    s.nud = NUD_NOARP;
    s.lladdr_len = 0;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.lladdr_len, 0);
    /* The longest there is room for: 32 bytes (InfiniBand is 20). */
    s.lladdr_len = 32;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.lladdr_len, 32);
    assert_memory_equal(n.lladdr, MAC, 6);
    assert_int_equal(n.lladdr[31], 0x11);
    s.lladdr_len = 20;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.lladdr_len, 20);
    assert_int_equal(n.lladdr[20], 0);
}

/* Ages saturate rather than wrap. */
static void test_ages(void **state)
{
    struct neigh_spec s = v4();
    struct nio_neigh n;
    (void)state;
    s.ci.ndm_confirmed = 0;
    s.ci.ndm_updated = UINT32_MAX / 10u;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.confirmed_ms, 0);
    assert_int_equal(n.updated_ms, (UINT32_MAX / 10u) * 10u);
    s.ci.ndm_confirmed = UINT32_MAX / 10u + 1;
    s.ci.ndm_updated = UINT32_MAX;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.confirmed_ms, UINT32_MAX);
    assert_int_equal(n.updated_ms, UINT32_MAX);
}

/* The entry's flags and protocol are kept for the back end. */
static void test_os_bits(void **state)
{
    struct neigh_spec s = v6();
    struct nio_neigh n;
    (void)state;
    s.flags = NTF_ROUTER | NTF_EXT_LEARNED;
    s.proto = 4; /* RTPROT_STATIC */
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.os_bits, NIO_NB_MAKE(NTF_ROUTER | NTF_EXT_LEARNED, 4));
    assert_true(n.router);
    s.flags = 0;
    s.proto = 0;
    assert_int_equal(parse(&s, &n), 0);
    assert_int_equal(n.os_bits, 0);
}

/* ------------------------------------------------------- no neighbour */
static void test_not_a_row(void **state)
{
    struct neigh_spec s;
    struct nio_neigh n;
    (void)state;
    /* A proxy entry: an address this host answers for. */
    s = v4();
    s.flags = NTF_PROXY;
    s.lladdr_len = -1;
    s.has_cacheinfo = false;
    assert_int_equal(parse(&s, &n), -ENOENT);
    s = v6();
    s.flags = NTF_PROXY | NTF_ROUTER;
    assert_int_equal(parse(&s, &n), -ENOENT);
    s.type = RTM_DELNEIGH;
    assert_int_equal(parse(&s, &n), -ENOENT);
    /* A bridge's forwarding entry (bridge fdb): AF_BRIDGE, lladdr, no IP. */
    s = v4();
    s.family = AF_BRIDGE;
    s.flags = NTF_SELF;
    s.nud = NUD_NOARP;
    s.dst = NULL;
    assert_int_equal(parse(&s, &n), -ENOENT);
    /* ... and a VXLAN one, with a 4-byte NDA_DST. */
    s.dst = "198.18.0.9";
    assert_int_equal(parse(&s, &n), -ENOENT);
    s.family = 28; /* AF_MPLS */
    assert_int_equal(parse(&s, &n), -ENOENT);
    s.family = AF_UNSPEC;
    assert_int_equal(parse(&s, &n), -ENOENT);
}

/* ---------------------------------------------------------- malformed */
static void test_malformed(void **state)
{
    struct neigh_spec s;
    struct nio_neigh n;
    (void)state;
    s = v4();
    s.type = RTM_NEWLINK;
    assert_int_equal(parse(&s, &n), -EPROTO);
    s.type = RTM_GETNEIGH;
    assert_int_equal(parse(&s, &n), -EPROTO);
    s = v4();
    s.dst = NULL; /* no address */
    assert_int_equal(parse(&s, &n), -EPROTO);
    s = v6();
    s.dst = NULL;
    assert_int_equal(parse(&s, &n), -EPROTO);
    s = v4();
    s.index = 0;
    assert_int_equal(parse(&s, &n), -EPROTO);
    s.index = -3;
    assert_int_equal(parse(&s, &n), -EPROTO);
    /* An address of the other family's size. */
    s = v4();
    s.dst = "fd00::2";
    assert_int_equal(parse(&s, &n), -EPROTO);
    s = v6();
    s.dst = "198.18.0.2";
    assert_int_equal(parse(&s, &n), -EPROTO);
    /* A link-layer address past the room for one. */
    s = v4();
    s.lladdr_len = 33;
    assert_int_equal(parse(&s, &n), -EPROTO);
    /* The header alone, without room for the ndmsg. */
    {
        union msgbuf buf;
        struct nlmsghdr *nlh = build(&buf, &(struct neigh_spec){.type = RTM_NEWNEIGH,
                                                                 .family = AF_INET,
                                                                 .index = 3,
                                                                 .lladdr_len = -1,
                                                                 .proto = -1});
        nlh->nlmsg_len = NLMSG_HDRLEN;
        assert_int_equal(nio_linux_parse_neigh(nlh, &n), -EPROTO);
        nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct ndmsg)) - 1;
        assert_int_equal(nio_linux_parse_neigh(nlh, &n), -EPROTO);
    }
}

/* Each known attribute with a payload of the wrong size. */
static void test_bad_sizes(void **state)
{
    static const uint16_t types[] = {NDA_DST, NDA_CACHEINFO, NDA_PROTOCOL_ATTR};
    (void)state;
    for (int fam = 0; fam < 2; fam++) {
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
            union msgbuf buf;
            struct neigh_spec s = fam ? v6() : v4();
            struct nio_neigh n;
            struct nlmsghdr *nlh;
            uint8_t junk[8] = {1, 2, 3, 4, 5, 6, 7, 8};
            size_t len = types[i] == NDA_DST ? 2 : types[i] == NDA_CACHEINFO ? 8 : 0;
            if (types[i] == NDA_DST)
                s.dst = NULL;
            if (types[i] == NDA_CACHEINFO)
                s.has_cacheinfo = false;
            nlh = build(&buf, &s);
            mnl_attr_put(nlh, types[i], len, junk);
            print_message("family %d attribute %u\n", fam, types[i]);
            assert_int_equal(nio_linux_parse_neigh(nlh, &n), -EPROTO);
        }
    }
    /* An attribute whose length runs past the message is never read (the
     * walk ends there, as attr.c does for every message): the message is
     * what came before it, or refused. */
    {
        union msgbuf buf;
        struct neigh_spec s = v4();
        struct nio_neigh n;
        struct nlmsghdr *nlh;
        struct nlattr *a;
        int err;
        s.lladdr_len = -1;
        nlh = build(&buf, &s);
        a = (struct nlattr *)((char *)nlh + nlh->nlmsg_len);
        a->nla_type = NDA_LLADDR;
        a->nla_len = 200;
        memset(a + 1, 0x33, 200);
        nlh->nlmsg_len += 8;
        err = nio_linux_parse_neigh(nlh, &n);
        assert_true(err == 0 || err == -EPROTO);
        if (err == 0)
            assert_int_equal(n.lladdr_len, 0);
    }
}

/* Unknown attributes are skipped; every cut of a good message is either
 * still a good message (the cut fell between attributes) or refused. */
static void test_unknown_and_cuts(void **state)
{
    (void)state;
    for (int fam = 0; fam < 2; fam++) {
        struct neigh_spec s = fam ? v6() : v4();
        union msgbuf buf;
        struct nlmsghdr *nlh;
        struct nio_neigh n;
        uint32_t full;
        unsigned good = 0, refused = 0;
        s.unknown = true;
        s.proto = 3;
        assert_int_equal(parse(&s, &n), 0);
        assert_int_equal(n.ifindex, fam ? 7 : 3);
        nlh = build(&buf, &s);
        full = nlh->nlmsg_len;
        for (uint32_t len = 0; len < full; len++) {
            int err;
            nlh->nlmsg_len = len;
            err = nio_linux_parse_neigh(nlh, &n);
            assert_true(err == 0 || err == -EPROTO);
            if (len < NLMSG_LENGTH(sizeof(struct ndmsg)))
                assert_int_equal(err, -EPROTO);
            /* Cut before the whole NDA_DST: no neighbour. */
            if (len < NLMSG_LENGTH(sizeof(struct ndmsg)) + MNL_ATTR_HDRLEN + (fam ? 16 : 4))
                assert_int_equal(err, -EPROTO);
            if (err == 0) {
                assert_int_equal(n.ifindex, fam ? 7 : 3);
                assert_ip(&n.addr, fam ? "fe80::1" : "198.18.0.2");
                good++;
            } else {
                refused++;
            }
        }
        assert_true(good > 0);
        assert_true(refused > 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v4),
        cmocka_unit_test(test_v6),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_optional),
        cmocka_unit_test(test_ages),
        cmocka_unit_test(test_os_bits),
        cmocka_unit_test(test_not_a_row),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_bad_sizes),
        cmocka_unit_test(test_unknown_and_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
