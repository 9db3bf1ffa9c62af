/* make-seeds.c - writes the small generated seeds of tests/fuzz/seeds/:
 *
 *   make-seeds DIR      one file per seed, DIR/<harness>/<what>.bin
 *
 * The recorded corpus (tests/linux/corpus/) gives real link and
 * neighbour-table messages; these add what it lacks: route messages
 * (multipath, RTA_VIA, lifetimes, reject types), notifications (netconf,
 * link removal, messages of other types), link messages with the
 * MIB_IF_ROW2 attributes, BSD routing messages and ND answers for both
 * layouts, and the strings of the name and UTF conversions.  Messages are
 * laid out as the kernels lay them out; the fuzzer mutates from there.
 * tests/fuzz/seeds/ is this program's output, kept in the tree so the
 * replay tests need no build step; run it again after changing it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/neighbour.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "bsd.h"
#include "core.h"

static const char *outdir;
static int failures;

static void put(const char *harness, const char *what, const void *data, size_t len)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof(path), "%s/%s", outdir, harness);
    mkdir(path, 0755);
    snprintf(path, sizeof(path), "%s/%s/%s.bin", outdir, harness, what);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len) {
        fprintf(stderr, "make-seeds: %s: %s\n", path, strerror(errno));
        failures++;
    }
    if (f != NULL)
        fclose(f);
}

static void put_nlh(const char *harness, const char *what, const struct nlmsghdr *nlh)
{
    put(harness, what, nlh, nlh->nlmsg_len);
}

union msgbuf {
    struct nlmsghdr nlh;
    uint64_t align;
    char bytes[8192];
};

static struct nlmsghdr *start(union msgbuf *b, uint16_t type)
{
    struct nlmsghdr *nlh;
    memset(b, 0, sizeof(*b));
    nlh = mnl_nlmsg_put_header(b->bytes);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = 1;
    return nlh;
}

/* ------------------------------------------------------------ links */
static struct nlmsghdr *link_msg(union msgbuf *b, uint16_t type, int index, unsigned short arphrd,
                                 const char *name, const char *kind)
{
    struct nlmsghdr *nlh = start(b, type);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_index = index;
    ifi->ifi_type = arphrd;
    ifi->ifi_flags = IFF_UP | IFF_RUNNING | IFF_BROADCAST | IFF_LOWER_UP;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    mnl_attr_put_u8(nlh, IFLA_OPERSTATE, IF_OPER_UP);
    if (kind != NULL) {
        struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
        mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
        mnl_attr_nest_end(nlh, li);
    }
    return nlh;
}

static void put_af_spec(struct nlmsghdr *nlh)
{
    struct nlattr *spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC), *af;
    uint32_t v4[IPV4_DEVCONF_MAX] = {[IPV4_DEVCONF_FORWARDING - 1] = 1};
    int32_t v6[64] = {[DEVCONF_FORWARDING] = 0, [DEVCONF_MTU6] = 1500, [DEVCONF_ACCEPT_RA] = 1,
                      [DEVCONF_DAD_TRANSMITS] = 1, [DEVCONF_ADDR_GEN_MODE] = 0};
    struct ifla_cacheinfo ci = {65535, 1, 30000, 1000};
    af = mnl_attr_nest_start(nlh, AF_INET);
    mnl_attr_put(nlh, IFLA_INET_CONF, sizeof(v4), v4);
    mnl_attr_nest_end(nlh, af);
    af = mnl_attr_nest_start(nlh, AF_INET6);
    mnl_attr_put_u32(nlh, IFLA_INET6_FLAGS, 0x800000c0u);
    mnl_attr_put(nlh, IFLA_INET6_CACHEINFO, sizeof(ci), &ci);
    mnl_attr_put(nlh, IFLA_INET6_CONF, sizeof(v6), v6);
    mnl_attr_nest_end(nlh, af);
    mnl_attr_nest_end(nlh, spec);
}

static void seeds_links(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 1};
    struct rtnl_link_stats64 s64;
    struct rtnl_link_stats s32;
    memset(&s64, 0x11, sizeof(s64));
    memset(&s32, 0x22, sizeof(s32));

    nlh = link_msg(&b, RTM_NEWLINK, 4, ARPHRD_ETHER, "eth0", NULL);
    mnl_attr_put(nlh, IFLA_ADDRESS, sizeof(mac), mac);
    mnl_attr_put(nlh, IFLA_PERM_ADDRESS, sizeof(mac), mac);
    mnl_attr_put_strz(nlh, IFLA_IFALIAS, "uplink");
    mnl_attr_put_strz(nlh, IFLA_PARENT_DEV_NAME, "0000:00:03.0");
    mnl_attr_put(nlh, IFLA_STATS64, sizeof(s64), &s64);
    put_af_spec(nlh);
    put_nlh("link", "eth0-full", nlh);
    put_nlh("ifrow", "eth0-full", nlh);

    nlh = link_msg(&b, RTM_NEWLINK, 9, ARPHRD_IPGRE, "gre1", "gre");
    mnl_attr_put(nlh, IFLA_STATS, sizeof(s32), &s32);
    put_nlh("ifrow", "gre-stats32", nlh);
    nlh = link_msg(&b, RTM_NEWLINK, 10, ARPHRD_SIT, "sit1", "sit");
    put_nlh("ifrow", "sit", nlh);
    put_nlh("link", "sit", nlh);
    nlh = link_msg(&b, RTM_NEWLINK, 11, ARPHRD_NONE, "wg0", "wireguard");
    put_af_spec(nlh);
    put_nlh("link", "wg0", nlh);
    put_nlh("ifrow", "wg0", nlh);
    nlh = link_msg(&b, RTM_NEWLINK, 1, ARPHRD_LOOPBACK, "lo", NULL);
    put_af_spec(nlh);
    put_nlh("link", "lo", nlh);
}

/* --------------------------------------------------- neighbour tables */
/* Laid out as neightbl_fill_info() does; the recorded corpus has the
 * real ones, this one adds an unknown nest and a 32-bit time. */
static void seeds_neightbl(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh = start(&b, RTM_NEWNEIGHTBL);
    struct ndtmsg *ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
    struct nlattr *p;
    ndtm->ndtm_family = AF_INET6;
    mnl_attr_put_strz(nlh, NDTA_NAME, "ndisc_cache");
    p = mnl_attr_nest_start(nlh, NDTA_PARMS);
    mnl_attr_put_u32(nlh, NDTPA_IFINDEX, 3);
    mnl_attr_put_u64(nlh, NDTPA_BASE_REACHABLE_TIME, 30000);
    mnl_attr_put_u32(nlh, NDTPA_RETRANS_TIME, 1000); /* 32 bits: malformed */
    mnl_attr_put_u32(nlh, NDTPA_MAX + 1, 1);
    mnl_attr_nest_end(nlh, p);
    put_nlh("neightbl", "v6-short-retrans", nlh);
}

/* ------------------------------------------------------ speed dump */
/* Laid out as linkmodes_fill_reply() and the controller's
 * ctrl_fill_info() do: a speed, a device without a link, and the answer
 * naming the ethtool family. */
static void seeds_ethtool(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    struct genlmsghdr *g;
    struct nlattr *n;
    for (int k = 0; k < 2; k++) {
        nlh = start(&b, 21);
        g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
        g->cmd = ETHTOOL_MSG_LINKMODES_GET_REPLY;
        g->version = ETHTOOL_GENL_VERSION;
        n = mnl_attr_nest_start(nlh, ETHTOOL_A_LINKMODES_HEADER);
        mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_DEV_INDEX, 3);
        mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, "eth0");
        mnl_attr_nest_end(nlh, n);
        mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_AUTONEG, 1);
        mnl_attr_put_u32(nlh, ETHTOOL_A_LINKMODES_SPEED, k == 0 ? 1000u : 0xffffffffu);
        mnl_attr_put_u8(nlh, ETHTOOL_A_LINKMODES_DUPLEX, 1);
        put_nlh("ethtool", k == 0 ? "linkmodes-1000" : "linkmodes-no-link", nlh);
    }
    nlh = start(&b, GENL_ID_CTRL);
    g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
    g->cmd = CTRL_CMD_NEWFAMILY;
    g->version = 2;
    mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "ethtool");
    mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 21);
    mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
    put_nlh("ethtool", "family", nlh);
}

/* ----------------------------------------------------- notifications */
static void netconf(const char *what, uint16_t type, int family, bool has_index, int32_t index)
{
    union msgbuf b;
    struct nlmsghdr *nlh = start(&b, type);
    struct netconfmsg *ncm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ncm));
    ncm->ncm_family = (uint8_t)family;
    if (has_index)
        mnl_attr_put_u32(nlh, NETCONFA_IFINDEX, (uint32_t)index);
    mnl_attr_put_u32(nlh, NETCONFA_FORWARDING, 1);
    put_nlh("event", what, nlh);
}

static void seeds_events(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    struct ifaddrmsg *ifa;
    nlh = link_msg(&b, RTM_NEWLINK, 5, ARPHRD_ETHER, "veth5", "veth");
    put_nlh("event", "newlink", nlh);
    nlh = link_msg(&b, RTM_DELLINK, 5, ARPHRD_ETHER, "veth5", "veth");
    put_nlh("event", "dellink", nlh);
    netconf("netconf-v4-index", RTM_NEWNETCONF, AF_INET, true, 5);
    netconf("netconf-v6-all", RTM_NEWNETCONF, AF_INET6, true, NETCONFA_IFINDEX_ALL);
    netconf("netconf-v6-default", RTM_NEWNETCONF, AF_INET6, true, NETCONFA_IFINDEX_DEFAULT);
    netconf("netconf-no-index", RTM_NEWNETCONF, AF_INET, false, 0);
    netconf("delnetconf", RTM_DELNETCONF, AF_INET6, true, 7);
    nlh = start(&b, RTM_NEWADDR);
    ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET;
    ifa->ifa_index = 5;
    put_nlh("event", "newaddr", nlh);
}

/* ------------------------------------------------------------ routes */
static struct nlmsghdr *route_msg(union msgbuf *b, uint8_t family, uint8_t dst_len, uint8_t type)
{
    struct nlmsghdr *nlh = start(b, RTM_NEWROUTE);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = family;
    rtm->rtm_dst_len = dst_len;
    rtm->rtm_table = RT_TABLE_MAIN;
    rtm->rtm_protocol = RTPROT_STATIC;
    rtm->rtm_scope = RT_SCOPE_UNIVERSE;
    rtm->rtm_type = type;
    mnl_attr_put_u32(nlh, RTA_TABLE, RT_TABLE_MAIN);
    return nlh;
}

static void seeds_routes(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    static const uint8_t dst4[4] = {10, 1, 0, 0}, gw4[4] = {10, 0, 0, 1}, src4[4] = {10, 0, 0, 2};
    static const uint8_t gw6[16] = {0xfe, 0x80, [15] = 1}, gw6b[16] = {0xfe, 0x80, [15] = 2};
    struct rta_cacheinfo ci;
    struct nlattr *mp;
    struct rtnexthop *nh;
    struct {
        struct rtvia via;
        uint8_t addr[16];
    } via = {{AF_INET6}, {0xfe, 0x80, [15] = 9}};

    nlh = route_msg(&b, AF_INET, 16, RTN_UNICAST);
    mnl_attr_put(nlh, RTA_DST, 4, dst4);
    mnl_attr_put(nlh, RTA_GATEWAY, 4, gw4);
    mnl_attr_put(nlh, RTA_PREFSRC, 4, src4);
    mnl_attr_put_u32(nlh, RTA_OIF, 3);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, 100);
    memset(&ci, 0, sizeof(ci));
    ci.rta_expires = 3000;
    mnl_attr_put(nlh, RTA_CACHEINFO, sizeof(ci), &ci);
    put_nlh("route", "v4-gateway", nlh);

    nlh = route_msg(&b, AF_INET6, 0, RTN_UNICAST);
    mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
    nh = mnl_nlmsg_put_extra_header(nlh, sizeof(*nh));
    nh->rtnh_ifindex = 3;
    mnl_attr_put(nlh, RTA_GATEWAY, 16, gw6);
    nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
    nh = mnl_nlmsg_put_extra_header(nlh, sizeof(*nh));
    nh->rtnh_ifindex = 4;
    mnl_attr_put(nlh, RTA_GATEWAY, 16, gw6b);
    nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
    mnl_attr_nest_end(nlh, mp);
    put_nlh("route", "v6-multipath", nlh);

    nlh = route_msg(&b, AF_INET, 0, RTN_UNICAST);
    mnl_attr_put(nlh, RTA_VIA, sizeof(via), &via);
    mnl_attr_put_u32(nlh, RTA_OIF, 5);
    put_nlh("route", "v4-via-v6", nlh);

    nlh = route_msg(&b, AF_INET, 32, RTN_LOCAL);
    mnl_attr_put(nlh, RTA_DST, 4, src4);
    mnl_attr_put_u32(nlh, RTA_OIF, 1);
    put_nlh("route", "v4-local", nlh);

    nlh = route_msg(&b, AF_INET6, 0, RTN_UNREACHABLE);
    put_nlh("route", "v6-unreachable", nlh);
}

/* The route rows (fuzz-route-rows.c): kinds of the local table, on-link
 * hops, a nexthop object, a notification of a route gone. */
static void seeds_route_rows(void)
{
    union msgbuf b;
    struct nlmsghdr *nlh;
    struct rtmsg *rtm;
    struct nlattr *mp;
    struct rtnexthop *nh;
    static const uint8_t bcast4[4] = {198, 18, 0, 255}, gw4[4] = {198, 18, 0, 2},
                         gw4b[4] = {198, 19, 99, 1}, src4[4] = {198, 18, 0, 1};
    static const uint8_t mc6[16] = {0xff}, any6[16] = {0xfd}, gw6[16] = {0xfd, [15] = 2};
    struct rta_cacheinfo ci;

    nlh = route_msg(&b, AF_INET, 32, RTN_BROADCAST);
    rtm = mnl_nlmsg_get_payload(nlh);
    rtm->rtm_table = RT_TABLE_LOCAL;
    rtm->rtm_scope = RT_SCOPE_LINK;
    mnl_attr_put(nlh, RTA_DST, 4, bcast4);
    mnl_attr_put(nlh, RTA_PREFSRC, 4, src4);
    mnl_attr_put_u32(nlh, RTA_OIF, 2);
    put_nlh("route-rows", "v4-broadcast-local", nlh);

    nlh = route_msg(&b, AF_INET6, 8, RTN_MULTICAST);
    mnl_attr_put(nlh, RTA_DST, 16, mc6);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, 256);
    mnl_attr_put_u32(nlh, RTA_OIF, 2);
    put_nlh("route-rows", "v6-multicast", nlh);

    nlh = route_msg(&b, AF_INET6, 128, RTN_ANYCAST);
    mnl_attr_put(nlh, RTA_DST, 16, any6);
    mnl_attr_put_u32(nlh, RTA_OIF, 2);
    put_nlh("route-rows", "v6-anycast", nlh);

    nlh = route_msg(&b, AF_INET, 24, RTN_UNICAST);
    mnl_attr_put(nlh, RTA_DST, 4, gw4);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, 7);
    mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
    nh = mnl_nlmsg_put_extra_header(nlh, sizeof(*nh));
    nh->rtnh_ifindex = 2;
    mnl_attr_put(nlh, RTA_GATEWAY, 4, gw4);
    nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
    nh = mnl_nlmsg_put_extra_header(nlh, sizeof(*nh));
    nh->rtnh_ifindex = 3;
    nh->rtnh_flags = RTNH_F_ONLINK;
    mnl_attr_put(nlh, RTA_GATEWAY, 4, gw4b);
    nh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nh);
    mnl_attr_nest_end(nlh, mp);
    put_nlh("route-rows", "v4-multipath-onlink", nlh);

    nlh = route_msg(&b, AF_INET, 24, RTN_UNICAST);
    mnl_attr_put(nlh, RTA_DST, 4, gw4);
    mnl_attr_put_u32(nlh, RTA_NH_ID, 9);
    mnl_attr_put_u32(nlh, RTA_OIF, 2);
    mnl_attr_put(nlh, RTA_GATEWAY, 4, gw4);
    put_nlh("route-rows", "v4-nexthop-object", nlh);

    nlh = route_msg(&b, AF_INET6, 64, RTN_UNICAST);
    nlh->nlmsg_type = RTM_DELROUTE;
    mnl_attr_put(nlh, RTA_DST, 16, any6);
    mnl_attr_put(nlh, RTA_GATEWAY, 16, gw6);
    mnl_attr_put_u32(nlh, RTA_OIF, 2);
    mnl_attr_put_u32(nlh, RTA_PRIORITY, 1024);
    memset(&ci, 0, sizeof(ci));
    ci.rta_expires = 60000;
    mnl_attr_put(nlh, RTA_CACHEINFO, sizeof(ci), &ci);
    put_nlh("route-rows", "v6-delroute-expires", nlh);
}

/* --------------------------------------------------------------- BSD */
/* One RTM_IFINFO message of layout l, with its RTA_IFP sockaddr_dl. */
static size_t bsd_ifinfo(const struct nio_bsd_layout *l, uint8_t *m, uint16_t index,
                         const char *name, uint8_t ift, uint32_t flags)
{
    size_t nlen = strlen(name), sdl_len = 8 + nlen + 6;
    size_t sa = (sdl_len + l->sa_align - 1) / l->sa_align * l->sa_align;
    uint16_t len = (uint16_t)(l->ifm_size + sa);
    uint32_t addrs = 0x10, mtu = 1500;
    uint8_t *sdl = m + l->ifm_size, *data = m + l->ifm_data;
    memset(m, 0, len);
    memcpy(m, &len, 2);
    m[2] = l->rtm_version;
    m[3] = l->rtm_ifinfo;
    memcpy(m + l->ifm_addrs, &addrs, 4);
    memcpy(m + l->ifm_flags, &flags, 4);
    memcpy(m + l->ifm_index, &index, 2);
    data[l->ifi_type] = ift;
    data[l->ifi_addrlen] = 6;
    memcpy(data + l->ifi_mtu, &mtu, 4);
    if (l->ifi_link_state != NIO_BSD_ABSENT)
        data[l->ifi_link_state] = 2;
    sdl[0] = (uint8_t)sdl_len;
    sdl[1] = 18; /* AF_LINK */
    memcpy(sdl + 2, &index, 2);
    sdl[4] = ift;
    sdl[5] = (uint8_t)nlen;
    sdl[6] = 6;
    memcpy(sdl + 8, name, nlen);
    return len;
}

static void seeds_bsd_one(const struct nio_bsd_layout *l, uint8_t sel, const char *os)
{
    uint8_t buf[1024], nd[128];
    char what[64];
    size_t n = 1;
    uint32_t v;
    buf[0] = sel;
    n += bsd_ifinfo(l, buf + n, 1, "lo0", 24, 0x8049);
    snprintf(what, sizeof(what), "%s-ifinfo-lo0", os);
    put("bsd-iflist", what, buf, n);
    n += bsd_ifinfo(l, buf + n, 2, "em0", 6, 0x8843);
    /* An RTM_NEWADDR message, which the list skips. */
    memset(buf + n, 0, 24);
    buf[n] = 24;
    buf[n + 2] = l->rtm_version;
    buf[n + 3] = 0xc;
    n += 24;
    n += bsd_ifinfo(l, buf + n, 7, "utun3", 1, 0x8051);
    snprintf(what, sizeof(what), "%s-iflist", os);
    put("bsd-iflist", what, buf, n);

    memset(nd, 0, sizeof(nd));
    nd[0] = sel;
    nd[1] = 0x1f;
    nd[2] = 1;
    v = 1500;
    memcpy(nd + 3, &v, 4);
    memcpy(nd + 7, "em0", 3);
    v = 1280;
    memcpy(nd + 7 + NIO_BSD_NDI, &v, 4);          /* linkmtu */
    v = 30000;
    memcpy(nd + 7 + NIO_BSD_NDI + 8, &v, 4);      /* basereachable */
    v = 31;
    memcpy(nd + 7 + NIO_BSD_NDI + 12, &v, 4);     /* reachable, s */
    v = 1000;
    memcpy(nd + 7 + NIO_BSD_NDI + 16, &v, 4);     /* retrans */
    v = 0x223;
    memcpy(nd + 7 + NIO_BSD_NDI + 20, &v, 4);     /* flags */
    snprintf(what, sizeof(what), "%s-nd", os);
    put("bsd-nd", what, nd, 7 + l->ndireq_size);

    /* Change messages, one per read: RTM_IFINFO, RTM_NEWADDR (struct
     * ifa_msghdr: 20 bytes, the index at 12), FreeBSD's RTM_IFANNOUNCE
     * (struct if_announcemsghdr: 24 bytes, the index at 4) and a route
     * message (RTM_ADD), which concerns no row. */
    n = 1 + bsd_ifinfo(l, buf + 1, 2, "em0", 6, 0x8843);
    snprintf(what, sizeof(what), "%s-ifinfo", os);
    put("bsd-event", what, buf, n);
    memset(buf + 1, 0, 20);
    buf[1] = 20;
    buf[3] = l->rtm_version;
    buf[4] = 0xc;
    buf[1 + 12] = 2;
    snprintf(what, sizeof(what), "%s-newaddr", os);
    put("bsd-event", what, buf, 21);
    memset(buf + 1, 0, 24);
    buf[1] = 24;
    buf[3] = l->rtm_version;
    buf[4] = 0x11;
    buf[1 + 4] = 3;
    snprintf(what, sizeof(what), "%s-ifannounce", os);
    put("bsd-event", what, buf, 25);
    memset(buf + 1, 0, 92);
    buf[1] = 92;
    buf[3] = l->rtm_version;
    buf[4] = 0x1;
    snprintf(what, sizeof(what), "%s-route-add", os);
    put("bsd-event", what, buf, 93);
}

/* ----------------------------------------------------------- strings */
static void put_str(const char *harness, const char *what, uint8_t mode, const char *s)
{
    uint8_t buf[256];
    size_t n = strlen(s);
    buf[0] = mode;
    memcpy(buf + 1, s, n);
    put(harness, what, buf, n + 1);
}

/* s as little-endian UTF-16 units (ASCII only), after a mode byte when
 * mode >= 0. */
static void put_utf16(const char *harness, const char *what, int mode, const uint16_t *u, size_t n)
{
    uint8_t buf[256];
    size_t k = 0;
    if (mode >= 0)
        buf[k++] = (uint8_t)mode;
    for (size_t i = 0; i < n; i++) {
        buf[k++] = (uint8_t)u[i];
        buf[k++] = (uint8_t)(u[i] >> 8);
    }
    put(harness, what, buf, k);
}

static void seeds_strings(void)
{
    static const uint16_t tunnel7[] = {'t', 'u', 'n', 'n', 'e', 'l', '_', '7'};
    static const uint16_t eth0[] = {'e', 't', 'h', '0'};
    static const uint16_t pair[] = {'a', 0xD834, 0xDD1E, 0x00E9, 0x20AC};
    static const uint16_t lone[] = {'a', 0xDC00, 'b'};
    uint8_t fmt[11] = {2};
    uint64_t luid = 0x18000001000000ull;
    GUID g;
    uint8_t gbuf[sizeof(GUID) + 8];

    put_str("luid-name", "ethernet_3", 0, "ethernet_3");
    put_str("luid-name", "loopback_1", 0, "loopback_1");
    put_str("luid-name", "iftype-max", 0, "iftype65535_281474976710655");
    put_str("luid-name", "leading-zeros", 0, "iftype00053_0000000000000000000007");
    put_str("luid-name", "bad-number", 0, "ethernet_abc");
    put_utf16("luid-name", "wide-tunnel_7", 1, tunnel7, sizeof(tunnel7) / 2);
    memcpy(fmt + 1, &luid, 8);
    fmt[9] = 11;
    put("luid-name", "format-loopback", fmt, sizeof(fmt));
    luid = ~0ull;
    memcpy(fmt + 1, &luid, 8);
    fmt[9] = 28;
    put("luid-name", "format-max", fmt, sizeof(fmt));

    nio_guid_from_luid(0x6000003000000ull, &g);
    memcpy(gbuf, &g, sizeof(g));
    luid = 0x35000007000000ull;
    memcpy(gbuf + sizeof(g), &luid, 8);
    put("guid", "ours", gbuf, sizeof(gbuf));

    put("utf8", "ascii", "eth0", 4);
    put("utf8", "two-three-four", "\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e", 9);
    put("utf8", "overlong-nul", "a\xc0\x80", 3);
    put("utf8", "surrogate", "\xed\xa0\x80", 3);
    put("utf8", "above-max", "\xf4\x90\x80\x80", 4);
    put_utf16("utf16", "ascii", -1, eth0, sizeof(eth0) / 2);
    put_utf16("utf16", "pair", -1, pair, sizeof(pair) / 2);
    put_utf16("utf16", "lone-low", -1, lone, sizeof(lone) / 2);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make-seeds DIR\n");
        return 2;
    }
    outdir = argv[1];
    mkdir(outdir, 0755);
    seeds_links();
    seeds_neightbl();
    seeds_ethtool();
    seeds_events();
    seeds_routes();
    seeds_route_rows();
    seeds_bsd_one(&nio_bsd_freebsd, 0, "freebsd");
    seeds_bsd_one(&nio_bsd_macos, 1, "macos");
    seeds_strings();
    return failures ? 1 : 0;
}
