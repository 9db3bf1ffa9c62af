/* ifrow.c - the Linux answers for MIB_IF_ROW2: one interface is one
 * RTM_GETLINK for its index (with the 64-bit counters unless the caller
 * wants none) and one SIOCETHTOOL ioctl for its speed; every interface is
 * one RTM_GETLINK dump and one ethtool-netlink dump of the speeds
 * (ethtool.c), or one ioctl per interface where the kernel has none.
 *
 * The ioctl goes through the thread's rtnetlink socket: the kernel serves
 * device ioctls on a socket of any family, so no second socket is opened.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>

#include "linux.h"

/* ETHTOOL_GLINKSETTINGS wants the kernel's number of link-mode words,
 * learned once per process by a handshake (the kernel answers a request
 * with the wrong number by sending the right one, negated).  0: not yet
 * learned.  The number is the kernel's, the same for every device. */
static atomic_int nio_ethtool_nwords;

#define NIO_ETHTOOL_MAX_NWORDS 127 /* the kernel's s8 limit */

struct nio_ethtool_req {
    struct ethtool_link_settings base;
    uint32_t masks[3 * NIO_ETHTOOL_MAX_NWORDS];
};

static int nio_ethtool(int fd, const char *name, void *data)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_data = data;
    return ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
}

/* ETHTOOL_GSET, for kernels before 4.6 that lack GLINKSETTINGS. */
static int nio_speed_legacy(int fd, const char *name, uint32_t *mbps)
{
    struct ethtool_cmd cmd;
    int err;
    memset(&cmd, 0, sizeof(cmd));
    cmd.cmd = ETHTOOL_GSET;
    err = nio_ethtool(fd, name, &cmd);
    if (err == 0)
        *mbps = ethtool_cmd_speed(&cmd);
    return err;
}

static int nio_speed_mbps(int fd, const char *name, uint32_t *mbps)
{
    struct nio_ethtool_req req;
    int nwords = atomic_load(&nio_ethtool_nwords);
    for (int round = 0; round < 2; round++) {
        int err;
        memset(&req.base, 0, sizeof(req.base));
        req.base.cmd = ETHTOOL_GLINKSETTINGS;
        req.base.link_mode_masks_nwords = (int8_t)nwords;
        err = nio_ethtool(fd, name, &req);
        if (err == -EOPNOTSUPP)
            return nio_speed_legacy(fd, name, mbps);
        if (err)
            return err;
        if (nwords > 0 && req.base.link_mode_masks_nwords == nwords) {
            *mbps = req.base.speed;
            return 0;
        }
        /* The handshake: the kernel's number, negated. */
        nwords = -req.base.link_mode_masks_nwords;
        if (nwords <= 0 || nwords > NIO_ETHTOOL_MAX_NWORDS)
            return -EPROTO;
        atomic_store(&nio_ethtool_nwords, nwords);
    }
    return -EPROTO;
}

/* The device's speed.  Devices without the ethtool operation (loopback,
 * WireGuard, dummy) have none; a device with one reports SPEED_UNKNOWN
 * while it has no link. */
static void nio_speed(int fd, struct nio_ifrow *r)
{
    uint32_t mbps = 0;
    if (nio_speed_mbps(fd, r->ifc.name, &mbps) != 0) {
        r->speed = NIO_SPEED_NONE; /* unsupported, or the device just went */
        r->speed_bps = 0;
    } else {
        nio_linux_speed_mbps(mbps, &r->speed, &r->speed_bps);
    }
}

/* What an ifrow request asks: one index, or with NLM_F_DUMP every one. */
struct nio_ifrow_ask {
    uint16_t flags;
    int ifindex;
    unsigned want;
};

static void nio_ifrow_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_ifrow_ask *a = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETLINK, a->flags);
    struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = a->ifindex;
    /* Counters make every message larger: only when they are wanted. */
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK,
                     (a->want & NIO_IFROW_COUNTERS) ? 0 : RTEXT_FILTER_SKIP_STATS);
}

static int nio_one_ifrow_cb(const struct nlmsghdr *nlh, void *ctx)
{
    return nio_linux_parse_ifrow(nlh, ctx);
}

/* The thread's socket, for the speed ioctl. */
static int nio_ifrow_fd(int *fd)
{
    struct nio_nl *nl;
    int err = nio_nl_open(&nl);
    if (err == 0)
        *fd = nio_nl_fd(nl);
    return err;
}

int nio_os_ifrow_get(uint32_t ifindex, unsigned flags, struct nio_ifrow *out)
{
    struct nio_ifrow_ask ask = {0, (int)ifindex, flags};
    int fd, err;
    if (ifindex == 0 || ifindex > INT32_MAX)
        return -ENODEV;
    err = nio_nl_ask(nio_ifrow_request, &ask, nio_one_ifrow_cb, out);
    if (err == 0 && (err = nio_ifrow_fd(&fd)) == 0)
        nio_speed(fd, out);
    return err;
}

/* The automatic interface metric's question (ipif-store.c): the speed
 * alone, one ioctl through the thread's socket, no link request. */
int nio_os_speed(const struct nio_iface *ifc, enum nio_speed *speed, uint64_t *bps)
{
    struct nio_ifrow r;
    int fd, err = nio_ifrow_fd(&fd);
    if (err)
        return err;
    memset(&r, 0, sizeof(r));
    memcpy(r.ifc.name, ifc->name, sizeof(r.ifc.name));
    nio_speed(fd, &r);
    *speed = r.speed;
    *bps = r.speed_bps;
    return 0;
}

/* ------------------------------------------------------------------ list */
struct nio_ifrow_list {
    struct nio_vec vec;         /* of struct nio_ifrow */
    unsigned flags;
};

static int nio_list_ifrow_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_ifrow_list *l = ctx;
    struct nio_ifrow *r = nio_vec_room(&l->vec, sizeof(*r));
    if (r == NULL)
        return -ENOMEM;
    if (nio_linux_parse_ifrow(nlh, r) < 0)
        return -EPROTO;
    l->vec.n++;
    return 0;
}

static int nio_ifrow_dump(void *ctx)
{
    struct nio_ifrow_list *l = ctx;
    struct nio_ifrow_ask ask = {NLM_F_DUMP, 0, l->flags};
    l->vec.n = 0;
    return nio_nl_ask(nio_ifrow_request, &ask, nio_list_ifrow_cb, l);
}

/* Every row's speed: from one dump (ethtool.c) where the kernel has it,
 * else one ioctl per device. */
static void nio_ifrow_speeds(int fd, struct nio_ifrow *rows, size_t n)
{
    struct nio_speed_of *sp = NULL;
    size_t nsp = 0;
    if (n == 0)
        return;
    if (nio_os_speeds(&sp, &nsp) != 0) {
        for (size_t i = 0; i < n; i++)
            nio_speed(fd, &rows[i]);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct nio_speed_of *s = nio_find_by_index(sp, nsp, sizeof(*sp), rows[i].ifc.index);
        rows[i].speed = s != NULL ? s->speed : NIO_SPEED_NONE; /* left out: none */
        rows[i].speed_bps = s != NULL ? s->bps : 0;
    }
    nio_free(sp);
}

int nio_os_ifrow_list(unsigned flags, struct nio_ifrow **out, size_t *count)
{
    struct nio_ifrow_list l = {{NULL, 0, 0}, flags};
    struct nio_ifrow *v;
    int fd, err = nio_nl_snapshot(nio_ifrow_dump, &l);
    if (err == 0)
        err = nio_ifrow_fd(&fd);
    if (err) {
        nio_free(l.vec.v);
        return err;
    }
    v = l.vec.v;
    nio_ifrow_speeds(fd, v, l.vec.n);
    *out = v;
    *count = l.vec.n;
    return 0;
}
