/* store.c - the system-wide record of the settings FreeBSD and macOS have
 * no place for (backend.h, "the system-wide record"; docs/set.md, docs/bsd.md).
 *
 *   /var/run/netioapi-compat/             root, 0755 (emptied at boot)
 *     lock                                flock()ed across a whole Set
 *     if<index>-v4, if<index>-v6          0644, replaced by rename()
 *
 * One system, no network namespaces here (a FreeBSD VNET jail has its own
 * /var/run when it has its own file system; one that shares the host's
 * would share the records: docs/bsd.md).  The root is fixed: no variable
 * redirects it.  A file or
 * directory is trusted only when owned by root or by this process's
 * effective user and writable by its owner alone: an unprivileged user can
 * create nothing in a root-owned 0755 directory, and what it owns
 * elsewhere is never read.  The files themselves (lock, read, list, the
 * atomic replacement) are src/posix/store-files.c's, shared with the Linux
 * back end; only the directory is named here.
 */
#include <errno.h>

#include "backend.h"
#include "posix/store-files.h"

#define NIO_STORE_ROOT "/var/run/netioapi-compat"

/* The one directory of the system: the root, made when create and
 * checked. */
int nio_store_dir(char *dir, size_t cap, bool create)
{
    int err = nio_store_dir_ready(NIO_STORE_ROOT, create);
    if (err == 0)
        nio_path_put(dir, dir + cap - 1, NIO_STORE_ROOT);
    return err;
}

/* ------------------------------------------------ the link's speed */
/* The automatic metric's speed (ipif-store.c): until GetIfEntry2 comes to
 * the BSDs (pending.c), no speed is known here, and the core counts the
 * device as one without a notion of a speed, as nio_os_ifrow_get's
 * absence makes every other reader do. */
int nio_os_speed(const struct nio_iface *ifc, enum nio_speed *speed, uint64_t *bps)
{
    (void)ifc;
    *speed = NIO_SPEED_NONE;
    *bps = 0;
    return -EOPNOTSUPP;
}

/* No walk of every device's speed either: the core asks each device. */
int nio_os_speeds(struct nio_speed_of **out, size_t *count)
{
    (void)out;
    (void)count;
    return -EOPNOTSUPP;
}

/* ------------------------------------------- router advertisements */
/* macOS has no per-interface switch for the default routers of router
 * advertisements, only the system-wide net.inet6.ip6.accept_rtadv;
 * FreeBSD's per-interface ND6_IFF_NO_RADR is not used yet (docs/bsd.md). */
int nio_os_ra_defrtr(const struct nio_iface *ifc, uint32_t value, uint32_t *was)
{
    (void)ifc;
    (void)value;
    (void)was;
    return -EOPNOTSUPP;
}

/* Added again through the routing socket as nio_os_route_add adds a route
 * (gateway, interface, metric and the flags it sets): flags of the original
 * that add does not set are not restored (docs/bsd.md). */
int nio_os_route_restore(const struct nio_route *r)
{
    return nio_os_route_add(r);
}

/* The kernels keep no priority per route (rmx_hopcount is never used to
 * choose): the interface metric is recorded, and orders nothing. */
bool nio_os_route_priorities(void)
{
    return false;
}
