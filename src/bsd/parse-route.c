/* parse-route.c - route messages of a BSD kernel (struct rt_msghdr and the
 * sockaddrs after it) into route rows and GetBestRoute2 answers, and the
 * RTM_ADD, RTM_DELETE and RTM_GET requests.  Pure: no system call, no BSD
 * header, so tests/bsd/ runs it on any OS against messages laid out as
 * each kernel's headers define them.  Which entries are rows, and why, is
 * docs/bsd.md's "Routes".  The sockaddr walk (nio_bsd_sockaddrs) and the
 * address and netmask readers are shared with parse-addr.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rtmsg.h"

/* net/route.h bits of routes only (rtmsg.h has the shared ones). */
#define NIO_RTF_DYNAMIC 0x10
#define NIO_RTF_LLINFO 0x400      /* FreeBSD: RTF_LLDATA, the same bit */
#define NIO_RTF_BLACKHOLE 0x1000
#define NIO_RTF_WASCLONED 0x20000 /* macOS; unused on FreeBSD since 8.0 */
#define NIO_RTF_LOCAL 0x200000
#define NIO_RTF_IFSCOPE 0x1000000 /* macOS */
#define NIO_RTF_CONDEMNED 0x2000000 /* macOS */

/* Flags of what is no route row on either kernel: reject routes
 * (GetBestRoute2 reports them unreachable), neighbour cache entries,
 * clones, broadcast and multicast entries, and on macOS routes being
 * freed. */
#define NIO_RTF_NOT_ROW_COMMON                                                                    \
    (NIO_RTF_REJECT | NIO_RTF_BLACKHOLE | NIO_RTF_LLINFO | NIO_RTF_BROADCAST | NIO_RTF_MULTICAST)

const struct nio_bsd_rtlayout nio_bsd_rt_freebsd = {
    .os = "FreeBSD",
    .rtm_size = NIO_FBSD_RTM_SIZE,
    .rtm_expire = NIO_FBSD_RTM_EXPIRE,
    .expire_size = NIO_FBSD_RTM_EXPIRE_SIZE,
    .sa_align = 8,              /* SA_SIZE(): sizeof(long) */
    .af_inet6 = 28,
    .sdl_size = 54,             /* sdl_data[46] */
    .embed_scope = false,       /* sin6_scope_id since FreeBSD 12's rtsock */
    .rtf_local = NIO_RTF_LOCAL,
    .rtf_ifscope = 0,
    .rtf_not_row = NIO_RTF_NOT_ROW_COMMON,
};

const struct nio_bsd_rtlayout nio_bsd_rt_macos = {
    .os = "macOS",
    .rtm_size = NIO_MAC_RTM_SIZE,
    .rtm_expire = NIO_MAC_RTM_EXPIRE,
    .expire_size = NIO_MAC_RTM_EXPIRE_SIZE,
    .sa_align = 4,              /* ROUNDUP32(): sizeof(uint32_t) */
    .af_inet6 = 30,
    .sdl_size = 20,             /* sdl_data[12] */
    .embed_scope = true,        /* XNU's rtsock takes and gives the KAME form */
    .rtf_local = NIO_RTF_LOCAL,
    .rtf_ifscope = NIO_RTF_IFSCOPE,
    .rtf_not_row = NIO_RTF_NOT_ROW_COMMON | NIO_RTF_WASCLONED | NIO_RTF_CONDEMNED,
};

static bool nio_ip_zero(const struct nio_ip *ip)
{
    static const uint8_t zero[16];
    return memcmp(ip->bytes, zero, nio_ip_len(ip->slot)) == 0;
}

void nio_bsd_ip_unembed(struct nio_ip *ip)
{
    uint32_t zone;
    if (!nio_bsd_link_local(ip))
        return;
    /* fe80::/10 keeps bytes 2-3 zero on the wire (RFC 4291), so non-zero
     * ones can only be a KAME kernel's zone. */
    zone = (uint32_t)ip->bytes[2] << 8 | ip->bytes[3];
    if (zone != 0 && ip->scope == 0)
        ip->scope = zone;
    ip->bytes[2] = ip->bytes[3] = 0;
}

/* The length a sockaddr takes: its sa_len rounded up to the OS's unit, one
 * unit for an empty one. */
static size_t nio_sa_space(size_t a, uint8_t sa_len)
{
    return sa_len == 0 ? a : (size_t)(1 + ((sa_len - 1u) | (a - 1)));
}

static int nio_slot_of_af(const struct nio_bsd_rtlayout *l, uint8_t af)
{
    return af == NIO_AF_INET ? NIO_V4 : af == l->af_inet6 ? NIO_V6 : -1;
}

/* ----------------------------------------------------------- parsing */
/* An AF_INET/AF_INET6 sockaddr of sa_len bytes at sa into *ip: 0, -ENOENT
 * for another family, -EPROTO when it is too short for its address. */
int nio_bsd_sa_ip(const struct nio_bsd_rtlayout *l, const uint8_t *sa, struct nio_ip *ip)
{
    uint8_t sa_len = sa[0];
    int slot = sa_len >= 2 ? nio_slot_of_af(l, sa[1]) : -1;
    memset(ip, 0, sizeof(*ip));
    if (slot < 0)
        return -ENOENT;
    ip->slot = slot;
    if (slot == NIO_V4) {
        if (sa_len < NIO_SIN_ADDR + 4)
            return -EPROTO;
        memcpy(ip->bytes, sa + NIO_SIN_ADDR, 4);
        return 0;
    }
    if (sa_len < NIO_SIN6_ADDR + 16)
        return -EPROTO;
    memcpy(ip->bytes, sa + NIO_SIN6_ADDR, 16);
    if (sa_len >= NIO_SIN6_SCOPE + 4)
        ip->scope = nio_bsd_u32(sa + NIO_SIN6_SCOPE);
    nio_bsd_ip_unembed(ip);
    return 0;
}

/* A netmask's prefix length for addresses of slot.  The kernel's radix
 * masks may be cut short (sa_len ends after the last non-zero byte, 0 for
 * the default route's) and their family is not always set: the address
 * bytes are read where the family puts them, as far as sa_len goes, and
 * the rest counts as zero.  -1 when the ones are not contiguous. */
int nio_bsd_mask_len(const uint8_t *sa, int slot)
{
    size_t off = slot == NIO_V6 ? NIO_SIN6_ADDR : NIO_SIN_ADDR, n = nio_ip_len(slot);
    int len = 0;
    bool ended = false;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = off + i < sa[0] ? sa[off + i] : 0;
        for (int bit = 7; bit >= 0; bit--) {
            bool one = (b >> bit) & 1;
            if (one && ended)
                return -1;
            if (one)
                len++;
            else
                ended = true;
        }
    }
    return len;
}

static void nio_sa_link(const uint8_t *sa, uint16_t *index, uint8_t *type)
{
    *index = sa[0] >= NIO_SDL_INDEX + 2 ? nio_bsd_u16(sa + NIO_SDL_INDEX) : 0;
    *type = sa[0] > NIO_SDL_TYPE ? sa[NIO_SDL_TYPE] : 0;
}

static int nio_sa_gateway(const struct nio_bsd_rtlayout *l, const uint8_t *sa,
                          struct nio_bsd_rtmsg *m)
{
    int err;
    if (sa[0] >= 2 && sa[1] == NIO_AF_LINK) {
        m->gw_kind = NIO_BSD_GW_LINK;
        nio_sa_link(sa, &m->gw_index, &m->gw_type);
        return 0;
    }
    err = nio_bsd_sa_ip(l, sa, &m->gw);
    m->gw_kind = err == 0 ? NIO_BSD_GW_IP : NIO_BSD_GW_OTHER;
    return err == -ENOENT ? 0 : err;
}

/* The sockaddr of RTAX index i, sa_len bytes at sa -> m.  The netmask
 * comes after the destination, whose family it takes. */
static int nio_sa_one(const struct nio_bsd_rtlayout *l, int i, const uint8_t *sa,
                      struct nio_bsd_rtmsg *m)
{
    int err = 0;
    switch (i) {
    case NIO_RTAX_DST:
        err = nio_bsd_sa_ip(l, sa, &m->dst);
        m->has_dst = err == 0;
        return err == -ENOENT ? 0 : err;
    case NIO_RTAX_GATEWAY:
        return nio_sa_gateway(l, sa, m);
    case NIO_RTAX_NETMASK:
        if (m->has_dst) {
            m->has_mask = true;
            m->mask_len = nio_bsd_mask_len(sa, m->dst.slot);
        }
        return 0;
    case NIO_RTAX_IFP:
        if (sa[0] >= 2 && sa[1] == NIO_AF_LINK) {
            m->has_ifp = true;
            nio_sa_link(sa, &m->ifp_index, &m->ifp_type);
        }
        return 0;
    case NIO_RTAX_IFA:
        err = nio_bsd_sa_ip(l, sa, &m->ifa);
        m->has_ifa = err == 0;
        return err == -ENOENT ? 0 : err;
    default:
        return 0;
    }
}

int nio_bsd_sockaddrs(uint8_t sa_align, const uint8_t *msg, size_t off, size_t msglen,
                      int32_t addrs, const uint8_t *sa[NIO_BSD_RTAX_MAX])
{
    for (int i = 0; i < NIO_BSD_RTAX_MAX; i++) {
        sa[i] = NULL;
        if (!(addrs & (1 << i)))
            continue;
        /* An empty sockaddr (sa_len 0) still takes one unit; only the
         * bytes it claims must be in the message. */
        if (off >= msglen || msg[off] > msglen - off)
            return -EPROTO;
        sa[i] = msg + off;
        off += nio_sa_space(sa_align, msg[off]);
    }
    return 0;
}

static int nio_sockaddrs(const struct nio_bsd_rtlayout *l, const uint8_t *p, size_t len,
                         int32_t addrs, struct nio_bsd_rtmsg *m)
{
    const uint8_t *sa[NIO_BSD_RTAX_MAX];
    int err = nio_bsd_sockaddrs(l->sa_align, p, l->rtm_size, len, addrs, sa);
    for (int i = 0; err == 0 && i < NIO_BSD_RTAX_MAX; i++) {
        if (sa[i] == NULL)
            continue;
        if (sa[i][0] != 0)
            err = nio_sa_one(l, i, sa[i], m);
        else if (i == NIO_RTAX_NETMASK && m->has_dst) {
            m->has_mask = true; /* the default route's mask: no bytes at all */
            m->mask_len = 0;
        }
    }
    return err;
}

static int64_t nio_expire(const struct nio_bsd_rtlayout *l, const uint8_t *p)
{
    int64_t v;
    if (l->expire_size == 8) {
        memcpy(&v, p + l->rtm_expire, 8);
        return v;
    }
    return nio_bsd_s32(p + l->rtm_expire);
}

int nio_bsd_parse_rtmsg(const struct nio_bsd_rtlayout *l, const void *msg, size_t len,
                        struct nio_bsd_rtmsg *out)
{
    const uint8_t *p = msg;
    size_t msglen;
    memset(out, 0, sizeof(*out));
    if (len < l->rtm_size)
        return -EPROTO;
    msglen = nio_bsd_u16(p + NIO_RTM_MSGLEN);
    if (msglen < l->rtm_size || msglen > len || p[NIO_RTM_VERSION] != NIO_BSD_RTM_VERSION)
        return -EPROTO;
    out->type = p[NIO_RTM_TYPE];
    out->index = nio_bsd_u16(p + NIO_RTM_INDEX);
    out->flags = nio_bsd_s32(p + NIO_RTM_FLAGS);
    out->pid = nio_bsd_s32(p + NIO_RTM_PID);
    out->seq = nio_bsd_s32(p + NIO_RTM_SEQ);
    out->err = nio_bsd_s32(p + NIO_RTM_ERRNO);
    out->expire = nio_expire(l, p);
    return nio_sockaddrs(l, p, msglen, nio_bsd_s32(p + NIO_RTM_ADDRS), out);
}

/* ------------------------------------------------------------ routes */
/* The route of an address of this machine: a kernel-flagged one
 * (RTF_LOCAL); FreeBSD's loopback route, a host route through lo0 whose
 * link gateway names the interface holding the address (lo0 itself for
 * 127.0.0.1, whose gateway is of loopback type); XNU's lo0 routes, whose
 * gateway is the destination itself (127.0.0.1 via 127.0.0.1, flags UH).
 * *owner: the holding interface. */
static bool nio_rt_local(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                         uint32_t *owner)
{
    *owner = m->index;
    if (l->rtf_local && (m->flags & l->rtf_local)) {
        if (m->gw_kind == NIO_BSD_GW_LINK && m->gw_index)
            *owner = m->gw_index;
        return true;
    }
    if (!(m->flags & NIO_RTF_HOST) || (m->flags & NIO_RTF_GATEWAY))
        return false;
    if (m->gw_kind == NIO_BSD_GW_LINK && m->gw_index &&
        (m->gw_index != m->index || m->gw_type == NIO_IFT_LOOP)) {
        *owner = m->gw_index;
        return true;
    }
    /* An interface route (no RTF_GATEWAY) names the interface by one of
     * its addresses; one naming the destination itself is that address's. */
    return m->gw_kind == NIO_BSD_GW_IP && m->has_dst && nio_ip_same(&m->gw, &m->dst);
}

/* Who made it, from what the flags say: redirects are RTF_DYNAMIC, routes
 * added through the routing socket RTF_STATIC (route(8), configd, dhclient
 * all set it), and the kernel's own IPv6 routes through a gateway are the
 * default routes it learns from router advertisements. */
static enum nio_route_origin nio_rt_origin(const struct nio_bsd_rtmsg *m, bool local,
                                           bool gateway)
{
    if (local)
        return NIO_RO_KERNEL;
    if (m->flags & NIO_RTF_DYNAMIC)
        return NIO_RO_REDIRECT;
    if (m->flags & NIO_RTF_STATIC)
        return NIO_RO_STATIC;
    if (m->dst.slot == NIO_V6 && gateway)
        return NIO_RO_RA;
    return NIO_RO_KERNEL;
}

/* The fields a row and an RTM_GET answer share: 0, or -ENOENT when m is no
 * IP route this library can represent. */
static int nio_rt_fill(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                       struct nio_route *out)
{
    uint32_t owner;
    int full = m->dst.slot == NIO_V6 ? 128 : 32;
    memset(out, 0, sizeof(*out));
    if (!m->has_dst || m->gw_kind == NIO_BSD_GW_OTHER)
        return -ENOENT;
    if (m->has_mask && !(m->flags & NIO_RTF_HOST) && m->mask_len < 0)
        return -ENOENT; /* a non-contiguous IPv4 mask: no prefix length says it */
    out->local = nio_rt_local(l, m, &owner);
    out->oif = owner;
    out->prefix = m->dst;
    out->prefix.scope = 0;
    out->prefix_len = (uint8_t)((m->flags & NIO_RTF_HOST) || !m->has_mask ? full : m->mask_len);
    for (int i = out->prefix_len; i < full; i++)
        out->prefix.bytes[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
    out->gateway.slot = m->dst.slot;
    /* Without RTF_GATEWAY the gateway sockaddr is the interface (its link
     * address, or on point-to-point links its own IP address): on-link. */
    if ((m->flags & NIO_RTF_GATEWAY) && m->gw_kind == NIO_BSD_GW_IP && !nio_ip_zero(&m->gw)) {
        out->has_gateway = true;
        out->gateway = m->gw;
    }
    out->metric = NIO_BSD_ROUTE_METRIC;
    out->origin = nio_rt_origin(m, out->local, out->has_gateway);
    out->os_bits = (uint32_t)m->flags;
    return out->oif != 0 ? 0 : -ENOENT;
}

int nio_bsd_route_row(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                      int64_t now, struct nio_route *out)
{
    int err;
    if (!(m->flags & NIO_RTF_UP) || (m->flags & (NIO_RTF_REJECT | NIO_RTF_BLACKHOLE)))
        return -ENOENT;
    if ((err = nio_rt_fill(l, m, out)) != 0)
        return err;
    /* XNU keeps an own address as a cloned neighbour entry (on lo0, its
     * link gateway the owner's): a row (local), unlike every other clone. */
    if ((m->flags & l->rtf_not_row & ~(NIO_RTF_LLINFO | NIO_RTF_WASCLONED)) ||
        ((m->flags & l->rtf_not_row) && !out->local))
        return -ENOENT;
    if (m->expire > 0) {
        int64_t left = m->expire > now ? m->expire - now : 0;
        out->expires = true;
        out->expires_s = left > (int64_t)UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)left;
    }
    return 0;
}

/* Rows by Windows' key (family, prefix, prefix length, interface, next
 * hop), and within one key the row to keep first: a local one, then an
 * unscoped one.  qsort() takes no context, and XNU's RTF_IFSCOPE is the
 * only scope bit of any layout, so the comparison names it. */
static int nio_rt_rank(const struct nio_route *r)
{
    return (r->local ? 2 : 0) + ((r->os_bits & NIO_RTF_IFSCOPE) ? 0 : 1);
}

static int nio_rt_key_cmp(const struct nio_route *a, const struct nio_route *b)
{
    int c;
    if (a->prefix.slot != b->prefix.slot)
        return a->prefix.slot < b->prefix.slot ? -1 : 1;
    if ((c = memcmp(a->prefix.bytes, b->prefix.bytes, nio_ip_len(a->prefix.slot))) != 0)
        return c;
    if (a->prefix_len != b->prefix_len)
        return a->prefix_len < b->prefix_len ? -1 : 1;
    if (a->oif != b->oif)
        return a->oif < b->oif ? -1 : 1;
    if (a->has_gateway != b->has_gateway)
        return a->has_gateway ? 1 : -1;
    if (!a->has_gateway)
        return 0;
    if (a->gateway.slot != b->gateway.slot)
        return a->gateway.slot < b->gateway.slot ? -1 : 1;
    return memcmp(a->gateway.bytes, b->gateway.bytes, nio_ip_len(a->gateway.slot));
}

static int nio_rt_sort_cmp(const void *pa, const void *pb)
{
    const struct nio_route *a = pa, *b = pb;
    int c = nio_rt_key_cmp(a, b);
    return c != 0 ? c : nio_rt_rank(b) - nio_rt_rank(a);
}

size_t nio_bsd_route_dedupe(const struct nio_bsd_rtlayout *l, struct nio_route *v, size_t n)
{
    size_t kept = 0;
    if (l->rtf_ifscope != NIO_RTF_IFSCOPE || n < 2)
        return n;
    qsort(v, n, sizeof(*v), nio_rt_sort_cmp);
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || nio_rt_key_cmp(&v[kept - 1], &v[i]) != 0)
            v[kept++] = v[i];
    return kept;
}

int nio_bsd_parse_rtdump(const struct nio_bsd_rtlayout *l, const void *buf, size_t len,
                         unsigned want, uint32_t oif, int64_t now, nio_bsd_route_cb cb,
                         void *ctx)
{
    const uint8_t *p = buf;
    size_t off = 0;
    while (off + 4 <= len) {
        size_t msglen = nio_bsd_u16(p + off);
        struct nio_bsd_rtmsg m;
        struct nio_route r;
        int err;
        if (msglen < 4 || msglen > len - off)
            return -EPROTO;
        /* A message that does not parse is one entry lost, not the dump:
         * another version or a family of sockaddrs this parser does not
         * know describes no row. */
        if (nio_bsd_parse_rtmsg(l, p + off, msglen, &m) == 0 &&
            nio_bsd_route_row(l, &m, now, &r) == 0 &&
            (want & (r.prefix.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)) &&
            (oif == 0 || r.oif == oif) && (err = cb(&r, ctx)) != 0)
            return err;
        off += msglen;
    }
    return off == len ? 0 : -EPROTO;
}

int nio_bsd_rt_errno(int32_t err)
{
    /* An errno is small and positive; anything else is no kernel's. */
    return err > 0 && err < 4096 ? -err : -EPROTO;
}

bool nio_bsd_rt_is_reply(const void *msg, size_t len, uint8_t type, int32_t seq, int32_t pid)
{
    const uint8_t *p = msg;
    if (len < NIO_RTM_ERRNO + 4 || p[NIO_RTM_VERSION] != NIO_BSD_RTM_VERSION)
        return false;
    return p[NIO_RTM_TYPE] == type && nio_bsd_s32(p + NIO_RTM_SEQ) == seq &&
           nio_bsd_s32(p + NIO_RTM_PID) == pid;
}

int nio_bsd_route_answer(const struct nio_bsd_rtlayout *l, const struct nio_bsd_rtmsg *m,
                         struct nio_route *out)
{
    if (m->err == ESRCH)
        return -ENETUNREACH; /* no route at all, the kernel's "not found" */
    if (m->err != 0)
        return nio_bsd_rt_errno(m->err);
    if (m->flags & (NIO_RTF_REJECT | NIO_RTF_BLACKHOLE))
        return -ENETUNREACH;
    if (nio_rt_fill(l, m, out) != 0)
        return -ENETUNREACH;
    /* The interface the kernel would send through: RTA_IFP's, which is the
     * rtm_index of the route itself on both kernels. */
    if (!out->local && m->has_ifp && m->ifp_index)
        out->oif = m->ifp_index;
    if (m->has_ifa && m->ifa.slot == m->dst.slot) {
        out->has_src = true;
        out->src = m->ifa;
    }
    return 0;
}

/* ---------------------------------------------------------- requests */
/* The builder of rtmsg.h, for routes here and neighbours (parse-neigh.c). */
uint8_t *nio_bsd_rtbuf_sa(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                          uint8_t sa_len)
{
    size_t space = nio_sa_space(l->sa_align, sa_len);
    uint8_t *sa;
    if (b->overflow || space > b->cap - b->len) {
        b->overflow = true;
        return NULL;
    }
    sa = b->p + b->len;
    memset(sa, 0, space);
    sa[0] = sa_len;
    b->len += space;
    b->addrs |= 1 << rtax;
    return sa;
}

void nio_bsd_sa_put(const struct nio_bsd_rtlayout *l, uint8_t *sa, const struct nio_ip *ip,
                    uint32_t zone)
{
    if (ip->slot == NIO_V4) {
        sa[0] = NIO_SIN_LEN;
        sa[1] = NIO_AF_INET;
        memcpy(sa + NIO_SIN_ADDR, ip->bytes, 4);
        return;
    }
    sa[0] = NIO_SIN6_LEN;
    sa[1] = l->af_inet6;
    memcpy(sa + NIO_SIN6_ADDR, ip->bytes, 16);
    if (!nio_bsd_link_local(ip) || zone == 0)
        return;
    if (l->embed_scope) {
        sa[NIO_SIN6_ADDR + 2] = (uint8_t)(zone >> 8);
        sa[NIO_SIN6_ADDR + 3] = (uint8_t)zone;
    } else {
        nio_bsd_put32(sa + NIO_SIN6_SCOPE, zone);
    }
}

void nio_bsd_rtbuf_ip(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                      const struct nio_ip *ip)
{
    uint8_t *sa = nio_bsd_rtbuf_sa(l, b, rtax, ip->slot == NIO_V6 ? NIO_SIN6_LEN : NIO_SIN_LEN);
    if (sa != NULL)
        nio_bsd_sa_put(l, sa, ip, ip->scope);
}

/* A full-size netmask of prefix_len ones, in the family of slot. */
static void nio_rtbuf_mask(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int slot,
                           uint8_t prefix_len)
{
    struct nio_ip mask;
    memset(&mask, 0, sizeof(mask));
    mask.slot = slot;
    for (int i = 0; i < prefix_len; i++)
        mask.bytes[i / 8] |= (uint8_t)(0x80u >> (i % 8));
    nio_bsd_rtbuf_ip(l, b, NIO_RTAX_NETMASK, &mask);
}

void nio_bsd_rtbuf_link(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                        uint32_t index, const uint8_t *lladdr, size_t alen)
{
    size_t sdl_len = NIO_BSD_SDL_DATA + alen;
    uint8_t *sa;
    if (sdl_len < l->sdl_size)
        sdl_len = l->sdl_size;
    if (sdl_len > UINT8_MAX) {
        b->overflow = true;
        return;
    }
    if ((sa = nio_bsd_rtbuf_sa(l, b, rtax, (uint8_t)sdl_len)) == NULL)
        return;
    sa[1] = NIO_AF_LINK;
    nio_bsd_put16(sa + NIO_SDL_INDEX, (uint16_t)index);
    sa[NIO_BSD_SDL_ALEN] = (uint8_t)alen;
    if (alen != 0)
        memcpy(sa + NIO_BSD_SDL_DATA, lladdr, alen);
}

void nio_bsd_rtbuf_start(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, uint8_t *buf,
                         size_t cap, uint8_t type, int32_t flags, uint32_t index, int32_t seq)
{
    memset(b, 0, sizeof(*b));
    b->p = buf;
    b->cap = cap;
    if (cap < l->rtm_size) {
        b->overflow = true;
        return;
    }
    memset(buf, 0, l->rtm_size);
    buf[NIO_RTM_VERSION] = NIO_BSD_RTM_VERSION;
    buf[NIO_RTM_TYPE] = type;
    nio_bsd_put16(buf + NIO_RTM_INDEX, (uint16_t)index);
    nio_bsd_put32(buf + NIO_RTM_FLAGS, (uint32_t)flags);
    nio_bsd_put32(buf + NIO_RTM_SEQ, (uint32_t)seq);
    b->len = l->rtm_size;
}

int nio_bsd_rtbuf_end(struct nio_bsd_rtbuf *b, size_t *len)
{
    if (b->overflow || b->len > UINT16_MAX)
        return -ENOBUFS;
    nio_bsd_put16(b->p + NIO_RTM_MSGLEN, (uint16_t)b->len);
    nio_bsd_put32(b->p + NIO_RTM_ADDRS, (uint32_t)b->addrs);
    *len = b->len;
    return 0;
}

static bool nio_rt_host(const struct nio_route *r)
{
    return r->prefix_len == (r->prefix.slot == NIO_V6 ? 128 : 32);
}

/* A link-local address of r without a zone is on r's interface: the kernel
 * needs the zone to tell fe80::1 of one link from another's. */
static struct nio_ip nio_rt_zoned(const struct nio_ip *ip, uint32_t oif)
{
    struct nio_ip z = *ip;
    if (nio_bsd_link_local(&z) && z.scope == 0)
        z.scope = oif;
    return z;
}

static void nio_rtbuf_dst(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b,
                          const struct nio_route *r)
{
    struct nio_ip dst = nio_rt_zoned(&r->prefix, r->oif);
    nio_bsd_rtbuf_ip(l, b, NIO_RTAX_DST, &dst);
}

/* The next hop of r: its address, or for an on-link route the interface's
 * link sockaddr, as route(8)'s -interface sends it. */
static void nio_rtbuf_hop(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b,
                          const struct nio_route *r)
{
    struct nio_ip gw = nio_rt_zoned(&r->gateway, r->oif);
    if (r->has_gateway)
        nio_bsd_rtbuf_ip(l, b, NIO_RTAX_GATEWAY, &gw);
    else
        nio_bsd_rtbuf_link(l, b, NIO_RTAX_GATEWAY, r->oif, NULL, 0);
}

int nio_bsd_route_add_msg(const struct nio_bsd_rtlayout *l, const struct nio_route *r,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len)
{
    struct nio_bsd_rtbuf b;
    int32_t flags = NIO_RTF_UP | NIO_RTF_STATIC;
    /* Nothing the kernel would not keep: no priority, one origin (what
     * the routing socket adds is RTF_STATIC), no lifetime (docs/bsd.md). */
    if (r->metric != NIO_BSD_ROUTE_METRIC || r->origin != NIO_RO_STATIC || r->expires ||
        r->local)
        return -EOPNOTSUPP;
    if (r->oif == 0 || r->oif > UINT16_MAX)
        return -ENODEV; /* BSD interface indexes are 16 bits */
    if (r->has_gateway)
        flags |= NIO_RTF_GATEWAY;
    if (nio_rt_host(r))
        flags |= NIO_RTF_HOST;
    nio_bsd_rtbuf_start(l, &b, buf, cap, NIO_BSD_RTM_ADD, flags, r->oif, seq);
    nio_rtbuf_dst(l, &b, r);
    nio_rtbuf_hop(l, &b, r);
    if (!nio_rt_host(r))
        nio_rtbuf_mask(l, &b, r->prefix.slot, r->prefix_len);
    nio_bsd_rtbuf_link(l, &b, NIO_RTAX_IFP, r->oif, NULL, 0);
    return nio_bsd_rtbuf_end(&b, len);
}

int nio_bsd_route_delete_msg(const struct nio_bsd_rtlayout *l, const struct nio_route *r,
                             int32_t seq, uint8_t *buf, size_t cap, size_t *len)
{
    struct nio_bsd_rtbuf b;
    /* A scoped route (macOS) is deleted within its scope, rtm_index. */
    int32_t flags = NIO_RTF_UP | (int32_t)(r->os_bits & (NIO_RTF_GATEWAY | NIO_RTF_HOST |
                                                         l->rtf_ifscope));
    /* An address's own route goes with the address; FreeBSD pins it
     * (RTF_PINNED) and XNU rebuilds it. */
    if (r->local)
        return -EOPNOTSUPP;
    if (r->oif == 0 || r->oif > UINT16_MAX)
        return -ENODEV;
    nio_bsd_rtbuf_start(l, &b, buf, cap, NIO_BSD_RTM_DELETE, flags, r->oif, seq);
    nio_rtbuf_dst(l, &b, r);
    /* The next hop picks this route among a FreeBSD multipath group's. */
    nio_rtbuf_hop(l, &b, r);
    if (!nio_rt_host(r))
        nio_rtbuf_mask(l, &b, r->prefix.slot, r->prefix_len);
    return nio_bsd_rtbuf_end(&b, len);
}

int nio_bsd_route_get_msg(const struct nio_bsd_rtlayout *l, const struct nio_route_query *q,
                          int32_t seq, uint8_t *buf, size_t cap, size_t *len)
{
    struct nio_bsd_rtbuf b;
    int32_t flags = NIO_RTF_UP | NIO_RTF_HOST;
    uint32_t index = 0;
    if (q->oif > UINT16_MAX)
        return -ENODEV;
    /* macOS looks up within one interface's routes when asked with
     * RTF_IFSCOPE (the strong host model's constraint); FreeBSD has no
     * such lookup and answers its global choice, which the core checks. */
    if (q->oif && l->rtf_ifscope) {
        flags |= (int32_t)l->rtf_ifscope;
        index = q->oif;
    }
    nio_bsd_rtbuf_start(l, &b, buf, cap, NIO_BSD_RTM_GET, flags, index, seq);
    nio_bsd_rtbuf_ip(l, &b, NIO_RTAX_DST, &q->dst);
    /* An empty RTA_IFP asks for the interface and its address (RTA_IFA). */
    nio_bsd_rtbuf_link(l, &b, NIO_RTAX_IFP, 0, NULL, 0);
    return nio_bsd_rtbuf_end(&b, len);
}

int nio_bsd_route_change_ok(const struct nio_route *old, const struct nio_route *now)
{
    if (old->metric != now->metric || old->origin != now->origin ||
        old->expires != now->expires || (now->expires && old->expires_s != now->expires_s))
        return -EOPNOTSUPP;
    return 0;
}
