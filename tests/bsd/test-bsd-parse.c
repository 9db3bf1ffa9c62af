/* test-bsd-parse.c - src/bsd/parse-ipif.c and the layout tables of layout.c,
 * on any OS.  Each message is built from the structs of transcribed.h,
 * written down from the headers independently of layout.c, so a wrong
 * offset in layout.c shows as a wrong field here.  The sizes
 * are checked against figures from outside this project (Go's
 * golang.org/x/net/route for FreeBSD; the macOS SDK, through the
 * bsd-compile stage, for macOS). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bsd.h"
#include "core.h" /* nio_row_fill, for the end-to-end case */
#include "transcribed.h"

/* An interface as a message describes it. */
struct spec {
    const char *name;
    uint16_t index;
    uint8_t ift, addrlen, link_state;
    int32_t flags;
    uint32_t mtu;
    uint8_t netmask_len;    /* non-zero: a netmask sockaddr of that sa_len first */
};

static size_t round_up(size_t n, size_t a)
{
    return n == 0 ? a : ((n + a - 1) / a) * a;
}

/* The sockaddrs after the header: an optional netmask, then the
 * interface's sockaddr_dl with its name and link address. */
static size_t put_sockaddrs(uint8_t *p, const struct spec *s, size_t align)
{
    size_t off = 0, nlen = strlen(s->name);
    uint8_t sdl_len = (uint8_t)(8 + nlen + s->addrlen);
    if (s->netmask_len) {
        p[0] = s->netmask_len;
        p[1] = 2; /* AF_INET */
        off += round_up(s->netmask_len, align);
    }
    p[off + 0] = sdl_len;
    p[off + 1] = AF_LINK_BSD;
    memcpy(p + off + 2, &s->index, 2);
    p[off + 4] = s->ift;
    p[off + 5] = (uint8_t)nlen;
    p[off + 6] = s->addrlen;
    p[off + 7] = 0;
    memcpy(p + off + 8, s->name, nlen);
    memset(p + off + 8 + nlen, 0xAB, s->addrlen);
    return off + round_up(sdl_len, align);
}

static int32_t addrs_of(const struct spec *s)
{
    return RTA_IFP | (s->netmask_len ? RTA_NETMASK : 0);
}

/* A FreeBSD RTM_IFINFO message at p; returns its length. */
static size_t fbsd_msg(uint8_t *p, const struct spec *s)
{
    struct fbsd_if_msghdr h;
    size_t len;
    memset(&h, 0, sizeof(h));
    h.ifm_version = RTM_VERSION;
    h.ifm_type = RTM_IFINFO;
    h.ifm_addrs = addrs_of(s);
    h.ifm_flags = s->flags;
    h.ifm_index = s->index;
    h.ifm_data.ifi_type = s->ift;
    h.ifm_data.ifi_physical = 0x5A;   /* neighbours of the fields read, */
    h.ifm_data.ifi_hdrlen = 0x5A;     /* poisoned so that an off-by-one shows */
    h.ifm_data.ifi_addrlen = s->addrlen;
    h.ifm_data.ifi_link_state = s->link_state;
    h.ifm_data.ifi_vhid = 0x5A;
    h.ifm_data.ifi_datalen = sizeof(struct fbsd_if_data);
    h.ifm_data.ifi_mtu = s->mtu;
    h.ifm_data.ifi_metric = 0x5A5A5A5A;
    h.ifm_data.ifi_baudrate = 1000000000;
    len = sizeof(h) + put_sockaddrs(p + sizeof(h), s, 8);
    h.ifm_msglen = (uint16_t)len;
    memcpy(p, &h, sizeof(h));
    return len;
}

/* A macOS RTM_IFINFO message at p; returns its length. */
static size_t mac_msg(uint8_t *p, const struct spec *s)
{
    struct mac_if_msghdr h;
    size_t len;
    memset(&h, 0, sizeof(h));
    h.ifm_version = RTM_VERSION;
    h.ifm_type = RTM_IFINFO;
    h.ifm_addrs = addrs_of(s);
    h.ifm_flags = s->flags;
    h.ifm_index = s->index;
    h.ifm_data.ifi_type = s->ift;
    h.ifm_data.ifi_typelen = 0x5A;
    h.ifm_data.ifi_physical = 0x5A;
    h.ifm_data.ifi_addrlen = s->addrlen;
    h.ifm_data.ifi_hdrlen = 0x5A;
    h.ifm_data.ifi_mtu = s->mtu;
    h.ifm_data.ifi_metric = 0x5A5A5A5A;
    len = sizeof(h) + put_sockaddrs(p + sizeof(h), s, 4);
    h.ifm_msglen = (unsigned short)len;
    memcpy(p, &h, sizeof(h));
    return len;
}

/* An RTM_NEWADDR message (ifa_msghdr, 20 bytes on both) to be skipped. */
static size_t addr_msg(uint8_t *p)
{
    uint16_t len = 20;
    memset(p, 0x77, len);
    memcpy(p, &len, 2);
    p[2] = RTM_VERSION;
    p[3] = RTM_NEWADDR;
    return len;
}

static const struct nio_bsd_globals no_globals;

/* ---------------------------------------------------------------- layouts */
static void test_layout_sizes(void **state)
{
    (void)state;
    /* golang.org/x/net/route: sizeofIfMsghdrFreeBSD11 0xa8, IfData 0x98. */
    assert_int_equal(sizeof(struct fbsd_if_msghdr), 0xa8);
    assert_int_equal(sizeof(struct fbsd_if_data), 0x98);
    assert_int_equal(offsetof(struct fbsd_if_msghdr, ifm_data), nio_bsd_freebsd.ifm_data);
    assert_int_equal(sizeof(struct fbsd_if_msghdr), nio_bsd_freebsd.ifm_size);
    assert_int_equal(sizeof(struct fbsd_in6_ndireq), nio_bsd_freebsd.ndireq_size);
    assert_int_equal(offsetof(struct fbsd_in6_ndireq, ndi), NIO_BSD_NDI);
    assert_int_equal(IOWR('i', 108, sizeof(struct fbsd_in6_ndireq)),
                     nio_bsd_freebsd.siocgifinfo_in6);
    /* macOS: if_data is 96 bytes under pack(4). */
    assert_int_equal(sizeof(struct mac_if_data), 96);
    assert_int_equal(sizeof(struct mac_if_msghdr), nio_bsd_macos.ifm_size);
    assert_int_equal(offsetof(struct mac_if_msghdr, ifm_data), nio_bsd_macos.ifm_data);
    assert_int_equal(sizeof(struct mac_in6_ondireq), nio_bsd_macos.ndireq_size);
    assert_int_equal(offsetof(struct mac_in6_ondireq, ndi), NIO_BSD_NDI);
    assert_int_equal(IOWR('i', 76, sizeof(struct mac_in6_ondireq)),
                     nio_bsd_macos.siocgifinfo_in6);
}

/* ------------------------------------------------------------ FreeBSD */
static void test_freebsd_ethernet(void **state)
{
    struct spec s = {"em0", 2, IFT_ETHER, 6, FBSD_LINK_STATE_UP, ETHER_FLAGS, 1500, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    size_t len = fbsd_msg(buf, &s);
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, len, &ifc), 0);
    assert_int_equal(ifc.index, 2);
    assert_string_equal(ifc.name, "em0");
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(ifc.mtu, 1500);
    assert_true(ifc.connected);
    assert_true(ifc.neighbor_discovery);
    assert_false(ifc.loopback);
    assert_true(ifc.fam[NIO_V4].present);
    assert_int_equal(ifc.fam[NIO_V4].known, NIO_K_MTU);
    assert_int_equal(ifc.fam[NIO_V4].mtu, 1500);
    assert_false(ifc.fam[NIO_V6].present); /* only the ND answer says */
}

static void test_freebsd_link_state(void **state)
{
    struct spec s = {"igb1", 3, IFT_ETHER, 6, FBSD_LINK_STATE_DOWN, ETHER_FLAGS, 9000, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_false(ifc.connected); /* running, no carrier */
    assert_int_equal(ifc.mtu, 9000);
    s.link_state = FBSD_LINK_STATE_UNKNOWN;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_true(ifc.connected); /* running, carrier not reported: as Linux */
    s.link_state = FBSD_LINK_STATE_UP;
    s.flags = IFF_UP | IFF_BROADCAST | IFF_MULTICAST;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_false(ifc.connected); /* not running */
}

static void test_freebsd_loopback(void **state)
{
    struct spec s = {"lo0", 1, IFT_LOOP, 0, FBSD_LINK_STATE_UP,
                     IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_MULTICAST, 16384, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_true(ifc.loopback);
    assert_false(ifc.neighbor_discovery);
    assert_int_equal(ifc.iftype, IF_TYPE_SOFTWARE_LOOPBACK);
    assert_int_equal(ifc.mtu, 16384);
}

static void test_freebsd_noarp_and_tun(void **state)
{
    struct spec s = {"em1", 4, IFT_ETHER, 6, FBSD_LINK_STATE_UP, ETHER_FLAGS | IFF_NOARP, 1500, 0};
    struct spec tun = {"tun0", 5, 0x17 /* IFT_PPP */, 0, FBSD_LINK_STATE_UP,
                       IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_MULTICAST, 1500, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_false(ifc.neighbor_discovery);
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &tun), &ifc), 0);
    assert_false(ifc.neighbor_discovery); /* no link-layer address */
    assert_int_equal(ifc.iftype, IF_TYPE_PPP);
    assert_string_equal(ifc.name, "tun0");
}

static void test_freebsd_netmask_first(void **state)
{
    /* A 5-byte sockaddr before the sockaddr_dl takes 8 bytes on FreeBSD. */
    struct spec s = {"vtnet0", 7, IFT_ETHER, 6, FBSD_LINK_STATE_UP, ETHER_FLAGS, 1500, 5};
    uint8_t buf[512];
    struct nio_iface ifc;
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_string_equal(ifc.name, "vtnet0");
    /* A 12-byte one takes 16 (macOS: 12). */
    s.netmask_len = 12;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    assert_string_equal(ifc.name, "vtnet0");
}

/* --------------------------------------------------------------- macOS */
static void test_macos_ethernet(void **state)
{
    struct spec s = {"en0", 4, IFT_ETHER, 6, 0, ETHER_FLAGS, 1500, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    size_t len = mac_msg(buf, &s);
    (void)state;
    assert_int_equal(len, sizeof(struct mac_if_msghdr) + 20); /* sdl 17 -> 20 */
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_macos, buf, len, &ifc), 0);
    assert_int_equal(ifc.index, 4);
    assert_string_equal(ifc.name, "en0");
    assert_int_equal(ifc.iftype, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(ifc.mtu, 1500);
    assert_true(ifc.connected); /* IFF_RUNNING; ipif.c adds the media status */
    assert_true(ifc.neighbor_discovery);
    assert_true(ifc.fam[NIO_V4].present);
}

static void test_macos_utun(void **state)
{
    struct spec s = {"utun3", 17, IFT_OTHER, 0, 0,
                     IFF_UP | IFF_POINTOPOINT | IFF_RUNNING | IFF_MULTICAST, 1380, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_macos, buf, mac_msg(buf, &s), &ifc), 0);
    assert_int_equal(ifc.iftype, IF_TYPE_PROP_VIRTUAL);
    assert_false(ifc.neighbor_discovery);
    assert_int_equal(ifc.mtu, 1380);
    assert_string_equal(ifc.name, "utun3");
}

static void test_macos_netmask_first(void **state)
{
    /* A 12-byte sockaddr takes 12 bytes on macOS (ROUNDUP32), where
     * FreeBSD's SA_SIZE() would take 16. */
    struct spec s = {"bridge0", 9, 0xd1, 6, 0, ETHER_FLAGS, 1500, 12};
    struct nio_bsd_layout padded8 = nio_bsd_macos;
    uint8_t buf[512];
    struct nio_iface ifc;
    size_t len = mac_msg(buf, &s);
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_macos, buf, len, &ifc), 0);
    assert_string_equal(ifc.name, "bridge0");
    assert_int_equal(ifc.iftype, IF_TYPE_BRIDGE);
    /* With FreeBSD's padding the parser would look past the sockaddr_dl. */
    padded8.sa_align = 8;
    assert_int_equal(nio_bsd_parse_ifinfo(&padded8, buf, len, &ifc), -EPROTO);
}

static void test_macos_layout_differs(void **state)
{
    /* A macOS message is shorter than FreeBSD's header alone: read with
     * the wrong table it is refused, never misread. */
    struct spec s = {"en1", 5, IFT_ETHER, 6, 0, ETHER_FLAGS, 1500, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    size_t len = mac_msg(buf, &s);
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, len, &ifc), -EPROTO);
}

/* ------------------------------------------------------------ types */
static void test_iftypes(void **state)
{
    (void)state;
    /* IANA's own numbers pass through. */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0x87), IF_TYPE_L2_VLAN);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0xa1), IF_TYPE_IEEE8023AD_LAG);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0x47), IF_TYPE_IEEE80211);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0xd1), IF_TYPE_BRIDGE);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0x35), IF_TYPE_PROP_VIRTUAL);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, IFT_OTHER), IF_TYPE_OTHER);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0), IF_TYPE_OTHER);
    /* FreeBSD's own. */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0xf0), IF_TYPE_TUNNEL);  /* gif */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0xd7), IF_TYPE_TUNNEL);  /* stf */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_freebsd, 0xf6), IF_TYPE_PROP_VIRTUAL); /* pflog */
    /* macOS's own, some inside IANA's range. */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0x37), IF_TYPE_TUNNEL);    /* gif */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0x39), IF_TYPE_TUNNEL);    /* stf */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0x88), IF_TYPE_IEEE8023AD_LAG);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0xff), IF_TYPE_WWANPP);    /* cellular */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0xf5), IF_TYPE_PROP_VIRTUAL); /* pflog */
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, IFT_OTHER), IF_TYPE_PROP_VIRTUAL);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0xd1), IF_TYPE_BRIDGE);
    assert_int_equal(nio_bsd_iftype(&nio_bsd_macos, 0x87), IF_TYPE_L2_VLAN);
}

/* ------------------------------------------------------------ the list */
struct seen {
    int n;
    uint32_t index[4];
    char name[4][NIO_NAME_MAX];
    int stop_at;
};

static int seen_cb(const struct nio_iface *ifc, void *ctx)
{
    struct seen *s = ctx;
    s->index[s->n] = ifc->index;
    strcpy(s->name[s->n], ifc->name);
    s->n++;
    return s->n == s->stop_at ? 42 : 0;
}

static void test_iflist_walk(void **state)
{
    struct spec lo = {"lo0", 1, IFT_LOOP, 0, 0, IFF_UP | IFF_LOOPBACK | IFF_RUNNING, 16384, 0};
    struct spec em = {"em0", 2, IFT_ETHER, 6, 2, ETHER_FLAGS, 1500, 0};
    uint8_t buf[1024];
    struct seen s;
    size_t len = 0;
    (void)state;
    len += fbsd_msg(buf + len, &lo);
    len += addr_msg(buf + len);
    len += addr_msg(buf + len);
    len += fbsd_msg(buf + len, &em);
    len += addr_msg(buf + len);
    memset(&s, 0, sizeof(s));
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, buf, len, seen_cb, &s), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.index[0], 1);
    assert_string_equal(s.name[0], "lo0");
    assert_int_equal(s.index[1], 2);
    assert_string_equal(s.name[1], "em0");
    /* The callback's non-zero answer stops the walk and is returned. */
    memset(&s, 0, sizeof(s));
    s.stop_at = 1;
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, buf, len, seen_cb, &s), 42);
    assert_int_equal(s.n, 1);
    /* An empty answer (an index the kernel does not know) is no error. */
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, buf, 0, seen_cb, &s), 0);
}

static void test_iflist_macos(void **state)
{
    struct spec en = {"en0", 4, IFT_ETHER, 6, 0, ETHER_FLAGS, 1500, 0};
    struct spec ut = {"utun0", 12, IFT_OTHER, 0, 0, IFF_UP | IFF_POINTOPOINT | IFF_RUNNING, 1500, 0};
    uint8_t buf[1024];
    struct seen s;
    size_t len = 0;
    (void)state;
    len += mac_msg(buf + len, &en);
    len += addr_msg(buf + len);
    len += mac_msg(buf + len, &ut);
    memset(&s, 0, sizeof(s));
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_macos, buf, len, seen_cb, &s), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.name[1], "utun0");
    assert_int_equal(s.index[1], 12);
}

static void test_malformed(void **state)
{
    struct spec s = {"em0", 2, IFT_ETHER, 6, 2, ETHER_FLAGS, 1500, 0};
    uint8_t buf[512], bad[512];
    struct nio_iface ifc;
    struct seen seen;
    size_t len = fbsd_msg(buf, &s);
    uint16_t v;
    (void)state;
    memset(&seen, 0, sizeof(seen));
    /* Cut short: the message overruns the buffer. */
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, buf, len - 1, seen_cb, &seen), -EPROTO);
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, buf, 3, seen_cb, &seen), -EPROTO);
    /* A zero length would loop for ever. */
    memcpy(bad, buf, len);
    v = 0;
    memcpy(bad, &v, 2);
    assert_int_equal(nio_bsd_parse_iflist(&nio_bsd_freebsd, bad, len, seen_cb, &seen), -EPROTO);
    /* Shorter than the header. */
    v = 40;
    memcpy(bad, &v, 2);
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, 40, &ifc), -EPROTO);
    /* Another version: another layout. */
    memcpy(bad, buf, len);
    bad[2] = 4;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* No RTA_IFP, so no name. */
    memcpy(bad, buf, len);
    memset(bad + NIO_FBSD_IFM_ADDRS, 0, 4);
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* Index 0. */
    memcpy(bad, buf, len);
    memset(bad + NIO_FBSD_IFM_INDEX, 0, 2);
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* A name longer than its sockaddr. */
    memcpy(bad, buf, len);
    bad[NIO_FBSD_IFM_SIZE + 5] = 40;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* An empty name, and a NUL inside one. */
    memcpy(bad, buf, len);
    bad[NIO_FBSD_IFM_SIZE + 5] = 0;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    memcpy(bad, buf, len);
    bad[NIO_FBSD_IFM_SIZE + 9] = '\0';
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* Not a sockaddr_dl. */
    memcpy(bad, buf, len);
    bad[NIO_FBSD_IFM_SIZE + 1] = 2;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -EPROTO);
    /* Another message type is skipped, not refused. */
    memcpy(bad, buf, len);
    bad[3] = RTM_NEWADDR;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, bad, len, &ifc), -ENOENT);
    /* The header's length must be the message's. */
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, len + 8, &ifc), -EPROTO);
}

/* ------------------------------------------------------------------ ND */
static struct nio_iface em0(void)
{
    struct spec s = {"em0", 2, IFT_ETHER, 6, FBSD_LINK_STATE_UP, ETHER_FLAGS, 1500, 0};
    uint8_t buf[512];
    struct nio_iface ifc;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_freebsd, buf, fbsd_msg(buf, &s), &ifc), 0);
    return ifc;
}

static struct fbsd_in6_ndireq fbsd_nd(uint32_t linkmtu, uint32_t maxmtu, uint32_t flags)
{
    struct fbsd_in6_ndireq r;
    memset(&r, 0x5A, sizeof(r));
    strcpy(r.ifname, "em0");
    r.ndi.linkmtu = linkmtu;
    r.ndi.maxmtu = maxmtu;
    r.ndi.basereachable = 30000;
    r.ndi.reachable = 27;
    r.ndi.retrans = 1000;
    r.ndi.flags = flags;
    r.ndi.recalctm = 7200;
    r.ndi.chlim = 64;
    r.ndi.initialized = 1;
    return r;
}

static void test_freebsd_nd(void **state)
{
    struct nio_bsd_globals g = {true, false, true, true, true, 1};
    struct nio_iface ifc = em0();
    struct fbsd_in6_ndireq r =
        fbsd_nd(0, 0, FBSD_ND6_IFF_PERFORMNUD | FBSD_ND6_IFF_ACCEPT_RTADV | FBSD_ND6_IFF_AUTO_LINKLOCAL);
    struct nio_family *f = &ifc.fam[NIO_V6];
    (void)state;
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &g, &ifc), 0);
    assert_true(f->present);
    assert_int_equal(f->mtu, 1500); /* no RA MTU: the link's */
    assert_int_equal(f->base_reachable_ms, 30000);
    assert_int_equal(f->reachable_ms, 27000); /* the kernel keeps seconds */
    assert_int_equal(f->retransmit_ms, 1000);
    assert_true(f->forwarding);
    assert_int_equal(f->router_discovery, RouterDiscoveryEnabled);
    assert_int_equal(f->link_local, LinkLocalAlwaysOn);
    assert_int_equal(f->dad_transmits, 1);
    assert_int_equal(f->known, NIO_K_MTU | NIO_K_BASE_REACHABLE | NIO_K_REACHABLE |
                                   NIO_K_RETRANSMIT | NIO_K_FORWARDING |
                                   NIO_K_ROUTER_DISCOVERY | NIO_K_LINK_LOCAL | NIO_K_DAD);
    assert_false(f->known & NIO_K_MANAGED_OTHER);

    r = fbsd_nd(0, 0, FBSD_ND6_IFF_NO_DAD);
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &g, &ifc), 0);
    assert_int_equal(f->router_discovery, RouterDiscoveryDisabled);
    assert_int_equal(f->link_local, LinkLocalAlwaysOff);
    assert_int_equal(f->dad_transmits, 0);
    assert_true(f->known & NIO_K_DAD);

    r = fbsd_nd(0, 0, FBSD_ND6_IFF_IFDISABLED | FBSD_ND6_IFF_ACCEPT_RTADV);
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &g, &ifc), 0);
    assert_false(f->present);
}

static void test_nd_mtu(void **state)
{
    struct nio_iface ifc = em0();
    struct fbsd_in6_ndireq r;
    (void)state;
    r = fbsd_nd(1480, 0, 0); /* a router advertised a smaller MTU */
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &no_globals, &ifc), 0);
    assert_int_equal(ifc.fam[NIO_V6].mtu, 1480);
    r = fbsd_nd(9000, 0, 0); /* larger than the link's: ignored */
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &no_globals, &ifc), 0);
    assert_int_equal(ifc.fam[NIO_V6].mtu, 1500);
    r = fbsd_nd(0, 1400, 0); /* the upper bound */
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &no_globals, &ifc), 0);
    assert_int_equal(ifc.fam[NIO_V6].mtu, 1400);
    /* Without the global settings, those facts stay unknown. */
    assert_false(ifc.fam[NIO_V6].known & (NIO_K_FORWARDING | NIO_K_DAD));
}

static void test_macos_nd(void **state)
{
    struct nio_bsd_globals g = {false, false, true, false, true, 1};
    struct spec s = {"en0", 4, IFT_ETHER, 6, 0, ETHER_FLAGS, 1500, 0};
    struct mac_in6_ondireq r;
    struct nio_iface ifc;
    struct nio_family *f = &ifc.fam[NIO_V6];
    uint8_t buf[512];
    (void)state;
    assert_int_equal(nio_bsd_parse_ifinfo(&nio_bsd_macos, buf, mac_msg(buf, &s), &ifc), 0);
    memset(&r, 0x5A, sizeof(r));
    strcpy(r.ifname, "en0");
    r.ndi.linkmtu = 1500; /* XNU answers IN6_LINKMTU() itself */
    r.ndi.maxmtu = 1500;
    r.ndi.basereachable = 30000;
    r.ndi.reachable = 35;
    r.ndi.retrans = 1000;
    r.ndi.flags = MAC_ND6_IFF_PERFORMNUD | MAC_ND6_IFF_DAD | MAC_ND6_IFF_ACCEPT_RTADV |
                  MAC_ND6_IFF_PROXY_PREFIXES;
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_macos, &r, sizeof(r), &g, &ifc), 0);
    assert_true(f->present);
    assert_int_equal(f->mtu, 1500);
    assert_int_equal(f->reachable_ms, 35000);
    assert_int_equal(f->dad_transmits, 1);
    assert_false(f->forwarding);
    /* XNU does not keep ND6_IFF_ACCEPT_RTADV, and 0x20 is not
     * auto_linklocal there: both stay unknown. */
    assert_false(f->known & NIO_K_ROUTER_DISCOVERY);
    assert_false(f->known & NIO_K_LINK_LOCAL);
    /* Without ND6_IFF_DAD, XNU runs no DAD. */
    r.ndi.flags = MAC_ND6_IFF_PERFORMNUD;
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_macos, &r, sizeof(r), &g, &ifc), 0);
    assert_int_equal(f->dad_transmits, 0);
    assert_true(f->known & NIO_K_DAD);
    r.ndi.flags = MAC_ND6_IFF_IFDISABLED | MAC_ND6_IFF_DAD;
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_macos, &r, sizeof(r), &g, &ifc), 0);
    assert_false(f->present);
    /* Shorter than the request: refused. */
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_macos, &r, sizeof(r) - 1, &g, &ifc), -EPROTO);
}

static void test_reachable_saturates(void **state)
{
    struct nio_iface ifc = em0();
    struct fbsd_in6_ndireq r = fbsd_nd(0, 0, 0);
    (void)state;
    r.ndi.reachable = 5000000; /* seconds: more than 2^32 ms */
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &no_globals, &ifc), 0);
    assert_int_equal(ifc.fam[NIO_V6].reachable_ms, UINT32_MAX);
}

static void test_v4_globals(void **state)
{
    struct nio_bsd_globals g = {true, true, false, false, false, 0};
    struct nio_iface ifc = em0();
    (void)state;
    nio_bsd_apply_v4(&no_globals, &ifc);
    assert_false(ifc.fam[NIO_V4].known & NIO_K_FORWARDING);
    nio_bsd_apply_v4(&g, &ifc);
    assert_true(ifc.fam[NIO_V4].known & NIO_K_FORWARDING);
    assert_true(ifc.fam[NIO_V4].forwarding);
}

static void test_media(void **state)
{
    (void)state;
    assert_true(nio_bsd_media_active(0));      /* no valid status: IFF_RUNNING stands */
    assert_false(nio_bsd_media_active(0x1));   /* IFM_AVALID, not IFM_ACTIVE */
    assert_true(nio_bsd_media_active(0x3));    /* IFM_AVALID | IFM_ACTIVE */
}

/* ------------------------------------------------- end to end: the row */
static void test_row_from_freebsd(void **state)
{
    struct nio_bsd_globals g = {true, false, true, false, true, 1};
    struct nio_iface ifc = em0();
    struct fbsd_in6_ndireq r = fbsd_nd(1480, 0, FBSD_ND6_IFF_ACCEPT_RTADV | FBSD_ND6_IFF_AUTO_LINKLOCAL);
    MIB_IPINTERFACE_ROW row;
    (void)state;
    nio_bsd_apply_v4(&g, &ifc);
    assert_int_equal(nio_bsd_parse_nd(&nio_bsd_freebsd, &r, sizeof(r), &g, &ifc), 0);
    nio_row_fill(&row, &ifc, NIO_V6);
    assert_int_equal(row.InterfaceIndex, 2);
    assert_int_equal(row.InterfaceLuid.Info.IfType, IF_TYPE_ETHERNET_CSMACD);
    assert_int_equal(row.NlMtu, 1480);
    assert_int_equal(row.DadTransmits, 1);
    assert_int_equal(row.RouterDiscoveryBehavior, RouterDiscoveryEnabled);
    assert_int_equal(row.LinkLocalAddressBehavior, LinkLocalAlwaysOn);
    assert_int_equal(row.BaseReachableTime, 30000);
    assert_int_equal(row.ReachableTime, 27000);
    assert_int_equal(row.RetransmitTime, 1000);
    assert_int_equal(row.ForwardingEnabled, FALSE);
    assert_int_equal(row.Connected, TRUE);
    assert_int_equal(row.SupportsNeighborDiscovery, TRUE);
    nio_row_fill(&row, &ifc, NIO_V4);
    assert_int_equal(row.NlMtu, 1500);
    assert_int_equal(row.DadTransmits, 3); /* Windows' value: no IPv4 fact */
    assert_int_equal(row.RouterDiscoveryBehavior, RouterDiscoveryDisabled);
    assert_int_equal(row.BaseReachableTime, 30000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_sizes),
        cmocka_unit_test(test_freebsd_ethernet),
        cmocka_unit_test(test_freebsd_link_state),
        cmocka_unit_test(test_freebsd_loopback),
        cmocka_unit_test(test_freebsd_noarp_and_tun),
        cmocka_unit_test(test_freebsd_netmask_first),
        cmocka_unit_test(test_macos_ethernet),
        cmocka_unit_test(test_macos_utun),
        cmocka_unit_test(test_macos_netmask_first),
        cmocka_unit_test(test_macos_layout_differs),
        cmocka_unit_test(test_iftypes),
        cmocka_unit_test(test_iflist_walk),
        cmocka_unit_test(test_iflist_macos),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_freebsd_nd),
        cmocka_unit_test(test_nd_mtu),
        cmocka_unit_test(test_macos_nd),
        cmocka_unit_test(test_reachable_saturates),
        cmocka_unit_test(test_v4_globals),
        cmocka_unit_test(test_media),
        cmocka_unit_test(test_row_from_freebsd),
    };
    return cmocka_run_group_tests_name("bsd-parse", tests, NULL, NULL);
}
