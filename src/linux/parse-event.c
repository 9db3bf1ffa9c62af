/* parse-event.c - what a change notification means to the watch: which
 * interface it concerns, the route rows and addresses it adds or removes,
 * which routes or addresses to compare because the kernel removed them
 * without a word.  Pure, like parse-ipif.c. */
#include <errno.h>
#include <string.h>

#include <net/if.h>
#include <libmnl/libmnl.h>
#include <linux/netconf.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static int nio_netconf_attr(const struct nlattr *attr, void *data)
{
    const struct nlattr **index = data;
    if (mnl_attr_get_type(attr) == NETCONFA_IFINDEX && mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
        *index = attr;
    return MNL_CB_OK;
}

static int64_t nio_netconf_ifindex(const struct nlmsghdr *nlh)
{
    const struct nlattr *index = NULL;
    int32_t v;
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(struct netconfmsg)) ||
        mnl_attr_parse(nlh, sizeof(struct netconfmsg), nio_netconf_attr, &index) < 0)
        return 0; /* malformed: compare everything rather than miss one */
    if (index == NULL)
        return 0;
    v = (int32_t)mnl_attr_get_u32(index);
    /* NETCONFA_IFINDEX_ALL / _DEFAULT (negative): every interface. */
    return v > 0 ? v : 0;
}

int64_t nio_linux_event_ifindex(const struct nlmsghdr *nlh)
{
    const struct ifinfomsg *ifi;
    switch (nlh->nlmsg_type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
        if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)))
            return 0;
        ifi = mnl_nlmsg_get_payload(nlh);
        return ifi->ifi_index > 0 ? ifi->ifi_index : 0;
    case RTM_NEWNETCONF:
    case RTM_DELNETCONF:
        return nio_netconf_ifindex(nlh);
    default:
        return -1;
    }
}

/* ------------------------------------------------------- what to report */
static void nio_emit(nio_watch_cb cb, void *ctx, enum nio_watch_kind kind, uint32_t ifindex)
{
    struct nio_watch_event ev;
    memset(&ev, 0, sizeof(ev));
    ev.kind = kind;
    ev.ifindex = ifindex;
    cb(ctx, &ev);
}

static const enum mnl_attr_data_type nio_id_types[RTA_MAX + 1] = {
    [RTA_DST] = MNL_TYPE_BINARY,
    [RTA_TABLE] = MNL_TYPE_U32,
    [RTA_PRIORITY] = MNL_TYPE_U32,
};

/* What names an IPv4 or IPv6 route to the kernel when it is replaced:
 * table, prefix and priority (as nio_linux_route_rows reads them). */
static int nio_route_id(const struct nlmsghdr *nlh, struct nio_route *id)
{
    const struct nlattr *tb[RTA_MAX + 1];
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
    size_t len;
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)) ||
        nio_linux_attrs_msg(nlh, sizeof(*rtm), tb, RTA_MAX, nio_id_types) < 0)
        return -EPROTO;
    memset(id, 0, sizeof(*id));
    if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
        return -ENOENT;
    id->prefix.slot = rtm->rtm_family == AF_INET6 ? NIO_V6 : NIO_V4;
    len = id->prefix.slot == NIO_V6 ? 16 : 4;
    id->prefix_len = rtm->rtm_dst_len;
    if (tb[RTA_DST] != NULL) {
        if (mnl_attr_get_payload_len(tb[RTA_DST]) != len)
            return -EPROTO;
        memcpy(id->prefix.bytes, mnl_attr_get_payload(tb[RTA_DST]), len);
    }
    id->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
    id->metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
    return 0;
}

/* RTM_NEWROUTE / RTM_DELROUTE: the rows of the route, as the list reads
 * them; a malformed one may have been anything: compare every route. */
static void nio_route_event(const struct nlmsghdr *nlh, struct nio_route *rows, nio_watch_cb cb,
                            void *ctx)
{
    struct nio_watch_event ev;
    struct nio_route id;
    int n = nio_linux_route_rows(nlh, rows, NIO_ROUTE_MAX_HOPS);
    bool replace = nlh->nlmsg_type == RTM_NEWROUTE && (nlh->nlmsg_flags & NLM_F_REPLACE);
    int idr = replace ? nio_route_id(nlh, &id) : 0;
    if (n < 0 || idr == -EPROTO) {
        nio_emit(cb, ctx, NIO_WE_ROUTES, 0);
        return;
    }
    if (n == 0 && (!replace || idr != 0))
        return; /* not a row, and replaces none */
    memset(&ev, 0, sizeof(ev));
    ev.kind = nlh->nlmsg_type == RTM_DELROUTE ? NIO_WE_ROUTE_DEL
              : replace                       ? NIO_WE_ROUTE_REPLACE
                                              : NIO_WE_ROUTE_NEW;
    ev.rows = rows;
    ev.n = (size_t)n;
    ev.id = replace ? &id : NULL;
    cb(ctx, &ev);
}

/* The address itself, read as the address list reads it; a malformed
 * message may have been any address of its interface (of any, when even
 * its header is short): compare them. */
static void nio_addr_row_event(const struct nlmsghdr *nlh, nio_watch_cb cb, void *ctx)
{
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    struct nio_watch_event ev;
    struct nio_addr a;
    int err = nio_linux_parse_addr(nlh, &a);
    if (err == -ENOENT)
        return; /* another family: no row */
    if (err != 0) {
        bool whole = nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(*ifa));
        nio_emit(cb, ctx, NIO_WE_ADDRS, whole ? ifa->ifa_index : 0);
        return;
    }
    memset(&ev, 0, sizeof(ev));
    ev.kind = nlh->nlmsg_type == RTM_DELADDR ? NIO_WE_ADDR_DEL : NIO_WE_ADDR_NEW;
    ev.ifindex = a.ifindex;
    ev.addr = &a;
    cb(ctx, &ev);
}

/* An address removed: IPv4 routes whose preferred source it was are
 * flushed, through any interface, and kernels before 6.6 say nothing of
 * them.  Other address messages change no route without a message. */
static void nio_addr_event(const struct nlmsghdr *nlh, nio_watch_cb cb, void *ctx)
{
    const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
    nio_addr_row_event(nlh, cb, ctx);
    if (nlh->nlmsg_type == RTM_DELADDR &&
        (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifa)) || ifa->ifa_family == AF_INET))
        nio_emit(cb, ctx, NIO_WE_ROUTES, 0);
}

/* A link that went down or away: the kernel flushes its IPv4 routes (and,
 * with skip_notify_on_dev_down, its IPv6 ones) without a message of
 * their own.  A link that is up lost none. */
static void nio_link_event(const struct nlmsghdr *nlh, nio_watch_cb cb, void *ctx)
{
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
    if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*ifi)) || ifi->ifi_index <= 0) {
        nio_emit(cb, ctx, NIO_WE_IFACE, 0);
        nio_emit(cb, ctx, NIO_WE_ROUTES, 0);
        nio_emit(cb, ctx, NIO_WE_ADDRS, 0);
        return;
    }
    nio_emit(cb, ctx, NIO_WE_IFACE, (uint32_t)ifi->ifi_index);
    if (nlh->nlmsg_type == RTM_DELLINK || !(ifi->ifi_flags & IFF_UP))
        nio_emit(cb, ctx, NIO_WE_ROUTES, (uint32_t)ifi->ifi_index);
    /* The kernel sends RTM_DELADDR for each address of a link it deletes
     * (tests/linux/test-kernel-addr-notify.c checks); one comparison of
     * that link's addresses, which finds none, costs little and holds
     * whatever a kernel does. */
    if (nlh->nlmsg_type == RTM_DELLINK)
        nio_emit(cb, ctx, NIO_WE_ADDRS, (uint32_t)ifi->ifi_index);
}

void nio_linux_event(const struct nlmsghdr *nlh, struct nio_route *rows, nio_watch_cb cb,
                     void *ctx)
{
    int64_t index;
    switch (nlh->nlmsg_type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
        nio_link_event(nlh, cb, ctx);
        return;
    case RTM_NEWROUTE:
    case RTM_DELROUTE:
        nio_route_event(nlh, rows, cb, ctx);
        return;
    case RTM_NEWADDR:
    case RTM_DELADDR:
        nio_addr_event(nlh, cb, ctx);
        return;
    default:
        index = nio_linux_event_ifindex(nlh);
        if (index >= 0)
            nio_emit(cb, ctx, NIO_WE_IFACE, (uint32_t)index);
        return;
    }
}
