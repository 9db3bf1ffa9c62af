/* neigh.c - the neighbour rows on FreeBSD and macOS: sysctl NET_RT_FLAGS
 * with RTF_LLINFO for the list and for one entry, RTM_ADD and RTM_DELETE
 * on a routing socket for the changes, as arp(8) and ndp(8) make them.
 * The messages are parse-neigh.c's; this file makes the system calls and
 * proves at compile time that the constants it relies on match the
 * headers of the OS it is built for.  docs/bsd.md ("Neighbour rows") says
 * what each kernel tells and what can be written. */
#include <sys/param.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bsd.h"

#if defined(__APPLE__)
#define NIO_NEIGH_LAYOUT nio_bsd_neigh_macos
#elif defined(__FreeBSD__)
#define NIO_NEIGH_LAYOUT nio_bsd_neigh_freebsd
#else
#error "no neighbour layout for this BSD yet (docs/bsd.md)"
#endif

#define NIO_NEIGH_SAME(a, b) _Static_assert((a) == (b), #a " != " #b)

/* What parse-neigh.c assumes (route.c checks the header and sockaddrs). */
NIO_NEIGH_SAME(NET_RT_FLAGS, NIO_BSD_NET_RT_FLAGS);
NIO_NEIGH_SAME(RTF_PROTO2, NIO_BSD_RTF_ANNOUNCE);
NIO_NEIGH_SAME(offsetof(struct sockaddr_dl, sdl_nlen), NIO_BSD_SDL_NLEN);
NIO_NEIGH_SAME(offsetof(struct sockaddr_dl, sdl_alen), NIO_BSD_SDL_ALEN);
NIO_NEIGH_SAME(offsetof(struct sockaddr_dl, sdl_data), NIO_BSD_SDL_DATA);
#if defined(__APPLE__)
NIO_NEIGH_SAME(RTF_LLINFO, NIO_BSD_RTF_LLINFO);
NIO_NEIGH_SAME(RTF_ROUTER, NIO_MAC_RTF_ROUTER);
#else
NIO_NEIGH_SAME(RTF_LLDATA, NIO_BSD_RTF_LLINFO);
NIO_NEIGH_SAME(RTF_PINNED, NIO_FBSD_RTF_PINNED);
NIO_NEIGH_SAME(offsetof(struct rt_msghdr, rtm_rmx) + offsetof(struct rt_metrics, rmx_state),
               NIO_FBSD_RTM_STATE);
NIO_NEIGH_SAME(sizeof(((struct rt_metrics *)0)->rmx_state), 8);
#endif

const struct nio_bsd_neighlayout *nio_bsd_neigh_native(void)
{
    return &NIO_NEIGH_LAYOUT;
}

/* ------------------------------------------------------------- reading */
static void nio_neigh_clock(struct nio_bsd_clock *c)
{
    struct timespec ts = {0, 0};
    /* FreeBSD's time_uptime is CLOCK_MONOTONIC's seconds (arp(8) compares
     * an IPv4 entry's expiry with it). */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    c->uptime = (int64_t)ts.tv_sec;
    c->wall = (int64_t)time(NULL);
}

static int nio_neigh_collect(const struct nio_neigh *n, void *ctx)
{
    struct nio_neigh *slot = nio_vec_room(ctx, sizeof(*n));
    if (slot == NULL)
        return -ENOMEM;
    *slot = *n;
    ((struct nio_vec *)ctx)->n++;
    return 0;
}

/* The neighbours of one family (NIO_WANT_*) on ifindex (0: any), added
 * to v.  No BSD filters this dump by interface: that is done here. */
static int nio_neigh_rows(unsigned want, uint32_t ifindex, struct nio_vec *v)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, want == NIO_WANT_V6 ? AF_INET6 : AF_INET,
                  NET_RT_FLAGS, RTF_LLINFO};
    struct nio_bsd_clock now;
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = nio_bsd_sysctl_read(mib, &buf, &len);
    if (err == -EAFNOSUPPORT || err == -ENOENT)
        return 0; /* a kernel without the family has no neighbours of it */
    nio_neigh_clock(&now);
    if (err == 0)
        err = nio_bsd_parse_neighs(nio_bsd_neigh_native(), buf, len, want, ifindex, &now,
                                   nio_neigh_collect, v);
    nio_free(buf);
    return err;
}

int nio_os_neigh_list(unsigned want, uint32_t ifindex, struct nio_neigh **out, size_t *count)
{
    struct nio_vec v = {NULL, 0, 0};
    int err = 0;
    *out = NULL;
    *count = 0;
    if (ifindex > UINT16_MAX)
        return 0; /* no BSD interface has such an index */
    if (want & NIO_WANT_V4)
        err = nio_neigh_rows(NIO_WANT_V4, ifindex, &v);
    if (err == 0 && (want & NIO_WANT_V6))
        err = nio_neigh_rows(NIO_WANT_V6, ifindex, &v);
    if (err != 0) {
        nio_free(v.v);
        return err;
    }
    *out = v.v;
    *count = v.n;
    return 0;
}

/* FreeBSD's RTM_GET looks in the routing table, not in the neighbour
 * tables (lltable) since 8.0, so it cannot answer for one neighbour; the
 * family's dump, filtered here, is the one lookup both kernels answer. */
int nio_os_neigh_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_neigh *out)
{
    struct nio_neigh *v = NULL;
    size_t n = 0;
    char name[IF_NAMESIZE];
    int err = nio_os_neigh_list(addr->slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, ifindex, &v,
                                &n);
    size_t bytes = addr->slot == NIO_V6 ? 16 : 4;
    for (size_t i = 0; err == 0 && i < n; i++)
        if (memcmp(v[i].addr.bytes, addr->bytes, bytes) == 0) {
            *out = v[i];
            goto out;
        }
    if (err == 0)
        err = ifindex <= UINT16_MAX && if_indextoname(ifindex, name) != NULL ? -ENOENT : -ENODEV;
out:
    nio_free(v);
    return err;
}

/* ------------------------------------------------------------- changes */
/* A change request: 0 or the kernel's -errno, its "no such entry"
 * (FreeBSD ENOENT, XNU ESRCH) as -ENOENT. */
static int nio_neigh_change(const uint8_t *req, size_t len)
{
    uint8_t reply[NIO_RT_MSG_MAX];
    struct nio_bsd_rtmsg m;
    size_t got = 0;
    int err = nio_bsd_rt_ask(req, len, reply, sizeof(reply), &got);
    if (err == 0 && nio_bsd_parse_rtmsg(nio_bsd_rt_native(), reply, got, &m) != 0)
        err = -EPROTO;
    else if (err == 0 && m.err != 0)
        err = nio_bsd_rt_errno(m.err);
    if (err == -ESRCH)
        err = -ENOENT;
    return err == -ENXIO ? -ENODEV : err;
}

/* Whether n's link-layer address fits its interface: FreeBSD copies the
 * interface's address length from the request whatever sdl_alen says, so
 * a shorter one would be padded with whatever follows it. */
static int nio_neigh_lladdr_fits(const struct nio_neigh *n)
{
    struct nio_iface ifc;
    int err = nio_os_get(n->ifindex, NIO_WANT_LINK, &ifc);
    if (err == 0 && ifc.id_addr_len != n->lladdr_len)
        err = -EINVAL;
    return err;
}

/* The RTM_ADD of n, checked against its interface: 0 and req, or -errno
 * with nothing sent. */
static int nio_neigh_add_req(const struct nio_neigh *n, uint8_t *req, size_t cap, size_t *len)
{
    int err = nio_bsd_neigh_add_msg(nio_bsd_neigh_native(), n, nio_bsd_rt_next_seq(), req, cap,
                                    len);
    return err == 0 ? nio_neigh_lladdr_fits(n) : err;
}

/* The core has asked nio_os_neigh_get() just before: the entry did not
 * exist.  Another process may add one meanwhile; FreeBSD's RTM_ADD would
 * then replace it, XNU's refuses it (EEXIST).  Not detected on FreeBSD. */
int nio_os_neigh_add(const struct nio_neigh *n)
{
    uint8_t req[NIO_RT_MSG_MAX];
    size_t len = 0;
    int err = nio_neigh_add_req(n, req, sizeof(req), &len);
    return err == 0 ? nio_neigh_change(req, len) : err;
}

int nio_os_neigh_delete(const struct nio_neigh *n)
{
    uint8_t req[NIO_RT_MSG_MAX];
    size_t len = 0;
    int err = nio_bsd_neigh_delete_msg(nio_bsd_neigh_native(), n, nio_bsd_rt_next_seq(), req,
                                       sizeof(req), &len);
    return err == 0 ? nio_neigh_change(req, len) : err;
}

/* Puts old back after a failed replacement.  Only a configured entry can
 * be made again; a dynamic one is left to the kernel, which learns it
 * anew at the next packet to it, as after its own expiry. */
static void nio_neigh_restore(const struct nio_neigh *old)
{
    uint8_t req[NIO_RT_MSG_MAX];
    size_t len = 0;
    if (old->state == NIO_NS_PERMANENT &&
        nio_bsd_neigh_add_msg(nio_bsd_neigh_native(), old, nio_bsd_rt_next_seq(), req,
                              sizeof(req), &len) == 0)
        (void)nio_neigh_change(req, len);
}

/* FreeBSD replaces an entry with one RTM_ADD, under the table's lock: all
 * or nothing by itself.  XNU refuses to add over an entry: the old one is
 * deleted first and put back if the new one is refused (between the two,
 * a reader sees no entry). */
int nio_os_neigh_set(const struct nio_neigh *old, const struct nio_neigh *now)
{
    uint8_t req[NIO_RT_MSG_MAX];
    struct nio_neigh cur;
    size_t len = 0;
    bool replaces = nio_bsd_neigh_native()->add_replaces;
    int err = nio_neigh_add_req(now, req, sizeof(req), &len);
    /* FreeBSD's RTM_ADD would make an entry that is gone anew: -ENOENT
     * first.  macOS: the old entry goes first (-ENOENT: it is gone). */
    if (err == 0)
        err = replaces ? nio_os_neigh_get(&old->addr, old->ifindex, &cur)
                       : nio_os_neigh_delete(old);
    if (err == 0 && (err = nio_neigh_change(req, len)) != 0 && !replaces)
        nio_neigh_restore(old);
    return err;
}

/* Neither kernel has a request that solicits a neighbour (RTM_RESOLVE is
 * refused from user space), and sending the caller's traffic to make one
 * is not ours to do.  A configured entry needs no solicitation and is
 * answered as it is; anything else is not supported. */
int nio_os_neigh_resolve(const struct nio_ip *addr, uint32_t ifindex, uint32_t timeout_ms,
                         struct nio_neigh *out)
{
    int err = nio_os_neigh_get(addr, ifindex, out);
    (void)timeout_ms;
    if (err == -ENOENT ||
        (err == 0 && out->state != NIO_NS_PERMANENT && out->state != NIO_NS_NOARP))
        err = -EOPNOTSUPP;
    return err;
}

int nio_os_neigh_may_change(void)
{
    /* Both kernels take neighbour changes from the superuser only, as
     * route changes (route.c): FreeBSD priv_check(PRIV_NET_ROUTE), XNU
     * the privileged-socket check of rtsock. */
    return geteuid() == 0 ? 0 : -EPERM;
}
