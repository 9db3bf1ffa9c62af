/* bestroute.c - what GetBestRoute2 asks of FreeBSD and macOS: the kernel's
 * own choice (RTM_GET on a routing socket), whether an address is one of
 * this machine's (getifaddrs()) and the default routes (NET_RT_DUMP, as
 * route.c reads the rows).  docs/bsd.md ("Routes") says what each answer
 * holds. */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <errno.h>
#include <ifaddrs.h>
#include <string.h>

#include "bsd.h"

/* ------------------------------------------------------ own addresses */
/* An address of getifaddrs() as the core's, with a KAME zone moved to
 * scope: false for another family than slot. */
static bool nio_ifa_ip(const struct sockaddr *sa, int slot, struct nio_ip *ip)
{
    memset(ip, 0, sizeof(*ip));
    ip->slot = slot;
    if (sa == NULL)
        return false;
    if (slot == NIO_V4 && sa->sa_family == AF_INET) {
        memcpy(ip->bytes, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return true;
    }
    if (slot == NIO_V6 && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
        memcpy(ip->bytes, &s6->sin6_addr, 16);
        ip->scope = s6->sin6_scope_id;
        nio_bsd_ip_unembed(ip);
        return true;
    }
    return false;
}

int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    struct ifaddrs *all = NULL;
    size_t bytes = addr->slot == NIO_V6 ? 16 : 4;
    int err = -EADDRNOTAVAIL;
    if (getifaddrs(&all) != 0)
        return -errno;
    for (struct ifaddrs *i = all; i != NULL && err == -EADDRNOTAVAIL; i = i->ifa_next) {
        struct nio_ip ip;
        unsigned index;
        if (!nio_ifa_ip(i->ifa_addr, addr->slot, &ip) || memcmp(ip.bytes, addr->bytes, bytes))
            continue;
        if ((index = if_nametoindex(i->ifa_name)) == 0)
            continue; /* the interface left meanwhile */
        /* A link-local address names its link: fe80::1 may be on several. */
        if (addr->scope != 0 && ip.scope != 0 && addr->scope != ip.scope)
            continue;
        if (addr->scope != 0 && ip.scope == 0 && addr->scope != index)
            continue;
        *ifindex = index;
        err = 0;
    }
    freeifaddrs(all);
    return err;
}

/* ------------------------------------------------------------ RTM_GET */
/* The destination is this machine's own address: Windows names the
 * interface that holds it (not lo0) and a host route, and the kernels'
 * answers differ (FreeBSD its lo0 route, XNU often the subnet's), so the
 * answer is made from the address alone. */
static void nio_rt_own(const struct nio_ip *dst, uint32_t owner, struct nio_route *out)
{
    memset(out, 0, sizeof(*out));
    out->oif = owner;
    out->prefix = *dst;
    out->prefix.scope = 0;
    out->prefix_len = dst->slot == NIO_V6 ? 128 : 32;
    out->gateway.slot = dst->slot;
    out->has_src = true;
    out->src = *dst;
    out->local = true;
    out->metric = NIO_BSD_ROUTE_METRIC;
    out->origin = NIO_RO_KERNEL;
}

int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    const struct nio_bsd_rtlayout *l = nio_bsd_rt_native();
    struct nio_route_query ask = *q;
    uint8_t req[NIO_RT_MSG_MAX], reply[NIO_RT_MSG_MAX];
    struct nio_bsd_rtmsg m;
    size_t len = 0, got = 0;
    uint32_t owner = 0;
    int err;
    if (nio_os_addr_owner(&q->dst, &owner) == 0) {
        nio_rt_own(&q->dst, owner, out);
        return 0;
    }
    /* A link-local destination needs its link: the interface named. */
    if (ask.dst.slot == NIO_V6 && ask.dst.scope == 0 && ask.dst.bytes[0] == 0xFE &&
        (ask.dst.bytes[1] & 0xC0) == 0x80)
        ask.dst.scope = ask.oif;
    err = nio_bsd_route_get_msg(l, &ask, nio_bsd_rt_next_seq(), req, sizeof(req), &len);
    if (err == 0)
        err = nio_bsd_rt_ask(req, len, reply, sizeof(reply), &got);
    if (err == -ESRCH)
        return -ENETUNREACH; /* the write's "no route" */
    if (err == 0 && (err = nio_bsd_parse_rtmsg(l, reply, got, &m)) == 0)
        err = nio_bsd_route_answer(l, &m, out);
    return err;
}

int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    struct nio_route *v = NULL;
    size_t n = 0, kept = 0;
    int err;
    (void)table; /* one table: the process's FIB on FreeBSD, the only one on macOS */
    *out = NULL;
    *count = 0;
    err = nio_bsd_rt_list(slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4, 0, &v, &n);
    if (err != 0)
        return err;
    for (size_t i = 0; i < n; i++)
        if (v[i].prefix_len == 0 && !v[i].local)
            v[kept++] = v[i];
    if (kept == 0) {
        nio_free(v);
        v = NULL;
    }
    *out = v;
    *count = kept;
    return 0;
}
