/* parse-route.c - a route message into a route (struct nio_route): the
 * destination prefix, the outgoing interface and next hop (one per next
 * hop of a multipath route), the preferred source, metric, table, who made
 * it and its lifetime; and which routes are route rows (docs/route.md).
 * Pure: canned messages test it (tests/linux/test-parse-route.c). */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* rta_cacheinfo.rta_expires is in clock_t ticks: USER_HZ, 100 on every
 * architecture Linux runs on but Alpha. */
#define NIO_USER_HZ 100

/* The attributes read here, walked directly rather than through libmnl's
 * callback and validation calls: a table of 100,000 routes is 100,000
 * messages of about ten attributes each, and a call per attribute was a
 * tenth of GetIpForwardTable2.  The rules are libmnl's, exactly (what
 * nio_linux_attrs does with MNL_TYPE_U32 and MNL_TYPE_BINARY entries):
 * the walk stops at the first attribute that does not fit what is left
 * (mnl_attr_ok), the type is nla_type without its two flag bits, an
 * unwanted type is skipped unvalidated, a u32 must be exactly 4 bytes, a
 * binary one any length, and the last of a type wins. */
#define NIO_RTA_MAX RTA_MAX

static bool nio_rta_u32(uint16_t type)
{
    return type == RTA_OIF || type == RTA_PRIORITY || type == RTA_TABLE || type == RTA_NH_ID;
}

static bool nio_rta_wanted(uint16_t type, bool hop)
{
    if (type == RTA_GATEWAY || type == RTA_VIA)
        return true;
    return !hop && (type == RTA_DST || type == RTA_PREFSRC || type == RTA_CACHEINFO ||
                    type == RTA_MULTIPATH || nio_rta_u32(type));
}

/* The attributes in p[0..len) into tb[0..NIO_RTA_MAX]; hop: those of a
 * next hop inside RTA_MULTIPATH (the gateway alone).  0 or -EPROTO. */
static int nio_rta_walk(const char *p, size_t len, const struct nlattr **tb, bool hop)
{
    memset(tb, 0, sizeof(*tb) * (NIO_RTA_MAX + 1));
    while (len >= sizeof(struct nlattr)) {
        const struct nlattr *a = (const struct nlattr *)(const void *)p;
        uint16_t type = a->nla_type & NLA_TYPE_MASK;
        size_t step = MNL_ALIGN(a->nla_len);
        if (a->nla_len < sizeof(struct nlattr) || a->nla_len > len)
            break;
        if (type <= NIO_RTA_MAX && nio_rta_wanted(type, hop)) {
            if (nio_rta_u32(type) && a->nla_len != MNL_ATTR_HDRLEN + sizeof(uint32_t))
                return -EPROTO;
            tb[type] = a;
        }
        if (step >= len)
            break;
        p += step;
        len -= step;
    }
    return 0;
}

static size_t nio_rta_len(const struct nlattr *a)
{
    return a->nla_len - MNL_ATTR_HDRLEN;
}

static const void *nio_rta_data(const struct nlattr *a)
{
    return (const char *)a + MNL_ATTR_HDRLEN;
}

static uint32_t nio_rta_u32_of(const struct nlattr *a)
{
    uint32_t v;
    memcpy(&v, nio_rta_data(a), sizeof(v));
    return v;
}

static int nio_slot_of(uint8_t family)
{
    return family == AF_INET ? NIO_V4 : family == AF_INET6 ? NIO_V6 : -1;
}

static size_t nio_addr_len(int slot)
{
    return slot == NIO_V6 ? 16 : 4;
}

/* An address attribute of the message's family; false if malformed. */
static bool nio_addr(const struct nlattr *a, int slot, struct nio_ip *out)
{
    memset(out, 0, sizeof(*out));
    out->slot = slot;
    if (nio_rta_len(a) != nio_addr_len(slot))
        return false;
    memcpy(out->bytes, nio_rta_data(a), nio_addr_len(slot));
    return true;
}

/* RTA_VIA: a next hop of either family (an IPv4 route through an IPv6
 * neighbour, RFC 5549). */
static bool nio_via(const struct nlattr *a, struct nio_ip *out)
{
    struct rtvia via;
    size_t n = nio_rta_len(a);
    int slot;
    if (n < sizeof(via))
        return false;
    memcpy(&via, nio_rta_data(a), sizeof(via));
    slot = nio_slot_of((uint8_t)via.rtvia_family);
    if (slot < 0 || n < sizeof(via) + nio_addr_len(slot))
        return false;
    memset(out, 0, sizeof(*out));
    out->slot = slot;
    memcpy(out->bytes, (const char *)nio_rta_data(a) + sizeof(via), nio_addr_len(slot));
    return true;
}

/* The gateway among tb (RTA_GATEWAY or RTA_VIA), if any. */
static int nio_gateway(const struct nlattr *const *tb, int slot, struct nio_route *r)
{
    r->has_gateway = false;
    if (tb[RTA_GATEWAY] != NULL) {
        if (!nio_addr(tb[RTA_GATEWAY], slot, &r->gateway))
            return -EPROTO;
        r->has_gateway = true;
    } else if (tb[RTA_VIA] != NULL) {
        if (!nio_via(tb[RTA_VIA], &r->gateway))
            return -EPROTO;
        r->has_gateway = true;
    }
    return 0;
}

static enum nio_route_origin nio_origin(uint8_t protocol)
{
    switch (protocol) {
    case RTPROT_REDIRECT: return NIO_RO_REDIRECT;
    case RTPROT_KERNEL: return NIO_RO_KERNEL;
    case RTPROT_BOOT:
    case RTPROT_STATIC: return NIO_RO_STATIC;
    case RTPROT_RA: return NIO_RO_RA;
    case RTPROT_DHCP: return NIO_RO_DHCP;
    case RTPROT_RIP: return NIO_RO_RIP;
    case RTPROT_OSPF: return NIO_RO_OSPF;
    case RTPROT_ISIS: return NIO_RO_ISIS;
    case RTPROT_BGP: return NIO_RO_BGP;
    default: return NIO_RO_OTHER;
    }
}

/* A walk of RTA_MULTIPATH: each struct rtnexthop and its attributes. */
struct nio_hop_walk {
    const char *p;
    size_t left;
};

static int nio_next_hop(struct nio_hop_walk *w, int slot, struct nio_route *r,
                        uint8_t *flags)
{
    const struct nlattr *tb[NIO_RTA_MAX + 1];
    struct rtnexthop nh;
    size_t step;
    if (w->left < sizeof(nh))
        return 0;
    memcpy(&nh, w->p, sizeof(nh));
    if (nh.rtnh_len < sizeof(nh) || nh.rtnh_len > w->left)
        return -EPROTO;
    if (nio_rta_walk(w->p + RTNH_ALIGN(sizeof(nh)), nh.rtnh_len - RTNH_ALIGN(sizeof(nh)), tb,
                     true) < 0 ||
        nio_gateway(tb, slot, r) < 0)
        return -EPROTO;
    r->oif = (uint32_t)nh.rtnh_ifindex;
    *flags = nh.rtnh_flags;
    step = RTNH_ALIGN((size_t)nh.rtnh_len);
    w->left -= step < w->left ? step : w->left;
    w->p += step;
    return 1;
}

static int nio_route_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
    size_t hdr = MNL_ALIGN(sizeof(struct rtmsg));
    size_t len = nlh->nlmsg_len - MNL_NLMSG_HDRLEN; /* mnl_nlmsg_get_payload_len, inline */
    if (len < hdr)
        return -EPROTO;
    return nio_rta_walk((const char *)nlh + MNL_NLMSG_HDRLEN + hdr, len - hdr, tb, false);
}

/* The header of a route message of either kind (RTM_NEWROUTE, RTM_DELROUTE),
 * its family and attributes: 0, or -EPROTO. */
static int nio_route_msg(const struct nlmsghdr *nlh, const struct rtmsg **rtm,
                         const struct nlattr **tb)
{
    if ((nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE) ||
        nlh->nlmsg_len < NLMSG_LENGTH(sizeof(**rtm)))
        return -EPROTO;
    *rtm = nio_msg_data(nlh);
    return nio_route_attrs(nlh, tb);
}

static void nio_expires(const struct nlattr *cacheinfo, struct nio_route *out)
{
    struct rta_cacheinfo ci;
    if (cacheinfo == NULL || nio_rta_len(cacheinfo) < sizeof(ci))
        return;
    memcpy(&ci, nio_rta_data(cacheinfo), sizeof(ci));
    if (ci.rta_expires != 0) {
        /* Negative: already expired, about to go. */
        int32_t ticks = (int32_t)ci.rta_expires;
        out->expires = true;
        out->expires_s = ticks > 0 ? (uint32_t)ticks / NIO_USER_HZ : 0;
    }
}

/* The facts common to every next hop of the route in rtm and tb (its first
 * hop's interface and gateway when it has RTA_OIF): 0 or -EPROTO. */
static int nio_route_fill(const struct rtmsg *rtm, const struct nlattr *const *tb, int slot,
                          struct nio_route *out)
{
    memset(out, 0, sizeof(*out));
    out->prefix.slot = out->src.slot = out->gateway.slot = slot;
    if (rtm->rtm_dst_len > nio_addr_len(slot) * 8)
        return -EPROTO;
    out->prefix_len = rtm->rtm_dst_len;
    if (tb[RTA_DST] != NULL && !nio_addr(tb[RTA_DST], slot, &out->prefix))
        return -EPROTO;
    if (tb[RTA_PREFSRC] != NULL) {
        if (!nio_addr(tb[RTA_PREFSRC], slot, &out->src))
            return -EPROTO;
        out->has_src = true;
    }
    if (nio_gateway(tb, slot, out) < 0)
        return -EPROTO;
    out->oif = tb[RTA_OIF] ? nio_rta_u32_of(tb[RTA_OIF]) : 0;
    out->table = tb[RTA_TABLE] ? nio_rta_u32_of(tb[RTA_TABLE]) : rtm->rtm_table;
    out->metric = tb[RTA_PRIORITY] ? nio_rta_u32_of(tb[RTA_PRIORITY]) : 0;
    out->origin = nio_origin(rtm->rtm_protocol);
    out->local = rtm->rtm_type == RTN_LOCAL;
    nio_expires(tb[RTA_CACHEINFO], out);
    return 0;
}

int nio_linux_parse_route(const struct nlmsghdr *nlh, struct nio_route *out)
{
    const struct nlattr *tb[NIO_RTA_MAX + 1];
    const struct rtmsg *rtm;
    int slot;
    if (nlh->nlmsg_type != RTM_NEWROUTE || nio_route_msg(nlh, &rtm, tb) < 0)
        return -EPROTO;
    slot = nio_slot_of(rtm->rtm_family);
    if (slot < 0 || nio_route_fill(rtm, tb, slot, out) < 0)
        return -EPROTO;
    if (out->oif == 0 && tb[RTA_MULTIPATH] != NULL) {
        struct nio_hop_walk w = {nio_rta_data(tb[RTA_MULTIPATH]),
                                 nio_rta_len(tb[RTA_MULTIPATH])};
        uint8_t flags;
        if (nio_next_hop(&w, slot, out, &flags) < 0)
            return -EPROTO;
    }
    /* Unicast routes and this machine's own addresses carry traffic, and
     * so do the broadcast and multicast routes a lookup answers with (the
     * kernel sends to 255.255.255.255 or 224.0.0.1 through a device, from
     * a source); the rest reject it (unreachable, blackhole, prohibit,
     * throw) or are not routes to send along (anycast, nat). */
    switch (rtm->rtm_type) {
    case RTN_UNICAST:
    case RTN_LOCAL:
    case RTN_BROADCAST:
    case RTN_MULTICAST:
        return 0;
    default:
        return -ENOENT;
    }
}

/* ------------------------------------------------------------ route rows */
/* Whether the route of rtm (in table) is a route row: a route of the main
 * or the local table that is unicast, local, anycast, broadcast or
 * multicast, and not a clone (an IPv6 exception, an old IPv4 cache entry).
 * Reject routes (unreachable, blackhole, prohibit, throw) and nat have no
 * interface: no row. */
static bool nio_is_row(const struct rtmsg *rtm, uint32_t table)
{
    if (rtm->rtm_flags & RTM_F_CLONED)
        return false;
    if (table != RT_TABLE_MAIN && table != RT_TABLE_LOCAL)
        return false;
    switch (rtm->rtm_type) {
    case RTN_UNICAST:
    case RTN_LOCAL:
    case RTN_ANYCAST:
    case RTN_BROADCAST:
    case RTN_MULTICAST:
        return true;
    default:
        return false;
    }
}

/* The prefix with its host bits zero. */
static void nio_mask_prefix(struct nio_route *r)
{
    size_t len = nio_addr_len(r->prefix.slot);
    for (size_t i = 0; i < len; i++) {
        unsigned keep = r->prefix_len >= (i + 1) * 8 ? 8
                        : r->prefix_len > i * 8     ? r->prefix_len - i * 8
                                                    : 0;
        r->prefix.bytes[i] &= (uint8_t)(0xFF00u >> keep);
    }
}

/* What else names the route to the kernel (linux.h, NIO_RB_*). */
static uint32_t nio_row_bits(const struct rtmsg *rtm, const struct nlattr *const *tb,
                             uint8_t hop_flags)
{
    uint32_t bits = (uint32_t)(rtm->rtm_type & NIO_RB_TYPE_MASK) |
                    (uint32_t)rtm->rtm_tos << NIO_RB_TOS_SHIFT |
                    (uint32_t)rtm->rtm_protocol << NIO_RB_PROTO_SHIFT |
                    (uint32_t)rtm->rtm_scope << NIO_RB_SCOPE_SHIFT;
    if ((hop_flags | rtm->rtm_flags) & RTNH_F_ONLINK)
        bits |= NIO_RB_ONLINK;
    if (tb[RTA_NH_ID] != NULL)
        bits |= NIO_RB_NHID;
    if (tb[RTA_MULTIPATH] != NULL)
        bits |= NIO_RB_MULTIPATH;
    return bits;
}

/* One row per next hop of RTA_MULTIPATH, each a copy of *base. */
static int nio_multipath_rows(const struct rtmsg *rtm, const struct nlattr *const *tb,
                              const struct nio_route *base, struct nio_route *rows, size_t max)
{
    struct nio_hop_walk w = {nio_rta_data(tb[RTA_MULTIPATH]),
                             nio_rta_len(tb[RTA_MULTIPATH])};
    size_t n = 0;
    for (;;) {
        struct nio_route hop = *base;
        uint8_t flags = 0;
        int got = nio_next_hop(&w, base->prefix.slot, &hop, &flags);
        if (got <= 0)
            return got < 0 ? -EPROTO : (int)n;
        if (hop.oif == 0 || n == max)
            continue; /* no interface: no row; beyond max: still validated */
        hop.os_bits = nio_row_bits(rtm, tb, flags);
        rows[n++] = hop;
    }
}

int nio_linux_route_rows(const struct nlmsghdr *nlh, struct nio_route *rows, size_t max)
{
    const struct nlattr *tb[NIO_RTA_MAX + 1];
    const struct rtmsg *rtm;
    struct nio_route base;
    int slot;
    if (nio_route_msg(nlh, &rtm, tb) < 0)
        return -EPROTO;
    slot = nio_slot_of(rtm->rtm_family);
    if (slot < 0)
        return 0; /* IP multicast forwarding, MPLS ...: not an IP route row */
    if (nio_route_fill(rtm, tb, slot, &base) < 0)
        return -EPROTO;
    if (!nio_is_row(rtm, base.table))
        return 0;
    nio_mask_prefix(&base);
    /* An anycast address is this machine's own, as a local one is: the
     * kernel takes in what is sent to it. */
    base.local = rtm->rtm_type == RTN_LOCAL || rtm->rtm_type == RTN_ANYCAST;
    base.broadcast = rtm->rtm_type == RTN_BROADCAST || rtm->rtm_type == RTN_MULTICAST;
    if (tb[RTA_MULTIPATH] != NULL)
        return nio_multipath_rows(rtm, tb, &base, rows, max);
    /* A route through a nexthop object, dumped without its hops
     * (net.ipv4.nexthop_compat_mode=0), names no interface: no row. */
    if (base.oif == 0 || max == 0)
        return 0;
    base.os_bits = nio_row_bits(rtm, tb, 0);
    rows[0] = base;
    return 1;
}

int nio_linux_parse_route_hops(const struct nlmsghdr *nlh, const struct nio_route *base,
                               struct nio_route *hops, size_t max)
{
    const struct nlattr *tb[NIO_RTA_MAX + 1];
    struct nio_hop_walk w;
    size_t n = 0;
    if (nio_route_attrs(nlh, tb) < 0)
        return -EPROTO;
    if (tb[RTA_MULTIPATH] == NULL) {
        if (max == 0)
            return 0;
        hops[0] = *base;
        return 1;
    }
    w.p = nio_rta_data(tb[RTA_MULTIPATH]);
    w.left = nio_rta_len(tb[RTA_MULTIPATH]);
    while (n < max) {
        uint8_t flags;
        int got;
        hops[n] = *base;
        got = nio_next_hop(&w, base->prefix.slot, &hops[n], &flags);
        if (got < 0)
            return -EPROTO;
        if (got == 0)
            break;
        n++;
    }
    return (int)n;
}

/* What names one kernel route: its rtmsg and every attribute of the
 * message but the two that count time (RTA_CACHEINFO: use and expiry;
 * RTA_EXPIRES), which differ between readings of the same route.  The
 * kernel fills a dump's, a notification's and a deletion's message of one
 * route with the same function, and refuses two routes that would fill
 * alike (the same table, prefix, tos, priority, type, protocol, scope,
 * source, metrics and next hops), so equal ids are one route, but for a
 * 64-bit collision.  The walk is libmnl's (see the top of this file). */
/* n bytes into the id, eight at a time: byte by byte (FNV-1a) it was a
 * quarter of the route mirror's instructions, which names every
 * notification it reads, one per Create and per Delete.  Each word
 * multiplied by an odd constant and its high bits folded down; the
 * lengths are in the bytes (rtmsg's is fixed, an attribute's leads it). */
static uint64_t nio_id_mix(uint64_t h, const uint8_t *p, size_t n)
{
    uint64_t w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    if (n > 0) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w ^ ((uint64_t)n << 56)) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 29;
    }
    return h;
}

uint64_t nio_linux_route_id(const struct nlmsghdr *nlh)
{
    uint64_t h = 14695981039346656037ull;
    const uint8_t *p = nio_msg_data(nlh);
    size_t len = nio_msg_data_len(nlh), head = MNL_ALIGN(sizeof(struct rtmsg));
    if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(struct rtmsg))
        return 0;
    h = nio_id_mix(h, p, sizeof(struct rtmsg));
    p += head;
    len = len >= head ? len - head : 0;
    while (len >= sizeof(struct nlattr)) {
        const struct nlattr *a = (const void *)p;
        size_t step;
        if (a->nla_len < sizeof(*a) || a->nla_len > len)
            break;
        step = MNL_ALIGN(a->nla_len);
        if ((a->nla_type & NLA_TYPE_MASK) != RTA_CACHEINFO &&
            (a->nla_type & NLA_TYPE_MASK) != RTA_EXPIRES)
            h = nio_id_mix(h, p, a->nla_len);
        p += step < len ? step : len;
        len -= step < len ? step : len;
    }
    /* Finished as splitmix64 is, so that every bit depends on every byte;
     * 0 stays "no rtmsg". */
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h != 0 ? h : 1;
}
