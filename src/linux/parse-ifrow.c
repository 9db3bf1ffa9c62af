/* parse-ifrow.c - an RTM_NEWLINK message into the facts of a MIB_IF_ROW2
 * (struct nio_ifrow): state, link-layer addresses, description, tunnel
 * kind, whether the device is hardware, and the 64-bit counters.  Pure:
 * no sockets, no files, so canned messages test it (tests/linux/).  The
 * link's speed is not in the message; ifrow.c asks the device for it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* The link's attributes (parse-ipif.c reads them) and the row's own,
 * walked once per message: two walks, one per parser, were a fifth of
 * GetIfTable2's user time. */
static const enum mnl_attr_data_type nio_ifrow_types[IFLA_MAX + 1] = {
    NIO_LINK_ATTR_TYPES,
    [IFLA_OPERSTATE] = MNL_TYPE_U8,
    [IFLA_IFALIAS] = MNL_TYPE_STRING,
    [IFLA_STATS64] = MNL_TYPE_BINARY,
    [IFLA_STATS] = MNL_TYPE_BINARY,
};

static const enum mnl_attr_data_type nio_linkinfo_types[IFLA_INFO_MAX + 1] = {
    [IFLA_INFO_KIND] = MNL_TYPE_STRING,
};

/* Linux's operational states (IF_OPER_*, RFC 2863 names, its own
 * numbering) in RFC 2863's numbering, which IF_OPER_STATUS uses. */
static uint8_t nio_oper_rfc2863(uint8_t linux_oper)
{
    switch (linux_oper) {
    case IF_OPER_NOTPRESENT: return IfOperStatusNotPresent;
    case IF_OPER_DOWN: return IfOperStatusDown;
    case IF_OPER_LOWERLAYERDOWN: return IfOperStatusLowerLayerDown;
    case IF_OPER_TESTING: return IfOperStatusTesting;
    case IF_OPER_DORMANT: return IfOperStatusDormant;
    case IF_OPER_UP: return IfOperStatusUp;
    default: return IfOperStatusUnknown;
    }
}

uint8_t nio_linux_tunnel_type(uint16_t iftype, const char *kind)
{
    static const char *const direct[] = {"ipip", "sit", "ip6tnl"};
    if (iftype != IF_TYPE_TUNNEL)
        return TUNNEL_TYPE_NONE;
    for (size_t i = 0; kind != NULL && i < sizeof(direct) / sizeof(direct[0]); i++)
        if (strcmp(kind, direct[i]) == 0)
            return TUNNEL_TYPE_DIRECT; /* IP in IP, no header between */
    return TUNNEL_TYPE_OTHER;          /* GRE, VTI, ... */
}

/* A string attribute, NUL or not, into buf (truncated to fit). */
static void nio_copy_str(char *buf, size_t cap, const struct nlattr *a)
{
    size_t n = nio_attr_len(a);
    const char *s = nio_attr_data(a);
    const char *nul = memchr(s, '\0', n);
    if (nul != NULL)
        n = (size_t)(nul - s);
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

static const char *nio_kind(const struct nlattr *linkinfo, char *buf, size_t cap)
{
    const struct nlattr *tb[IFLA_INFO_MAX + 1];
    if (linkinfo == NULL ||
        nio_linux_attrs_nested(linkinfo, tb, IFLA_INFO_MAX, nio_linkinfo_types) < 0 ||
        tb[IFLA_INFO_KIND] == NULL)
        return NULL;
    nio_copy_str(buf, cap, tb[IFLA_INFO_KIND]);
    return buf;
}

static uint8_t nio_hwaddr(const struct nlattr *a, uint8_t *out)
{
    size_t n;
    if (a == NULL)
        return 0;
    n = nio_attr_len(a);
    if (n > NIO_HWADDR_MAX)
        n = NIO_HWADDR_MAX;
    memcpy(out, nio_attr_data(a), n);
    return (uint8_t)n;
}

/* IFLA_STATS64, whose struct grew over the years (rx_nohandler in 4.6,
 * rx_otherhost_dropped in 5.19): what the kernel sent, the rest zero.
 * Older kernels without it send only the 32-bit IFLA_STATS. */
static bool nio_counters(const struct nlattr *s64, const struct nlattr *s32,
                         struct nio_counters *c)
{
    struct rtnl_link_stats64 st;
    memset(&st, 0, sizeof(st));
    if (s64 != NULL) {
        size_t n = nio_attr_len(s64);
        memcpy(&st, nio_attr_data(s64), n < sizeof(st) ? n : sizeof(st));
    } else if (s32 != NULL) {
        struct rtnl_link_stats st32;
        size_t n = nio_attr_len(s32);
        memset(&st32, 0, sizeof(st32));
        memcpy(&st32, nio_attr_data(s32), n < sizeof(st32) ? n : sizeof(st32));
        st.rx_packets = st32.rx_packets;
        st.tx_packets = st32.tx_packets;
        st.rx_bytes = st32.rx_bytes;
        st.tx_bytes = st32.tx_bytes;
        st.rx_errors = st32.rx_errors;
        st.tx_errors = st32.tx_errors;
        st.rx_dropped = st32.rx_dropped;
        st.tx_dropped = st32.tx_dropped;
        st.multicast = st32.multicast;
        st.rx_missed_errors = st32.rx_missed_errors;
        st.rx_nohandler = st32.rx_nohandler;
    } else {
        return false;
    }
    c->in_octets = st.rx_bytes;
    c->in_packets = st.rx_packets;
    c->in_multicast = st.multicast; /* Linux counts multicast on receive only */
    /* /proc/net/dev folds missed packets (no room in the device's ring)
     * into "drop" as well. */
    c->in_discards = st.rx_dropped + st.rx_missed_errors;
    c->in_errors = st.rx_errors;
    c->in_unknown_protos = st.rx_nohandler; /* no protocol handler took them */
    c->out_octets = st.tx_bytes;
    c->out_packets = st.tx_packets;
    c->out_multicast = 0;
    c->out_discards = st.tx_dropped;
    c->out_errors = st.tx_errors;
    return true;
}

int nio_linux_parse_ifrow(const struct nlmsghdr *nlh, struct nio_ifrow *out)
{
    const struct nlattr *tb[IFLA_MAX + 1];
    const struct ifinfomsg *ifi;
    char kindbuf[32];
    const char *kind;
    int err;
    memset(out, 0, sizeof(*out));
    if (nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)) ||
        nio_linux_attrs_msg(nlh, sizeof(*ifi), tb, IFLA_MAX, nio_ifrow_types) < 0)
        return -EPROTO;
    err = nio_linux_link_from(nlh, tb, &out->ifc);
    if (err)
        return err;
    ifi = nio_msg_data(nlh);
    out->admin_up = (ifi->ifi_flags & IFF_UP) != 0;
    out->broadcast = (ifi->ifi_flags & IFF_BROADCAST) != 0;
    out->point_to_point = (ifi->ifi_flags & IFF_POINTOPOINT) != 0;
    out->oper = tb[IFLA_OPERSTATE] ? nio_oper_rfc2863(nio_attr_u8(tb[IFLA_OPERSTATE]))
                                   : IfOperStatusUnknown;
    out->addr_len = nio_hwaddr(tb[IFLA_ADDRESS], out->addr);
    /* The kernel sends a permanent address only when the device has one. */
    out->perm_addr_len = nio_hwaddr(tb[IFLA_PERM_ADDRESS], out->perm_addr);
    kind = nio_kind(tb[IFLA_LINKINFO], kindbuf, sizeof(kindbuf));
    /* A device on a bus names its parent (Linux 5.16+).  Before that, and
     * for the odd driver, a device that no rtnetlink kind created and that
     * is not loopback is taken for hardware. */
    out->hardware = tb[IFLA_PARENT_DEV_NAME] != NULL || (kind == NULL && !out->ifc.loopback);
    out->tunnel_type = nio_linux_tunnel_type(out->ifc.iftype, kind);
    /* The administrator's description (ip link set X alias ...), else the
     * kind of device; "" leaves it to the core. */
    if (tb[IFLA_IFALIAS] != NULL)
        nio_copy_str(out->description, sizeof(out->description), tb[IFLA_IFALIAS]);
    else if (kind != NULL)
        snprintf(out->description, sizeof(out->description), "%s", kind);
    out->has_counters = nio_counters(tb[IFLA_STATS64], tb[IFLA_STATS], &out->counters);
    return 0;
}
