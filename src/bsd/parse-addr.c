/* parse-addr.c - the unicast addresses of a BSD kernel: the RTM_NEWADDR
 * messages of sysctl NET_RT_IFLIST into struct nio_addr, the IPv6 answers
 * of SIOCGIFAFLAG_IN6 and SIOCGIFALIFETIME_IN6, and the SIOCAIFADDR(_IN6)
 * and SIOCDIFADDR(_IN6) requests.  Pure: no system call, no BSD header, so
 * tests/bsd/test-bsd-addr.c runs it on any OS against buffers laid out as
 * each kernel's headers define them.  The sockaddrs are walked by
 * parse-route.c's nio_bsd_sockaddrs(), with the OS's padding.  What each
 * field means on each OS is docs/bsd.md's "Addresses". */
#include <errno.h>
#include <string.h>

#include "rtmsg.h"

/* ifa_msghdr's ifam_addrs (net/if.h, both); the rest is rtmsg.h's. */
#define NIO_IFAM_ADDRS 4
#define NIO_IFF_POINTOPOINT 0x10
#define NIO_NAME_SIZE 16              /* IFNAMSIZ */

/* The flags a request may carry again on an update: what the address is
 * (anycast, autoconfigured, temporary, no DAD, kernel prefix management
 * off), never its DAD or lifetime state, which the kernel keeps. */
#define NIO_KEEP_COMMON                                                                           \
    (NIO_BSD_IN6_IFF_ANYCAST | NIO_BSD_IN6_IFF_NODAD | NIO_BSD_IN6_IFF_AUTOCONF |              \
     NIO_BSD_IN6_IFF_TEMPORARY | NIO_BSD_IN6_IFF_NOPFX)

const struct nio_bsd_addrlayout nio_bsd_addr_freebsd = {
    .os = "FreeBSD",
    .ifl = &nio_bsd_freebsd,
    .rt = &nio_bsd_rt_freebsd,
    .inreq_size = NIO_FBSD_INREQ_SIZE,
    .in6req_size = NIO_FBSD_IN6REQ_SIZE,
    .siocaifaddr = NIO_FBSD_SIOCAIFADDR,
    .siocaifaddr_in6 = NIO_FBSD_SIOCAIFADDR_IN6,
    .in6_optimistic = 0,
    .in6_lease = NIO_BSD_IN6_IFF_AUTOCONF | NIO_BSD_IN6_IFF_TEMPORARY,
    .in6_keep = NIO_KEEP_COMMON | NIO_FBSD_IN6_IFF_PREFER_SOURCE,
    .uptime_clock = true,       /* in6_update_ifa(): time_uptime */
};

const struct nio_bsd_addrlayout nio_bsd_addr_macos = {
    .os = "macOS",
    .ifl = &nio_bsd_macos,
    .rt = &nio_bsd_rt_macos,
    .inreq_size = NIO_MAC_INREQ_SIZE,
    .in6req_size = NIO_MAC_IN6REQ_SIZE,
    .siocaifaddr = NIO_MAC_SIOCAIFADDR,
    .siocaifaddr_in6 = NIO_MAC_SIOCAIFADDR_IN6,
    .in6_optimistic = NIO_MAC_IN6_IFF_OPTIMISTIC,
    .in6_lease = NIO_BSD_IN6_IFF_AUTOCONF | NIO_BSD_IN6_IFF_TEMPORARY | NIO_MAC_IN6_IFF_DYNAMIC,
    .in6_keep = NIO_KEEP_COMMON | NIO_MAC_IN6_IFF_DYNAMIC | NIO_MAC_IN6_IFF_SECURED,
    .uptime_clock = false,      /* in6ctl_alifetime(): calendar time */
};

/* ---------------------------------------------------------- messages */
/* The netmask of an address of slot: full without one (a host address),
 * 0 for an empty one, -1 when it is no prefix. */
static int nio_addr_mask(const uint8_t *sa, int slot)
{
    if (sa == NULL)
        return (int)nio_ip_len(slot) * 8;
    return sa[0] == 0 ? 0 : nio_bsd_mask_len(sa, slot);
}

/* RTA_BRD: the peer of a point-to-point address, else IPv4's broadcast
 * (IPv6 has none; an empty or foreign one says nothing). */
static int nio_addr_brd(const struct nio_bsd_addrlayout *l, const uint8_t *sa, bool p2p,
                        struct nio_addr *out)
{
    struct nio_ip ip;
    int err;
    if (sa == NULL || sa[0] == 0)
        return 0;
    if ((err = nio_bsd_sa_ip(l->rt, sa, &ip)) != 0 || ip.slot != out->addr.slot)
        return err == -EPROTO ? -EPROTO : 0;
    ip.scope = 0;
    if (p2p) {
        out->has_peer = memcmp(ip.bytes, out->addr.bytes, sizeof(ip.bytes)) != 0;
        out->peer = ip;
    } else if (ip.slot == NIO_V4) {
        out->has_broadcast = true;
        out->broadcast = ip;
    }
    return 0;
}

int nio_bsd_parse_newaddr(const struct nio_bsd_addrlayout *l, const void *msg, size_t len,
                          bool p2p, struct nio_addr *out)
{
    const uint8_t *p = msg, *sa[NIO_BSD_RTAX_MAX];
    const struct nio_bsd_layout *ifl = l->ifl;
    size_t msglen;
    int err, mask;
    memset(out, 0, sizeof(*out));
    if (len < ifl->ifam_size)
        return -EPROTO;
    msglen = nio_bsd_u16(p);
    if (msglen < ifl->ifam_size || msglen > len || p[2] != ifl->rtm_version)
        return -EPROTO;
    if (p[3] != ifl->rtm_newaddr)
        return -ENOENT;
    err = nio_bsd_sockaddrs(l->rt->sa_align, p, ifl->ifam_size, msglen,
                            (int32_t)nio_bsd_u32(p + NIO_IFAM_ADDRS), sa);
    if (err != 0)
        return err;
    if (sa[NIO_RTAX_IFA] == NULL || sa[NIO_RTAX_IFA][0] == 0)
        return -ENOENT; /* no address: nothing to report */
    if ((err = nio_bsd_sa_ip(l->rt, sa[NIO_RTAX_IFA], &out->addr)) != 0)
        return err; /* -ENOENT: an AF_LINK or other family's address */
    out->addr.scope = 0; /* the interface is the zone */
    out->ifindex = nio_bsd_u16(p + ifl->ifam_index);
    if (out->ifindex == 0)
        return -EPROTO;
    if ((mask = nio_addr_mask(sa[NIO_RTAX_NETMASK], out->addr.slot)) < 0)
        return -ENOENT; /* a non-contiguous IPv4 netmask: no prefix length says it */
    out->prefix_len = (uint8_t)mask;
    out->peer.slot = out->broadcast.slot = out->addr.slot;
    if ((err = nio_addr_brd(l, sa[NIO_RTAX_BRD], p2p, out)) != 0)
        return err;
    /* IPv4 addresses on the BSDs have no lifetime, no DAD state and no
     * origin: configured and for good.  IPv6's come from the ioctls. */
    out->valid_s = out->preferred_s = NIO_LIFETIME_INFINITE;
    if (out->addr.slot == NIO_V4)
        out->flags = NIO_AF_PERMANENT;
    return 0;
}

/* The interface an RTM_IFINFO message names, for the addresses after it. */
struct nio_cur_if {
    uint32_t index;
    bool p2p;
    char name[NIO_NAME_MAX];
};

static void nio_addr_ifinfo(const struct nio_bsd_addrlayout *l, const uint8_t *m, size_t len,
                            struct nio_cur_if *cur)
{
    struct nio_iface ifc;
    memset(cur, 0, sizeof(*cur));
    if (nio_bsd_parse_ifinfo(l->ifl, m, len, &ifc) != 0)
        return; /* its addresses are left out: no name to ask the ioctls with */
    cur->index = ifc.index;
    cur->p2p = (nio_bsd_u32(m + l->ifl->ifm_flags) & NIO_IFF_POINTOPOINT) != 0;
    memcpy(cur->name, ifc.name, sizeof(cur->name));
}

static bool nio_addr_wanted(unsigned want, int slot)
{
    return (want & (slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)) != 0;
}

/* One message of the buffer: 0 to go on, cb's value otherwise. */
static int nio_addr_one(const struct nio_bsd_addrlayout *l, const uint8_t *m, size_t msglen,
                        unsigned want, struct nio_cur_if *cur, size_t *ifaces,
                        nio_bsd_addr_cb cb, void *ctx)
{
    struct nio_bsd_ifaddr ia;
    if (msglen < 4 || m[2] != l->ifl->rtm_version)
        return 0;
    if (m[3] == l->ifl->rtm_ifinfo) {
        nio_addr_ifinfo(l, m, msglen, cur);
        (*ifaces)++;
        return 0;
    }
    /* An address message comes after its interface's RTM_IFINFO; one that
     * does not, or does not parse, is one address lost, not the list. */
    if (nio_bsd_parse_newaddr(l, m, msglen, cur->p2p, &ia.a) != 0 || cur->index == 0 ||
        ia.a.ifindex != cur->index || !nio_addr_wanted(want, ia.a.addr.slot))
        return 0;
    memcpy(ia.name, cur->name, sizeof(ia.name));
    return cb(&ia, ctx);
}

int nio_bsd_parse_addrs(const struct nio_bsd_addrlayout *l, const void *buf, size_t len,
                        unsigned want, nio_bsd_addr_cb cb, void *ctx, size_t *ifaces)
{
    const uint8_t *p = buf;
    struct nio_cur_if cur;
    size_t off = 0, seen = 0;
    int err = 0;
    memset(&cur, 0, sizeof(cur));
    while (err == 0 && off + 4 <= len) {
        size_t msglen = nio_bsd_u16(p + off);
        if (msglen < 4 || msglen > len - off) {
            err = -EPROTO;
            break;
        }
        err = nio_addr_one(l, p + off, msglen, want, &cur, &seen, cb, ctx);
        off += msglen;
    }
    if (err == 0 && off != len)
        err = -EPROTO;
    if (ifaces != NULL)
        *ifaces = seen;
    return err;
}

/* ------------------------------------------------------ IPv6 answers */
void nio_bsd_addr_flags6(const struct nio_bsd_addrlayout *l, uint32_t f, struct nio_addr *out)
{
    uint32_t keep = out->flags & NIO_AF_PERMANENT;
    out->flags = keep;
    if (f & NIO_BSD_IN6_IFF_TENTATIVE)
        out->flags |= NIO_AF_TENTATIVE;
    if (l->in6_optimistic && (f & l->in6_optimistic))
        out->flags |= NIO_AF_OPTIMISTIC;
    if (f & NIO_BSD_IN6_IFF_DUPLICATED)
        out->flags |= NIO_AF_DADFAILED;
    if (f & NIO_BSD_IN6_IFF_DEPRECATED)
        out->flags |= NIO_AF_DEPRECATED;
    if (f & NIO_BSD_IN6_IFF_NODAD)
        out->flags |= NIO_AF_NODAD;
    if (f & NIO_BSD_IN6_IFF_TEMPORARY)
        out->flags |= NIO_AF_TEMPORARY;
    /* The kernel made it from a router advertisement's prefix (SLAAC). */
    out->origin = (f & NIO_BSD_IN6_IFF_AUTOCONF) ? NIO_AO_RA : NIO_AO_UNKNOWN;
    /* A lease (SLAAC, a privacy address, macOS's DHCPv6) is no permanent
     * address, whatever its lifetime says now. */
    if (f & l->in6_lease)
        out->flags &= ~(uint32_t)NIO_AF_PERMANENT;
}

/* Seconds left until when (the layout's clock); infinite when the kernel
 * keeps none (0, or an infinite lifetime). */
static uint32_t nio_left(int64_t when, uint32_t lifetime, int64_t now)
{
    if (when == 0 || lifetime == NIO_BSD_ND6_INFINITE)
        return NIO_LIFETIME_INFINITE;
    if (when <= now)
        return 0;
    return when - now >= (int64_t)NIO_LIFETIME_INFINITE ? NIO_LIFETIME_INFINITE - 1
                                                       : (uint32_t)(when - now);
}

void nio_bsd_addr_lifetime6(const struct nio_bsd_addrlayout *l, const uint8_t *req, int64_t now,
                            struct nio_addr *out)
{
    const uint8_t *lt = req + NIO_BSD_IN6IFR_U;
    (void)l;
    out->valid_s =
        nio_left(nio_bsd_s64(lt + NIO_BSD_LT_EXPIRE), nio_bsd_u32(lt + NIO_BSD_LT_VLTIME), now);
    out->preferred_s =
        nio_left(nio_bsd_s64(lt + NIO_BSD_LT_PREFERRED), nio_bsd_u32(lt + NIO_BSD_LT_PLTIME), now);
    /* No address stays preferred beyond its validity. */
    if (out->preferred_s > out->valid_s)
        out->preferred_s = out->valid_s;
    if (out->valid_s == NIO_LIFETIME_INFINITE)
        out->flags |= NIO_AF_PERMANENT;
    else
        out->flags &= ~(uint32_t)NIO_AF_PERMANENT;
}

/* ----------------------------------------------------------- requests */
static bool nio_name_put(uint8_t *req, const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= NIO_NAME_SIZE)
        return false;
    memcpy(req, name, n); /* NUL-padded: req is zeroed */
    return true;
}

static struct nio_ip nio_mask_of(int slot, uint8_t prefix_len)
{
    struct nio_ip m;
    memset(&m, 0, sizeof(m));
    m.slot = slot;
    for (unsigned i = 0; i < prefix_len && i < nio_ip_len(slot) * 8; i++)
        m.bytes[i / 8] |= (uint8_t)(0x80u >> (i % 8));
    return m;
}

int nio_bsd_in6_ifreq(const struct nio_bsd_addrlayout *l, const char *name,
                      const struct nio_ip *ip, uint32_t ifindex, uint8_t *req)
{
    memset(req, 0, NIO_BSD_IN6IFR_SIZE);
    if (!nio_name_put(req, name))
        return -ENODEV;
    nio_bsd_sa_put(l->rt, req + NIO_BSD_IN6IFR_U, ip, ifindex);
    return 0;
}

/* IPv4: the address, its broadcast or a point-to-point peer, its mask.
 * The kernel keeps no lifetime for an IPv4 address: a finite one could
 * only be a success with no effect. */
static int nio_add_req4(const struct nio_bsd_addrlayout *l, const struct nio_addr *a,
                        uint8_t *req, uint32_t *cmd, size_t *len)
{
    struct nio_ip mask = nio_mask_of(NIO_V4, a->prefix_len);
    if (a->valid_s != NIO_LIFETIME_INFINITE || a->preferred_s != NIO_LIFETIME_INFINITE)
        return -EOPNOTSUPP;
    nio_bsd_sa_put(l->rt, req + NIO_BSD_INREQ_ADDR, &a->addr, 0);
    if (a->has_peer)
        nio_bsd_sa_put(l->rt, req + NIO_BSD_INREQ_BROAD, &a->peer, 0);
    else if (a->has_broadcast)
        nio_bsd_sa_put(l->rt, req + NIO_BSD_INREQ_BROAD, &a->broadcast, 0);
    nio_bsd_sa_put(l->rt, req + NIO_BSD_INREQ_MASK, &mask, 0);
    *cmd = l->siocaifaddr;
    *len = l->inreq_size;
    return 0;
}

/* IPv6: the address, a peer, the prefix mask, the flags (no DAD, or an
 * existing address's own) and both lifetimes as seconds from now; the
 * kernel computes the expiry times itself. */
static int nio_add_req6(const struct nio_bsd_addrlayout *l, const struct nio_addr *a,
                        uint32_t os_flags, uint8_t *req, uint32_t *cmd, size_t *len)
{
    struct nio_ip mask = nio_mask_of(NIO_V6, a->prefix_len);
    uint32_t flags = os_flags & l->in6_keep;
    uint8_t *lt = req + NIO_BSD_IN6REQ_LIFETIME;
    if (a->flags & NIO_AF_NODAD)
        flags |= NIO_BSD_IN6_IFF_NODAD;
    /* Deprecated now rather than at the next ND timer tick (both kernels
     * take the flag as "preferred lifetime 0, from now"), so that a Get
     * right after reads it (SkipAsSource, DadState Deprecated). */
    if (a->preferred_s == 0)
        flags |= NIO_BSD_IN6_IFF_DEPRECATED;
    nio_bsd_sa_put(l->rt, req + NIO_BSD_IN6REQ_ADDR, &a->addr, a->ifindex);
    if (a->has_peer)
        nio_bsd_sa_put(l->rt, req + NIO_BSD_IN6REQ_DST, &a->peer, a->ifindex);
    nio_bsd_sa_put(l->rt, req + NIO_BSD_IN6REQ_MASK, &mask, 0);
    nio_bsd_put32(req + NIO_BSD_IN6REQ_FLAGS, flags);
    nio_bsd_put32(lt + NIO_BSD_LT_VLTIME, a->valid_s);
    nio_bsd_put32(lt + NIO_BSD_LT_PLTIME, a->preferred_s);
    *cmd = l->siocaifaddr_in6;
    *len = l->in6req_size;
    return 0;
}

int nio_bsd_addr_add_req(const struct nio_bsd_addrlayout *l, const char *name,
                         const struct nio_addr *a, uint32_t os_flags, uint8_t *req,
                         uint32_t *cmd, size_t *len)
{
    memset(req, 0, NIO_BSD_ADDR_REQ_MAX);
    /* Neither kernel has a per-address switch for the on-link route. */
    if (a->flags & NIO_AF_NOPREFIXROUTE)
        return -EOPNOTSUPP;
    if (a->prefix_len > nio_ip_len(a->addr.slot) * 8)
        return -EINVAL;
    if (!nio_name_put(req, name))
        return -ENODEV;
    if (a->addr.slot == NIO_V4)
        return nio_add_req4(l, a, req, cmd, len);
    return nio_add_req6(l, a, os_flags, req, cmd, len);
}

int nio_bsd_addr_delete_req(const struct nio_bsd_addrlayout *l, const char *name,
                            const struct nio_addr *a, uint8_t *req, uint32_t *cmd,
                            size_t *len)
{
    memset(req, 0, NIO_BSD_ADDR_REQ_MAX);
    if (a->addr.slot == NIO_V6) {
        *cmd = NIO_BSD_SIOCDIFADDR_IN6;
        *len = NIO_BSD_IN6IFR_SIZE;
        return nio_bsd_in6_ifreq(l, name, &a->addr, a->ifindex, req);
    }
    if (!nio_name_put(req, name))
        return -ENODEV;
    /* The kernel deletes the address named (in_difaddr_ioctl): only this
     * one, whatever else its subnet holds. */
    nio_bsd_sa_put(l->rt, req + NIO_BSD_IFREQ_ADDR, &a->addr, 0);
    *cmd = NIO_BSD_SIOCDIFADDR;
    *len = NIO_BSD_IFREQ_SIZE;
    return 0;
}
