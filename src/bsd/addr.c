/* addr.c - the unicast address rows on FreeBSD and macOS (docs/bsd.md,
 * "Addresses").  Reading: sysctl {CTL_NET, PF_ROUTE, 0, family,
 * NET_RT_IFLIST, index}, which the kernel filters by family and interface,
 * then for each IPv6 address SIOCGIFALIFETIME_IN6 and SIOCGIFAFLAG_IN6 on
 * an AF_INET6 datagram socket.  Writing: SIOCAIFADDR / SIOCAIFADDR_IN6
 * (add, and for IPv6 the new lifetimes of an existing address) and
 * SIOCDIFADDR / SIOCDIFADDR_IN6 on a datagram socket of the family.  The
 * messages and requests are parse-addr.c's; this file makes the calls and
 * proves at compile time that the request layouts match the headers.
 *
 * The ioctls name the interface: one renamed between the look-up of its
 * name and the ioctl is "not found" (ENXIO), or, if another took the name
 * meanwhile, acted on in its place; not detected (as ipif-set.c). */
#include <sys/param.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/queue.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#if defined(__FreeBSD__)
#include <sys/sockio.h>
#include <netinet/in_var.h>
#include <netinet6/in6_var.h>
#include <netinet6/nd6.h>
#elif defined(__APPLE__)
#include <sys/sockio.h>
#endif
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bsd.h"

#define NIO_ADDR_SAME(a, b) _Static_assert((a) == (b), #a " != " #b)

/* --------------------------------------------- layouts against headers */
NIO_ADDR_SAME(RTA_NETMASK, 0x4);
NIO_ADDR_SAME(RTA_IFA, 0x20);
NIO_ADDR_SAME(RTA_BRD, NIO_BSD_RTA_BRD);
NIO_ADDR_SAME(RTAX_NETMASK, 2);
NIO_ADDR_SAME(RTAX_IFA, 5);
NIO_ADDR_SAME(RTAX_BRD, 7);
NIO_ADDR_SAME(RTAX_MAX, NIO_BSD_RTAX_MAX);
NIO_ADDR_SAME(NET_RT_IFLIST, 3);
NIO_ADDR_SAME(IFF_POINTOPOINT, 0x10);
NIO_ADDR_SAME(offsetof(struct ifa_msghdr, ifam_addrs), 4);
NIO_ADDR_SAME(sizeof(struct sockaddr_in6), 28);
NIO_ADDR_SAME(sizeof(struct ifreq), NIO_BSD_IFREQ_SIZE);
NIO_ADDR_SAME(offsetof(struct ifreq, ifr_addr), NIO_BSD_IFREQ_ADDR);
NIO_ADDR_SAME(SIOCDIFADDR, NIO_BSD_SIOCDIFADDR);

#if defined(__FreeBSD__)
#define NIO_ADDR_LAYOUT nio_bsd_addr_freebsd
NIO_ADDR_SAME(sizeof(struct in_aliasreq), NIO_FBSD_INREQ_SIZE);
NIO_ADDR_SAME(offsetof(struct in_aliasreq, ifra_addr), NIO_BSD_INREQ_ADDR);
NIO_ADDR_SAME(offsetof(struct in_aliasreq, ifra_broadaddr), NIO_BSD_INREQ_BROAD);
NIO_ADDR_SAME(offsetof(struct in_aliasreq, ifra_mask), NIO_BSD_INREQ_MASK);
NIO_ADDR_SAME(SIOCAIFADDR, NIO_FBSD_SIOCAIFADDR);
NIO_ADDR_SAME(sizeof(struct in6_aliasreq), NIO_FBSD_IN6REQ_SIZE);
NIO_ADDR_SAME(offsetof(struct in6_aliasreq, ifra_addr), NIO_BSD_IN6REQ_ADDR);
NIO_ADDR_SAME(offsetof(struct in6_aliasreq, ifra_dstaddr), NIO_BSD_IN6REQ_DST);
NIO_ADDR_SAME(offsetof(struct in6_aliasreq, ifra_prefixmask), NIO_BSD_IN6REQ_MASK);
NIO_ADDR_SAME(offsetof(struct in6_aliasreq, ifra_flags), NIO_BSD_IN6REQ_FLAGS);
NIO_ADDR_SAME(offsetof(struct in6_aliasreq, ifra_lifetime), NIO_BSD_IN6REQ_LIFETIME);
NIO_ADDR_SAME(sizeof(struct in6_ifreq), NIO_BSD_IN6IFR_SIZE);
NIO_ADDR_SAME(offsetof(struct in6_ifreq, ifr_ifru), NIO_BSD_IN6IFR_U);
NIO_ADDR_SAME(offsetof(struct in6_addrlifetime, ia6t_expire), NIO_BSD_LT_EXPIRE);
NIO_ADDR_SAME(offsetof(struct in6_addrlifetime, ia6t_preferred), NIO_BSD_LT_PREFERRED);
NIO_ADDR_SAME(offsetof(struct in6_addrlifetime, ia6t_vltime), NIO_BSD_LT_VLTIME);
NIO_ADDR_SAME(offsetof(struct in6_addrlifetime, ia6t_pltime), NIO_BSD_LT_PLTIME);
NIO_ADDR_SAME(sizeof(time_t), 8);
NIO_ADDR_SAME(SIOCAIFADDR_IN6, NIO_FBSD_SIOCAIFADDR_IN6);
NIO_ADDR_SAME(SIOCDIFADDR_IN6, NIO_BSD_SIOCDIFADDR_IN6);
NIO_ADDR_SAME(SIOCGIFAFLAG_IN6, NIO_BSD_SIOCGIFAFLAG_IN6);
NIO_ADDR_SAME(SIOCGIFALIFETIME_IN6, NIO_BSD_SIOCGIFALIFETIME_IN6);
NIO_ADDR_SAME(ND6_INFINITE_LIFETIME, NIO_BSD_ND6_INFINITE);
NIO_ADDR_SAME(IN6_IFF_ANYCAST, NIO_BSD_IN6_IFF_ANYCAST);
NIO_ADDR_SAME(IN6_IFF_TENTATIVE, NIO_BSD_IN6_IFF_TENTATIVE);
NIO_ADDR_SAME(IN6_IFF_DUPLICATED, NIO_BSD_IN6_IFF_DUPLICATED);
NIO_ADDR_SAME(IN6_IFF_DETACHED, NIO_BSD_IN6_IFF_DETACHED);
NIO_ADDR_SAME(IN6_IFF_DEPRECATED, NIO_BSD_IN6_IFF_DEPRECATED);
NIO_ADDR_SAME(IN6_IFF_NODAD, NIO_BSD_IN6_IFF_NODAD);
NIO_ADDR_SAME(IN6_IFF_AUTOCONF, NIO_BSD_IN6_IFF_AUTOCONF);
NIO_ADDR_SAME(IN6_IFF_TEMPORARY, NIO_BSD_IN6_IFF_TEMPORARY);
NIO_ADDR_SAME(IN6_IFF_PREFER_SOURCE, NIO_FBSD_IN6_IFF_PREFER_SOURCE);
NIO_ADDR_SAME(IN6_IFF_NOPFX, NIO_BSD_IN6_IFF_NOPFX);
#elif defined(__APPLE__)
#define NIO_ADDR_LAYOUT nio_bsd_addr_macos
NIO_ADDR_SAME(sizeof(struct ifaliasreq), NIO_MAC_INREQ_SIZE);
NIO_ADDR_SAME(offsetof(struct ifaliasreq, ifra_addr), NIO_BSD_INREQ_ADDR);
NIO_ADDR_SAME(offsetof(struct ifaliasreq, ifra_broadaddr), NIO_BSD_INREQ_BROAD);
NIO_ADDR_SAME(offsetof(struct ifaliasreq, ifra_mask), NIO_BSD_INREQ_MASK);
NIO_ADDR_SAME(SIOCAIFADDR, NIO_MAC_SIOCAIFADDR);
/* The SDK has no netinet6/in6_var.h: XNU's user-space structs, transcribed
 * from its sources, checked for their layout and for the request numbers
 * with the SDK's own _IOW() and _IOWR(). */
struct nio_mac_in6_addrlifetime {
    time_t ia6t_expire, ia6t_preferred;
    u_int32_t ia6t_vltime, ia6t_pltime;
};
struct nio_mac_in6_aliasreq {
    char ifra_name[IFNAMSIZ];
    struct sockaddr_in6 ifra_addr, ifra_dstaddr, ifra_prefixmask;
    int ifra_flags;
    struct nio_mac_in6_addrlifetime ifra_lifetime;
};
struct nio_mac_in6_ifreq {
    char ifr_name[IFNAMSIZ];
    union {
        struct sockaddr_in6 ifru_addr;
        int ifru_flags6;
        caddr_t ifru_data;
        struct nio_mac_in6_addrlifetime ifru_lifetime;
        u_quad_t ifru_icmp6stat[34]; /* struct icmp6_ifstat: the largest member */
        u_int32_t ifru_scope_id[16];
    } ifr_ifru;
};
NIO_ADDR_SAME(sizeof(struct nio_mac_in6_aliasreq), NIO_MAC_IN6REQ_SIZE);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_aliasreq, ifra_dstaddr), NIO_BSD_IN6REQ_DST);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_aliasreq, ifra_prefixmask), NIO_BSD_IN6REQ_MASK);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_aliasreq, ifra_flags), NIO_BSD_IN6REQ_FLAGS);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_aliasreq, ifra_lifetime), NIO_BSD_IN6REQ_LIFETIME);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_addrlifetime, ia6t_vltime), NIO_BSD_LT_VLTIME);
NIO_ADDR_SAME(sizeof(struct nio_mac_in6_ifreq), NIO_BSD_IN6IFR_SIZE);
NIO_ADDR_SAME(offsetof(struct nio_mac_in6_ifreq, ifr_ifru), NIO_BSD_IN6IFR_U);
NIO_ADDR_SAME(_IOW('i', 26, struct nio_mac_in6_aliasreq), NIO_MAC_SIOCAIFADDR_IN6);
NIO_ADDR_SAME(_IOW('i', 25, struct nio_mac_in6_ifreq), NIO_BSD_SIOCDIFADDR_IN6);
NIO_ADDR_SAME(_IOWR('i', 73, struct nio_mac_in6_ifreq), NIO_BSD_SIOCGIFAFLAG_IN6);
NIO_ADDR_SAME(_IOWR('i', 81, struct nio_mac_in6_ifreq), NIO_BSD_SIOCGIFALIFETIME_IN6);
#else
#error "no address request layout for this BSD yet (docs/bsd.md)"
#endif
NIO_ADDR_SAME(NIO_BSD_IN6IFR_SIZE <= NIO_BSD_ADDR_REQ_MAX, 1);

const struct nio_bsd_addrlayout *nio_bsd_addr_native(void)
{
    return &NIO_ADDR_LAYOUT;
}

/* Now on the clock of ia6t_expire: seconds since boot on FreeBSD
 * (time_uptime), since the epoch on macOS (calendar time). */
static int64_t nio_addr_now(const struct nio_bsd_addrlayout *l)
{
    struct timespec ts;
    if (!l->uptime_clock)
        return (int64_t)time(NULL);
#ifdef CLOCK_UPTIME
    clock_gettime(CLOCK_UPTIME, &ts);
#else
    clock_gettime(CLOCK_MONOTONIC, &ts);
#endif
    return (int64_t)ts.tv_sec;
}

/* ------------------------------------------------------------ sysctl */
/* NET_RT_IFLIST of one family and index (0: every interface) into a
 * buffer from nio_alloc (nio_bsd_sysctl_read). */
static int nio_addr_iflist(int af, uint32_t index, uint8_t **out, size_t *outlen)
{
    int mib[6] = {CTL_NET, PF_ROUTE, 0, af, NET_RT_IFLIST, (int)index};
    return nio_bsd_sysctl_read(mib, out, outlen);
}

/* ---------------------------------------------------------- ioctls */
/* One in6_ifreq ioctl about ip of interface name: 0; -ENOENT when the
 * interface no longer has it (EADDRNOTAVAIL), -errno. */
static int nio_addr_ask6(int fd, uint32_t cmd, uint8_t *req)
{
    if (ioctl(fd, (unsigned long)cmd, req) == 0)
        return 0;
    return errno == EADDRNOTAVAIL ? -ENOENT : nio_bsd_ioctl_err(errno);
}

/* The IPv6 facts the message lacks: lifetimes, then flags (origin, DAD). */
static int nio_addr_facts6(const struct nio_bsd_addrlayout *l, int fd, const char *name,
                           struct nio_addr *a)
{
    uint8_t req[NIO_BSD_IN6IFR_SIZE];
    uint32_t flags6;
    int err = nio_bsd_in6_ifreq(l, name, &a->addr, a->ifindex, req);
    if (err == 0)
        err = nio_addr_ask6(fd, NIO_BSD_SIOCGIFALIFETIME_IN6, req);
    if (err != 0)
        return err;
    nio_bsd_addr_lifetime6(l, req, nio_addr_now(l), a);
    if ((err = nio_bsd_in6_ifreq(l, name, &a->addr, a->ifindex, req)) == 0)
        err = nio_addr_ask6(fd, NIO_BSD_SIOCGIFAFLAG_IN6, req);
    if (err != 0)
        return err;
    memcpy(&flags6, req + NIO_BSD_IN6IFR_U, sizeof(flags6));
    nio_bsd_addr_flags6(l, flags6, a);
    return 0;
}

/* --------------------------------------------------------- the list */
struct nio_addr_read {
    const struct nio_bsd_addrlayout *l;
    struct nio_vec vec;         /* of struct nio_addr */
    const struct nio_ip *want;  /* nio_os_addr_get: only this one, the first */
    int fd6;                    /* AF_INET6 datagram socket, -1 not yet */
};

static int nio_addr_read_cb(const struct nio_bsd_ifaddr *ia, void *ctx)
{
    struct nio_addr_read *r = ctx;
    struct nio_addr a = ia->a, *room;
    int err;
    if (r->want != NULL && (a.addr.slot != r->want->slot ||
                            memcmp(a.addr.bytes, r->want->bytes, a.addr.slot == NIO_V6 ? 16 : 4)))
        return 0;
    if (a.addr.slot == NIO_V6) {
        if (r->fd6 < 0 && (r->fd6 = nio_bsd_socket(AF_INET6, SOCK_DGRAM, 0)) < 0)
            return r->fd6;
        err = nio_addr_facts6(r->l, r->fd6, ia->name, &a);
        /* Gone since the sysctl (or its interface renamed): as if the
         * list had been read a moment later. */
        if (err == -ENOENT || err == -ENODEV)
            return 0;
        if (err != 0)
            return err;
    }
    if ((room = nio_vec_room(&r->vec, sizeof(*room))) == NULL)
        return -ENOMEM;
    *room = a;
    r->vec.n++;
    return r->want != NULL ? 1 : 0;
}

/* The addresses of one family (slot) and interface (0: all) added to r:
 * 0, or -errno; *ifaces the interfaces the kernel reported. */
static int nio_addr_read_family(struct nio_addr_read *r, int slot, uint32_t ifindex,
                                size_t *ifaces)
{
    uint8_t *buf = NULL;
    size_t len = 0;
    int err = nio_addr_iflist(slot == NIO_V6 ? AF_INET6 : AF_INET, ifindex, &buf, &len);
    *ifaces = 0;
    if (err == -EAFNOSUPPORT || err == -ENOENT)
        return 0; /* a kernel without the family has no addresses of it */
    if (err == 0)
        err = nio_bsd_parse_addrs(r->l, buf, len, slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4,
                                  nio_addr_read_cb, r, ifaces);
    nio_free(buf);
    return err == 1 ? 0 : err;
}

static void nio_addr_read_end(struct nio_addr_read *r)
{
    if (r->fd6 >= 0)
        close(r->fd6);
}

int nio_os_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out, size_t *count)
{
    struct nio_addr_read r = {nio_bsd_addr_native(), {NULL, 0, 0}, NULL, -1};
    size_t ifaces;
    int err = 0;
    *out = NULL;
    *count = 0;
    if (ifindex > UINT16_MAX)
        return 0; /* no BSD interface has such an index */
    if (want & NIO_WANT_V4)
        err = nio_addr_read_family(&r, NIO_V4, ifindex, &ifaces);
    if (err == 0 && (want & NIO_WANT_V6))
        err = nio_addr_read_family(&r, NIO_V6, ifindex, &ifaces);
    nio_addr_read_end(&r);
    if (err != 0) {
        nio_free(r.vec.v);
        return err;
    }
    *out = r.vec.v;
    *count = r.vec.n;
    return 0;
}

int nio_os_addr_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_addr *out)
{
    struct nio_addr_read r = {nio_bsd_addr_native(), {NULL, 0, 0}, addr, -1};
    size_t ifaces = 0;
    int err;
    if (ifindex == 0 || ifindex > UINT16_MAX)
        return -ENODEV;
    err = nio_addr_read_family(&r, addr->slot, ifindex, &ifaces);
    nio_addr_read_end(&r);
    if (err == 0 && r.vec.n == 0)
        err = ifaces == 0 ? -ENODEV : -ENOENT; /* the kernel knew no such interface */
    if (err == 0)
        *out = *(struct nio_addr *)r.vec.v;
    nio_free(r.vec.v);
    return err;
}

/* -------------------------------------------------------- changes */
/* Whether the interface is point to point (SIOCGIFFLAGS): 1, 0 or -errno. */
static int nio_addr_p2p(int fd, const char *name)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, name, strlen(name));
    if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
        return nio_bsd_ioctl_err(errno);
    return (ifr.ifr_flags & IFF_POINTOPOINT) != 0;
}

/* The request req (cmd) on a datagram socket of the family of slot. */
static int nio_addr_send(int slot, uint32_t cmd, uint8_t *req)
{
    int err = 0, fd = nio_bsd_socket(slot == NIO_V6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        return fd;
    if (ioctl(fd, (unsigned long)cmd, req) != 0)
        err = nio_bsd_ioctl_err(errno);
    close(fd);
    return err;
}

static int nio_addr_name(uint32_t ifindex, char *name)
{
    if (ifindex == 0 || ifindex > UINT16_MAX || if_indextoname(ifindex, name) == NULL)
        return -ENODEV;
    return nio_bsd_name_fits(name) ? 0 : -ENODEV;
}

/* An IPv4 address of a point-to-point interface needs a destination: the
 * address itself, as wg-quick and OpenVPN give utun and tun interfaces
 * (the kernel then makes no subnet route; docs/bsd.md). */
static int nio_addr_peer4(const char *name, struct nio_addr *a)
{
    int p2p, fd;
    if (a->addr.slot != NIO_V4 || a->has_peer)
        return 0;
    if ((fd = nio_bsd_socket(AF_INET, SOCK_DGRAM, 0)) < 0)
        return fd;
    p2p = nio_addr_p2p(fd, name);
    close(fd);
    if (p2p < 0)
        return p2p;
    if (p2p) {
        a->has_peer = true;
        a->peer = a->addr;
        a->has_broadcast = false;
    }
    return 0;
}

int nio_os_addr_add(const struct nio_addr *a)
{
    const struct nio_bsd_addrlayout *l = nio_bsd_addr_native();
    char name[IF_NAMESIZE];
    uint8_t req[NIO_BSD_ADDR_REQ_MAX];
    struct nio_addr add = *a;
    uint32_t cmd = 0;
    size_t len = 0;
    int err = nio_addr_name(a->ifindex, name);
    if (err == 0)
        err = nio_addr_peer4(name, &add);
    if (err == 0)
        err = nio_bsd_addr_add_req(l, name, &add, 0, req, &cmd, &len);
    if (err == 0)
        err = nio_addr_send(add.addr.slot, cmd, req);
    /* A value the kernel cannot take: a loopback address elsewhere, a
     * prefix longer than an interface identifier allows (FreeBSD). */
    return err == -EADDRNOTAVAIL ? -EINVAL : err;
}

int nio_os_addr_delete(const struct nio_addr *a)
{
    const struct nio_bsd_addrlayout *l = nio_bsd_addr_native();
    char name[IF_NAMESIZE];
    uint8_t req[NIO_BSD_ADDR_REQ_MAX];
    uint32_t cmd = 0;
    size_t len = 0;
    int err = nio_addr_name(a->ifindex, name);
    if (err == 0)
        err = nio_bsd_addr_delete_req(l, name, a, req, &cmd, &len);
    if (err == 0)
        err = nio_addr_send(a->addr.slot, cmd, req);
    return err == -EADDRNOTAVAIL ? -ENOENT : err; /* the kernel's "no such address" */
}

/* The address's own IN6_IFF_* flags, which an update must carry again. */
static int nio_addr_os_flags6(const char *name, const struct nio_addr *a, uint32_t *flags6)
{
    uint8_t req[NIO_BSD_IN6IFR_SIZE];
    int fd, err = nio_bsd_in6_ifreq(nio_bsd_addr_native(), name, &a->addr, a->ifindex, req);
    if (err != 0)
        return err;
    if ((fd = nio_bsd_socket(AF_INET6, SOCK_DGRAM, 0)) < 0)
        return fd;
    err = nio_addr_ask6(fd, NIO_BSD_SIOCGIFAFLAG_IN6, req);
    close(fd);
    if (err == 0)
        memcpy(flags6, req + NIO_BSD_IN6IFR_U, sizeof(*flags6));
    return err;
}

/* IPv6: SIOCAIFADDR_IN6 of the address as it is (prefix, peer, its own
 * flags) with the new lifetimes, which the kernel takes in place
 * (in6_update_ifa() of an existing address).  IPv4 addresses have no
 * lifetime on these kernels, so nothing Set asks can be expressed. */
int nio_os_addr_set(const struct nio_addr *old, const struct nio_addr *now)
{
    char name[IF_NAMESIZE];
    uint8_t req[NIO_BSD_ADDR_REQ_MAX];
    struct nio_addr next = *old;
    uint32_t cmd = 0, flags6 = 0;
    size_t len = 0;
    int err;
    if (old->addr.slot != NIO_V6)
        return -EOPNOTSUPP;
    next.valid_s = now->valid_s;
    next.preferred_s = now->preferred_s;
    next.flags &= ~(uint32_t)NIO_AF_NODAD; /* the kernel's own flags say it */
    err = nio_addr_name(old->ifindex, name);
    if (err == 0)
        err = nio_addr_os_flags6(name, old, &flags6);
    if (err == 0)
        err = nio_bsd_addr_add_req(nio_bsd_addr_native(), name, &next, flags6, req, &cmd, &len);
    if (err == 0)
        err = nio_addr_send(NIO_V6, cmd, req);
    return err;
}

int nio_os_addr_may_change(void)
{
    /* Both kernels add and delete addresses for the superuser only
     * (FreeBSD priv_check(PRIV_NET_ADDIFADDR, PRIV_NET_DELIFADDR), XNU's
     * proc_suser() in in_control()/in6_control()); the ioctls check again,
     * and root in a FreeBSD jail without its own stack gets EPERM there. */
    return geteuid() == 0 ? 0 : -EPERM;
}

/* No cheaper question than the get (docs/bsd.md). */
int nio_os_addr_has(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr there;
    return nio_os_addr_get(addr, ifindex, &there);
}

int nio_os_addr_remove(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr there;
    int err = nio_os_addr_get(addr, ifindex, &there);
    return err != 0 ? err : nio_os_addr_delete(&there);
}
