/* ifrow.c - the FreeBSD and macOS answers for MIB_IF_ROW2
 * (nio_os_ifrow_get, nio_os_ifrow_list).
 *
 * One interface: sysctl {CTL_NET, PF_ROUTE, 0, AF_LINK, NET_RT_IFLIST
 * (macOS: NET_RT_IFLIST2), index}, answered with that interface's message
 * alone (flags, if_data with the counters and the baud rate, the
 * sockaddr_dl with name and address), then on one AF_INET datagram socket
 * the description ioctl (FreeBSD SIOCGIFDESCR, macOS SIOCGIFDESC) and on
 * macOS SIOCGIFMEDIA (its if_data has no link state); FreeBSD asks its
 * device tree (sysctl dev.<driver>.<unit>.%desc) whether the interface is
 * a device on a bus and what the driver calls it, macOS the list of
 * interface cloners (SIOCIFGCLONERS) whether it was made by one.  Every
 * interface: the same sysctl with index 0, then the same per interface.
 * Parsing is parse-ifrow.c's; docs/ifrow.md lists the fields. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "bsd.h"

#define NIO_SAME(a, b) _Static_assert((a) == (b), #a " != " #b)

/* ----------------------------------------- the layout, checked natively */
#if defined(__APPLE__)
#define NIO_IFROW_LAYOUT nio_bsd_ifrow_macos
#define NIO_IFROW_SYSCTL NET_RT_IFLIST2
NIO_SAME(NET_RT_IFLIST2, NIO_MAC_NET_RT_IFLIST2);
NIO_SAME(RTM_IFINFO2, NIO_MAC_RTM_IFINFO2);
NIO_SAME(sizeof(struct if_msghdr2), NIO_MAC_IFM2_SIZE);
NIO_SAME(offsetof(struct if_msghdr2, ifm_addrs), NIO_MAC_IFM_ADDRS);
NIO_SAME(offsetof(struct if_msghdr2, ifm_flags), NIO_MAC_IFM_FLAGS);
NIO_SAME(offsetof(struct if_msghdr2, ifm_index), NIO_MAC_IFM_INDEX);
NIO_SAME(offsetof(struct if_msghdr2, ifm_snd_drops), NIO_MAC_IFM2_SND_DROPS);
NIO_SAME(sizeof(((struct if_msghdr2 *)0)->ifm_snd_drops), 4);
NIO_SAME(offsetof(struct if_msghdr2, ifm_data), NIO_MAC_IFM2_DATA);
NIO_SAME(offsetof(struct if_data64, ifi_type), NIO_MAC_IFI_TYPE);
NIO_SAME(offsetof(struct if_data64, ifi_addrlen), NIO_MAC_IFI_ADDRLEN);
NIO_SAME(offsetof(struct if_data64, ifi_mtu), NIO_MAC_IFI_MTU);
#define NIO_DATA_AT(field, off) \
    NIO_SAME(offsetof(struct if_data64, field), off); \
    NIO_SAME(sizeof(((struct if_data64 *)0)->field), 8)
NIO_DATA_AT(ifi_baudrate, NIO_MAC_IFI64_BAUDRATE);
NIO_DATA_AT(ifi_ipackets, NIO_MAC_IFI64_IPACKETS);
NIO_DATA_AT(ifi_ierrors, NIO_MAC_IFI64_IERRORS);
NIO_DATA_AT(ifi_opackets, NIO_MAC_IFI64_OPACKETS);
NIO_DATA_AT(ifi_oerrors, NIO_MAC_IFI64_OERRORS);
NIO_DATA_AT(ifi_ibytes, NIO_MAC_IFI64_IBYTES);
NIO_DATA_AT(ifi_obytes, NIO_MAC_IFI64_OBYTES);
NIO_DATA_AT(ifi_imcasts, NIO_MAC_IFI64_IMCASTS);
NIO_DATA_AT(ifi_omcasts, NIO_MAC_IFI64_OMCASTS);
NIO_DATA_AT(ifi_iqdrops, NIO_MAC_IFI64_IQDROPS);
NIO_DATA_AT(ifi_noproto, NIO_MAC_IFI64_NOPROTO);
/* struct if_descreq as XNU's net/if.h defines it under PRIVATE; the SDK
 * has neither it nor SIOCGIFDESC, so its size and the number are checked
 * with the SDK's _IOWR(). */
struct nio_if_descreq {
    char ifdr_name[IFNAMSIZ];
    u_int32_t ifdr_len;
    u_int8_t ifdr_desc[NIO_MAC_IF_DESCSIZE];
};
NIO_SAME(sizeof(struct nio_if_descreq), NIO_MAC_DESCREQ_SIZE);
NIO_SAME(offsetof(struct nio_if_descreq, ifdr_len), NIO_MAC_DESCREQ_LEN);
NIO_SAME(offsetof(struct nio_if_descreq, ifdr_desc), NIO_MAC_DESCREQ_DESC);
NIO_SAME(_IOWR('i', 144, struct nio_if_descreq), NIO_MAC_SIOCGIFDESC);
#elif defined(__FreeBSD__)
#define NIO_IFROW_LAYOUT nio_bsd_ifrow_freebsd
#define NIO_IFROW_SYSCTL NET_RT_IFLIST
#define NIO_DATA_AT(field, off) \
    NIO_SAME(offsetof(struct if_data, field), off); \
    NIO_SAME(sizeof(((struct if_data *)0)->field), 8)
NIO_DATA_AT(ifi_baudrate, NIO_FBSD_IFI_BAUDRATE);
NIO_DATA_AT(ifi_ipackets, NIO_FBSD_IFI_IPACKETS);
NIO_DATA_AT(ifi_ierrors, NIO_FBSD_IFI_IERRORS);
NIO_DATA_AT(ifi_opackets, NIO_FBSD_IFI_OPACKETS);
NIO_DATA_AT(ifi_oerrors, NIO_FBSD_IFI_OERRORS);
NIO_DATA_AT(ifi_ibytes, NIO_FBSD_IFI_IBYTES);
NIO_DATA_AT(ifi_obytes, NIO_FBSD_IFI_OBYTES);
NIO_DATA_AT(ifi_imcasts, NIO_FBSD_IFI_IMCASTS);
NIO_DATA_AT(ifi_omcasts, NIO_FBSD_IFI_OMCASTS);
NIO_DATA_AT(ifi_iqdrops, NIO_FBSD_IFI_IQDROPS);
NIO_DATA_AT(ifi_oqdrops, NIO_FBSD_IFI_OQDROPS);
NIO_DATA_AT(ifi_noproto, NIO_FBSD_IFI_NOPROTO);
NIO_SAME(SIOCGIFDESCR, NIO_FBSD_SIOCGIFDESCR);
NIO_SAME(sizeof(struct ifreq), NIO_BSD_IFREQ_SIZE);
NIO_SAME(offsetof(struct ifreq, ifr_buffer.length), NIO_FBSD_IFR_BUFFER_LEN);
NIO_SAME(offsetof(struct ifreq, ifr_buffer.buffer), NIO_FBSD_IFR_BUFFER_PTR);
#else
#error "no MIB_IF_ROW2 layout for this BSD yet (docs/bsd.md)"
#endif
NIO_SAME(IFF_UP, 0x1);
NIO_SAME(IFF_BROADCAST, 0x2);
NIO_SAME(IFF_POINTOPOINT, 0x10);

/* How often a table is read again when an interface left between the
 * sysctl and its ioctls, or the list grew between sizing and reading it. */
#define NIO_TRIES 8
/* One interface message and its sockaddr_dl fit with room to spare. */
#define NIO_ONE_IFROW 1024
/* FreeBSD's net.ifdescr_maxlen by default: the longest description the
 * kernel takes unless the administrator raises it. */
#define NIO_DESCR_BUF 1024

/* ------------------------------------------------------------- sysctl */
static int nio_ifrow_mib(uint32_t index, void *buf, size_t *len)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, AF_LINK, NIO_IFROW_SYSCTL, (int)index};
    return sysctl(mib, 6, buf, len, NULL, 0) == 0 ? 0 : -errno;
}

/* The messages of one index (0: every interface) into a buffer from
 * nio_alloc, sized first; a list that grew meanwhile (ENOMEM) is read
 * again. */
static int nio_ifrow_sysctl(uint32_t index, uint8_t **out, size_t *outlen)
{
    int err = -EAGAIN;
    for (int tries = 0; tries < NIO_TRIES && err == -EAGAIN; tries++) {
        size_t len = 0;
        uint8_t *buf;
        if ((err = nio_ifrow_mib(index, NULL, &len)) != 0)
            return err;
        len += len / 4 + NIO_ONE_IFROW;
        if ((buf = nio_alloc(len)) == NULL)
            return -ENOMEM;
        err = nio_ifrow_mib(index, buf, &len);
        if (err == 0) {
            *out = buf;
            *outlen = len;
            return 0;
        }
        nio_free(buf);
        if (err == -ENOMEM)
            err = -EAGAIN;
    }
    return err;
}

/* ----------------------------------------------- what the message lacks */
/* The socket the ioctls go through and macOS's cloners, learned once per
 * call. */
struct nio_ifrow_io {
    int fd;                     /* -1: not yet opened */
    char *cloners;              /* n names of IFNAMSIZ bytes, from nio_alloc */
    size_t ncloners;
    bool cloners_read;
};

static int nio_io_fd(struct nio_ifrow_io *io)
{
    if (io->fd < 0)
        io->fd = nio_bsd_socket(AF_INET, SOCK_DGRAM, 0);
    return io->fd < 0 ? io->fd : 0;
}

static void nio_io_close(struct nio_ifrow_io *io)
{
    if (io->fd >= 0)
        close(io->fd);
    nio_free(io->cloners);
}

/* The administrator's description.  None kept (FreeBSD ENOMSG), an OS
 * without the request (EOPNOTSUPP, EINVAL) or one longer than
 * NIO_DESCR_BUF leave it empty; only an interface that left is an error. */
static int nio_descr(const struct nio_bsd_ifrow_layout *l, struct nio_ifrow_io *io,
                     struct nio_ifrow *r)
{
    uint8_t req[NIO_BSD_DESCR_REQ_MAX];
    char buf[NIO_DESCR_BUF];
    int err = nio_bsd_descr_req(l, r->ifc.name, req, buf, sizeof(buf));
    if (err == 0)
        err = nio_io_fd(io);
    if (err)
        return err == -EOPNOTSUPP ? 0 : err;
    if (ioctl(io->fd, (unsigned long)l->descr_cmd, req) != 0)
        return nio_bsd_ioctl_err(errno) == -ENODEV ? -ENODEV : 0;
    (void)nio_bsd_descr_answer(l, req, buf, sizeof(buf), r->description);
    return 0;
}

/* FreeBSD: an interface named after a newbus device ("em0": dev.em.0) is
 * a device on a bus, as Linux's IFLA_PARENT_DEV_NAME says; its %desc is
 * the driver's name of the adapter, what Windows shows as Description. */
static bool nio_newbus(struct nio_ifrow *r)
{
    char oid[96], desc[NIO_DESCR_MAX];
    size_t len = sizeof(desc) - 1;
    if (!nio_bsd_dev_oid(r->ifc.name, oid, sizeof(oid)))
        return false;
    if (sysctlbyname(oid, desc, &len, NULL, 0) != 0 && errno != ENOMEM)
        return false;
    desc[len < sizeof(desc) ? len : sizeof(desc) - 1] = '\0';
    if (r->description[0] == '\0')
        memcpy(r->description, desc, strlen(desc) + 1);
    return true;
}

/* macOS's cloners (bridge, vlan, bond, feth, ...), once per call. */
static void nio_read_cloners(struct nio_ifrow_io *io)
{
    struct if_clonereq req;
    io->cloners_read = true;
    memset(&req, 0, sizeof(req));
    if (nio_io_fd(io) != 0 || ioctl(io->fd, SIOCIFGCLONERS, &req) != 0 || req.ifcr_total <= 0)
        return;
    io->cloners = nio_calloc((size_t)req.ifcr_total, IFNAMSIZ);
    if (io->cloners == NULL)
        return;
    req.ifcr_count = req.ifcr_total;
    req.ifcr_buffer = io->cloners;
    if (ioctl(io->fd, SIOCIFGCLONERS, &req) == 0)
        io->ncloners = (size_t)(req.ifcr_count < req.ifcr_total ? req.ifcr_count
                                                                 : req.ifcr_total);
}

/* macOS keeps no device tree a program can read without IOKit: an
 * Ethernet or 802.11 interface with an address that no cloner made is
 * taken for hardware. */
static bool nio_uncloned(struct nio_ifrow_io *io, const struct nio_ifrow *r)
{
    if (r->ifc.loopback || r->addr_len != 6 ||
        (r->ifc.iftype != IF_TYPE_ETHERNET_CSMACD && r->ifc.iftype != IF_TYPE_IEEE80211))
        return false;
    if (!io->cloners_read)
        nio_read_cloners(io);
    return !nio_bsd_cloned(r->ifc.name, io->cloners, io->ncloners);
}

/* macOS's carrier: the media status (-1 when there is none to ask). */
static int nio_media(struct nio_ifrow_io *io, const struct nio_ifrow *r, int *status)
{
    struct ifmediareq ifmr;
    int err = nio_io_fd(io);
    *status = -1;
    if (err)
        return err;
    memset(&ifmr, 0, sizeof(ifmr));
    memcpy(ifmr.ifm_name, r->ifc.name, strlen(r->ifc.name));
    if (ioctl(io->fd, SIOCGIFMEDIA, &ifmr) != 0)
        return nio_bsd_ioctl_err(errno) == -ENODEV ? -ENODEV : 0; /* lo0, utun: none */
    *status = ifmr.ifm_status;
    return 0;
}

/* Everything the message lacks: 0, -ENODEV when the interface left. */
static int nio_complete(const struct nio_bsd_ifrow_layout *l, unsigned flags,
                        struct nio_ifrow_io *io, struct nio_ifrow *r)
{
    bool hardware;
    int status = -1, err;
    if (!nio_bsd_name_fits(r->ifc.name))
        return -EPROTO;
    err = nio_descr(l, io, r);
    if (err == 0 && l->ifl->ifi_link_state == NIO_BSD_ABSENT && r->ifc.connected)
        err = nio_media(io, r, &status);
    if (err)
        return err;
    hardware = l == &nio_bsd_ifrow_freebsd ? nio_newbus(r) : nio_uncloned(io, r);
    nio_bsd_ifrow_settle(r, hardware, status);
    if (!(flags & NIO_IFROW_COUNTERS)) {
        r->has_counters = false;
        memset(&r->counters, 0, sizeof(r->counters));
    }
    return 0;
}

/* ------------------------------------------------------ one interface */
struct nio_find {
    uint32_t index;
    struct nio_ifrow *out;
};

static int nio_find_cb(const struct nio_ifrow *r, void *ctx)
{
    struct nio_find *f = ctx;
    if (r->ifc.index != f->index)
        return 0;
    *f->out = *r;
    return 1;
}

/* The interface's message: 0, or -ENODEV when the kernel has none. */
static int nio_read_one(const struct nio_bsd_ifrow_layout *l, uint32_t ifindex,
                        struct nio_ifrow *out)
{
    uint8_t small[NIO_ONE_IFROW], *buf = small;
    size_t len = sizeof(small);
    struct nio_find find = {ifindex, out};
    int err = nio_ifrow_mib(ifindex, small, &len);
    if (err == -ENOMEM)
        err = nio_ifrow_sysctl(ifindex, &buf, &len);
    if (err == -ENOENT || err == -ENXIO)
        err = -ENODEV;
    if (err)
        return err;
    err = nio_bsd_parse_ifrows(l, buf, len, nio_find_cb, &find);
    if (buf != small)
        nio_free(buf);
    if (err == 0)
        err = -ENODEV; /* the kernel answered nothing for that index */
    return err == 1 ? 0 : err;
}

int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    const struct nio_bsd_ifrow_layout *l = &NIO_IFROW_LAYOUT;
    struct nio_ifrow_io io = {-1, NULL, 0, false};
    int err;
    /* if_msghdr carries a 16-bit index: nothing larger exists. */
    if (ifindex == 0 || ifindex > UINT16_MAX)
        return -ENODEV;
    err = nio_read_one(l, ifindex, out);
    if (err == 0)
        err = nio_complete(l, flags, &io, out);
    nio_io_close(&io);
    return err;
}

/* ---------------------------------------------------- every interface */
struct nio_ifrow_collect {
    struct nio_vec vec;         /* of struct nio_ifrow */
};

static int nio_collect_cb(const struct nio_ifrow *r, void *ctx)
{
    struct nio_ifrow_collect *c = ctx;
    struct nio_ifrow *slot = nio_vec_room(&c->vec, sizeof(*slot));
    if (slot == NULL)
        return -ENOMEM;
    *slot = *r;
    c->vec.n++;
    return 0;
}

/* One snapshot: the list in one sysctl, then each interface's calls; an
 * interface that left in between makes it torn: -EAGAIN. */
static int nio_snapshot(const struct nio_bsd_ifrow_layout *l, unsigned flags,
                        struct nio_ifrow_collect *c)
{
    struct nio_ifrow_io io = {-1, NULL, 0, false};
    struct nio_ifrow *v;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = nio_ifrow_sysctl(0, &buf, &len);
    c->vec.n = 0;
    if (err)
        return err;
    err = nio_bsd_parse_ifrows(l, buf, len, nio_collect_cb, c);
    nio_free(buf);
    v = c->vec.v;
    for (size_t i = 0; i < c->vec.n && err == 0; i++)
        err = nio_complete(l, flags, &io, &v[i]);
    nio_io_close(&io);
    return err == -ENODEV ? -EAGAIN : err;
}

int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    const struct nio_bsd_ifrow_layout *l = &NIO_IFROW_LAYOUT;
    struct nio_ifrow_collect c = {{NULL, 0, 0}};
    int err = -EAGAIN;
    for (int tries = 0; tries < NIO_TRIES && err == -EAGAIN; tries++)
        err = nio_snapshot(l, flags, &c);
    if (err) {
        nio_free(c.vec.v);
        return err;
    }
    *out = c.vec.v;
    *count = c.vec.n;
    return 0;
}
