/* addr.c - the Linux address rows (docs/address.md): RTM_GETADDR dumps,
 * filtered by interface in the kernel (strict checking), for lists; one
 * RTM_GETADDR for an IPv6 address, which the kernel answers alone
 * (inet6_rtm_getaddr), while IPv4 has no such request and is read from the
 * interface's own addresses; whether an interface has an IPv4 address, from
 * the address's local route (nio_os_addr_has); RTM_NEWADDR and
 * RTM_DELADDR, acknowledged, for every change.
 *
 * The kernel names an IPv4 address by interface, local address, peer (or
 * the local address again) and prefix length, an IPv6 one by interface,
 * address and prefix length: every change request here says all of them,
 * exactly as the address was listed, so that no other address is touched.
 */
#include <errno.h>
#include <string.h>

#include <net/if.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static uint8_t nio_family_of(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

/* ------------------------------------------------------------ the list */
struct nio_addr_dump {
    struct nio_vec vec;         /* of struct nio_addr */
    uint32_t ifindex;           /* 0: every interface */
    int slot;                   /* of the dump being read */
    const struct nio_ip *want;  /* nio_os_addr_get: only this address, the first */
};

static bool nio_addr_wanted(const struct nio_addr_dump *d, const struct nio_addr *a)
{
    /* A kernel without strict checking ignores the filter: filtered here too. */
    if (d->ifindex != 0 && a->ifindex != d->ifindex)
        return false;
    if (d->want != NULL)
        return d->vec.n == 0 && memcmp(a->addr.bytes, d->want->bytes, nio_ip_len(d->slot)) == 0;
    return true;
}

/* Parsed straight into the list's next element, kept only when wanted: a
 * table is tens of thousands of them. */
static int nio_addr_dump_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_addr_dump *d = ctx;
    struct nio_addr *room = nio_vec_room(&d->vec, sizeof(*room));
    int err;
    if (room == NULL)
        return -ENOMEM;
    err = nio_linux_parse_addr(nlh, room);
    if (err == -ENOENT)
        return 0; /* not an IP address: no row */
    if (err < 0)
        return err;
    if (nio_addr_wanted(d, room))
        d->vec.n++;
    return 0;
}

static void nio_addr_dump_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_addr_dump *d = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETADDR, NLM_F_DUMP);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = nio_family_of(d->slot);
    ifa->ifa_index = d->ifindex;
}

struct nio_addr_list_ask {
    struct nio_addr_dump d;
    unsigned want;
};

static int nio_addr_list_attempt(void *ctx)
{
    struct nio_addr_list_ask *a = ctx;
    a->d.vec.n = 0;
    for (int slot = NIO_V4; slot <= NIO_V6; slot++) {
        int err;
        if (!(a->want & (slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)))
            continue;
        a->d.slot = slot;
        if ((err = nio_nl_ask(nio_addr_dump_request, &a->d, nio_addr_dump_cb, &a->d)) != 0)
            return err;
    }
    return 0;
}

static int nio_addr_collect(struct nio_addr_list_ask *a, struct nio_addr **out, size_t *count)
{
    int err = nio_nl_snapshot(nio_addr_list_attempt, a);
    if (err) {
        nio_free(a->d.vec.v);
        return err;
    }
    *out = a->d.vec.v;
    *count = a->d.vec.n;
    return 0;
}

int nio_os_addr_list(unsigned want, uint32_t ifindex, struct nio_addr **out, size_t *count)
{
    struct nio_addr_list_ask a;
    memset(&a, 0, sizeof(a));
    a.d.ifindex = ifindex;
    a.want = want;
    return nio_addr_collect(&a, out, count);
}

/* ----------------------------------------------------------------- get */
/* The kernel's refusals in the contract's terms. */
static int nio_addr_errno(int err)
{
    switch (-err) {
    case EADDRNOTAVAIL: return -ENOENT; /* no such address */
    /* IPv6 disabled on the interface (addrconf_add_dev): the family is not
     * bound there; a lack of privilege is EPERM. */
    case EACCES: return -ENODEV;
    default: return err;
    }
}

struct nio_addr_one {
    const struct nio_ip *ip;
    uint32_t ifindex;
    struct nio_addr *out;
    bool found;
};

static void nio_addr_get_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_addr_one *q = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETADDR, 0);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = AF_INET6;
    ifa->ifa_index = q->ifindex;
    mnl_attr_put(nlh, IFA_ADDRESS, 16, q->ip->bytes);
}

static int nio_addr_get_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_addr_one *q = ctx;
    int err = nio_linux_parse_addr(nlh, q->out);
    if (err < 0)
        return err == -ENOENT ? -EPROTO : err; /* an answer of another family */
    q->found = true;
    return 0;
}

/* IPv6: the kernel's own lookup of one address.  Of an interface that has
 * just gone it searches every interface: the answer is checked. */
static int nio_addr_get6(const struct nio_ip *ip, uint32_t ifindex, struct nio_addr *out)
{
    struct nio_addr_one q = {ip, ifindex, out, false};
    int err = nio_addr_errno(nio_nl_ask(nio_addr_get_request, &q, nio_addr_get_cb, &q));
    if (err == 0 && (!q.found || out->ifindex != ifindex))
        err = -ENOENT;
    return err;
}

/* IPv4: the interface's addresses (the kernel filters), the first that
 * is ip. */
static int nio_addr_get4(const struct nio_ip *ip, uint32_t ifindex, struct nio_addr *out)
{
    struct nio_addr_list_ask a;
    struct nio_addr *v = NULL;
    size_t n = 0;
    int err;
    memset(&a, 0, sizeof(a));
    a.d.ifindex = ifindex;
    a.d.want = ip;
    a.want = NIO_WANT_V4;
    err = nio_addr_errno(nio_addr_collect(&a, &v, &n));
    if (err == 0 && n == 0)
        err = -ENOENT;
    if (err == 0)
        *out = v[0];
    nio_free(v);
    return err;
}

int nio_os_addr_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_addr *out)
{
    return addr->slot == NIO_V6 ? nio_addr_get6(addr, ifindex, out)
                                : nio_addr_get4(addr, ifindex, out);
}

/* ----------------------------------------------------------------- has */
/* IPv4 names no address in one request, but every IPv4 address has its
 * local route, "local A dev X" (fib_add_ifaddr: a secondary one too, any
 * prefix length), in the local table that rule 0 consults first.  The
 * kernel's lookup of A through X answered with the FIB entry
 * (RTM_F_FIB_MATCH) is that route exactly when X has A, however many
 * addresses X has:
 *   - the local route of A/32 through X, the kernel's (protocol kernel,
 *     preferred source A): X has A;
 *   - another route, or EHOSTUNREACH (nothing through X: the kernel
 *     "assumes on-link" and has no entry to show): X has no A;
 *   - anything else proves nothing, and X's addresses are listed:
 *     ENETUNREACH (X is down: its local routes stay, but the lookup stops
 *     at the interface), a clone (a kernel before RTM_F_FIB_MATCH, 4.13).
 * A policy rule put before the local table's that takes A elsewhere hides
 * the route: the kernel then treats A as no address of its own either
 * (docs/address.md). */
struct nio_addr_probe {
    const struct nio_ip *ip;
    uint32_t ifindex;
    int verdict;                /* 0 has, -ENOENT has not, 1 proves nothing */
    bool answered;
};

static void nio_addr_probe_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_addr_probe *p = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETROUTE, 0);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = AF_INET;
    rtm->rtm_dst_len = 32;
    rtm->rtm_flags = RTM_F_FIB_MATCH | RTM_F_LOOKUP_TABLE;
    mnl_attr_put(nlh, RTA_DST, 4, p->ip->bytes);
    mnl_attr_put_u32(nlh, RTA_OIF, p->ifindex);
}

static int nio_addr_probe_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_addr_probe *p = ctx;
    const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
    struct nio_route r;
    if (p->answered)
        return -EPROTO; /* one answer to one request */
    p->answered = true;
    if (nlh->nlmsg_type != RTM_NEWROUTE || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*rtm)) ||
        (rtm->rtm_flags & RTM_F_CLONED) || nio_linux_parse_route(nlh, &r) != 0)
        return 0; /* proves nothing */
    if (!r.local || r.prefix_len != 32 || r.oif != p->ifindex ||
        memcmp(r.prefix.bytes, p->ip->bytes, 4) != 0)
        p->verdict = -ENOENT;
    else if (r.origin == NIO_RO_KERNEL && r.has_src && nio_ip_same(&r.src, p->ip))
        p->verdict = 0; /* fib_magic's own: protocol kernel, source A */
    return 0; /* a local route someone added by hand proves nothing */
}

static int nio_addr_has4(const struct nio_ip *ip, uint32_t ifindex)
{
    struct nio_addr_probe p = {ip, ifindex, 1, false};
    struct nio_addr there;
    int err = nio_nl_ask(nio_addr_probe_request, &p, nio_addr_probe_cb, &p);
    if (err == -EHOSTUNREACH)
        return -ENOENT;
    if (err == -ENOMEM || err == -EPERM || err == -ENODEV)
        return err;
    if (err == 0 && p.verdict != 1)
        return p.verdict;
    return nio_addr_get4(ip, ifindex, &there);
}

int nio_os_addr_has(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr there;
    return addr->slot == NIO_V6 ? nio_addr_get6(addr, ifindex, &there)
                                : nio_addr_has4(addr, ifindex);
}

/* ------------------------------------------------------------- changes */
struct nio_addr_msg {
    const struct nio_addr *a;
    uint16_t type, flags;
    uint32_t kflags;            /* IFA_F_* asked for (RTM_NEWADDR) */
    bool by_local;              /* IPv4 RTM_DELADDR: IFA_LOCAL alone names it */
};

/* The scope ip(8) gives an address: host for IPv4 loopback addresses; the
 * kernel picks IPv6 scopes itself. */
static uint8_t nio_addr_scope(const struct nio_addr *a)
{
    return a->addr.slot == NIO_V4 && a->addr.bytes[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
}

/* The IFA_PROTO of the addresses this library makes: a number of no kernel
 * protocol (iproute2 shows it as 78), read back as "a program". */
#define NIO_IFAPROT_NETIOAPI 78

static void nio_addr_msg_build(struct nio_nl *nl, const void *arg)
{
    const struct nio_addr_msg *m = arg;
    const struct nio_addr *a = m->a;
    size_t len = nio_ip_len(a->addr.slot);
    struct nlmsghdr *nlh = nio_nl_request(nl, m->type, NLM_F_ACK | m->flags);
    struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
    ifa->ifa_family = nio_family_of(a->addr.slot);
    ifa->ifa_prefixlen = a->prefix_len;
    ifa->ifa_flags = (uint8_t)m->kflags;
    ifa->ifa_scope = nio_addr_scope(a);
    ifa->ifa_index = a->ifindex;
    mnl_attr_put(nlh, IFA_LOCAL, len, a->addr.bytes);
    if (m->by_local)
        return;
    mnl_attr_put(nlh, IFA_ADDRESS, len, a->has_peer ? a->peer.bytes : a->addr.bytes);
    if (m->type != RTM_NEWADDR)
        return;
    if (a->has_broadcast)
        mnl_attr_put(nlh, IFA_BROADCAST, 4, a->broadcast.bytes);
    mnl_attr_put_u32(nlh, IFA_FLAGS, m->kflags);
    /* A new address says who made it (Linux 5.18+ keeps IFA_PROTO; older
     * kernels ignore the attribute), so that it reads back Manual/Manual
     * whatever its lifetime, not as a lease (docs/fields.md).  A replace
     * sends the address's own again: the kernel takes a missing one for 0. */
    if (m->flags & NLM_F_CREATE)
        mnl_attr_put_u8(nlh, IFA_PROTO, NIO_IFAPROT_NETIOAPI);
    else if (a->os_proto != 0)
        mnl_attr_put_u8(nlh, IFA_PROTO, a->os_proto); /* a replace would clear it */
    /* Both lifetimes always: a replace without them makes them infinite. */
    {
        struct ifa_cacheinfo ci;
        memset(&ci, 0, sizeof(ci));
        ci.ifa_valid = a->valid_s;
        ci.ifa_prefered = a->preferred_s;
        mnl_attr_put(nlh, IFA_CACHEINFO, sizeof(ci), &ci);
    }
}

static int nio_addr_send_msg(const struct nio_addr_msg *m)
{
    return nio_addr_errno(nio_nl_ask(nio_addr_msg_build, m, NULL, NULL));
}

static int nio_addr_send(const struct nio_addr *a, uint16_t type, uint16_t flags, uint32_t kflags)
{
    struct nio_addr_msg m = {a, type, flags, kflags, false};
    return nio_addr_send_msg(&m);
}

/* The IFA_F_* flags a request may set, from an address's own. */
static uint32_t nio_addr_kflags(const struct nio_addr *a)
{
    uint32_t k = 0;
    if (a->flags & NIO_AF_NODAD)
        k |= IFA_F_NODAD;
    if (a->flags & NIO_AF_NOPREFIXROUTE)
        k |= IFA_F_NOPREFIXROUTE;
    if (a->flags & NIO_AF_MANAGETEMPADDR)
        k |= IFA_F_MANAGETEMPADDR;
    return k;
}

/* A change whose acknowledgement could not be read (a reply out of
 * sequence or cut short, the socket overrun, a reply flagged interrupted):
 * the kernel may have made it.  The callers ask the kernel and make the
 * change all or nothing. */
static bool nio_ack_lost(int err)
{
    return err == -EPROTO || err == -EMSGSIZE || err == -ENOBUFS || err == -EINTR;
}

int nio_os_addr_add(const struct nio_addr *a)
{
    struct nio_addr there;
    int err = nio_addr_send(a, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, nio_addr_kflags(a));
    /* Reported as not made: it must not be there (it was not before). */
    if (nio_ack_lost(err) && nio_os_addr_get(&a->addr, a->ifindex, &there) == 0)
        nio_os_addr_delete(&there);
    /* EADDRNOTAVAIL from an add is an address the interface cannot take
     * (ipv6_add_addr: a loopback address elsewhere than on loopback). */
    return err == -ENOENT ? -EINVAL : err;
}

/* Deleting a primary IPv4 address deletes the secondaries of its subnet
 * with it unless the interface promotes them (promote_secondaries), where
 * Windows deletes the one address: promotion is on for the one request,
 * then as it was; for an address not known to be secondary too (a delete
 * by key: promotion does nothing to a secondary's).  (Two threads deleting
 * on one interface at once may see it on for both; it is never left on.)
 * by_local: the request names the address by IFA_LOCAL alone, and the
 * kernel deletes the first of the interface's addresses with it
 * (inet_rtm_deladdr), the one a listing names first. */
#define NIO_PROMOTE "/proc/sys/net/ipv4/conf/%s/promote_secondaries"
static int nio_addr_delete4(const struct nio_addr *a, bool by_local)
{
    struct nio_addr_msg m = {a, RTM_DELADDR, 0, 0, by_local};
    char name[IF_NAMESIZE];
    uint32_t promote = 1;
    int err, set = -1;
    if (!(a->flags & NIO_AF_SECONDARY) && if_indextoname(a->ifindex, name) != NULL &&
        nio_procsys_u32(&promote, NIO_PROMOTE, name) == 0 && promote == 0)
        set = nio_procsys_write_u32(1, NIO_PROMOTE, name);
    err = nio_addr_send_msg(&m);
    if (set == 0)
        nio_procsys_write_u32(0, NIO_PROMOTE, name);
    return err;
}

/* The kernel's table says whether a delete whose acknowledgement was lost
 * went: gone is done. */
static int nio_addr_delete_checked(const struct nio_addr *a, int err)
{
    struct nio_addr there;
    if (nio_ack_lost(err) && nio_os_addr_get(&a->addr, a->ifindex, &there) == -ENOENT)
        err = 0;
    return err;
}

int nio_os_addr_delete(const struct nio_addr *a)
{
    int err = a->addr.slot == NIO_V4 ? nio_addr_delete4(a, false)
                                     : nio_addr_send(a, RTM_DELADDR, 0, 0);
    return nio_addr_delete_checked(a, err);
}

/* IPv4 by the address alone, one request however many addresses the
 * interface has; IPv6 wants the prefix length (inet6_addr_del), which the
 * kernel's own look-up of the address gives. */
int nio_os_addr_remove(const struct nio_ip *addr, uint32_t ifindex)
{
    struct nio_addr a;
    int err;
    if (addr->slot == NIO_V6) {
        err = nio_addr_get6(addr, ifindex, &a);
        return err != 0 ? err : nio_os_addr_delete(&a);
    }
    memset(&a, 0, sizeof(a));
    a.ifindex = ifindex;
    a.addr = *addr;
    return nio_addr_delete_checked(&a, nio_addr_delete4(&a, true));
}

/* NLM_F_REPLACE of the address as listed: the kernel keeps it (and its
 * routes) and takes the new lifetimes.  IPv6 also resets the flags a
 * request may set: they are sent as they were. */
int nio_os_addr_set(const struct nio_addr *old, const struct nio_addr *now)
{
    struct nio_addr next = *old, there;
    int err;
    next.valid_s = now->valid_s;
    next.preferred_s = now->preferred_s;
    err = nio_addr_send(&next, RTM_NEWADDR, NLM_F_REPLACE, nio_addr_kflags(old));
    /* Reported as not changed: the old lifetimes go back if it is there. */
    if (nio_ack_lost(err) && nio_os_addr_get(&old->addr, old->ifindex, &there) == 0)
        nio_addr_send(old, RTM_NEWADDR, NLM_F_REPLACE, nio_addr_kflags(old));
    return err;
}

int nio_os_addr_may_change(void)
{
    return nio_os_may_change(); /* CAP_NET_ADMIN in the effective set (ipif-set.c) */
}
