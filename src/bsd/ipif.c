/* ipif.c - the BSD and macOS answers to the core's questions about IP
 * interfaces (nio_os_get, nio_os_get_by_name, nio_os_list).
 *
 * One interface: sysctl {CTL_NET, PF_ROUTE, 0, AF_LINK, NET_RT_IFLIST,
 * index}, which the kernel answers with that interface's RTM_IFINFO message
 * alone, plus SIOCGIFINFO_IN6 on an AF_INET6 datagram socket for its IPv6
 * neighbour-discovery state (and SIOCGIFMEDIA on macOS, whose if_data has
 * no link state).  Every interface: the same sysctl with index 0, once,
 * then the same ioctls per interface.  Forwarding and the DAD count are
 * system-wide sysctls, read once per call.  Parsing is parse-ipif.c's.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsd.h"

/* How often a snapshot is read again when the list grew between sizing
 * and reading it, or an interface vanished before its ioctls, before the
 * call gives up with -EAGAIN (ERROR_RETRY). */
#define NIO_TRIES 8
/* One RTM_IFINFO message and its sockaddr_dl (FreeBSD: 168 + 56 bytes)
 * fit with room to spare. */
#define NIO_ONE_IFINFO 1024

/* ------------------------------------------------------------- sysctl */
static int nio_sysctl_u32(int a, int b, int c, uint32_t *out)
{
    int mib[4] = {CTL_NET, a, b, c};
    int v = 0;
    size_t len = sizeof(v);
    if (sysctl(mib, 4, &v, &len, NULL, 0) != 0)
        return -errno;
    if (len != sizeof(v) || v < 0)
        return -EPROTO;
    *out = (uint32_t)v;
    return 0;
}

/* The system-wide settings of the families in want; a setting the kernel
 * lacks (IPv6 compiled out) stays unknown. */
void nio_bsd_read_globals(unsigned want, struct nio_bsd_globals *g)
{
    uint32_t v;
    memset(g, 0, sizeof(*g));
    if ((want & NIO_WANT_V4) && nio_sysctl_u32(PF_INET, IPPROTO_IP, IPCTL_FORWARDING, &v) == 0) {
        g->has_forwarding4 = true;
        g->forwarding4 = v != 0;
    }
    if (!(want & NIO_WANT_V6))
        return;
    if (nio_sysctl_u32(PF_INET6, IPPROTO_IPV6, IPV6CTL_FORWARDING, &v) == 0) {
        g->has_forwarding6 = true;
        g->forwarding6 = v != 0;
    }
#ifdef IPV6CTL_DAD_COUNT
    if (nio_sysctl_u32(PF_INET6, IPPROTO_IPV6, IPV6CTL_DAD_COUNT, &v) == 0) {
        g->has_dad_count = true;
        g->dad_count = v;
    }
#endif
}

/* NET_RT_IFLIST for one index (0: every interface) into a buffer from
 * nio_alloc.  The size is asked first; when the list grows before it is
 * read, the kernel answers ENOMEM and the read is tried again. */
static int nio_iflist(uint32_t index, uint8_t **out, size_t *outlen)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, AF_LINK, NET_RT_IFLIST, (int)index};
    for (int tries = 0; tries < NIO_TRIES; tries++) {
        size_t len = 0;
        uint8_t *buf;
        int err;
        if (sysctl(mib, 6, NULL, &len, NULL, 0) != 0)
            return -errno;
        len += len / 4 + NIO_ONE_IFINFO; /* room for interfaces that arrive meanwhile */
        buf = nio_alloc(len);
        if (buf == NULL)
            return -ENOMEM;
        if (sysctl(mib, 6, buf, &len, NULL, 0) == 0) {
            *out = buf;
            *outlen = len;
            return 0;
        }
        err = -errno;
        nio_free(buf);
        if (err != -ENOMEM)
            return err;
    }
    return -EAGAIN;
}

/* One interface's NET_RT_IFLIST: one sysctl into small, which its single
 * message fits; nio_iflist() when it does not (*out is then small or a
 * buffer from nio_alloc). */
static int nio_iflist_one(uint32_t index, uint8_t *small, uint8_t **out, size_t *outlen)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, AF_LINK, NET_RT_IFLIST, (int)index};
    size_t len = NIO_ONE_IFINFO;
    if (sysctl(mib, 6, small, &len, NULL, 0) == 0) {
        *out = small;
        *outlen = len;
        return 0;
    }
    if (errno != ENOMEM)
        return -errno;
    return nio_iflist(index, out, outlen);
}

/* ------------------------------------------------------------- ioctls */
/* The datagram sockets the ioctls go through, opened on first use. */
struct nio_socks {
    int inet6;          /* -1 not yet, -2 the kernel has no IPv6 */
    int inet;
};

int nio_bsd_socket(int family, int type, int protocol)
{
    int s;
#ifdef SOCK_CLOEXEC
    s = socket(family, type | SOCK_CLOEXEC, protocol);
#else
    /* macOS has no SOCK_CLOEXEC: a fork() in another thread may inherit
     * the socket for the few instructions until fcntl(). */
    s = socket(family, type, protocol);
    if (s >= 0)
        fcntl(s, F_SETFD, FD_CLOEXEC);
#endif
    return s >= 0 ? s : -errno;
}

static int nio_dgram(int family, int *fd)
{
    int s;
    if (*fd >= 0)
        return 0;
    s = nio_bsd_socket(family, SOCK_DGRAM, 0);
    if (s < 0)
        return s;
    *fd = s;
    return 0;
}

static void nio_socks_close(struct nio_socks *s)
{
    if (s->inet6 >= 0)
        close(s->inet6);
    if (s->inet >= 0)
        close(s->inet);
}

int nio_bsd_ioctl_err(int e)
{
    return e == ENXIO || e == ENODEV ? -ENODEV : -e;
}

bool nio_bsd_name_fits(const char *name)
{
    return strlen(name) > 0 && strlen(name) < IFNAMSIZ;
}

bool nio_bsd_no_inet6(int err)
{
    return err == -EAFNOSUPPORT || err == -EPROTONOSUPPORT;
}

bool nio_bsd_no_nd(int err)
{
    return err == -EINVAL || err == -EAFNOSUPPORT
#ifdef EPFNOSUPPORT
           || err == -EPFNOSUPPORT
#endif
        ;
}

int nio_bsd_nd_get(const struct nio_bsd_layout *l, int fd, const char *name, uint8_t *req)
{
    memset(req, 0, NIO_BSD_NDIREQ_MAX);
    memcpy(req, name, strlen(name)); /* NUL-padded ifname[IFNAMSIZ] */
    if (ioctl(fd, (unsigned long)l->siocgifinfo_in6, req) != 0)
        return nio_bsd_ioctl_err(errno);
    return 0;
}

/* The IPv6 facts of one interface.  The kernel refuses the request for an
 * interface without IPv6 state (macOS EINVAL, FreeBSD EPFNOSUPPORT): no
 * IPv6 row there. */
static int nio_complete_v6(const struct nio_bsd_layout *l, const struct nio_bsd_globals *g,
                           struct nio_socks *s, struct nio_iface *ifc)
{
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    int err;
    if (s->inet6 == -2)
        return 0;
    err = nio_dgram(AF_INET6, &s->inet6);
    if (nio_bsd_no_inet6(err)) {
        s->inet6 = -2; /* a kernel without IPv6 */
        return 0;
    }
    if (err)
        return err;
    err = nio_bsd_nd_get(l, s->inet6, ifc->name, req);
    if (err == 0)
        return nio_bsd_parse_nd(l, req, l->ndireq_size, g, ifc);
    if (nio_bsd_no_nd(err) || err == -EOPNOTSUPP)
        return 0;
    return err;
}

/* macOS keeps the carrier only in the media status. */
static int nio_complete_media(struct nio_socks *s, struct nio_iface *ifc)
{
    struct ifmediareq ifmr;
    int err = nio_dgram(AF_INET, &s->inet);
    if (err)
        return err;
    memset(&ifmr, 0, sizeof(ifmr));
    memcpy(ifmr.ifm_name, ifc->name, strlen(ifc->name));
    if (ioctl(s->inet, SIOCGIFMEDIA, &ifmr) != 0)
        /* No media to ask (lo0, utun): IFF_RUNNING stands. */
        return nio_bsd_ioctl_err(errno) == -ENODEV ? -ENODEV : 0;
    ifc->connected = ifc->connected && nio_bsd_media_active(ifmr.ifm_status);
    return 0;
}

/* What the RTM_IFINFO message lacks, for the families the caller wants:
 * 0, -ENODEV when the interface vanished meanwhile, or -errno. */
static int nio_complete(const struct nio_bsd_layout *l, const struct nio_bsd_globals *g,
                        unsigned want, struct nio_socks *s, struct nio_iface *ifc)
{
    int err = 0;
    if (!nio_bsd_name_fits(ifc->name))
        return -EPROTO; /* parse-ipif.c gives no empty name: only a long one */
    if (l->ifi_link_state == NIO_BSD_ABSENT && ifc->connected)
        err = nio_complete_media(s, ifc);
    if (err == 0 && (want & NIO_WANT_V4))
        nio_bsd_apply_v4(g, ifc);
    if (err == 0 && (want & NIO_WANT_V6))
        err = nio_complete_v6(l, g, s, ifc);
    return err;
}

/* ---------------------------------------------------------- one interface */
struct nio_find {
    uint32_t index;
    struct nio_iface *out;
};

static int nio_find_cb(const struct nio_iface *ifc, void *ctx)
{
    struct nio_find *f = ctx;
    if (ifc->index != f->index)
        return 0;
    *f->out = *ifc;
    return 1;
}

int nio_os_get(uint32_t ifindex, unsigned want, struct nio_iface *out)
{
    const struct nio_bsd_layout *l = nio_bsd_native();
    struct nio_socks s = {-1, -1};
    struct nio_bsd_globals g;
    struct nio_find find = {ifindex, out};
    uint8_t small[NIO_ONE_IFINFO], *buf = NULL;
    size_t len = 0;
    int err;
    /* if_msghdr carries a 16-bit index: nothing larger exists. */
    if (ifindex == 0 || ifindex > UINT16_MAX)
        return -ENODEV;
    err = nio_iflist_one(ifindex, small, &buf, &len);
    if (err == -ENOENT || err == -ENXIO)
        err = -ENODEV;
    if (err)
        return err;
    err = nio_bsd_parse_iflist(l, buf, len, nio_find_cb, &find);
    if (buf != small)
        nio_free(buf);
    if (err == 0)
        err = -ENODEV; /* the kernel answered nothing for that index */
    if (err != 1)
        return err;
    /* Presence comes from the same ioctls as the facts here. */
    if (want & NIO_WANT_PRESENCE)
        want |= NIO_WANT_V4 | NIO_WANT_V6;
    nio_bsd_read_globals(want, &g);
    err = nio_complete(l, &g, want, &s, out);
    nio_socks_close(&s);
    return err;
}

int nio_os_get_by_name(const char *name, unsigned want, struct nio_iface *out)
{
    unsigned index;
    int err;
    if (!nio_bsd_name_fits(name))
        return -ENODEV;
    index = if_nametoindex(name);
    if (index == 0)
        return -ENODEV;
    err = nio_os_get(index, want, out);
    /* Renamed between the two look-ups: that index is another name now. */
    if (err == 0 && strcmp(out->name, name) != 0)
        err = -ENODEV;
    return err;
}

/* ------------------------------------------------------- every interface */
struct nio_list {
    struct nio_iface *v;
    size_t n, cap;
};

static int nio_list_cb(const struct nio_iface *ifc, void *ctx)
{
    struct nio_list *l = ctx;
    struct nio_iface *v = nio_grow(l->v, &l->cap, l->n, sizeof(*v));
    if (v == NULL)
        return -ENOMEM;
    l->v = v;
    l->v[l->n++] = *ifc;
    return 0;
}

/* One snapshot: the list in one sysctl, then each interface's ioctls.  An
 * interface that vanished in between makes the snapshot torn: -EAGAIN. */
static int nio_snapshot(const struct nio_bsd_layout *l, unsigned want, struct nio_list *list)
{
    struct nio_socks s = {-1, -1};
    struct nio_bsd_globals g;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = nio_iflist(0, &buf, &len);
    if (err)
        return err;
    err = nio_bsd_parse_iflist(l, buf, len, nio_list_cb, list);
    nio_free(buf);
    if (err)
        return err;
    nio_bsd_read_globals(want, &g);
    for (size_t i = 0; i < list->n && err == 0; i++)
        err = nio_complete(l, &g, want, &s, &list->v[i]);
    nio_socks_close(&s);
    return err == -ENODEV ? -EAGAIN : err;
}

int nio_os_list(unsigned want, struct nio_iface **out, size_t *count)
{
    const struct nio_bsd_layout *l = nio_bsd_native();
    struct nio_list list = {NULL, 0, 0};
    int err = -EAGAIN;
    for (int tries = 0; tries < NIO_TRIES && err == -EAGAIN; tries++) {
        list.n = 0;
        err = nio_snapshot(l, want, &list);
    }
    if (err) {
        nio_free(list.v);
        return err;
    }
    *out = list.v;
    *count = list.n;
    return 0;
}
