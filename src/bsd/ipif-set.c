/* ipif-set.c - applying one change to a BSD interface; knobs.c says which
 * changes are offered and builds the ND requests (docs/bsd.md).
 *
 * IPv4 NlMtu is the link MTU: SIOCSIFMTU on an AF_INET datagram socket,
 * after SIOCGIFMTU has read the value to put back.  The IPv6 knobs are
 * fields of the interface's nd_ifinfo: read with SIOCGIFINFO_IN6 and
 * written back with SIOCSIFINFO_FLAGS (the ND6_IFF_* flags) or, on
 * FreeBSD, SIOCSIFINFO_IN6 (basereachable, retrans).  Both kernels check
 * the caller's privilege in each of these ioctls, so EPERM is reported as
 * such whatever nio_os_may_change() guessed.  The ioctls name the
 * interface: one renamed between the core's lookup and the ioctl would be
 * missed (ENXIO: not found) or, if another took its name meanwhile,
 * changed in its place; not detected.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "bsd.h"

unsigned nio_os_knobs(int slot)
{
    return nio_bsd_knobs(nio_bsd_native(), slot);
}

/* A DAD count is the system's (net.inet6.ip6.dad_count): an interface
 * can only run DAD with it or not at all. */
bool nio_os_accepts(int slot, enum nio_knob knob, uint32_t value)
{
    struct nio_bsd_globals g;
    if (knob != NIO_KNOB_DAD || slot != NIO_V6 || value == 0)
        return true;
    nio_bsd_read_globals(NIO_WANT_V6, &g);
    return nio_bsd_dad_count_ok(&g, value);
}

int nio_os_may_change(void)
{
    /* Both kernels let only the superuser change an interface (XNU:
     * proc_suser(); FreeBSD: priv_check(), which also refuses root in a
     * jail without its own network stack - that root learns it from the
     * first ioctl, before anything is written). */
    return geteuid() == 0 ? 0 : -EPERM;
}

/* The link MTU to mtu; *was (when not NULL) receives the one it had. */
static int nio_link_mtu(const struct nio_iface *ifc, uint32_t mtu, uint32_t *was)
{
    struct ifreq ifr;
    int fd, err = 0;
    if (!nio_bsd_name_fits(ifc->name))
        return -ENODEV;
    if (mtu > INT32_MAX)
        return -EINVAL;
    fd = nio_bsd_socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return fd;
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, ifc->name, strlen(ifc->name));
    if (was != NULL) {
        if (ioctl(fd, SIOCGIFMTU, &ifr) != 0)
            err = nio_bsd_ioctl_err(errno);
        else if (ifr.ifr_mtu <= 0)
            err = -EPROTO;
        else
            *was = (uint32_t)ifr.ifr_mtu;
    }
    ifr.ifr_mtu = (int)mtu;
    if (err == 0 && ioctl(fd, SIOCSIFMTU, &ifr) != 0)
        err = nio_bsd_ioctl_err(errno);
    close(fd);
    return err;
}

/* SIOCGIFINFO_IN6 into req (NIO_BSD_NDIREQ_MAX bytes). */
static int nio_nd_read(const struct nio_bsd_layout *l, int fd, const struct nio_iface *ifc,
                       uint8_t *req)
{
    int err = nio_bsd_nd_get(l, fd, ifc->name, req);
    /* No IPv6 state any more (ipif.c reads the same answers as "no
     * IPv6 row"): the row is gone. */
    return nio_bsd_no_nd(err) ? -ENODEV : err;
}

/* One IPv6 knob: read nd_ifinfo, build the request (knobs.c), send it.
 * undo == NULL: put back the value of the token restore. */
static int nio_nd_set(const struct nio_iface *ifc, enum nio_knob knob, uint32_t value,
                      uint32_t *undo)
{
    const struct nio_bsd_layout *l = nio_bsd_native();
    uint8_t req[NIO_BSD_NDIREQ_MAX];
    struct nio_bsd_globals g;
    uint32_t cmd = 0;
    int fd, err;
    if (!nio_bsd_name_fits(ifc->name))
        return -ENODEV;
    fd = nio_bsd_socket(AF_INET6, SOCK_DGRAM, 0);
    if (fd < 0)
        return nio_bsd_no_inet6(fd) ? -ENODEV : fd;
    err = nio_nd_read(l, fd, ifc, req);
    if (err == 0 && undo != NULL) {
        memset(&g, 0, sizeof(g));
        if (knob == NIO_KNOB_DAD)
            nio_bsd_read_globals(NIO_WANT_V6, &g);
        err = nio_bsd_nd_change(l, req, knob, value, &g, undo, &cmd);
    } else if (err == 0) {
        err = nio_bsd_nd_restore(l, req, knob, value, &cmd);
    }
    /* SIOCSIFINFO_* take the whole flags word as read a moment ago: a
     * change of another flag by another process in between is lost (the
     * kernel offers no finer request). */
    if (err == 0 && ioctl(fd, (unsigned long)cmd, req) != 0)
        err = nio_bsd_ioctl_err(errno);
    close(fd);
    return err;
}

int nio_os_apply(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t value,
                 uint32_t *undo)
{
    if (!nio_bsd_knob_offered(nio_bsd_native(), slot, knob))
        return -EOPNOTSUPP;
    if (knob == NIO_KNOB_MTU)
        return nio_link_mtu(ifc, value, undo);
    /* The core asked nio_os_accepts before writing anything; a count
     * that changed since is still refused here (and undone by the core). */
    return nio_nd_set(ifc, knob, value, undo);
}

int nio_os_undo(const struct nio_iface *ifc, int slot, enum nio_knob knob, uint32_t undo)
{
    if (!nio_bsd_knob_offered(nio_bsd_native(), slot, knob))
        return -EOPNOTSUPP;
    if (knob == NIO_KNOB_MTU)
        return nio_link_mtu(ifc, undo, NULL);
    return nio_nd_set(ifc, knob, undo, NULL);
}
