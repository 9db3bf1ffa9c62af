/* parse-ifrow.c - the interface message of a BSD kernel into the facts of
 * a MIB_IF_ROW2 (struct nio_ifrow), and the pure steps around the calls of
 * ifrow.c: the description requests and their answers, FreeBSD's newbus
 * name of an interface, macOS's cloned interfaces.  No system call and no
 * BSD header, so the tests run it on any OS (tests/bsd/test-bsd-ifrow.c);
 * fields are read in host byte order, as the local kernel writes them.
 *
 * FreeBSD's RTM_IFINFO carries 64-bit counters since FreeBSD 11 (if_data
 * became fixed-width then).  macOS's RTM_IFINFO counts in 32 bits, which
 * wrap after 4 GiB; its NET_RT_IFLIST2 sends RTM_IFINFO2 (if_msghdr2,
 * if_data64) instead, which this reads. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bsd.h"

/* Interface flags, the same on every BSD (net/if.h). */
#define NIO_IFF_UP 0x1
#define NIO_IFF_BROADCAST 0x2
#define NIO_IFF_POINTOPOINT 0x10
/* Link states of FreeBSD's if_data (net/if.h). */
#define NIO_LINK_STATE_UP 2

const struct nio_bsd_ifrow_layout nio_bsd_ifrow_freebsd = {
    .os = "FreeBSD",
    .ifl = &nio_bsd_freebsd,
    .msg_type = NIO_BSD_RTM_IFINFO,
    .hdr_size = NIO_FBSD_IFM_SIZE,
    .data = NIO_FBSD_IFM_DATA,
    .snd_drops = NIO_BSD_ABSENT,
    .baudrate = NIO_FBSD_IFI_BAUDRATE,
    .ipackets = NIO_FBSD_IFI_IPACKETS,
    .ierrors = NIO_FBSD_IFI_IERRORS,
    .opackets = NIO_FBSD_IFI_OPACKETS,
    .oerrors = NIO_FBSD_IFI_OERRORS,
    .ibytes = NIO_FBSD_IFI_IBYTES,
    .obytes = NIO_FBSD_IFI_OBYTES,
    .imcasts = NIO_FBSD_IFI_IMCASTS,
    .omcasts = NIO_FBSD_IFI_OMCASTS,
    .iqdrops = NIO_FBSD_IFI_IQDROPS,
    .noproto = NIO_FBSD_IFI_NOPROTO,
    .oqdrops = NIO_FBSD_IFI_OQDROPS,
    .ift_gif = 0xf0,               /* IFT_GIF */
    .ift_stf = 0xd7,               /* IFT_STF */
    .descr = NIO_DESCR_BUFFER,
    .descr_cmd = NIO_FBSD_SIOCGIFDESCR,
    .descr_size = NIO_BSD_IFREQ_SIZE,
};

const struct nio_bsd_ifrow_layout nio_bsd_ifrow_macos = {
    .os = "macOS",
    .ifl = &nio_bsd_macos,
    .msg_type = NIO_MAC_RTM_IFINFO2,
    .hdr_size = NIO_MAC_IFM2_SIZE,
    .data = NIO_MAC_IFM2_DATA,
    .snd_drops = NIO_MAC_IFM2_SND_DROPS,
    .baudrate = NIO_MAC_IFI64_BAUDRATE,
    .ipackets = NIO_MAC_IFI64_IPACKETS,
    .ierrors = NIO_MAC_IFI64_IERRORS,
    .opackets = NIO_MAC_IFI64_OPACKETS,
    .oerrors = NIO_MAC_IFI64_OERRORS,
    .ibytes = NIO_MAC_IFI64_IBYTES,
    .obytes = NIO_MAC_IFI64_OBYTES,
    .imcasts = NIO_MAC_IFI64_IMCASTS,
    .omcasts = NIO_MAC_IFI64_OMCASTS,
    .iqdrops = NIO_MAC_IFI64_IQDROPS,
    .noproto = NIO_MAC_IFI64_NOPROTO,
    .oqdrops = NIO_BSD_ABSENT,     /* the send queue's drops are in the header */
    .ift_gif = 0x37,               /* IFT_GIF */
    .ift_stf = 0x39,               /* IFT_STF */
    .descr = NIO_DESCR_INLINE,
    .descr_cmd = NIO_MAC_SIOCGIFDESC,
    .descr_size = NIO_MAC_DESCREQ_SIZE,
};

static uint32_t nio_u32(const uint8_t *p, size_t off)
{
    uint32_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

static uint64_t nio_u64(const uint8_t *p, size_t off)
{
    uint64_t v;
    memcpy(&v, p + off, sizeof(v));
    return v;
}

/* ------------------------------------------------------------ message */
/* The reading of parse-ipif.c for this message: its type, header size
 * and data offset (if_data64 keeps if_data's first fields where they are). */
static void nio_ifrow_base(const struct nio_bsd_ifrow_layout *l, struct nio_bsd_layout *base)
{
    *base = *l->ifl;
    base->rtm_ifinfo = l->msg_type;
    base->ifm_size = l->hdr_size;
    base->ifm_data = l->data;
}

/* IP in IP without a header between (gif) is Windows' "direct"; 6to4
 * (stf) has its own type; GRE, IPsec's enc and the rest are "other". */
static uint8_t nio_tunnel_type(const struct nio_bsd_ifrow_layout *l, uint16_t iftype, uint8_t ift)
{
    if (iftype != IF_TYPE_TUNNEL)
        return TUNNEL_TYPE_NONE;
    if (ift == l->ift_gif)
        return TUNNEL_TYPE_DIRECT;
    return ift == l->ift_stf ? TUNNEL_TYPE_6TO4 : TUNNEL_TYPE_OTHER;
}

/* FreeBSD's link state, where the OS keeps one: "up" counts only with the
 * driver running, so that OperStatus and MediaConnectState agree. */
static uint8_t nio_oper(const struct nio_bsd_layout *base, const uint8_t *data,
                        const struct nio_ifrow *r)
{
    uint8_t state;
    if (!r->admin_up)
        return IfOperStatusDown;
    if (base->ifi_link_state == NIO_BSD_ABSENT)
        return IfOperStatusUnknown; /* macOS: the media status settles it */
    state = data[base->ifi_link_state];
    if (state == base->link_state_down)
        return IfOperStatusDown;
    if (state == NIO_LINK_STATE_UP)
        return r->ifc.connected ? IfOperStatusUp : IfOperStatusDown;
    return IfOperStatusUnknown;
}

/* Both kernels count sent multicast too; discards on the way out are
 * FreeBSD's ifi_oqdrops, macOS's send-queue drops of the header. */
static void nio_ifrow_counters(const struct nio_bsd_ifrow_layout *l, const uint8_t *m,
                               struct nio_counters *c)
{
    const uint8_t *d = m + l->data;
    c->in_octets = nio_u64(d, l->ibytes);
    c->in_packets = nio_u64(d, l->ipackets);
    c->in_multicast = nio_u64(d, l->imcasts);
    c->in_discards = nio_u64(d, l->iqdrops);
    c->in_errors = nio_u64(d, l->ierrors);
    c->in_unknown_protos = nio_u64(d, l->noproto);
    c->out_octets = nio_u64(d, l->obytes);
    c->out_packets = nio_u64(d, l->opackets);
    c->out_multicast = nio_u64(d, l->omcasts);
    c->out_errors = nio_u64(d, l->oerrors);
    if (l->oqdrops != NIO_BSD_ABSENT)
        c->out_discards = nio_u64(d, l->oqdrops);
    else if (l->snd_drops != NIO_BSD_ABSENT)
        c->out_discards = nio_u32(m, l->snd_drops); /* an int, never negative */
}

int nio_bsd_parse_ifrow(const struct nio_bsd_ifrow_layout *l, const void *msg, size_t len,
                        struct nio_ifrow *out)
{
    struct nio_bsd_layout base;
    const uint8_t *m = msg, *data;
    uint32_t flags;
    uint64_t baud;
    int err;
    nio_ifrow_base(l, &base);
    memset(out, 0, sizeof(*out));
    err = nio_bsd_parse_ifinfo(&base, msg, len, &out->ifc);
    if (err)
        return err;
    memset(out->ifc.fam, 0, sizeof(out->ifc.fam)); /* the families are not read here */
    data = m + l->data;
    flags = nio_u32(m, base.ifm_flags);
    out->admin_up = (flags & NIO_IFF_UP) != 0;
    out->broadcast = (flags & NIO_IFF_BROADCAST) != 0;
    out->point_to_point = (flags & NIO_IFF_POINTOPOINT) != 0;
    out->oper = nio_oper(&base, data, out);
    /* The sockaddr_dl's address is the current one; the BSDs keep no
     * permanent address apart, and the core reports it for both. */
    out->addr_len = out->ifc.id_addr_len;
    memcpy(out->addr, out->ifc.id_addr, out->addr_len);
    out->tunnel_type = nio_tunnel_type(l, out->ifc.iftype, data[base.ifi_type]);
    baud = nio_u64(data, l->baudrate);
    out->speed = baud != 0 ? NIO_SPEED_KNOWN : NIO_SPEED_NONE;
    out->speed_bps = baud;
    nio_ifrow_counters(l, m, &out->counters);
    out->has_counters = true;
    return 0;
}

int nio_bsd_parse_ifrows(const struct nio_bsd_ifrow_layout *l, const void *buf, size_t len,
                         nio_bsd_ifrow_cb cb, void *ctx)
{
    const uint8_t *p = buf;
    size_t off = 0;
    while (off < len) {
        struct nio_ifrow r;
        uint16_t msglen;
        int err;
        if (len - off < 4)
            return -EPROTO;
        memcpy(&msglen, p + off, sizeof(msglen));
        if (msglen < 4 || msglen > len - off)
            return -EPROTO;
        err = nio_bsd_parse_ifrow(l, p + off, msglen, &r);
        if (err == 0)
            err = cb(&r, ctx);
        else if (err == -ENOENT)
            err = 0; /* address and multicast messages: not ours */
        if (err)
            return err;
        off += msglen;
    }
    return 0;
}

/* A device with a link has a speed; one without has none now (the core
 * reports 0 for hardware then, as Windows for an unplugged adapter).  A
 * virtual device's 0 baud rate means it has no notion of one. */
void nio_bsd_ifrow_settle(struct nio_ifrow *r, bool hardware, int ifm_status)
{
    r->hardware = hardware;
    if (ifm_status >= 0 && !nio_bsd_media_active(ifm_status))
        r->ifc.connected = false;
    if (r->oper == IfOperStatusUp && !r->ifc.connected)
        r->oper = IfOperStatusDown;
    if (hardware && (!r->ifc.connected || r->speed == NIO_SPEED_NONE)) {
        r->speed = NIO_SPEED_UNKNOWN;
        r->speed_bps = 0;
    }
}

/* -------------------------------------------------------- description */
int nio_bsd_descr_req(const struct nio_bsd_ifrow_layout *l, const char *name, uint8_t *req,
                      char *buf, size_t cap)
{
    uint64_t v;
    if (l->descr == NIO_DESCR_NONE)
        return -EOPNOTSUPP;
    if (strlen(name) == 0 || strlen(name) >= 16)
        return -ENODEV;
    memset(req, 0, NIO_BSD_DESCR_REQ_MAX);
    memcpy(req, name, strlen(name)); /* NUL-padded name[IFNAMSIZ] */
    if (l->descr == NIO_DESCR_INLINE) {
        uint32_t n = NIO_MAC_IF_DESCSIZE;
        memcpy(req + NIO_MAC_DESCREQ_LEN, &n, sizeof(n));
        return 0;
    }
    /* struct ifreq_buffer: size_t and a pointer, both 64 bits on LP64. */
    v = cap;
    memcpy(req + NIO_FBSD_IFR_BUFFER_LEN, &v, sizeof(v));
    v = (uint64_t)(uintptr_t)buf;
    memcpy(req + NIO_FBSD_IFR_BUFFER_PTR, &v, sizeof(v));
    return 0;
}

/* n bytes of s (up to a NUL) into out, cut to fit NIO_DESCR_MAX without
 * splitting a UTF-8 sequence (a split one would read as U+FFFD). */
static int nio_descr_copy(const char *s, size_t n, char *out)
{
    const char *nul = memchr(s, '\0', n);
    if (nul != NULL)
        n = (size_t)(nul - s);
    if (n >= NIO_DESCR_MAX) {
        n = NIO_DESCR_MAX - 1;
        while (n > 0 && ((uint8_t)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    return n == 0 ? -ENOENT : 0;
}

int nio_bsd_descr_answer(const struct nio_bsd_ifrow_layout *l, const uint8_t *req,
                         const char *buf, size_t cap, char *out)
{
    uint64_t len, ptr;
    out[0] = '\0';
    if (l->descr == NIO_DESCR_INLINE) {
        uint32_t n = nio_u32(req, NIO_MAC_DESCREQ_LEN);
        if (n > NIO_MAC_IF_DESCSIZE)
            n = NIO_MAC_IF_DESCSIZE;
        return nio_descr_copy((const char *)req + NIO_MAC_DESCREQ_DESC, n, out);
    }
    if (l->descr != NIO_DESCR_BUFFER)
        return -ENOENT;
    /* FreeBSD sets the pointer to NULL, copying nothing, when the text
     * (its length with the NUL in length) does not fit. */
    len = nio_u64(req, NIO_FBSD_IFR_BUFFER_LEN);
    ptr = nio_u64(req, NIO_FBSD_IFR_BUFFER_PTR);
    if (ptr == 0)
        return -ENOBUFS;
    return nio_descr_copy(buf, len < cap ? (size_t)len : cap, out);
}

/* ---------------------------------------------------------- hardware */
static bool nio_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool nio_bsd_dev_oid(const char *name, char *oid, size_t cap)
{
    size_t n = strlen(name), k = n;
    int w;
    while (k > 0 && nio_is_digit(name[k - 1]))
        k--;
    /* "em0": driver em, unit 0.  A vlan's "em0.100" or epair's "epair0a"
     * has no such form: no newbus device. */
    if (k == 0 || k == n || memchr(name, '.', k) != NULL || memchr(name, '%', k) != NULL)
        return false;
    w = snprintf(oid, cap, "dev.%.*s.%s.%%desc", (int)k, name, name + k);
    return w > 0 && (size_t)w < cap;
}

bool nio_bsd_cloned(const char *name, const char *cloners, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *c = cloners + i * 16;
        size_t cl = strnlen(c, 16);
        if (cl > 0 && strncmp(name, c, cl) == 0 && nio_is_digit(name[cl]))
            return true;
    }
    return false;
}
