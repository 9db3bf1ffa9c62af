/* parse-ipif.c - routing messages and ND answers of a BSD kernel into what the
 * core needs.  Pure functions over bytes laid out as a struct
 * nio_bsd_layout says: no system call and no BSD header, so the tests run
 * them on any OS (tests/bsd/).  Fields are read in host byte order, as the
 * local kernel writes them. */
#include <errno.h>
#include <string.h>

#include "bsd.h"

/* Interface flags, the same on every BSD (net/if.h). */
#define NIO_IFF_LOOPBACK 0x8
#define NIO_IFF_RUNNING 0x40
#define NIO_IFF_NOARP 0x80
/* Routing message address bits (net/route.h): the sockaddrs follow the
 * header in the order of these bits; RTA_IFP is the interface's own
 * sockaddr_dl, which carries its name. */
#define NIO_RTA_IFP 0x10
#define NIO_AF_LINK 18
/* Media status (net/if_media.h), the same on every BSD. */
#define NIO_IFM_AVALID 0x1
#define NIO_IFM_ACTIVE 0x2
/* struct sockaddr_dl: sdl_len 0, sdl_family 1, sdl_nlen 5, sdl_data 8. */
#define NIO_SDL_NLEN 5
#define NIO_SDL_ALEN 6
#define NIO_SDL_DATA 8
/* nd_ifinfo, after the 16-byte name of in6_ndireq. */
#define NIO_NDI_LINKMTU (NIO_BSD_NDI + 0)
#define NIO_NDI_MAXMTU (NIO_BSD_NDI + 4)
#define NIO_NDI_BASEREACHABLE (NIO_BSD_NDI + 8)   /* ms */
#define NIO_NDI_REACHABLE (NIO_BSD_NDI + 12)      /* s: ND_COMPUTE_RTIME() */
#define NIO_NDI_RETRANS (NIO_BSD_NDI + 16)        /* ms */
#define NIO_NDI_FLAGS (NIO_BSD_NDI + 20)

static uint32_t nio_u32(const uint8_t *p, size_t off)
{
    uint32_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

static uint16_t nio_u16(const uint8_t *p, size_t off)
{
    uint16_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

uint16_t nio_bsd_iftype(const struct nio_bsd_layout *l, uint8_t ift)
{
    for (size_t i = 0; i < l->n_iftypes; i++)
        if (l->iftypes[i].ift == ift)
            return l->iftypes[i].iana;
    if (ift == 0)
        return IF_TYPE_OTHER;
    /* pflog, pfsync, carp, pktap, WireGuard...: software interfaces of the
     * OS's own, as Windows reports its own virtual adapters. */
    return ift >= l->private_ift ? IF_TYPE_PROP_VIRTUAL : ift;
}

/* The length a sockaddr takes in a routing message: its sa_len rounded up
 * to the OS's alignment, and one alignment unit for an empty one. */
static size_t nio_sa_size(const struct nio_bsd_layout *l, uint8_t sa_len)
{
    size_t a = l->sa_align;
    return sa_len == 0 ? a : (size_t)(1 + ((sa_len - 1u) | (a - 1)));
}

/* The link-layer address after the name, when the sockaddr holds it
 * whole: what tells the interface from the next holder of its index (the
 * BSDs keep no permanent address apart). */
static void nio_ifinfo_addr(const uint8_t *sdl, struct nio_iface *out)
{
    size_t at = NIO_SDL_DATA + sdl[NIO_SDL_NLEN], n = sdl[NIO_SDL_ALEN];
    if (n == 0 || n > NIO_HWADDR_MAX || at + n > sdl[0])
        return;
    memcpy(out->id_addr, sdl + at, n);
    out->id_addr_len = (uint8_t)n;
}

/* The name in the RTA_IFP sockaddr_dl that follows the header, and the
 * link-layer address it carries. */
static int nio_ifinfo_name(const struct nio_bsd_layout *l, const uint8_t *msg, size_t len,
                           uint32_t addrs, struct nio_iface *out)
{
    char *name = out->name;
    size_t off = l->ifm_size;
    const uint8_t *sdl;
    if (!(addrs & NIO_RTA_IFP))
        return -EPROTO;
    for (uint32_t bit = 1; bit < NIO_RTA_IFP; bit <<= 1) {
        if (!(addrs & bit))
            continue;
        if (off >= len)
            return -EPROTO;
        off += nio_sa_size(l, msg[off]);
    }
    if (off + NIO_SDL_DATA > len)
        return -EPROTO;
    sdl = msg + off;
    if (sdl[1] != NIO_AF_LINK || sdl[0] < NIO_SDL_DATA || off + sdl[0] > len)
        return -EPROTO;
    if (sdl[NIO_SDL_NLEN] == 0 || sdl[NIO_SDL_NLEN] >= NIO_NAME_MAX ||
        NIO_SDL_DATA + sdl[NIO_SDL_NLEN] > sdl[0])
        return -EPROTO;
    memcpy(name, sdl + NIO_SDL_DATA, sdl[NIO_SDL_NLEN]);
    name[sdl[NIO_SDL_NLEN]] = '\0';
    if (memchr(name, '\0', sdl[NIO_SDL_NLEN]))
        return -EPROTO;
    nio_ifinfo_addr(sdl, out);
    return 0;
}

int nio_bsd_parse_ifinfo(const struct nio_bsd_layout *l, const void *msg, size_t len,
                         struct nio_iface *out)
{
    const uint8_t *m = msg;
    const uint8_t *data = m + l->ifm_data;
    uint32_t flags, addrs;
    uint16_t index;
    int err;
    if (len < 4 || nio_u16(m, 0) != len)
        return -EPROTO;
    if (m[3] != l->rtm_ifinfo)
        return -ENOENT;
    if (m[2] != l->rtm_version || len < l->ifm_size)
        return -EPROTO; /* another layout than the one we know */
    flags = nio_u32(m, l->ifm_flags);
    addrs = nio_u32(m, l->ifm_addrs);
    index = nio_u16(m, l->ifm_index);
    if (index == 0)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    err = nio_ifinfo_name(l, m, len, addrs, out);
    if (err)
        return err;
    out->index = index;
    out->iftype = nio_bsd_iftype(l, data[l->ifi_type]);
    out->mtu = nio_u32(data, l->ifi_mtu);
    out->loopback = (flags & NIO_IFF_LOOPBACK) != 0;
    /* IFF_RUNNING is the driver's "resources allocated"; the carrier is
     * the link state where the OS keeps one in if_data (macOS: ipif.c
     * asks SIOCGIFMEDIA). */
    out->connected = (flags & NIO_IFF_RUNNING) != 0;
    if (l->ifi_link_state != NIO_BSD_ABSENT && data[l->ifi_link_state] == l->link_state_down)
        out->connected = false;
    /* Without a link-layer address (tun, gif, utun) there is nothing to
     * resolve a neighbour to. */
    out->neighbor_discovery =
        !out->loopback && !(flags & NIO_IFF_NOARP) && data[l->ifi_addrlen] != 0;
    /* IPv4 is attached to every interface: it needs no address to exist,
     * and no BSD can take it off one interface (docs/bsd.md). */
    out->fam[NIO_V4].present = true;
    out->fam[NIO_V4].mtu = out->mtu;
    out->fam[NIO_V4].known = NIO_K_MTU;
    return 0;
}

int nio_bsd_parse_iflist(const struct nio_bsd_layout *l, const void *buf, size_t len,
                         nio_bsd_iface_cb cb, void *ctx)
{
    const uint8_t *p = buf;
    size_t off = 0;
    while (off < len) {
        struct nio_iface ifc;
        size_t msglen;
        int err;
        if (len - off < 4)
            return -EPROTO;
        msglen = nio_u16(p, off);
        if (msglen < 4 || msglen > len - off)
            return -EPROTO;
        err = nio_bsd_parse_ifinfo(l, p + off, msglen, &ifc);
        if (err == 0)
            err = cb(&ifc, ctx);
        else if (err == -ENOENT)
            err = 0; /* an address message: not ours */
        if (err)
            return err;
        off += msglen;
    }
    return 0;
}

void nio_bsd_apply_v4(const struct nio_bsd_globals *g, struct nio_iface *ifc)
{
    struct nio_family *f = &ifc->fam[NIO_V4];
    if (g->has_forwarding4) {
        f->forwarding = g->forwarding4;
        f->known |= NIO_K_FORWARDING;
    }
}

/* IN6_LINKMTU() of the kernels: the MTU a router advertised when it is
 * smaller than the link's, else the upper bound when set and smaller, else
 * the link MTU.  FreeBSD answers the raw fields, macOS the result. */
static uint32_t nio_nd_mtu(uint32_t linkmtu, uint32_t maxmtu, uint32_t ifmtu)
{
    if (linkmtu != 0 && linkmtu < ifmtu)
        return linkmtu;
    if (maxmtu != 0 && maxmtu < ifmtu)
        return maxmtu;
    return ifmtu;
}

static void nio_nd_flags(const struct nio_bsd_layout *l, uint32_t flags,
                         const struct nio_bsd_globals *g, struct nio_family *f)
{
    if (l->nd_accept_rtadv) {
        f->router_discovery =
            (flags & l->nd_accept_rtadv) ? RouterDiscoveryEnabled : RouterDiscoveryDisabled;
        f->known |= NIO_K_ROUTER_DISCOVERY;
    }
    if (l->nd_auto_linklocal) {
        f->link_local = (flags & l->nd_auto_linklocal) ? LinkLocalAlwaysOn : LinkLocalAlwaysOff;
        f->known |= NIO_K_LINK_LOCAL;
    }
    if ((l->nd_dad_on && !(flags & l->nd_dad_on)) || (flags & l->nd_dad_off)) {
        f->dad_transmits = 0;
        f->known |= NIO_K_DAD;
    } else if (g->has_dad_count) {
        f->dad_transmits = g->dad_count;
        f->known |= NIO_K_DAD;
    }
}

int nio_bsd_parse_nd(const struct nio_bsd_layout *l, const void *req, size_t len,
                     const struct nio_bsd_globals *g, struct nio_iface *ifc)
{
    const uint8_t *r = req;
    struct nio_family *f = &ifc->fam[NIO_V6];
    uint32_t flags, reachable_s;
    if (len < l->ndireq_size || len < NIO_NDI_FLAGS + 4)
        return -EPROTO;
    memset(f, 0, sizeof(*f));
    flags = nio_u32(r, NIO_NDI_FLAGS);
    if (flags & l->nd_ifdisabled)
        return 0; /* IPv6 is off here: no row, as Windows without the binding */
    f->present = true;
    f->mtu = nio_nd_mtu(nio_u32(r, NIO_NDI_LINKMTU), nio_u32(r, NIO_NDI_MAXMTU), ifc->mtu);
    f->base_reachable_ms = nio_u32(r, NIO_NDI_BASEREACHABLE);
    reachable_s = nio_u32(r, NIO_NDI_REACHABLE);
    f->reachable_ms = reachable_s > UINT32_MAX / 1000 ? UINT32_MAX : reachable_s * 1000;
    f->retransmit_ms = nio_u32(r, NIO_NDI_RETRANS);
    f->known = NIO_K_MTU | NIO_K_BASE_REACHABLE | NIO_K_REACHABLE | NIO_K_RETRANSMIT;
    if (g->has_forwarding6) {
        f->forwarding = g->forwarding6;
        f->known |= NIO_K_FORWARDING;
    }
    nio_nd_flags(l, flags, g, f);
    return 0;
}

bool nio_bsd_media_active(int ifm_status)
{
    return !(ifm_status & NIO_IFM_AVALID) || (ifm_status & NIO_IFM_ACTIVE);
}
