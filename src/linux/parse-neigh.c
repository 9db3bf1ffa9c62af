/* parse-neigh.c - a neighbour message (RTM_NEWNEIGH, RTM_DELNEIGH) into a
 * neighbour (struct nio_neigh): the interface, the address, the link-layer
 * address, the state, the router flag and the ages of NDA_CACHEINFO.  Pure:
 * canned messages test it (tests/linux/test-parse-neigh.c) and a fuzz
 * harness feeds it (tests/fuzz/fuzz-neigh.c). */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* NDA_PROTOCOL (Linux 5.2) for older uapi headers: the number is the
 * kernel's ABI. */
#define NIO_NDA_PROTOCOL 12
#define NIO_NDA_MAX 12

static const enum mnl_attr_data_type nio_neigh_types[NIO_NDA_MAX + 1] = {
    [NDA_DST] = MNL_TYPE_BINARY,
    [NDA_LLADDR] = MNL_TYPE_BINARY,
    [NDA_CACHEINFO] = MNL_TYPE_BINARY,
    [NIO_NDA_PROTOCOL] = MNL_TYPE_U8,
};

/* The NUD_* state (one bit; the strongest if a message carries several). */
static enum nio_neigh_state nio_neigh_state_of(uint16_t nud)
{
    static const struct {
        uint16_t nud;
        enum nio_neigh_state ours;
    } map[] = {
        {NUD_PERMANENT, NIO_NS_PERMANENT}, {NUD_NOARP, NIO_NS_NOARP},
        {NUD_REACHABLE, NIO_NS_REACHABLE}, {NUD_PROBE, NIO_NS_PROBE},
        {NUD_DELAY, NIO_NS_DELAY},         {NUD_STALE, NIO_NS_STALE},
        {NUD_INCOMPLETE, NIO_NS_INCOMPLETE}, {NUD_FAILED, NIO_NS_FAILED},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (nud & map[i].nud)
            return map[i].ours;
    return NIO_NS_NONE;
}

/* The ages, in the kernel's USER_HZ (hundredths of a second) since the
 * entry was last confirmed and last updated. */
static int nio_neigh_cacheinfo(const struct nlattr *attr, struct nio_neigh *out)
{
    struct nda_cacheinfo ci;
    if (attr == NULL)
        return 0;
    if (nio_attr_len(attr) < sizeof(ci))
        return -EPROTO;
    memcpy(&ci, nio_attr_data(attr), sizeof(ci));
    out->has_times = true;
    out->confirmed_ms = ci.ndm_confirmed > UINT32_MAX / 10u ? UINT32_MAX : ci.ndm_confirmed * 10u;
    out->updated_ms = ci.ndm_updated > UINT32_MAX / 10u ? UINT32_MAX : ci.ndm_updated * 10u;
    return 0;
}

static int nio_neigh_addrs(const struct nlattr *const *tb, int slot, struct nio_neigh *out)
{
    size_t len = slot == NIO_V6 ? 16 : 4;
    out->addr.slot = slot;
    if (tb[NDA_DST] == NULL || nio_attr_len(tb[NDA_DST]) != len)
        return -EPROTO;
    memcpy(out->addr.bytes, nio_attr_data(tb[NDA_DST]), len);
    if (tb[NDA_LLADDR] != NULL) {
        size_t ll = nio_attr_len(tb[NDA_LLADDR]);
        if (ll > sizeof(out->lladdr))
            return -EPROTO;
        memcpy(out->lladdr, nio_attr_data(tb[NDA_LLADDR]), ll);
        out->lladdr_len = (uint8_t)ll;
    }
    return 0;
}

int nio_linux_parse_neigh(const struct nlmsghdr *nlh, struct nio_neigh *out)
{
    const struct nlattr *tb[NIO_NDA_MAX + 1];
    const struct ndmsg *ndm;
    int slot;
    if ((nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) ||
        nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndm)))
        return -EPROTO;
    ndm = nio_msg_data(nlh);
    slot = ndm->ndm_family == AF_INET ? NIO_V4 : ndm->ndm_family == AF_INET6 ? NIO_V6 : -1;
    /* Another table's entry (a bridge's forwarding entry ...) or a proxy
     * entry (an address this host answers for): no neighbour. */
    if (slot < 0 || (ndm->ndm_flags & NTF_PROXY))
        return -ENOENT;
    if (nio_linux_attrs_msg(nlh, sizeof(*ndm), tb, NIO_NDA_MAX, nio_neigh_types) < 0)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    if (ndm->ndm_ifindex <= 0)
        return -EPROTO;
    out->ifindex = (uint32_t)ndm->ndm_ifindex;
    out->state = nio_neigh_state_of(ndm->ndm_state);
    out->router = (ndm->ndm_flags & NTF_ROUTER) != 0;
    out->os_bits = NIO_NB_MAKE(ndm->ndm_flags,
                               tb[NIO_NDA_PROTOCOL] ? nio_attr_u8(tb[NIO_NDA_PROTOCOL]) : 0);
    if (nio_neigh_addrs(tb, slot, out) < 0 || nio_neigh_cacheinfo(tb[NDA_CACHEINFO], out) < 0)
        return -EPROTO;
    return 0;
}
