/* test-bsd-ifrow.c - src/bsd/parse-ifrow.c on any OS: FreeBSD's RTM_IFINFO
 * (if_msghdr, 64-bit if_data) and macOS's RTM_IFINFO2 (if_msghdr2,
 * if_data64), built from the structs of transcribed.h (written down from
 * the headers independently of parse-ifrow.c's offsets), into the facts
 * of a MIB_IF_ROW2; the description requests read back through the same
 * structs; FreeBSD's newbus names and macOS's cloned names.  Every counter
 * gets its own value above 2^32, so a wrong offset or a 32-bit read shows. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bsd.h"
#include "transcribed.h"

#define POISON 0xA5
#define FB (&nio_bsd_ifrow_freebsd)
#define MAC (&nio_bsd_ifrow_macos)
#define BIG 0x100000000ull

/* ------------------------------------------------------ building messages */
struct ifspec {
    const char *name;
    uint16_t index;
    int32_t flags;
    uint8_t ift;
    uint8_t link_state;         /* FreeBSD */
    uint64_t baud;
    uint8_t alen;
    uint8_t mac[8];
    int32_t snd_drops;          /* macOS */
};

struct buf {
    uint8_t b[8192];
    size_t len;
};

static const struct ifspec ETHER0 = {"em0", 3, ETHER_FLAGS, IFT_ETHER, FBSD_LINK_STATE_UP,
                                     1000000000ull, 6, {0x02, 0x11, 0x22, 0x33, 0x44, 0x55}, 17};

/* Counter k of a message: distinct, above 32 bits. */
static uint64_t ctr(int k)
{
    return BIG * (uint64_t)(k + 1) + (uint64_t)k * 7 + 1;
}

static void fill_fbsd(struct fbsd_if_msghdr *h, const struct ifspec *s)
{
    struct fbsd_if_data *d = &h->ifm_data;
    h->ifm_type = RTM_IFINFO;
    d->ifi_type = s->ift;
    d->ifi_addrlen = s->alen;
    d->ifi_link_state = s->link_state;
    d->ifi_datalen = sizeof(*d);
    d->ifi_mtu = 1500;
    d->ifi_baudrate = s->baud;
    d->ifi_ipackets = ctr(0), d->ifi_ierrors = ctr(1), d->ifi_opackets = ctr(2);
    d->ifi_oerrors = ctr(3), d->ifi_collisions = ctr(4), d->ifi_ibytes = ctr(5);
    d->ifi_obytes = ctr(6), d->ifi_imcasts = ctr(7), d->ifi_omcasts = ctr(8);
    d->ifi_iqdrops = ctr(9), d->ifi_oqdrops = ctr(10), d->ifi_noproto = ctr(11);
}

static void fill_mac(struct mac_if_msghdr2 *h, const struct ifspec *s)
{
    struct mac_if_data64 *d = &h->ifm_data;
    h->ifm_type = MAC_RTM_IFINFO2;
    h->ifm_snd_drops = s->snd_drops;
    h->ifm_snd_len = 5, h->ifm_snd_maxlen = 512, h->ifm_timer = 9;
    d->ifi_type = s->ift;
    d->ifi_addrlen = s->alen;
    d->ifi_mtu = 1500;
    d->ifi_baudrate = s->baud;
    d->ifi_ipackets = ctr(0), d->ifi_ierrors = ctr(1), d->ifi_opackets = ctr(2);
    d->ifi_oerrors = ctr(3), d->ifi_collisions = ctr(4), d->ifi_ibytes = ctr(5);
    d->ifi_obytes = ctr(6), d->ifi_imcasts = ctr(7), d->ifi_omcasts = ctr(8);
    d->ifi_iqdrops = ctr(9), d->ifi_noproto = ctr(11);
    d->ifi_recvtiming = 0xdeadbeef, d->ifi_xmittiming = 0xfeedface; /* not counters */
}

/* One interface message of the OS (fbsd or macOS) with its sockaddr_dl,
 * appended to b; the padding poisoned. */
static void put_ifrow(struct buf *b, bool fbsd, const struct ifspec *s)
{
    size_t start = b->len, hdr, nlen = strlen(s->name), unit = fbsd ? 8 : 4, dl_len, space;
    struct bsd_sockaddr_dl d;
    union {
        struct fbsd_if_msghdr f;
        struct mac_if_msghdr2 m;
    } h;
    memset(&h, 0, sizeof(h));
    if (fbsd)
        fill_fbsd(&h.f, s);
    else
        fill_mac(&h.m, s);
    hdr = fbsd ? sizeof(h.f) : sizeof(h.m);
    /* Common header fields, at the same offsets in both. */
    h.f.ifm_version = RTM_VERSION;
    h.f.ifm_addrs = RTA_IFP;
    h.f.ifm_flags = s->flags;
    h.f.ifm_index = s->index;
    memcpy(b->b + b->len, &h, hdr);
    b->len += hdr;
    memset(&d, 0, sizeof(d));
    dl_len = sizeof(d) + nlen + s->alen;
    if (dl_len < (fbsd ? FBSD_SOCKADDR_DL_SIZE : MAC_SOCKADDR_DL_SIZE))
        dl_len = fbsd ? FBSD_SOCKADDR_DL_SIZE : MAC_SOCKADDR_DL_SIZE;
    d.sdl_len = (uint8_t)dl_len;
    d.sdl_family = AF_LINK_BSD;
    d.sdl_index = s->index;
    d.sdl_type = s->ift;
    d.sdl_nlen = (uint8_t)nlen;
    d.sdl_alen = s->alen;
    memset(b->b + b->len, 0, dl_len);
    memcpy(b->b + b->len, &d, sizeof(d));
    memcpy(b->b + b->len + sizeof(d), s->name, nlen);
    memcpy(b->b + b->len + sizeof(d) + nlen, s->mac, s->alen);
    space = (dl_len + unit - 1) / unit * unit;
    memset(b->b + b->len + dl_len, POISON, space - dl_len);
    b->len += space;
    h.f.ifm_msglen = (uint16_t)(b->len - start);
    memcpy(b->b + start, &h.f.ifm_msglen, 2);
}

/* An address message (struct ifa_msghdr, no sockaddrs): skipped. */
static void put_other(struct buf *b, uint8_t type, uint16_t index)
{
    struct fbsd_ifa_msghdr a;
    memset(&a, 0, sizeof(a));
    a.ifam_msglen = sizeof(a);
    a.ifam_version = RTM_VERSION;
    a.ifam_type = type;
    a.ifam_index = index;
    memcpy(b->b + b->len, &a, sizeof(a));
    b->len += sizeof(a);
}

static int parse_one(bool fbsd, const struct ifspec *s, struct nio_ifrow *r)
{
    struct buf b;
    memset(&b, 0, sizeof(b));
    put_ifrow(&b, fbsd, s);
    return nio_bsd_parse_ifrow(fbsd ? FB : MAC, b.b, b.len, r);
}

/* ------------------------------------------------------------ messages */
static void check_counters(const struct nio_counters *c, bool fbsd)
{
    assert_int_equal(c->in_packets, ctr(0));
    assert_int_equal(c->in_errors, ctr(1));
    assert_int_equal(c->out_packets, ctr(2));
    assert_int_equal(c->out_errors, ctr(3));
    assert_int_equal(c->in_octets, ctr(5));
    assert_int_equal(c->out_octets, ctr(6));
    assert_int_equal(c->in_multicast, ctr(7));
    assert_int_equal(c->out_multicast, ctr(8));
    assert_int_equal(c->in_discards, ctr(9));
    assert_int_equal(c->out_discards, fbsd ? ctr(10) : 17); /* macOS: ifm_snd_drops */
    assert_int_equal(c->in_unknown_protos, ctr(11));
}

static void test_ether_both(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        struct nio_ifrow r;
        memset(&r, 0x5A, sizeof(r));
        assert_int_equal(parse_one(os == 0, &ETHER0, &r), 0);
        assert_int_equal(r.ifc.index, 3);
        assert_string_equal(r.ifc.name, "em0");
        assert_int_equal(r.ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
        assert_int_equal(r.ifc.mtu, 1500);
        assert_true(r.ifc.connected);
        assert_true(r.admin_up);
        assert_true(r.broadcast);
        assert_false(r.point_to_point);
        assert_false(r.hardware); /* ifrow.c's to say */
        assert_int_equal(r.oper, os == 0 ? IfOperStatusUp : IfOperStatusUnknown);
        assert_int_equal(r.tunnel_type, TUNNEL_TYPE_NONE);
        assert_int_equal(r.addr_len, 6);
        assert_memory_equal(r.addr, ETHER0.mac, 6);
        assert_int_equal(r.perm_addr_len, 0);
        assert_string_equal(r.description, "");
        assert_int_equal(r.speed, NIO_SPEED_KNOWN);
        assert_int_equal(r.speed_bps, 1000000000ull);
        assert_true(r.has_counters);
        check_counters(&r.counters, os == 0);
        assert_false(r.ifc.fam[NIO_V4].present); /* families are not this reading's */
    }
}

/* A 100 Gb/s baud rate needs the 64 bits of both layouts. */
static void test_speed_64bit(void **state)
{
    struct ifspec s = ETHER0;
    (void)state;
    s.baud = 100000000000ull;
    for (int os = 0; os < 2; os++) {
        struct nio_ifrow r;
        assert_int_equal(parse_one(os == 0, &s, &r), 0);
        assert_int_equal(r.speed_bps, 100000000000ull);
    }
    s.baud = 0;
    for (int os = 0; os < 2; os++) {
        struct nio_ifrow r;
        assert_int_equal(parse_one(os == 0, &s, &r), 0);
        assert_int_equal(r.speed, NIO_SPEED_NONE);
    }
}

/* Each OS's message under the other's layout is another message type. */
static void test_layout_matters(void **state)
{
    struct nio_ifrow r;
    struct buf b;
    (void)state;
    memset(&b, 0, sizeof(b));
    put_ifrow(&b, true, &ETHER0);
    assert_int_equal(nio_bsd_parse_ifrow(MAC, b.b, b.len, &r), -ENOENT);
    memset(&b, 0, sizeof(b));
    put_ifrow(&b, false, &ETHER0);
    assert_int_equal(nio_bsd_parse_ifrow(FB, b.b, b.len, &r), -ENOENT);
    /* macOS's 32-bit RTM_IFINFO is not what this layout reads. */
    b.b[3] = RTM_IFINFO;
    assert_int_equal(nio_bsd_parse_ifrow(MAC, b.b, b.len, &r), -ENOENT);
}

static void test_tunnels(void **state)
{
    static const struct {
        bool fbsd;
        uint8_t ift;
        uint16_t iftype;
        uint8_t tunnel;
    } cases[] = {
        {true, FBSD_IFT_GIF, IF_TYPE_TUNNEL, TUNNEL_TYPE_DIRECT},
        {true, FBSD_IFT_STF, IF_TYPE_TUNNEL, TUNNEL_TYPE_6TO4},
        {true, IFT_TUNNEL, IF_TYPE_TUNNEL, TUNNEL_TYPE_OTHER}, /* gre, me */
        {true, 0xf4, IF_TYPE_TUNNEL, TUNNEL_TYPE_OTHER},       /* enc */
        {false, MAC_IFT_GIF, IF_TYPE_TUNNEL, TUNNEL_TYPE_DIRECT},
        {false, MAC_IFT_STF, IF_TYPE_TUNNEL, TUNNEL_TYPE_6TO4},
        {false, IFT_OTHER, IF_TYPE_PROP_VIRTUAL, TUNNEL_TYPE_NONE}, /* utun */
        {true, IFT_LOOP, IF_TYPE_SOFTWARE_LOOPBACK, TUNNEL_TYPE_NONE},
    };
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct ifspec s = {"gif0", 7, IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_MULTICAST,
                           cases[i].ift, FBSD_LINK_STATE_UNKNOWN, 0, 0, {0}, 0};
        struct nio_ifrow r;
        assert_int_equal(parse_one(cases[i].fbsd, &s, &r), 0);
        assert_int_equal(r.ifc.iftype, cases[i].iftype);
        assert_int_equal(r.tunnel_type, cases[i].tunnel);
        assert_true(r.point_to_point);
        assert_false(r.broadcast);
        assert_int_equal(r.addr_len, 0);
        assert_int_equal(r.oper, IfOperStatusUnknown);
    }
}

static void test_oper(void **state)
{
    struct ifspec s = ETHER0;
    struct nio_ifrow r;
    (void)state;
    /* Down by the administrator: Down whatever the link says. */
    s.flags = ETHER_FLAGS & ~IFF_UP;
    assert_int_equal(parse_one(true, &s, &r), 0);
    assert_false(r.admin_up);
    assert_int_equal(r.oper, IfOperStatusDown);
    assert_int_equal(parse_one(false, &s, &r), 0);
    assert_int_equal(r.oper, IfOperStatusDown);
    /* FreeBSD's link down: not connected, Down. */
    s = ETHER0;
    s.link_state = FBSD_LINK_STATE_DOWN;
    assert_int_equal(parse_one(true, &s, &r), 0);
    assert_false(r.ifc.connected);
    assert_int_equal(r.oper, IfOperStatusDown);
    /* Link up without the driver running: Down, as MediaConnectState. */
    s = ETHER0;
    s.flags = ETHER_FLAGS & ~IFF_RUNNING;
    assert_int_equal(parse_one(true, &s, &r), 0);
    assert_false(r.ifc.connected);
    assert_int_equal(r.oper, IfOperStatusDown);
    /* Unknown link state: left to the core (connected decides). */
    s = ETHER0;
    s.link_state = FBSD_LINK_STATE_UNKNOWN;
    assert_int_equal(parse_one(true, &s, &r), 0);
    assert_true(r.ifc.connected);
    assert_int_equal(r.oper, IfOperStatusUnknown);
}

static void test_settle(void **state)
{
    struct nio_ifrow r;
    struct ifspec s = ETHER0;
    (void)state;
    /* Hardware with a link keeps its baud rate. */
    assert_int_equal(parse_one(true, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, true, -1);
    assert_true(r.hardware);
    assert_int_equal(r.speed, NIO_SPEED_KNOWN);
    assert_int_equal(r.oper, IfOperStatusUp);
    /* macOS media valid but inactive: no carrier, no speed, Down. */
    assert_int_equal(parse_one(false, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, true, IFM_AVALID);
    assert_false(r.ifc.connected);
    assert_int_equal(r.speed, NIO_SPEED_UNKNOWN);
    assert_int_equal(r.speed_bps, 0);
    /* Active media, or none to ask: the flags stand. */
    assert_int_equal(parse_one(false, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, true, IFM_AVALID | IFM_ACTIVE);
    assert_true(r.ifc.connected);
    assert_int_equal(r.speed, NIO_SPEED_KNOWN);
    assert_int_equal(parse_one(false, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, false, 0);
    assert_true(r.ifc.connected);
    /* FreeBSD's Up is Down once the media says no carrier. */
    assert_int_equal(parse_one(true, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, false, IFM_AVALID);
    assert_int_equal(r.oper, IfOperStatusDown);
    /* Hardware without a link or a baud rate: unknown; virtual: none. */
    s.link_state = FBSD_LINK_STATE_DOWN;
    assert_int_equal(parse_one(true, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, true, -1);
    assert_int_equal(r.speed, NIO_SPEED_UNKNOWN);
    s = ETHER0;
    s.baud = 0;
    assert_int_equal(parse_one(true, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, true, -1);
    assert_int_equal(r.speed, NIO_SPEED_UNKNOWN);
    assert_int_equal(parse_one(true, &s, &r), 0);
    nio_bsd_ifrow_settle(&r, false, -1);
    assert_int_equal(r.speed, NIO_SPEED_NONE);
}

static void test_malformed(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_ifrow_layout *l = os == 0 ? FB : MAC;
        struct nio_ifrow r;
        struct buf b, m;
        memset(&b, 0, sizeof(b));
        put_ifrow(&b, os == 0, &ETHER0);
        /* Another version, index 0, no RTA_IFP, a sockaddr that is not AF_LINK. */
        size_t sdl = os == 0 ? sizeof(struct fbsd_if_msghdr) : sizeof(struct mac_if_msghdr2);
        const size_t at[] = {2, 12, 4, sdl + 1};
        for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
            m = b;
            m.b[at[i]] = i == 0 ? RTM_VERSION + 1 : 0;
            if (at[i] == 12)
                m.b[13] = 0;
            assert_int_equal(nio_bsd_parse_ifrow(l, m.b, m.len, &r), -EPROTO);
        }
        /* A length other than what was read. */
        assert_int_equal(nio_bsd_parse_ifrow(l, b.b, b.len - 1, &r), -EPROTO);
        /* Every cut with a consistent length: shorter than the header or
         * the sockaddr_dl it announces. */
        for (size_t cut = 4; cut < sdl + 8 + strlen(ETHER0.name); cut++) {
            uint16_t len = (uint16_t)cut;
            m = b;
            memcpy(m.b, &len, 2);
            assert_int_equal(nio_bsd_parse_ifrow(l, m.b, cut, &r), -EPROTO);
        }
    }
}

/* ------------------------------------------------------------ dumps */
struct got {
    struct nio_ifrow r[16];
    size_t n;
    int stop_at;                /* return 7 at this call; -1 never */
};

static int got_cb(const struct nio_ifrow *r, void *ctx)
{
    struct got *g = ctx;
    if ((int)g->n == g->stop_at)
        return 7;
    if (g->n < 16)
        g->r[g->n] = *r;
    g->n++;
    return 0;
}

static void dump(struct buf *b, bool fbsd)
{
    struct ifspec lo = {"lo0", 1, IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_MULTICAST, IFT_LOOP,
                        FBSD_LINK_STATE_UNKNOWN, 0, 0, {0}, 0};
    struct ifspec tun = {fbsd ? "tun0" : "utun3", 9, IFF_UP | IFF_POINTOPOINT | IFF_MULTICAST,
                         fbsd ? 0x17 : IFT_OTHER, FBSD_LINK_STATE_DOWN, 0, 0, {0}, 0};
    memset(b, 0, sizeof(*b));
    put_ifrow(b, fbsd, &lo);
    put_other(b, RTM_NEWADDR, 1);
    put_ifrow(b, fbsd, &ETHER0);
    put_other(b, RTM_NEWMADDR, 3);
    if (!fbsd)
        put_other(b, 0x13, 3); /* RTM_NEWMADDR2 */
    put_ifrow(b, fbsd, &tun);
}

static void test_dump(void **state)
{
    (void)state;
    for (int os = 0; os < 2; os++) {
        const struct nio_bsd_ifrow_layout *l = os == 0 ? FB : MAC;
        struct got g = {.n = 0, .stop_at = -1};
        struct buf b;
        dump(&b, os == 0);
        assert_int_equal(nio_bsd_parse_ifrows(l, b.b, b.len, got_cb, &g), 0);
        assert_int_equal(g.n, 3);
        assert_int_equal(g.r[0].ifc.index, 1);
        assert_true(g.r[0].ifc.loopback);
        assert_int_equal(g.r[0].ifc.iftype, IF_TYPE_SOFTWARE_LOOPBACK);
        assert_int_equal(g.r[1].ifc.index, 3);
        check_counters(&g.r[1].counters, os == 0);
        assert_int_equal(g.r[2].ifc.index, 9);
        assert_false(g.r[2].ifc.connected);
        assert_int_equal(g.r[2].oper, os == 0 ? IfOperStatusDown : IfOperStatusUnknown);
        g.n = 0;
        g.stop_at = 1;
        assert_int_equal(nio_bsd_parse_ifrows(l, b.b, b.len, got_cb, &g), 7);
        /* Every cut of the buffer either ends on a message or is refused. */
        for (size_t cut = 0; cut < b.len; cut++) {
            int err;
            g.n = 0;
            g.stop_at = -1;
            err = nio_bsd_parse_ifrows(l, b.b, cut, got_cb, &g);
            assert_true(err == 0 || err == -EPROTO);
            assert_true(g.n <= 3);
        }
        assert_int_equal(nio_bsd_parse_ifrows(l, b.b, 0, got_cb, &g), 0);
    }
}

/* Random byte changes and cuts of valid dumps: no crash (ASan and UBSan
 * builds read past nothing), only the three answers, sane rows. */
static void test_mutations(void **state)
{
    unsigned seed = 12345;
    (void)state;
    for (int round = 0; round < 40000; round++) {
        const bool fbsd = round & 1;
        struct got g = {.n = 0, .stop_at = -1};
        struct buf b;
        size_t len;
        int err;
        dump(&b, fbsd);
        for (int k = 0; k < 1 + round % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            b.b[(seed >> 8) % b.len] = (uint8_t)(seed >> 20);
        }
        len = (round % 3 == 0) ? (seed >> 4) % (b.len + 1) : b.len;
        err = nio_bsd_parse_ifrows(fbsd ? FB : MAC, b.b, len, got_cb, &g);
        assert_true(err == 0 || err == -EPROTO);
        for (size_t i = 0; i < g.n && i < 16; i++) {
            assert_true(g.r[i].addr_len <= NIO_HWADDR_MAX);
            assert_true(memchr(g.r[i].ifc.name, '\0', NIO_NAME_MAX) != NULL);
            assert_true(g.r[i].ifc.index != 0);
        }
    }
}

/* ------------------------------------------------------- descriptions */
static void test_descr_freebsd(void **state)
{
    uint8_t req[NIO_BSD_DESCR_REQ_MAX];
    char buf[64], out[NIO_DESCR_MAX];
    struct fbsd_ifreq_buffer f;
    (void)state;
    assert_int_equal(FB->descr_cmd, FBSD_SIOCGIFDESCR);
    assert_int_equal(FB->descr_size, sizeof(struct bsd_ifreq));
    assert_int_equal(nio_bsd_descr_req(FB, "em0", req, buf, sizeof(buf)), 0);
    memcpy(&f, req, sizeof(f));
    assert_string_equal(f.ifr_name, "em0");
    assert_int_equal(f.length, sizeof(buf));
    assert_true(f.buffer == (uint64_t)(uintptr_t)buf);
    /* The kernel copies the text with its NUL and sets the length so. */
    memcpy(buf, "uplink to core", 15);
    f.length = 15;
    memcpy(req, &f, sizeof(f));
    assert_int_equal(nio_bsd_descr_answer(FB, req, buf, sizeof(buf), out), 0);
    assert_string_equal(out, "uplink to core");
    /* Too long for the buffer: NULL pointer, nothing copied. */
    f.buffer = 0;
    f.length = 100;
    memcpy(req, &f, sizeof(f));
    assert_int_equal(nio_bsd_descr_answer(FB, req, buf, sizeof(buf), out), -ENOBUFS);
    assert_string_equal(out, "");
    /* A name that cannot name an interface. */
    assert_int_equal(nio_bsd_descr_req(FB, "", req, buf, sizeof(buf)), -ENODEV);
    assert_int_equal(nio_bsd_descr_req(FB, "sixteen_bytes_xx", req, buf, sizeof(buf)), -ENODEV);
}

static void test_descr_macos(void **state)
{
    uint8_t req[NIO_BSD_DESCR_REQ_MAX];
    char out[NIO_DESCR_MAX];
    struct mac_if_descreq d;
    (void)state;
    assert_int_equal(MAC->descr_cmd, MAC_SIOCGIFDESC);
    assert_int_equal(MAC->descr_size, sizeof(struct mac_if_descreq));
    assert_int_equal(nio_bsd_descr_req(MAC, "en0", req, NULL, 0), 0);
    memcpy(&d, req, sizeof(d));
    assert_string_equal(d.ifdr_name, "en0");
    assert_int_equal(d.ifdr_len, 128);
    /* Opaque bytes, not NUL-terminated: ifdr_len says how many. */
    memset(d.ifdr_desc, 'x', sizeof(d.ifdr_desc));
    memcpy(d.ifdr_desc, "Wi-Fi", 5);
    d.ifdr_len = 5;
    memcpy(req, &d, sizeof(d));
    assert_int_equal(nio_bsd_descr_answer(MAC, req, NULL, 0, out), 0);
    assert_string_equal(out, "Wi-Fi");
    d.ifdr_len = 1000; /* more than the field: the field, not the bytes after it */
    memset(req, 'y', sizeof(req));
    memcpy(req, &d, sizeof(d));
    assert_int_equal(nio_bsd_descr_answer(MAC, req, NULL, 0, out), 0);
    assert_int_equal(strlen(out), 128);
    d.ifdr_len = 0;
    memcpy(req, &d, sizeof(d));
    assert_int_equal(nio_bsd_descr_answer(MAC, req, NULL, 0, out), -ENOENT);
}

/* A FreeBSD description longer than the row's field is cut before a
 * whole UTF-8 sequence, never inside one. */
static void test_descr_utf8_cut(void **state)
{
    uint8_t req[NIO_BSD_DESCR_REQ_MAX];
    char buf[1024], out[NIO_DESCR_MAX];
    struct fbsd_ifreq_buffer f;
    (void)state;
    for (int shift = 0; shift < 3; shift++) {
        size_t n = 0;
        assert_int_equal(nio_bsd_descr_req(FB, "em0", req, buf, sizeof(buf)), 0);
        for (int i = 0; i < shift; i++)
            buf[n++] = 'a';
        while (n + 3 < 600) {
            memcpy(buf + n, "\xe2\x82\xac", 3); /* U+20AC, three bytes */
            n += 3;
        }
        buf[n++] = '\0';
        memcpy(&f, req, sizeof(f));
        f.length = n;
        memcpy(req, &f, sizeof(f));
        assert_int_equal(nio_bsd_descr_answer(FB, req, buf, sizeof(buf), out), 0);
        assert_true(strlen(out) <= NIO_DESCR_MAX - 1);
        assert_true(strlen(out) > NIO_DESCR_MAX - 4);
        assert_int_equal((strlen(out) - (size_t)shift) % 3, 0);
    }
}

/* ---------------------------------------------------------- hardware */
static void test_dev_oid(void **state)
{
    char oid[64];
    (void)state;
    assert_true(nio_bsd_dev_oid("em0", oid, sizeof(oid)));
    assert_string_equal(oid, "dev.em.0.%desc");
    assert_true(nio_bsd_dev_oid("ix10", oid, sizeof(oid)));
    assert_string_equal(oid, "dev.ix.10.%desc");
    assert_true(nio_bsd_dev_oid("mlx5en2", oid, sizeof(oid)) == false ||
                strcmp(oid, "dev.mlx5en.2.%desc") == 0);
    assert_false(nio_bsd_dev_oid("epair0a", oid, sizeof(oid)));
    assert_false(nio_bsd_dev_oid("em0.100", oid, sizeof(oid)));
    assert_false(nio_bsd_dev_oid("lo", oid, sizeof(oid)));
    assert_false(nio_bsd_dev_oid("0", oid, sizeof(oid)));
    assert_false(nio_bsd_dev_oid("", oid, sizeof(oid)));
    assert_false(nio_bsd_dev_oid("em0", oid, 10)); /* does not fit */
}

static void test_cloned(void **state)
{
    char cl[3][16];
    (void)state;
    memset(cl, 0, sizeof(cl));
    memcpy(cl[0], "bridge", 6);
    memcpy(cl[1], "vlan", 4);
    memcpy(cl[2], "feth", 4);
    assert_true(nio_bsd_cloned("bridge0", cl[0], 3));
    assert_true(nio_bsd_cloned("vlan12", cl[0], 3));
    assert_true(nio_bsd_cloned("feth1", cl[0], 3));
    assert_false(nio_bsd_cloned("en0", cl[0], 3));
    assert_false(nio_bsd_cloned("bridgeX", cl[0], 3));
    assert_false(nio_bsd_cloned("feth", cl[0], 3));
    assert_false(nio_bsd_cloned("vlan12", cl[0], 1));
    assert_false(nio_bsd_cloned("bridge0", NULL, 0));
}

/* Every field the layouts read lies inside the header the parser checks
 * the message against, at the offsets of the transcribed structs. */
static void test_layout_bounds(void **state)
{
    (void)state;
    assert_int_equal(FB->hdr_size, sizeof(struct fbsd_if_msghdr));
    assert_int_equal(FB->data, offsetof(struct fbsd_if_msghdr, ifm_data));
    assert_int_equal(FB->oqdrops, offsetof(struct fbsd_if_data, ifi_oqdrops));
    assert_int_equal(MAC->hdr_size, sizeof(struct mac_if_msghdr2));
    assert_int_equal(MAC->data, offsetof(struct mac_if_msghdr2, ifm_data));
    assert_int_equal(MAC->snd_drops, offsetof(struct mac_if_msghdr2, ifm_snd_drops));
    assert_int_equal(MAC->baudrate, offsetof(struct mac_if_data64, ifi_baudrate));
    assert_int_equal(MAC->noproto, offsetof(struct mac_if_data64, ifi_noproto));
    assert_true(FB->data + FB->noproto + 8u <= FB->hdr_size);
    assert_true(MAC->data + MAC->noproto + 8u <= MAC->hdr_size);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_bounds),
        cmocka_unit_test(test_ether_both),
        cmocka_unit_test(test_speed_64bit),
        cmocka_unit_test(test_layout_matters),
        cmocka_unit_test(test_tunnels),
        cmocka_unit_test(test_oper),
        cmocka_unit_test(test_settle),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_dump),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_descr_freebsd),
        cmocka_unit_test(test_descr_macos),
        cmocka_unit_test(test_descr_utf8_cut),
        cmocka_unit_test(test_dev_oid),
        cmocka_unit_test(test_cloned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
