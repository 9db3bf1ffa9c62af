/* test-parse.c - src/linux/parse-ipif.c: rtnetlink messages into what the core
 * needs.  Canned messages are built here with libmnl, laid out as the
 * kernel lays them out; kernel replies recorded in corpus/ (one message per
 * .bin file, written by capture.c inside a namespace: record-corpus.sh) are
 * parsed whole and cut short at every length.  The corpus directory is the
 * first argument, else $NIO_CORPUS_DIR, else ./corpus. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* Kernel values this file spells out (net/if_inet6.h is not uapi). */
#define IF_RA_MANAGED 0x40
#define IF_RA_OTHERCONF 0x80
#define IF_READY 0x80000000u
#define DEVCONF_FORCE_FORWARDING 59
/* A devconf array as long as a 6.17+ kernel sends it. */
#define V6_CONF_LEN 64
#define V4_CONF_LEN IPV4_DEVCONF_MAX

/* IPv4: the link MTU, forwarding, and what the kernel never does for IPv4
 * (duplicate detection, router discovery, 169.254/16), known as absent. */
#define LINK_FACTS_V4 (NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD | NIO_K_ROUTER_DISCOVERY | \
                       NIO_K_LINK_LOCAL)
#define LINK_FACTS_V6 (NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD | NIO_K_ROUTER_DISCOVERY | \
                       NIO_K_LINK_LOCAL | NIO_K_MANAGED_OTHER | NIO_K_MAX_REASSEMBLY |       \
                       NIO_K_REACHABLE | NIO_K_RETRANSMIT)

static const char *corpus_dir;

/* ------------------------------------------------------------ builders */
/* A message buffer, aligned as the kernel's. */
union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[16384];
};

/* Everything a canned RTM_NEWLINK may carry; link_spec_veth() is the full
 * message that the variants start from. */
struct v6_spec {
    bool present;
    int conf_len;               /* elements of IFLA_INET6_CONF; -1: no attribute */
    int32_t conf[V6_CONF_LEN];
    bool has_flags;
    uint32_t flags;
    bool has_cacheinfo;
    struct ifla_cacheinfo ci;
};

struct link_spec {
    uint16_t nlmsg_type;
    int index;
    unsigned short arphrd;
    unsigned flags;
    const char *name;           /* NULL: no IFLA_IFNAME */
    uint32_t mtu;
    const char *kind;           /* NULL: no IFLA_LINKINFO */
    bool af_spec;               /* IFLA_AF_SPEC at all */
    bool v4;
    int v4_conf_len;            /* elements of IFLA_INET_CONF */
    uint32_t v4_conf[V4_CONF_LEN];
    struct v6_spec v6;
    bool unknown;               /* sprinkle attributes and families we do not know */
};

static struct link_spec link_spec_veth(void)
{
    struct link_spec s;
    memset(&s, 0, sizeof(s));
    s.nlmsg_type = RTM_NEWLINK;
    s.index = 3;
    s.arphrd = ARPHRD_ETHER;
    s.flags = IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP;
    s.name = "va";
    s.mtu = 1400;
    s.kind = "veth";
    s.af_spec = true;
    s.v4 = true;
    s.v4_conf_len = V4_CONF_LEN;
    s.v4_conf[IPV4_DEVCONF_FORWARDING - 1] = 1;
    s.v4_conf[IPV4_DEVCONF_MC_FORWARDING - 1] = 0;
    s.v4_conf[IPV4_DEVCONF_ACCEPT_REDIRECTS - 1] = 1;
    s.v6.present = true;
    s.v6.conf_len = V6_CONF_LEN;
    s.v6.conf[DEVCONF_FORWARDING] = 1;
    s.v6.conf[DEVCONF_HOPLIMIT] = 64;
    s.v6.conf[DEVCONF_MTU6] = 1400;
    s.v6.conf[DEVCONF_ACCEPT_RA] = 2;
    s.v6.conf[DEVCONF_DAD_TRANSMITS] = 2;
    s.v6.conf[DEVCONF_DISABLE_IPV6] = 0;
    s.v6.conf[DEVCONF_ADDR_GEN_MODE] = IN6_ADDR_GEN_MODE_EUI64;
    s.v6.has_flags = true;
    s.v6.flags = IF_READY | IF_RA_MANAGED;
    s.v6.has_cacheinfo = true;
    s.v6.ci.max_reasm_len = 65535;
    s.v6.ci.tstamp = 4242;
    s.v6.ci.reachable_time = 23456;
    s.v6.ci.retrans_time = 1000;
    return s;
}

/* A nest full of attributes nobody knows, well formed. */
static void put_junk_nest(struct nlmsghdr *nlh, uint16_t type)
{
    struct nlattr *nest = mnl_attr_nest_start(nlh, type);
    mnl_attr_put_u32(nlh, 1, 0xdeadbeef);
    mnl_attr_put_strz(nlh, 2, "junk");
    mnl_attr_put_u64(nlh, 300, 1);
    mnl_attr_nest_end(nlh, nest);
}

static void put_inet(struct nlmsghdr *nlh, const struct link_spec *s)
{
    struct nlattr *af = mnl_attr_nest_start(nlh, AF_INET);
    if (s->unknown)
        mnl_attr_put_u32(nlh, IFLA_INET_MAX + 1, 7);
    mnl_attr_put(nlh, IFLA_INET_CONF, (size_t)s->v4_conf_len * sizeof(uint32_t), s->v4_conf);
    mnl_attr_nest_end(nlh, af);
}

/* Laid out as inet6_fill_ifla6_attrs() does. */
static void put_inet6(struct nlmsghdr *nlh, const struct link_spec *s)
{
    struct nlattr *af = mnl_attr_nest_start(nlh, AF_INET6);
    if (s->v6.has_flags)
        mnl_attr_put_u32(nlh, IFLA_INET6_FLAGS, s->v6.flags);
    if (s->v6.has_cacheinfo)
        mnl_attr_put(nlh, IFLA_INET6_CACHEINFO, sizeof(s->v6.ci), &s->v6.ci);
    if (s->v6.conf_len >= 0)
        mnl_attr_put(nlh, IFLA_INET6_CONF, (size_t)s->v6.conf_len * sizeof(int32_t), s->v6.conf);
    if (s->unknown) {
        mnl_attr_put_u32(nlh, IFLA_INET6_MAX + 1, 7);
        put_junk_nest(nlh, IFLA_INET6_MAX + 9);
    }
    mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, (uint8_t)s->v6.conf[DEVCONF_ADDR_GEN_MODE]);
    mnl_attr_nest_end(nlh, af);
}

static struct nlmsghdr *build_link(union msgbuf *b, const struct link_spec *s)
{
    struct nlmsghdr *nlh;
    struct ifinfomsg *ifi;
    memset(b, 0, sizeof(*b));
    nlh = mnl_nlmsg_put_header(b->bytes);
    nlh->nlmsg_type = s->nlmsg_type;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = 1;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = s->index;
    ifi->ifi_type = s->arphrd;
    ifi->ifi_flags = s->flags;
    if (s->name != NULL)
        mnl_attr_put_strz(nlh, IFLA_IFNAME, s->name);
    mnl_attr_put_u32(nlh, IFLA_TXQLEN, 1000);
    mnl_attr_put_u8(nlh, IFLA_OPERSTATE, (s->flags & IFF_RUNNING) ? IF_OPER_UP : IF_OPER_DOWN);
    mnl_attr_put_u32(nlh, IFLA_MTU, s->mtu);
    if (s->unknown) {
        mnl_attr_put_u32(nlh, IFLA_MAX + 1, 1);
        mnl_attr_put_strz(nlh, IFLA_MAX + 50, "from the future");
        put_junk_nest(nlh, IFLA_MAX + 51);
    }
    if (s->kind != NULL) {
        struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, s->kind);
        if (s->unknown)
            mnl_attr_put_u32(nlh, IFLA_INFO_MAX + 1, 1);
        mnl_attr_nest_end(nlh, li);
    }
    if (s->af_spec) {
        struct nlattr *spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
        if (s->unknown)
            put_junk_nest(nlh, AF_BRIDGE);
        if (s->v4)
            put_inet(nlh, s);
        if (s->unknown)
            put_junk_nest(nlh, AF_MPLS);
        if (s->v6.present)
            put_inet6(nlh, s);
        if (s->unknown)
            put_junk_nest(nlh, 250);
        mnl_attr_nest_end(nlh, spec);
    }
    return nlh;
}

static int parse_spec(const struct link_spec *s, struct nio_iface *out)
{
    union msgbuf b;
    return nio_linux_parse_link(build_link(&b, s), out);
}

/* A link message with IFLA_IFNAME and IFLA_MTU laid out by the caller. */
static struct nlmsghdr *bare_link(union msgbuf *b, int index)
{
    struct nlmsghdr *nlh;
    struct ifinfomsg *ifi;
    memset(b, 0, sizeof(*b));
    nlh = mnl_nlmsg_put_header(b->bytes);
    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_index = index;
    ifi->ifi_type = ARPHRD_ETHER;
    return nlh;
}

struct neigh_spec {
    uint16_t nlmsg_type;
    uint8_t family;
    const char *table;
    bool parms;                 /* NDTA_PARMS at all */
    uint32_t ifindex;           /* 0: no NDTPA_IFINDEX (the table's defaults) */
    bool has_base, has_retrans;
    uint64_t base_ms, retrans_ms;
    bool stats;                 /* table-wide NDTA_CONFIG/NDTA_STATS */
    bool unknown;
};

static struct neigh_spec neigh_spec_dev(uint8_t family, uint32_t ifindex)
{
    struct neigh_spec s;
    memset(&s, 0, sizeof(s));
    s.nlmsg_type = RTM_NEWNEIGHTBL;
    s.family = family;
    s.table = family == AF_INET6 ? "ndisc_cache" : "arp_cache";
    s.parms = true;
    s.ifindex = ifindex;
    s.has_base = s.has_retrans = true;
    s.base_ms = 12345;
    s.retrans_ms = 2345;
    return s;
}

/* Laid out as neightbl_fill_param_info() does: u64 times with NDTPA_PAD. */
static struct nlmsghdr *build_neightbl(union msgbuf *b, const struct neigh_spec *s)
{
    struct nlmsghdr *nlh;
    struct ndtmsg *ndtm;
    memset(b, 0, sizeof(*b));
    nlh = mnl_nlmsg_put_header(b->bytes);
    nlh->nlmsg_type = s->nlmsg_type;
    nlh->nlmsg_flags = NLM_F_MULTI;
    ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
    ndtm->ndtm_family = s->family;
    mnl_attr_put_strz(nlh, NDTA_NAME, s->table);
    if (s->stats) {
        struct ndt_stats st;
        memset(&st, 0, sizeof(st));
        st.ndts_lookups = 99;
        mnl_attr_put_u32(nlh, NDTA_THRESH1, 128);
        mnl_attr_put_u64(nlh, NDTA_GC_INTERVAL, 30000);
        mnl_attr_put(nlh, NDTA_STATS, sizeof(st), &st);
    }
    if (s->unknown)
        put_junk_nest(nlh, NDTA_MAX + 3);
    if (s->parms) {
        struct nlattr *p = mnl_attr_nest_start(nlh, NDTA_PARMS);
        if (s->ifindex != 0)
            mnl_attr_put_u32(nlh, NDTPA_IFINDEX, s->ifindex);
        mnl_attr_put_u32(nlh, NDTPA_REFCNT, 3);
        mnl_attr_put_u64(nlh, NDTPA_REACHABLE_TIME, 20000);
        if (s->has_base)
            mnl_attr_put_u64(nlh, NDTPA_BASE_REACHABLE_TIME, s->base_ms);
        if (s->has_retrans)
            mnl_attr_put_u64(nlh, NDTPA_RETRANS_TIME, s->retrans_ms);
        if (s->unknown)
            mnl_attr_put_u32(nlh, NDTPA_MAX + 1, 5);
        mnl_attr_nest_end(nlh, p);
    }
    return nlh;
}

static int parse_neigh(const struct neigh_spec *s, struct nio_neigh_parms *out)
{
    union msgbuf b;
    return nio_linux_parse_neightbl(build_neightbl(&b, s), out);
}

/* ---------------------------------------------------------- assertions */
static void assert_family_equal(const struct nio_family *a, const struct nio_family *b)
{
    assert_int_equal(a->present, b->present);
    assert_int_equal(a->known, b->known);
    assert_int_equal(a->mtu, b->mtu);
    assert_int_equal(a->forwarding, b->forwarding);
    assert_int_equal(a->dad_transmits, b->dad_transmits);
    assert_int_equal(a->router_discovery, b->router_discovery);
    assert_int_equal(a->managed, b->managed);
    assert_int_equal(a->other, b->other);
    assert_int_equal(a->base_reachable_ms, b->base_reachable_ms);
    assert_int_equal(a->reachable_ms, b->reachable_ms);
    assert_int_equal(a->retransmit_ms, b->retransmit_ms);
    assert_int_equal(a->max_reassembly, b->max_reassembly);
    assert_int_equal(a->link_local, b->link_local);
    assert_int_equal(a->pmtu_timeout_ms, b->pmtu_timeout_ms);
}

static void assert_iface_equal(const struct nio_iface *a, const struct nio_iface *b)
{
    assert_int_equal(a->index, b->index);
    assert_int_equal(a->iftype, b->iftype);
    assert_int_equal(a->connected, b->connected);
    assert_int_equal(a->neighbor_discovery, b->neighbor_discovery);
    assert_int_equal(a->loopback, b->loopback);
    assert_int_equal(a->mtu, b->mtu);
    assert_string_equal(a->name, b->name);
    for (int slot = 0; slot < NIO_FAMILIES; slot++)
        assert_family_equal(&a->fam[slot], &b->fam[slot]);
}

/* -------------------------------------------------------- link: content */
static void test_link_full_veth(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    const struct nio_family *v4 = &ifc.fam[NIO_V4], *v6 = &ifc.fam[NIO_V6];
    (void)state;
    memset(&ifc, 0xA5, sizeof(ifc));
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_int_equal(ifc.index, 3);
    assert_string_equal(ifc.name, "va");
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(ifc.mtu, 1400);
    assert_true(ifc.connected);
    assert_true(ifc.neighbor_discovery);
    assert_false(ifc.loopback);

    assert_true(v4->present);
    assert_int_equal(v4->known, LINK_FACTS_V4);
    assert_int_equal(v4->mtu, 1400);
    assert_true(v4->forwarding);
    assert_int_equal(v4->dad_transmits, 0);
    assert_int_equal(v4->router_discovery, RouterDiscoveryDisabled);
    assert_int_equal(v4->link_local, LinkLocalAlwaysOff);

    assert_true(v6->present);
    assert_int_equal(v6->known, LINK_FACTS_V6);
    assert_int_equal(v6->mtu, 1400);
    assert_true(v6->forwarding);
    assert_int_equal(v6->dad_transmits, 2);
    assert_int_equal(v6->router_discovery, RouterDiscoveryEnabled);
    assert_int_equal(v6->link_local, LinkLocalAlwaysOn);
    assert_true(v6->managed);
    assert_false(v6->other);
    assert_int_equal(v6->max_reassembly, 65535);
    assert_int_equal(v6->reachable_ms, 23456);
    assert_int_equal(v6->retransmit_ms, 1000);
    /* The base reachable time is not in a link message (neigh tables). */
    assert_false(v6->known & NIO_K_BASE_REACHABLE);
}

static void test_link_forwarding_off(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.v4_conf[IPV4_DEVCONF_FORWARDING - 1] = 0;
    s.v6.conf[DEVCONF_FORWARDING] = 0;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_false(ifc.fam[NIO_V4].forwarding);
    assert_true(ifc.fam[NIO_V4].known & NIO_K_FORWARDING);
    assert_false(ifc.fam[NIO_V6].forwarding);
    assert_true(ifc.fam[NIO_V6].known & NIO_K_FORWARDING);
}

/* accept_ra: 0 never, 1 unless forwarding, 2 even when forwarding. */
static void test_link_accept_ra(void **state)
{
    static const struct {
        int32_t accept_ra, forwarding, force_forwarding;
        NL_ROUTER_DISCOVERY_BEHAVIOR want;
    } cases[] = {
        {0, 0, 0, RouterDiscoveryDisabled}, {0, 1, 0, RouterDiscoveryDisabled},
        {1, 0, 0, RouterDiscoveryEnabled},  {1, 1, 0, RouterDiscoveryDisabled},
        {2, 0, 0, RouterDiscoveryEnabled},  {2, 1, 0, RouterDiscoveryEnabled},
        /* force_forwarding (6.17+) forwards whatever forwarding says. */
        {1, 0, 1, RouterDiscoveryDisabled}, {2, 0, 1, RouterDiscoveryEnabled},
        {0, 0, 1, RouterDiscoveryDisabled},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_spec_veth();
        struct nio_iface ifc;
        s.v6.conf[DEVCONF_ACCEPT_RA] = cases[i].accept_ra;
        s.v6.conf[DEVCONF_FORWARDING] = cases[i].forwarding;
        s.v6.conf[DEVCONF_FORCE_FORWARDING] = cases[i].force_forwarding;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].known & NIO_K_ROUTER_DISCOVERY);
        if (ifc.fam[NIO_V6].router_discovery != cases[i].want)
            fail_msg("accept_ra %d forwarding %d force_forwarding %d: router discovery %d, "
                     "expected %d", cases[i].accept_ra, cases[i].forwarding,
                     cases[i].force_forwarding, ifc.fam[NIO_V6].router_discovery,
                     cases[i].want);
        assert_int_equal(ifc.fam[NIO_V6].forwarding,
                         cases[i].forwarding || cases[i].force_forwarding);
    }
}

static void test_link_disable_ipv6(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.v6.conf[DEVCONF_DISABLE_IPV6] = 1;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_false(ifc.fam[NIO_V6].present);
    assert_true(ifc.fam[NIO_V4].present);
}

static void test_link_addr_gen_mode(void **state)
{
    static const struct {
        int32_t mode;
        NL_LINK_LOCAL_ADDRESS_BEHAVIOR want;
    } cases[] = {
        {IN6_ADDR_GEN_MODE_EUI64, LinkLocalAlwaysOn},
        {IN6_ADDR_GEN_MODE_NONE, LinkLocalAlwaysOff},
        {IN6_ADDR_GEN_MODE_STABLE_PRIVACY, LinkLocalAlwaysOn},
        {IN6_ADDR_GEN_MODE_RANDOM, LinkLocalAlwaysOn},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_spec_veth();
        struct nio_iface ifc;
        s.v6.conf[DEVCONF_ADDR_GEN_MODE] = cases[i].mode;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].known & NIO_K_LINK_LOCAL);
        assert_int_equal(ifc.fam[NIO_V6].link_local, cases[i].want);
    }
}

static void test_link_ra_flags(void **state)
{
    static const struct {
        uint32_t flags;
        bool managed, other;
    } cases[] = {
        {0, false, false},
        {IF_RA_MANAGED, true, false},
        {IF_RA_OTHERCONF, false, true},
        {IF_READY | IF_RA_MANAGED | IF_RA_OTHERCONF, true, true},
        {IF_READY | 0x10 /* IF_RS_SENT */, false, false},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_spec_veth();
        struct nio_iface ifc;
        s.v6.flags = cases[i].flags;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].known & NIO_K_MANAGED_OTHER);
        assert_int_equal(ifc.fam[NIO_V6].managed, cases[i].managed);
        assert_int_equal(ifc.fam[NIO_V6].other, cases[i].other);
    }
}

/* No IFLA_INET6_FLAGS, no cacheinfo: those facts are unknown, not zero. */
static void test_link_no_flags_no_cacheinfo(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.v6.has_flags = false;
    s.v6.has_cacheinfo = false;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_true(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.fam[NIO_V6].known, LINK_FACTS_V6 & ~(NIO_K_MANAGED_OTHER |
                     NIO_K_MAX_REASSEMBLY | NIO_K_REACHABLE | NIO_K_RETRANSMIT));
}

/* A cacheinfo shorter than struct ifla_cacheinfo is ignored. */
static void test_link_short_cacheinfo(void **state)
{
    union msgbuf b;
    struct nlmsghdr *nlh = bare_link(&b, 9);
    struct nlattr *spec, *af;
    struct nio_iface ifc;
    uint32_t ci[2] = {65535, 1};
    (void)state;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "x");
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
    af = mnl_attr_nest_start(nlh, AF_INET6);
    mnl_attr_put(nlh, IFLA_INET6_CACHEINFO, sizeof(ci), ci);
    mnl_attr_nest_end(nlh, af);
    mnl_attr_nest_end(nlh, spec);
    assert_int_equal(nio_linux_parse_link(nlh, &ifc), 0);
    assert_true(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.fam[NIO_V6].known, 0);
}

/* MTU below 1280: the kernel drops the inet6 device, AF_INET6 is absent. */
static void test_link_no_inet6(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.name = "sa";
    s.mtu = 1200;
    s.v6.present = false;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_int_equal(ifc.mtu, 1200);
    assert_true(ifc.fam[NIO_V4].present);
    assert_int_equal(ifc.fam[NIO_V4].mtu, 1200);
    assert_false(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.fam[NIO_V6].known, 0);
}

/* No IFLA_AF_SPEC at all (e.g. a device of a family-less type): no
 * family is bound. */
static void test_link_no_af_spec(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.af_spec = false;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_false(ifc.fam[NIO_V4].present);
    assert_false(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.index, 3);
}

static void test_link_v6_only(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface ifc;
    (void)state;
    s.v4 = false;
    assert_int_equal(parse_spec(&s, &ifc), 0);
    assert_false(ifc.fam[NIO_V4].present);
    assert_true(ifc.fam[NIO_V6].present);
}

/* Attributes newer than the library, nested families it does not know and
 * unknown attributes inside known nests change nothing. */
static void test_link_unknown_skipped(void **state)
{
    struct link_spec s = link_spec_veth();
    struct nio_iface plain, sprinkled;
    (void)state;
    assert_int_equal(parse_spec(&s, &plain), 0);
    s.unknown = true;
    assert_int_equal(parse_spec(&s, &sprinkled), 0);
    assert_iface_equal(&plain, &sprinkled);
}

/* An older kernel sends a shorter devconf array: what it lacks is unknown,
 * what it has is read. */
static void test_link_short_devconf(void **state)
{
    struct nio_iface ifc;
    (void)state;
    {
        /* forwarding, hop limit, mtu6 only */
        struct link_spec s = link_spec_veth();
        s.v6.conf_len = DEVCONF_MTU6 + 1;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].present); /* disable_ipv6 unknown: bound */
        assert_int_equal(ifc.fam[NIO_V6].known & (NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD |
                                                  NIO_K_ROUTER_DISCOVERY | NIO_K_LINK_LOCAL),
                         NIO_K_MTU | NIO_K_FORWARDING);
        assert_int_equal(ifc.fam[NIO_V6].mtu, 1400);
    }
    {
        /* up to dad_transmits: router discovery and DAD known too */
        struct link_spec s = link_spec_veth();
        s.v6.conf_len = DEVCONF_DAD_TRANSMITS + 1;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_int_equal(ifc.fam[NIO_V6].known & (NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD |
                                                  NIO_K_ROUTER_DISCOVERY | NIO_K_LINK_LOCAL),
                         NIO_K_MTU | NIO_K_FORWARDING | NIO_K_DAD | NIO_K_ROUTER_DISCOVERY);
        assert_int_equal(ifc.fam[NIO_V6].dad_transmits, 2);
        assert_int_equal(ifc.fam[NIO_V6].router_discovery, RouterDiscoveryEnabled);
    }
    {
        /* before force_forwarding (Linux < 6.17): forwarding alone decides,
         * whatever lies past the array */
        struct link_spec s = link_spec_veth();
        s.v6.conf_len = DEVCONF_FORCE_FORWARDING;
        s.v6.conf[DEVCONF_FORCE_FORWARDING] = 1;
        s.v6.conf[DEVCONF_FORWARDING] = 0;
        s.v6.conf[DEVCONF_ACCEPT_RA] = 1;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_int_equal(ifc.fam[NIO_V6].known & (NIO_K_FORWARDING | NIO_K_LINK_LOCAL),
                         NIO_K_FORWARDING | NIO_K_LINK_LOCAL);
        assert_false(ifc.fam[NIO_V6].forwarding);
        assert_int_equal(ifc.fam[NIO_V6].router_discovery, RouterDiscoveryEnabled);
    }
    {
        /* 10 bytes: two whole elements; mtu6 is cut and so unknown */
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 3);
        struct nlattr *spec, *af;
        int32_t conf[3] = {1, 64, 1400};
        mnl_attr_put_strz(nlh, IFLA_IFNAME, "va");
        mnl_attr_put_u32(nlh, IFLA_MTU, 1400);
        spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
        af = mnl_attr_nest_start(nlh, AF_INET6);
        mnl_attr_put(nlh, IFLA_INET6_CONF, 10, conf);
        mnl_attr_nest_end(nlh, af);
        mnl_attr_nest_end(nlh, spec);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].present);
        assert_int_equal(ifc.fam[NIO_V6].known, NIO_K_FORWARDING);
        assert_true(ifc.fam[NIO_V6].forwarding);
    }
    {
        /* an empty IPv4 conf: forwarding unknown, the link MTU still counts */
        struct link_spec s = link_spec_veth();
        s.v4_conf_len = 0;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V4].present);
        assert_int_equal(ifc.fam[NIO_V4].known, LINK_FACTS_V4 & ~NIO_K_FORWARDING);
        assert_int_equal(ifc.fam[NIO_V4].mtu, 1400);
    }
    {
        /* no IFLA_INET6_CONF at all */
        struct link_spec s = link_spec_veth();
        s.v6.conf_len = -1;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.fam[NIO_V6].present);
        assert_int_equal(ifc.fam[NIO_V6].known,
                         NIO_K_MANAGED_OTHER | NIO_K_MAX_REASSEMBLY | NIO_K_REACHABLE |
                             NIO_K_RETRANSMIT);
    }
}

static void test_link_state_flags(void **state)
{
    struct nio_iface ifc;
    (void)state;
    {
        struct link_spec s = link_spec_veth();
        s.flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST; /* up, no carrier */
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_false(ifc.connected);
    }
    {
        struct link_spec s = link_spec_veth();
        s.flags |= IFF_NOARP;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_false(ifc.neighbor_discovery);
    }
    {
        struct link_spec s = link_spec_veth();
        s.index = 1;
        s.arphrd = ARPHRD_LOOPBACK;
        s.flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
        s.name = "lo";
        s.mtu = 65536;
        s.kind = NULL;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_true(ifc.loopback);
        assert_false(ifc.neighbor_discovery);
        assert_int_equal(ifc.iftype, IF_TYPE_SOFTWARE_LOOPBACK);
        assert_true(ifc.connected);
    }
}

/* The link kind reaches the ifType: a bridge is 209, not ethernet. */
static void test_link_kind(void **state)
{
    static const struct {
        unsigned short arphrd;
        const char *kind;
        uint16_t want;
    } cases[] = {
        {ARPHRD_ETHER, "bridge", IF_TYPE_BRIDGE}, {ARPHRD_ETHER, "vlan", IF_TYPE_L2_VLAN},
        {ARPHRD_ETHER, "bond", IF_TYPE_IEEE8023AD_LAG}, {ARPHRD_ETHER, NULL, 6},
        {ARPHRD_NONE, "tun", IF_TYPE_PROP_VIRTUAL}, {ARPHRD_NONE, "wireguard", 53},
        {ARPHRD_IPGRE, "gre", IF_TYPE_TUNNEL},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct link_spec s = link_spec_veth();
        struct nio_iface ifc;
        s.arphrd = cases[i].arphrd;
        s.kind = cases[i].kind;
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_int_equal(ifc.iftype, cases[i].want);
    }
}

/* A kind that is not NUL-terminated is ignored, not trusted. */
static void test_link_kind_unterminated(void **state)
{
    union msgbuf b;
    struct nlmsghdr *nlh = bare_link(&b, 5);
    struct nlattr *li;
    struct nio_iface ifc;
    (void)state;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "br0");
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put(nlh, IFLA_INFO_KIND, 6, "bridge");
    mnl_attr_nest_end(nlh, li);
    assert_int_equal(nio_linux_parse_link(nlh, &ifc), 0);
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
}

/* ------------------------------------------------------ link: malformed */
static void expect_eproto(const struct link_spec *s)
{
    struct nio_iface ifc;
    assert_int_equal(parse_spec(s, &ifc), -EPROTO);
}

static void test_link_wrong_type(void **state)
{
    static const uint16_t types[] = {RTM_DELLINK, RTM_GETLINK, RTM_NEWADDR, NLMSG_ERROR,
                                     NLMSG_DONE};
    (void)state;
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        struct link_spec s = link_spec_veth();
        s.nlmsg_type = types[i];
        expect_eproto(&s);
    }
}

static void test_link_truncated_header(void **state)
{
    struct link_spec s = link_spec_veth();
    union msgbuf b;
    struct nlmsghdr *nlh = build_link(&b, &s);
    struct nio_iface ifc;
    (void)state;
    for (uint32_t len = NLMSG_HDRLEN; len < NLMSG_HDRLEN + sizeof(struct ifinfomsg); len++) {
        nlh->nlmsg_len = len;
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
    /* The header alone, no attribute: IFLA_IFNAME and IFLA_MTU missing. */
    nlh->nlmsg_len = (uint32_t)mnl_nlmsg_size(sizeof(struct ifinfomsg));
    assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
}

static void test_link_bad_mtu(void **state)
{
    static const size_t lens[] = {0, 2, 3, 8};
    (void)state;
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 4);
        struct nio_iface ifc;
        uint64_t mtu = 1500;
        mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
        mnl_attr_put(nlh, IFLA_MTU, lens[i], &mtu);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
}

static void test_link_missing_attrs(void **state)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    struct nio_iface ifc;
    (void)state;
    {
        struct link_spec s = link_spec_veth();
        s.name = NULL;
        expect_eproto(&s);
    }
    nlh = bare_link(&b, 4);
    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO); /* no IFLA_MTU */
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    assert_int_equal(nio_linux_parse_link(nlh, &ifc), 0);
}

static void test_link_bad_name(void **state)
{
    char longname[NIO_NAME_MAX + 1];
    (void)state;
    {
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 4);
        struct nio_iface ifc;
        mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0"); /* no NUL */
        mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
    {
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 4);
        struct nio_iface ifc;
        mnl_attr_put(nlh, IFLA_IFNAME, 0, NULL); /* empty, not even a NUL */
        mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
    {
        struct link_spec s = link_spec_veth();
        s.name = ""; /* a NUL alone */
        expect_eproto(&s);
    }
    {
        struct link_spec s = link_spec_veth();
        memset(longname, 'x', NIO_NAME_MAX);
        longname[NIO_NAME_MAX] = '\0';
        s.name = longname;
        expect_eproto(&s);
    }
    {
        struct link_spec s = link_spec_veth();
        struct nio_iface ifc;
        s.name = "abcdefghijklmno"; /* IFNAMSIZ - 1 */
        assert_int_equal(parse_spec(&s, &ifc), 0);
        assert_string_equal(ifc.name, "abcdefghijklmno");
    }
}

static void test_link_bad_index(void **state)
{
    static const int indexes[] = {0, -1, INT32_MIN};
    (void)state;
    for (size_t i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++) {
        struct link_spec s = link_spec_veth();
        s.index = indexes[i];
        expect_eproto(&s);
    }
}

/* Malformed inside IFLA_AF_SPEC: a family entry that is not a nest, a
 * flags attribute of the wrong size. */
static void test_link_bad_af_spec(void **state)
{
    (void)state;
    {
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 4);
        struct nio_iface ifc;
        struct nlattr *spec;
        uint16_t two = 2;
        mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
        mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
        spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
        mnl_attr_put(nlh, AF_INET6, sizeof(two), &two);
        mnl_attr_nest_end(nlh, spec);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
    {
        union msgbuf b;
        struct nlmsghdr *nlh = bare_link(&b, 4);
        struct nio_iface ifc;
        struct nlattr *spec, *af;
        uint16_t flags = IF_RA_MANAGED;
        mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
        mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
        spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
        af = mnl_attr_nest_start(nlh, AF_INET6);
        mnl_attr_put(nlh, IFLA_INET6_FLAGS, sizeof(flags), &flags);
        mnl_attr_nest_end(nlh, af);
        mnl_attr_nest_end(nlh, spec);
        assert_int_equal(nio_linux_parse_link(nlh, &ifc), -EPROTO);
    }
}

/* ------------------------------------------------------------ neightbl */
static void test_neigh_device(void **state)
{
    struct neigh_spec s4 = neigh_spec_dev(AF_INET, 3), s6 = neigh_spec_dev(AF_INET6, 7);
    struct nio_neigh_parms p;
    (void)state;
    memset(&p, 0xA5, sizeof(p));
    assert_int_equal(parse_neigh(&s4, &p), 0);
    assert_int_equal(p.slot, NIO_V4);
    assert_int_equal(p.ifindex, 3);
    assert_true(p.has_base_reachable);
    assert_true(p.has_retransmit);
    assert_int_equal(p.base_reachable_ms, 12345);
    assert_int_equal(p.retransmit_ms, 2345);

    s6.base_ms = 30000;
    s6.retrans_ms = 1000;
    assert_int_equal(parse_neigh(&s6, &p), 0);
    assert_int_equal(p.slot, NIO_V6);
    assert_int_equal(p.ifindex, 7);
    assert_int_equal(p.base_reachable_ms, 30000);
    assert_int_equal(p.retransmit_ms, 1000);
}

static void test_neigh_table_defaults(void **state)
{
    struct neigh_spec s = neigh_spec_dev(AF_INET, 0);
    struct nio_neigh_parms p;
    (void)state;
    s.stats = true;
    assert_int_equal(parse_neigh(&s, &p), 0);
    assert_int_equal(p.ifindex, 0);
    assert_int_equal(p.slot, NIO_V4);
    assert_int_equal(p.base_reachable_ms, 12345);
}

static void test_neigh_missing_times(void **state)
{
    struct neigh_spec s = neigh_spec_dev(AF_INET6, 4);
    struct nio_neigh_parms p;
    (void)state;
    s.has_base = false;
    assert_int_equal(parse_neigh(&s, &p), 0);
    assert_false(p.has_base_reachable);
    assert_true(p.has_retransmit);
    s.has_base = true;
    s.has_retrans = false;
    assert_int_equal(parse_neigh(&s, &p), 0);
    assert_true(p.has_base_reachable);
    assert_false(p.has_retransmit);
}

static void test_neigh_clamped(void **state)
{
    struct neigh_spec s = neigh_spec_dev(AF_INET, 4);
    struct nio_neigh_parms p;
    (void)state;
    s.base_ms = (uint64_t)UINT32_MAX + 5;
    s.retrans_ms = UINT64_MAX;
    assert_int_equal(parse_neigh(&s, &p), 0);
    assert_int_equal(p.base_reachable_ms, UINT32_MAX);
    assert_int_equal(p.retransmit_ms, UINT32_MAX);
}

/* Statistics only, or a family other than IPv4/IPv6: nothing for us. */
static void test_neigh_enoent(void **state)
{
    static const uint8_t families[] = {AF_UNSPEC, AF_BRIDGE, AF_DECnet, AF_PACKET};
    struct nio_neigh_parms p;
    (void)state;
    {
        struct neigh_spec s = neigh_spec_dev(AF_INET, 0);
        s.parms = false;
        s.stats = true;
        assert_int_equal(parse_neigh(&s, &p), -ENOENT);
    }
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
        struct neigh_spec s = neigh_spec_dev(families[i], 3);
        assert_int_equal(parse_neigh(&s, &p), -ENOENT);
    }
}

static void test_neigh_unknown_skipped(void **state)
{
    struct neigh_spec s = neigh_spec_dev(AF_INET6, 3);
    struct nio_neigh_parms p;
    (void)state;
    s.unknown = true;
    s.stats = true;
    assert_int_equal(parse_neigh(&s, &p), 0);
    assert_int_equal(p.ifindex, 3);
    assert_int_equal(p.base_reachable_ms, 12345);
    assert_int_equal(p.retransmit_ms, 2345);
}

static void test_neigh_malformed(void **state)
{
    struct nio_neigh_parms p;
    (void)state;
    {
        struct neigh_spec s = neigh_spec_dev(AF_INET, 3);
        s.nlmsg_type = RTM_GETNEIGHTBL;
        assert_int_equal(parse_neigh(&s, &p), -EPROTO);
        s.nlmsg_type = RTM_NEWLINK;
        assert_int_equal(parse_neigh(&s, &p), -EPROTO);
    }
    {
        struct neigh_spec s = neigh_spec_dev(AF_INET, 3);
        union msgbuf b;
        struct nlmsghdr *nlh = build_neightbl(&b, &s);
        for (uint32_t len = NLMSG_HDRLEN; len < NLMSG_HDRLEN + sizeof(struct ndtmsg); len++) {
            nlh->nlmsg_len = len;
            assert_int_equal(nio_linux_parse_neightbl(nlh, &p), -EPROTO);
        }
    }
    {
        /* times as u32, an index as u16, a parms "nest" of two bytes */
        static const struct {
            uint16_t type;
            size_t len;
        } bad[] = {
            {NDTPA_BASE_REACHABLE_TIME, 4}, {NDTPA_RETRANS_TIME, 4}, {NDTPA_IFINDEX, 2},
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            union msgbuf b;
            struct nlmsghdr *nlh;
            struct ndtmsg *ndtm;
            struct nlattr *nest;
            uint64_t v = 1000;
            memset(&b, 0, sizeof(b));
            nlh = mnl_nlmsg_put_header(b.bytes);
            nlh->nlmsg_type = RTM_NEWNEIGHTBL;
            ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
            ndtm->ndtm_family = AF_INET;
            mnl_attr_put_strz(nlh, NDTA_NAME, "arp_cache");
            nest = mnl_attr_nest_start(nlh, NDTA_PARMS);
            mnl_attr_put(nlh, bad[i].type, bad[i].len, &v);
            mnl_attr_nest_end(nlh, nest);
            assert_int_equal(nio_linux_parse_neightbl(nlh, &p), -EPROTO);
        }
    }
    {
        union msgbuf b;
        struct nlmsghdr *nlh;
        struct ndtmsg *ndtm;
        uint16_t two = 2;
        memset(&b, 0, sizeof(b));
        nlh = mnl_nlmsg_put_header(b.bytes);
        nlh->nlmsg_type = RTM_NEWNEIGHTBL;
        ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
        ndtm->ndtm_family = AF_INET;
        mnl_attr_put(nlh, NDTA_PARMS, sizeof(two), &two);
        assert_int_equal(nio_linux_parse_neightbl(nlh, &p), -EPROTO);
    }
}

/* -------------------------------------------------------------- iftype */
static void test_iftype(void **state)
{
    static const struct {
        unsigned short arphrd;
        const char *kind;
        uint16_t want;
    } cases[] = {
        {ARPHRD_LOOPBACK, NULL, 24},
        {ARPHRD_ETHER, "veth", 6},
        {ARPHRD_ETHER, NULL, 6},
        {ARPHRD_ETHER, "tun", 6}, /* a tap device is ethernet */
        {ARPHRD_ETHER, "macvlan", 6},
        {ARPHRD_ETHER, "bridge", 209},
        {ARPHRD_ETHER, "vlan", 135},
        {ARPHRD_ETHER, "bond", 161},
        {ARPHRD_ETHER, "team", 161},
        {ARPHRD_NONE, "tun", 53},
        {ARPHRD_NONE, "wireguard", 53},
        {ARPHRD_NONE, NULL, 53},
        {ARPHRD_PPP, "ppp", 23},
        {ARPHRD_PPP, NULL, 23},
        {ARPHRD_TUNNEL, "ipip", 131},
        {ARPHRD_TUNNEL6, "ip6tnl", 131},
        {ARPHRD_SIT, "sit", 131},
        {ARPHRD_IPGRE, "gre", 131},
        {ARPHRD_IP6GRE, "ip6gre", 131},
        {ARPHRD_IEEE80211, NULL, 71},
        {ARPHRD_INFINIBAND, "ipoib", 199},
        {ARPHRD_CAN, "vcan", IF_TYPE_OTHER},
        {0xFFFF, NULL, IF_TYPE_OTHER},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint16_t got = nio_linux_iftype(cases[i].arphrd, cases[i].kind);
        if (got != cases[i].want)
            fail_msg("ARPHRD %u kind %s: ifType %u, expected %u", cases[i].arphrd,
                     cases[i].kind ? cases[i].kind : "(none)", got, cases[i].want);
    }
}

/* -------------------------------------------------------------- corpus */
/* Every message of every .bin file of corpus/, each in a block of its own
 * (its length and padding), so that valgrind sees any read past it. */
struct recording {
    char file[256];
    struct nlmsghdr *nlh;
};

static struct recording recordings[256];
static size_t nrecordings;

static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)n);
        if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

/* The messages of one file: whole messages, nothing else. */
static int corpus_add_file(const char *dir, const char *file)
{
    char path[4096];
    size_t len = 0;
    char *buf;
    const struct nlmsghdr *nlh;
    int left;
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    buf = read_file(path, &len);
    if (buf == NULL || len > INT32_MAX) {
        fprintf(stderr, "%s: unreadable or empty\n", path);
        free(buf);
        return -1;
    }
    left = (int)len;
    for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, left);
         nlh = mnl_nlmsg_next(nlh, &left)) {
        struct recording *r;
        if (nrecordings == sizeof(recordings) / sizeof(recordings[0])) {
            fprintf(stderr, "%s: too many recorded messages\n", dir);
            free(buf);
            return -1;
        }
        r = &recordings[nrecordings++];
        snprintf(r->file, sizeof(r->file), "%s", file);
        r->nlh = calloc(1, NLMSG_ALIGN(nlh->nlmsg_len));
        if (r->nlh == NULL) {
            free(buf);
            return -1;
        }
        memcpy(r->nlh, nlh, nlh->nlmsg_len);
    }
    free(buf);
    if (left > 0) {
        fprintf(stderr, "%s: a partial message at byte %zu\n", path, len - (size_t)left);
        return -1;
    }
    return 0;
}

static int corpus_load(void **state)
{
    DIR *d = opendir(corpus_dir);
    struct dirent *e;
    int err = 0;
    (void)state;
    if (d == NULL) {
        fprintf(stderr, "corpus directory %s: %s\n", corpus_dir, strerror(errno));
        return -1;
    }
    while (err == 0 && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".bin") == 0)
            err = corpus_add_file(corpus_dir, e->d_name);
    }
    closedir(d);
    if (err == 0 && nrecordings == 0) {
        fprintf(stderr, "corpus directory %s: no *.bin\n", corpus_dir);
        err = -1;
    }
    return err;
}

static int corpus_free(void **state)
{
    (void)state;
    for (size_t i = 0; i < nrecordings; i++)
        free(recordings[i].nlh);
    nrecordings = 0;
    return 0;
}

/* Every recorded message parses: links completely, neighbour tables to
 * parameters or "nothing for us". */
static void test_corpus_parses(void **state)
{
    size_t links = 0, neigh_dev = 0, neigh_other = 0;
    (void)state;
    for (size_t i = 0; i < nrecordings; i++) {
        const struct recording *r = &recordings[i];
        if (r->nlh->nlmsg_type == RTM_NEWLINK) {
            struct nio_iface ifc;
            int err = nio_linux_parse_link(r->nlh, &ifc);
            if (err != 0)
                fail_msg("%s: nio_linux_parse_link: %d", r->file, err);
            assert_int_not_equal(ifc.index, 0);
            assert_true(ifc.name[0] != '\0');
            links++;
        } else if (r->nlh->nlmsg_type == RTM_NEWNEIGHTBL) {
            struct nio_neigh_parms p;
            int err = nio_linux_parse_neightbl(r->nlh, &p);
            if (err != 0 && err != -ENOENT)
                fail_msg("%s: nio_linux_parse_neightbl: %d", r->file, err);
            if (err == 0 && p.ifindex != 0)
                neigh_dev++;
            else
                neigh_other++;
        } else {
            fail_msg("%s: message type %u", r->file, r->nlh->nlmsg_type);
        }
    }
    print_message("%zu link, %zu per-device and %zu other neighbour-table messages\n", links,
                  neigh_dev, neigh_other);
    assert_true(links >= 6);
    assert_true(neigh_dev > 0);
    assert_true(neigh_other > 0);
}

/* Every prefix of every message, nlmsg_len saying so, in a block that ends
 * where the message's padding does: the parsers answer 0 or an error and
 * never read past it.  (libmnl walks attributes up to NLMSG_ALIGN(nlmsg_len),
 * so the up to 3 bytes of padding must be readable, as they are in any
 * receive buffer; they are zero here, as the kernel's are.) */
static void test_corpus_prefixes(void **state)
{
    (void)state;
    for (size_t i = 0; i < nrecordings; i++) {
        const struct nlmsghdr *nlh = recordings[i].nlh;
        for (uint32_t len = NLMSG_HDRLEN; len < nlh->nlmsg_len; len++) {
            struct nlmsghdr *cut = calloc(1, NLMSG_ALIGN(len));
            int err;
            assert_non_null(cut);
            memcpy(cut, nlh, len);
            cut->nlmsg_len = len;
            if (cut->nlmsg_type == RTM_NEWLINK) {
                struct nio_iface ifc;
                err = nio_linux_parse_link(cut, &ifc);
                assert_true(err == 0 || err == -EPROTO);
            } else {
                struct nio_neigh_parms p;
                err = nio_linux_parse_neightbl(cut, &p);
                assert_true(err == 0 || err == -EPROTO || err == -ENOENT);
            }
            free(cut);
        }
    }
}

/* The interface of that name, parsed from its link message (the full one,
 * with statistics, and the one without must agree). */
static void corpus_link(const char *name, struct nio_iface *out)
{
    bool found = false;
    for (size_t i = 0; i < nrecordings; i++) {
        struct nio_iface ifc;
        if (recordings[i].nlh->nlmsg_type != RTM_NEWLINK ||
            nio_linux_parse_link(recordings[i].nlh, &ifc) != 0 || strcmp(ifc.name, name) != 0)
            continue;
        if (found)
            assert_iface_equal(out, &ifc);
        *out = ifc;
        found = true;
    }
    if (!found)
        fail_msg("the corpus has no link message for %s (record it again: record-corpus.sh)",
                 name);
}

/* Within the jiffy rounding of a value record-corpus.sh wrote: the kernel
 * keeps milliseconds as jiffies, rounded up (by at most 10 ms at HZ 100). */
static void assert_ms_near(uint32_t got, uint32_t written)
{
    assert_in_range(got, written, written + 10);
}

static void test_corpus_facts(void **state)
{
    struct nio_iface ifc;
    (void)state;
    /* lo: index 1 in a fresh namespace. */
    corpus_link("lo", &ifc);
    assert_int_equal(ifc.index, 1);
    assert_int_equal(ifc.iftype, IF_TYPE_SOFTWARE_LOOPBACK);
    assert_true(ifc.loopback);
    assert_false(ifc.neighbor_discovery);
    assert_int_equal(ifc.mtu, 65536);
    assert_true(ifc.connected);
    assert_true(ifc.fam[NIO_V4].present);
    assert_true(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.fam[NIO_V6].mtu, 65536);

    /* va: the veth end record-corpus.sh configures. */
    corpus_link("va", &ifc);
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(ifc.mtu, 1400);
    assert_true(ifc.connected);
    assert_true(ifc.neighbor_discovery);
    assert_true(ifc.fam[NIO_V4].forwarding);
    assert_true(ifc.fam[NIO_V6].present);
    assert_int_equal(ifc.fam[NIO_V6].known, LINK_FACTS_V6);
    assert_int_equal(ifc.fam[NIO_V6].mtu, 1400);
    assert_true(ifc.fam[NIO_V6].forwarding);
    assert_int_equal(ifc.fam[NIO_V6].dad_transmits, 2);
    assert_int_equal(ifc.fam[NIO_V6].router_discovery, RouterDiscoveryEnabled);
    assert_int_equal(ifc.fam[NIO_V6].link_local, LinkLocalAlwaysOn);
    assert_int_equal(ifc.fam[NIO_V6].max_reassembly, 65535);
    assert_ms_near(ifc.fam[NIO_V6].retransmit_ms, 2345);
    /* The kernel draws reachable_time in [base/2, 3*base/2]. */
    assert_in_range(ifc.fam[NIO_V6].reachable_ms, 12345 / 2, 12355 * 3 / 2);

    /* vb: IPv6 disabled through /proc; the family is in the message but
     * must not count as bound. */
    corpus_link("vb", &ifc);
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_true(ifc.fam[NIO_V4].present);
    assert_false(ifc.fam[NIO_V4].forwarding);
    assert_false(ifc.fam[NIO_V6].present);

    /* t0: a tun device, ARPHRD_NONE and NOARP, held open by nobody. */
    corpus_link("t0", &ifc);
    assert_int_equal(ifc.iftype, IF_TYPE_PROP_VIRTUAL);
    assert_false(ifc.neighbor_discovery);
    assert_false(ifc.connected);

    /* sa: MTU 1200 < 1280, so the kernel dropped its IPv6 device. */
    corpus_link("sa", &ifc);
    assert_int_equal(ifc.mtu, 1200);
    assert_true(ifc.fam[NIO_V4].present);
    assert_int_equal(ifc.fam[NIO_V4].mtu, 1200);
    assert_false(ifc.fam[NIO_V6].present);

    corpus_link("br0", &ifc);
    assert_int_equal(ifc.iftype, IF_TYPE_BRIDGE);
}

/* The neighbour parameters record-corpus.sh set on va, both families. */
static void test_corpus_neigh_va(void **state)
{
    struct nio_iface va;
    int seen = 0;
    (void)state;
    corpus_link("va", &va);
    for (size_t i = 0; i < nrecordings; i++) {
        struct nio_neigh_parms p;
        if (recordings[i].nlh->nlmsg_type != RTM_NEWNEIGHTBL ||
            nio_linux_parse_neightbl(recordings[i].nlh, &p) != 0 || p.ifindex != va.index)
            continue;
        assert_true(p.has_base_reachable);
        assert_true(p.has_retransmit);
        assert_ms_near(p.base_reachable_ms, 12345);
        assert_ms_near(p.retransmit_ms, 2345);
        seen |= 1 << p.slot;
    }
    assert_int_equal(seen, (1 << NIO_V4) | (1 << NIO_V6));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_full_veth),
        cmocka_unit_test(test_link_forwarding_off),
        cmocka_unit_test(test_link_accept_ra),
        cmocka_unit_test(test_link_disable_ipv6),
        cmocka_unit_test(test_link_addr_gen_mode),
        cmocka_unit_test(test_link_ra_flags),
        cmocka_unit_test(test_link_no_flags_no_cacheinfo),
        cmocka_unit_test(test_link_short_cacheinfo),
        cmocka_unit_test(test_link_no_inet6),
        cmocka_unit_test(test_link_no_af_spec),
        cmocka_unit_test(test_link_v6_only),
        cmocka_unit_test(test_link_unknown_skipped),
        cmocka_unit_test(test_link_short_devconf),
        cmocka_unit_test(test_link_state_flags),
        cmocka_unit_test(test_link_kind),
        cmocka_unit_test(test_link_kind_unterminated),
        cmocka_unit_test(test_link_wrong_type),
        cmocka_unit_test(test_link_truncated_header),
        cmocka_unit_test(test_link_bad_mtu),
        cmocka_unit_test(test_link_missing_attrs),
        cmocka_unit_test(test_link_bad_name),
        cmocka_unit_test(test_link_bad_index),
        cmocka_unit_test(test_link_bad_af_spec),
        cmocka_unit_test(test_neigh_device),
        cmocka_unit_test(test_neigh_table_defaults),
        cmocka_unit_test(test_neigh_missing_times),
        cmocka_unit_test(test_neigh_clamped),
        cmocka_unit_test(test_neigh_enoent),
        cmocka_unit_test(test_neigh_unknown_skipped),
        cmocka_unit_test(test_neigh_malformed),
        cmocka_unit_test(test_iftype),
    };
    const struct CMUnitTest corpus_tests[] = {
        cmocka_unit_test(test_corpus_parses),
        cmocka_unit_test(test_corpus_prefixes),
        cmocka_unit_test(test_corpus_facts),
        cmocka_unit_test(test_corpus_neigh_va),
    };
    int failed;
    corpus_dir = argc > 1 ? argv[1] : getenv("NIO_CORPUS_DIR");
    if (corpus_dir == NULL)
        corpus_dir = "corpus";
    failed = cmocka_run_group_tests_name("canned", tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("recorded", corpus_tests, corpus_load, corpus_free);
    return failed != 0;
}
