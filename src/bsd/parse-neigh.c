/* parse-neigh.c - the neighbour entries of a BSD kernel (ARP and NDP, as
 * sysctl NET_RT_FLAGS with RTF_LLINFO dumps them) into neighbour rows, and
 * the RTM_ADD and RTM_DELETE requests that arp(8) and ndp(8) send.  Pure:
 * no system call, no BSD header, so tests/bsd/ runs it on any OS.  The
 * header and sockaddrs are read by parse-route.c's nio_bsd_parse_rtmsg();
 * this file adds what only a neighbour has: its link-layer address, its
 * state and the router flag.  What each kernel can and cannot tell is
 * docs/bsd.md's "Neighbour rows". */
#include <errno.h>
#include <string.h>

#include "rtmsg.h"

/* FreeBSD netinet6/nd6.h: ND6_LLINFO_*, the state an IPv6 entry carries
 * in rmx_state (in6_lltable_dump_entry()). */
#define NIO_ND6_NOSTATE (-2)
#define NIO_ND6_INCOMPLETE 0
#define NIO_ND6_REACHABLE 1
#define NIO_ND6_STALE 2
#define NIO_ND6_DELAY 3
#define NIO_ND6_PROBE 4

const struct nio_bsd_neighlayout nio_bsd_neigh_freebsd = {
    .os = "FreeBSD",
    .rt = &nio_bsd_rt_freebsd,
    .rtm_state = NIO_FBSD_RTM_STATE,
    .rtf_router = NIO_RTF_GATEWAY,  /* ln_router, in6_lltable_dump_entry() */
    .rtf_own = NIO_FBSD_RTF_PINNED, /* LLE_IFADDR */
    .uptime4 = true,                /* IPv4 la_expire is time_uptime; IPv6 is converted */
    .add_replaces = true,           /* lla_rt_output() unlinks the old entry */
};

const struct nio_bsd_neighlayout nio_bsd_neigh_macos = {
    .os = "macOS",
    .rt = &nio_bsd_rt_macos,
    .rtm_state = NIO_BSD_ABSENT,    /* XNU's rmx_state is not the ND state */
    .rtf_router = NIO_MAC_RTF_ROUTER,
    .rtf_own = 0,                   /* XNU marks them RTF_LOCAL, as routes */
    .uptime4 = false,               /* rt_getmetrics() gives calendar time */
    .add_replaces = false,          /* RTM_ADD of an existing entry: EEXIST */
};

/* ----------------------------------------------------------- parsing */
/* The link-layer address of the gateway's sockaddr_dl (sa_len bytes at
 * sa): after the interface name (sdl_nlen bytes), sdl_alen bytes, all
 * within sa_len.  An entry still being resolved has sdl_alen 0. */
static int nio_sdl_lladdr(const uint8_t *sa, struct nio_neigh *out)
{
    size_t nlen, alen;
    if (sa[0] < NIO_BSD_SDL_DATA)
        return -EPROTO;
    nlen = sa[NIO_BSD_SDL_NLEN];
    alen = sa[NIO_BSD_SDL_ALEN];
    if (alen > NIO_HWADDR_MAX || NIO_BSD_SDL_DATA + nlen + alen > sa[0])
        return -EPROTO;
    out->lladdr_len = (uint8_t)alen;
    memcpy(out->lladdr, sa + NIO_BSD_SDL_DATA + nlen, alen);
    return 0;
}

/* FreeBSD's ND6_LLINFO_* of an IPv6 entry; false for a value it does
 * not define (the caller then reads the entry as macOS's). */
static bool nio_nd6_state(int64_t st, enum nio_neigh_state *out)
{
    switch (st) {
    case NIO_ND6_NOSTATE: *out = NIO_NS_NONE; return true;
    case NIO_ND6_INCOMPLETE: *out = NIO_NS_INCOMPLETE; return true;
    case NIO_ND6_REACHABLE: *out = NIO_NS_REACHABLE; return true;
    case NIO_ND6_STALE: *out = NIO_NS_STALE; return true;
    case NIO_ND6_DELAY: *out = NIO_NS_DELAY; return true;
    case NIO_ND6_PROBE: *out = NIO_NS_PROBE; return true;
    default: return false;
    }
}

/* The state of an entry.  Only FreeBSD's IPv6 entries say it; every other
 * one is read from what the message shows: configured (RTF_STATIC, or no
 * expiry with an address), broadcast and multicast entries (no
 * resolution), no address yet (resolving, or failed where XNU marks it
 * RTF_REJECT), an address whose expiry is ahead (reachable) or past
 * (stale: kept, no longer confirmed). */
static enum nio_neigh_state nio_neigh_state(const struct nio_bsd_neighlayout *l, const uint8_t *p,
                                            const struct nio_bsd_rtmsg *m,
                                            const struct nio_bsd_clock *now, bool has_ll)
{
    enum nio_neigh_state st;
    int64_t clock;
    if (m->flags & (NIO_RTF_BROADCAST | NIO_RTF_MULTICAST))
        return NIO_NS_NOARP;
    if (m->flags & NIO_RTF_STATIC)
        return NIO_NS_PERMANENT;
    if (m->dst.slot == NIO_V6 && l->rtm_state != NIO_BSD_ABSENT &&
        nio_nd6_state(nio_bsd_s64(p + l->rtm_state), &st))
        return st;
    if (!has_ll)
        return (m->flags & NIO_RTF_REJECT) ? NIO_NS_FAILED : NIO_NS_INCOMPLETE;
    if (m->expire == 0)
        return NIO_NS_PERMANENT;
    clock = m->dst.slot == NIO_V4 && l->uptime4 ? now->uptime : now->wall;
    return m->expire > clock ? NIO_NS_REACHABLE : NIO_NS_STALE;
}

/* Whether the flags are those of a neighbour: an ARP/NDP entry that is
 * neither this machine's own address nor one it publishes for another
 * (a proxy entry). */
static bool nio_neigh_flags_ok(const struct nio_bsd_neighlayout *l, int32_t flags)
{
    uint32_t f = (uint32_t)flags;
    return (f & NIO_BSD_RTF_LLINFO) &&
           !(f & (NIO_BSD_RTF_ANNOUNCE | l->rt->rtf_local | l->rtf_own));
}

int nio_bsd_parse_neigh(const struct nio_bsd_neighlayout *l, const void *msg, size_t len,
                        const struct nio_bsd_clock *now, struct nio_neigh *out)
{
    const uint8_t *p = msg, *sa[NIO_BSD_RTAX_MAX];
    struct nio_bsd_rtmsg m;
    int err = nio_bsd_parse_rtmsg(l->rt, msg, len, &m);
    memset(out, 0, sizeof(*out));
    /* The same walk again, for the gateway's bytes: parse-route.c keeps
     * only its index and type.  It succeeded once, so it does again. */
    if (err == 0)
        err = nio_bsd_sockaddrs(l->rt->sa_align, p, l->rt->rtm_size,
                                nio_bsd_u16(p + NIO_RTM_MSGLEN),
                                nio_bsd_s32(p + NIO_RTM_ADDRS), sa);
    if (err != 0)
        return err;
    if (m.gw_kind == NIO_BSD_GW_LINK && (err = nio_sdl_lladdr(sa[NIO_RTAX_GATEWAY], out)) != 0)
        return err;
    if (!nio_neigh_flags_ok(l, m.flags) || !m.has_dst || m.gw_kind != NIO_BSD_GW_LINK)
        return -ENOENT;
    /* rtm_index is the entry's interface on both, and the gateway names it
     * too.  XNU keeps an own address as an entry on lo0 whose gateway is
     * the owner's, not always flagged RTF_LOCAL (docs/bsd.md, Routes):
     * two interfaces, or a loopback one, make no neighbour. */
    out->ifindex = m.index ? m.index : m.gw_index;
    if (out->ifindex == 0 || (m.gw_index && m.gw_index != out->ifindex) ||
        m.gw_type == NIO_IFT_LOOP)
        return -ENOENT;
    out->addr = m.dst;
    out->addr.scope = 0; /* the zone, KAME's or sin6_scope_id, is the interface's */
    out->state = nio_neigh_state(l, p, &m, now, out->lladdr_len != 0);
    out->router = m.dst.slot == NIO_V6 && ((uint32_t)m.flags & l->rtf_router);
    out->os_bits = (uint32_t)m.flags;
    return 0;
}

int nio_bsd_parse_neighs(const struct nio_bsd_neighlayout *l, const void *buf, size_t len,
                         unsigned want, uint32_t ifindex, const struct nio_bsd_clock *now,
                         nio_bsd_neigh_cb cb, void *ctx)
{
    const uint8_t *p = buf;
    size_t off = 0;
    while (off + 4 <= len) {
        size_t msglen = nio_bsd_u16(p + off);
        struct nio_neigh n;
        int err;
        if (msglen < 4 || msglen > len - off)
            return -EPROTO;
        /* Unlike a route dump's, a malformed entry fails the table: every
         * message here is the kernel's one fixed form (a sockaddr and a
         * sockaddr_dl), so one that does not parse means the layout is
         * wrong, and a table read with it would be too. */
        err = nio_bsd_parse_neigh(l, p + off, msglen, now, &n);
        if (err == -EPROTO)
            return err;
        if (err == 0 && (want & (n.addr.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)) &&
            (ifindex == 0 || n.ifindex == ifindex) && (err = cb(&n, ctx)) != 0)
            return err;
        off += msglen;
    }
    return off == len ? 0 : -EPROTO;
}

/* ---------------------------------------------------------- requests */
/* The neighbour's address, a link-local one with its interface as zone
 * when it names none. */
static void nio_nbuf_dst(const struct nio_bsd_neighlayout *l, struct nio_bsd_rtbuf *b,
                         const struct nio_neigh *n)
{
    struct nio_ip dst = n->addr;
    if (nio_bsd_link_local(&dst) && dst.scope == 0)
        dst.scope = n->ifindex;
    nio_bsd_rtbuf_ip(l->rt, b, NIO_RTAX_DST, &dst);
}

/* The gateway: a sockaddr_dl of the interface (FreeBSD finds the
 * neighbour table by its sdl_index), with the link-layer address when
 * with_ll. */
static void nio_nbuf_link(const struct nio_bsd_neighlayout *l, struct nio_bsd_rtbuf *b,
                          const struct nio_neigh *n, bool with_ll)
{
    nio_bsd_rtbuf_link(l->rt, b, NIO_RTAX_GATEWAY, n->ifindex, n->lladdr,
                       with_ll ? n->lladdr_len : 0);
}

int nio_bsd_neigh_add_msg(const struct nio_bsd_neighlayout *l, const struct nio_neigh *n,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len)
{
    struct nio_bsd_rtbuf b;
    int32_t flags = NIO_RTF_UP | NIO_RTF_HOST | NIO_RTF_STATIC | NIO_BSD_RTF_LLINFO;
    /* The routing socket makes configured entries only: a dynamic one's
     * state and the router flag are the kernel's own (docs/bsd.md). */
    if (n->state != NIO_NS_PERMANENT || n->router)
        return -EOPNOTSUPP;
    if (n->lladdr_len == 0 || n->lladdr_len > NIO_HWADDR_MAX)
        return -EINVAL;
    if (n->ifindex == 0 || n->ifindex > UINT16_MAX)
        return -ENODEV; /* BSD interface indexes are 16 bits */
    nio_bsd_rtbuf_start(l->rt, &b, buf, cap, NIO_BSD_RTM_ADD, flags, n->ifindex, seq);
    nio_nbuf_dst(l, &b, n);
    nio_nbuf_link(l, &b, n, true);
    return nio_bsd_rtbuf_end(&b, len);
}

int nio_bsd_neigh_delete_msg(const struct nio_bsd_neighlayout *l, const struct nio_neigh *n,
                             int32_t seq, uint8_t *buf, size_t cap, size_t *len)
{
    struct nio_bsd_rtbuf b;
    /* A scoped entry (macOS's RTF_IFSCOPE) is deleted within its scope. */
    int32_t flags = NIO_RTF_UP | NIO_RTF_HOST | NIO_BSD_RTF_LLINFO |
                    (int32_t)(n->os_bits & l->rt->rtf_ifscope);
    if (n->ifindex == 0 || n->ifindex > UINT16_MAX)
        return -ENODEV;
    nio_bsd_rtbuf_start(l->rt, &b, buf, cap, NIO_BSD_RTM_DELETE, flags, n->ifindex, seq);
    nio_nbuf_dst(l, &b, n);
    nio_nbuf_link(l, &b, n, false);
    return nio_bsd_rtbuf_end(&b, len);
}
