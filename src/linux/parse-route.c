/* parse-route.c - an RTM_NEWROUTE message into a route (struct nio_route):
 * the destination prefix, the outgoing interface and next hop (one per
 * next hop of a multipath route), the preferred source, metric, table,
 * who made it and its lifetime.  Pure: canned messages test it
 * (tests/linux/test-parse-route.c). */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* rta_cacheinfo.rta_expires is in clock_t ticks: USER_HZ, 100 on every
 * architecture Linux runs on but Alpha. */
#define NIO_USER_HZ 100

static const enum mnl_attr_data_type nio_route_types[RTA_MAX + 1] = {
    [RTA_DST] = MNL_TYPE_BINARY,
    [RTA_OIF] = MNL_TYPE_U32,
    [RTA_GATEWAY] = MNL_TYPE_BINARY,
    [RTA_PREFSRC] = MNL_TYPE_BINARY,
    [RTA_PRIORITY] = MNL_TYPE_U32,
    [RTA_TABLE] = MNL_TYPE_U32,
    [RTA_CACHEINFO] = MNL_TYPE_BINARY,
    [RTA_MULTIPATH] = MNL_TYPE_BINARY,
    [RTA_VIA] = MNL_TYPE_BINARY,
};

/* The attributes of a next hop inside RTA_MULTIPATH. */
static const enum mnl_attr_data_type nio_hop_types[RTA_MAX + 1] = {
    [RTA_GATEWAY] = MNL_TYPE_BINARY,
    [RTA_VIA] = MNL_TYPE_BINARY,
};

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
    if (mnl_attr_get_payload_len(a) != nio_addr_len(slot))
        return false;
    memcpy(out->bytes, mnl_attr_get_payload(a), nio_addr_len(slot));
    return true;
}

/* RTA_VIA: a next hop of either family (an IPv4 route through an IPv6
 * neighbour, RFC 5549). */
static bool nio_via(const struct nlattr *a, struct nio_ip *out)
{
    struct rtvia via;
    size_t n = mnl_attr_get_payload_len(a);
    int slot;
    if (n < sizeof(via))
        return false;
    memcpy(&via, mnl_attr_get_payload(a), sizeof(via));
    slot = nio_slot_of((uint8_t)via.rtvia_family);
    if (slot < 0 || n < sizeof(via) + nio_addr_len(slot))
        return false;
    memset(out, 0, sizeof(*out));
    out->slot = slot;
    memcpy(out->bytes, (const char *)mnl_attr_get_payload(a) + sizeof(via), nio_addr_len(slot));
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

static int nio_next_hop(struct nio_hop_walk *w, int slot, struct nio_route *r)
{
    const struct nlattr *tb[RTA_MAX + 1];
    struct rtnexthop nh;
    size_t step;
    if (w->left < sizeof(nh))
        return 0;
    memcpy(&nh, w->p, sizeof(nh));
    if (nh.rtnh_len < sizeof(nh) || nh.rtnh_len > w->left)
        return -EPROTO;
    if (nio_linux_attrs(w->p + RTNH_ALIGN(sizeof(nh)), nh.rtnh_len - RTNH_ALIGN(sizeof(nh)), tb,
                        RTA_MAX, nio_hop_types) < 0 ||
        nio_gateway(tb, slot, r) < 0)
        return -EPROTO;
    r->oif = (uint32_t)nh.rtnh_ifindex;
    step = RTNH_ALIGN((size_t)nh.rtnh_len);
    w->left -= step < w->left ? step : w->left;
    w->p += step;
    return 1;
}

static int nio_route_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
    return nio_linux_attrs_msg(nlh, sizeof(struct rtmsg), tb, RTA_MAX, nio_route_types);
}

int nio_linux_parse_route(const struct nlmsghdr *nlh, struct nio_route *out)
{
    const struct nlattr *tb[RTA_MAX + 1];
    const struct rtmsg *rtm;
    int slot;
    if (nlh->nlmsg_type != RTM_NEWROUTE || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)))
        return -EPROTO;
    rtm = mnl_nlmsg_get_payload(nlh);
    slot = nio_slot_of(rtm->rtm_family);
    if (slot < 0 || rtm->rtm_dst_len > nio_addr_len(slot) * 8 || nio_route_attrs(nlh, tb) < 0)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    out->prefix.slot = out->src.slot = out->gateway.slot = slot;
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
    out->oif = tb[RTA_OIF] ? mnl_attr_get_u32(tb[RTA_OIF]) : 0;
    out->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
    out->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
    out->origin = nio_origin(rtm->rtm_protocol);
    out->local = rtm->rtm_type == RTN_LOCAL;
    if (tb[RTA_CACHEINFO] != NULL &&
        mnl_attr_get_payload_len(tb[RTA_CACHEINFO]) >= sizeof(struct rta_cacheinfo)) {
        struct rta_cacheinfo ci;
        memcpy(&ci, mnl_attr_get_payload(tb[RTA_CACHEINFO]), sizeof(ci));
        if (ci.rta_expires != 0) {
            /* Negative: already expired, about to go. */
            int32_t ticks = (int32_t)ci.rta_expires;
            out->expires = true;
            out->expires_s = ticks > 0 ? (uint32_t)ticks / NIO_USER_HZ : 0;
        }
    }
    if (out->oif == 0 && tb[RTA_MULTIPATH] != NULL) {
        struct nio_hop_walk w = {mnl_attr_get_payload(tb[RTA_MULTIPATH]),
                                 mnl_attr_get_payload_len(tb[RTA_MULTIPATH])};
        if (nio_next_hop(&w, slot, out) < 0)
            return -EPROTO;
    }
    /* Only unicast routes and this machine's own addresses carry traffic;
     * the rest reject it (unreachable, blackhole, prohibit, throw) or are
     * not routes to a host (broadcast, multicast, anycast, nat). */
    if (rtm->rtm_type != RTN_UNICAST && rtm->rtm_type != RTN_LOCAL)
        return -ENOENT;
    return 0;
}

int nio_linux_parse_route_hops(const struct nlmsghdr *nlh, const struct nio_route *base,
                               struct nio_route *hops, size_t max)
{
    const struct nlattr *tb[RTA_MAX + 1];
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
    w.p = mnl_attr_get_payload(tb[RTA_MULTIPATH]);
    w.left = mnl_attr_get_payload_len(tb[RTA_MULTIPATH]);
    while (n < max) {
        int got;
        hops[n] = *base;
        got = nio_next_hop(&w, base->prefix.slot, &hops[n]);
        if (got < 0)
            return -EPROTO;
        if (got == 0)
            break;
        n++;
    }
    return (int)n;
}
