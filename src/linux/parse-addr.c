/* parse-addr.c - an address message (RTM_NEWADDR, RTM_DELADDR) into an
 * address (struct nio_addr): the interface, the address and its peer, the
 * prefix length, the flags, who made it (IFA_PROTO), its lifetimes and
 * when it was made (IFA_CACHEINFO).  Pure: canned messages test it
 * (tests/linux/test-parse-addr.c), and the notifications will use it as
 * the dumps do. */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* IFA_PROTO (Linux 5.18) and its kernel values, for older uapi headers:
 * the attribute numbers are fixed by the kernel's ABI. */
#define NIO_IFA_PROTO 11
#define NIO_IFA_MAX 11
#ifndef IFAPROT_KERNEL_LO
#define IFAPROT_KERNEL_LO 1
#define IFAPROT_KERNEL_RA 2
#define IFAPROT_KERNEL_LL 3
#endif

static const enum mnl_attr_data_type nio_addr_types[NIO_IFA_MAX + 1] = {
    [IFA_ADDRESS] = MNL_TYPE_BINARY,
    [IFA_LOCAL] = MNL_TYPE_BINARY,
    [IFA_BROADCAST] = MNL_TYPE_BINARY,
    [IFA_CACHEINFO] = MNL_TYPE_BINARY,
    [IFA_FLAGS] = MNL_TYPE_U32,
    [NIO_IFA_PROTO] = MNL_TYPE_U8,
};

/* One address attribute of the message's family; false if malformed. */
static bool nio_addr_attr(const struct nlattr *a, int slot, struct nio_ip *out)
{
    size_t len = slot == NIO_V6 ? 16 : 4;
    memset(out, 0, sizeof(*out));
    out->slot = slot;
    if (nio_attr_len(a) != len)
        return false;
    memcpy(out->bytes, nio_attr_data(a), len);
    return true;
}

/* The kernel's IFA_F_* bits in OS-neutral terms.  0x01 is two flags:
 * IPv6's temporary (privacy) address, IPv4's secondary one. */
static uint32_t nio_addr_flags(uint32_t f, int slot)
{
    static const struct {
        uint32_t kernel, ours;
    } map[] = {
        {IFA_F_PERMANENT, NIO_AF_PERMANENT},   {IFA_F_TENTATIVE, NIO_AF_TENTATIVE},
        {IFA_F_OPTIMISTIC, NIO_AF_OPTIMISTIC}, {IFA_F_DADFAILED, NIO_AF_DADFAILED},
        {IFA_F_DEPRECATED, NIO_AF_DEPRECATED}, {IFA_F_NODAD, NIO_AF_NODAD},
        {IFA_F_STABLE_PRIVACY, NIO_AF_STABLE_PRIVACY},
        {IFA_F_MANAGETEMPADDR, NIO_AF_MANAGETEMPADDR},
        {IFA_F_NOPREFIXROUTE, NIO_AF_NOPREFIXROUTE},
    };
    uint32_t out = 0;
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (f & map[i].kernel)
            out |= map[i].ours;
    if (f & IFA_F_SECONDARY)
        out |= slot == NIO_V6 ? NIO_AF_TEMPORARY : NIO_AF_SECONDARY;
    return out;
}

static enum nio_addr_origin nio_addr_origin(const struct nlattr *proto)
{
    switch (proto ? nio_attr_u8(proto) : 0) {
    case 0: return NIO_AO_UNKNOWN;
    case IFAPROT_KERNEL_LO: return NIO_AO_LOOPBACK;
    case IFAPROT_KERNEL_RA: return NIO_AO_RA;
    case IFAPROT_KERNEL_LL: return NIO_AO_LINK_LOCAL;
    default: return NIO_AO_PROGRAM;
    }
}

/* Lifetimes (seconds left, 0xFFFFFFFF infinite, as the row's) and the
 * creation stamp (hundredths of a second since boot); none: a permanent
 * address of unknown age. */
static int nio_addr_cacheinfo(const struct nlattr *ci_attr, struct nio_addr *out)
{
    struct ifa_cacheinfo ci;
    out->valid_s = out->preferred_s = NIO_LIFETIME_INFINITE;
    if (ci_attr == NULL)
        return 0;
    if (nio_attr_len(ci_attr) < sizeof(ci))
        return -EPROTO;
    memcpy(&ci, nio_attr_data(ci_attr), sizeof(ci));
    out->valid_s = ci.ifa_valid;
    out->preferred_s = ci.ifa_prefered;
    out->has_created = true;
    out->created_ms = (uint64_t)ci.cstamp * 10u;
    return 0;
}

/* The address itself: IFA_LOCAL when there is one (IPv4 always; IPv6 for
 * a point-to-point address), else IFA_ADDRESS, which is then the peer when
 * it differs. */
static int nio_addr_which(const struct nlattr *const *tb, int slot, struct nio_addr *out)
{
    const struct nlattr *local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
    if (local == NULL || !nio_addr_attr(local, slot, &out->addr))
        return -EPROTO;
    if (tb[IFA_LOCAL] != NULL && tb[IFA_ADDRESS] != NULL) {
        if (!nio_addr_attr(tb[IFA_ADDRESS], slot, &out->peer))
            return -EPROTO;
        out->has_peer = memcmp(out->peer.bytes, out->addr.bytes, sizeof(out->addr.bytes)) != 0;
    }
    out->peer.slot = slot;
    if (tb[IFA_BROADCAST] != NULL) {
        if (slot != NIO_V4 || !nio_addr_attr(tb[IFA_BROADCAST], slot, &out->broadcast))
            return -EPROTO;
        out->has_broadcast = true;
    }
    out->broadcast.slot = slot;
    return 0;
}

int nio_linux_parse_addr(const struct nlmsghdr *nlh, struct nio_addr *out)
{
    const struct nlattr *tb[NIO_IFA_MAX + 1];
    const struct ifaddrmsg *ifa;
    int slot;
    if ((nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) ||
        nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
        return -EPROTO;
    ifa = nio_msg_data(nlh);
    slot = ifa->ifa_family == AF_INET ? NIO_V4 : ifa->ifa_family == AF_INET6 ? NIO_V6 : -1;
    if (slot < 0)
        return -ENOENT; /* another family's address (DECnet, MPLS ...): no row */
    if (nio_linux_attrs_msg(nlh, sizeof(*ifa), tb, NIO_IFA_MAX, nio_addr_types) < 0)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    if (ifa->ifa_prefixlen > (slot == NIO_V6 ? 128 : 32) || ifa->ifa_index == 0)
        return -EPROTO;
    out->ifindex = ifa->ifa_index;
    out->prefix_len = ifa->ifa_prefixlen;
    /* IFA_FLAGS holds all 32 bits; ifa_flags the low 8 on old kernels. */
    out->flags = nio_addr_flags(tb[IFA_FLAGS] ? nio_attr_u32(tb[IFA_FLAGS]) : ifa->ifa_flags,
                                slot);
    out->origin = nio_addr_origin(tb[NIO_IFA_PROTO]);
    out->os_proto = tb[NIO_IFA_PROTO] ? nio_attr_u8(tb[NIO_IFA_PROTO]) : 0;
    if (nio_addr_which(tb, slot, out) < 0 || nio_addr_cacheinfo(tb[IFA_CACHEINFO], out) < 0)
        return -EPROTO;
    return 0;
}
