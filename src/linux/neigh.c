/* neigh.c - the Linux neighbour rows (docs/neigh.md): one RTM_GETNEIGH dump
 * of the ARP and neighbour-discovery tables for lists (filtered by
 * interface in the kernel with NDA_IFINDEX); one RTM_GETNEIGH for one
 * neighbour (Linux 5.0+; a filtered dump before); RTM_NEWNEIGH and
 * RTM_DELNEIGH, acknowledged, for every change.  Resolution is in
 * resolve.c.
 *
 * The kernel names a neighbour by table (family), interface and address:
 * every change request says all three, exactly as the entry was listed.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"
#include "neigh.h"

/* The NDA_PROTOCOL of the entries this library makes: a number of no
 * kernel protocol, as its addresses' IFA_PROTO (iproute2 shows 78). */
#define NIO_NEIGH_PROTO_NETIOAPI 78
#define NIO_NDA_PROTOCOL 12

static uint8_t nio_family_of(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

/* ------------------------------------------------------------ the list */
struct nio_neigh_dump {
    struct nio_vec vec;         /* of struct nio_neigh */
    unsigned want;              /* NIO_WANT_V4 | NIO_WANT_V6 */
    uint32_t ifindex;           /* 0: every interface */
    const struct nio_ip *only;  /* one address (a kernel without RTM_GETNEIGH) */
};

static bool nio_neigh_wanted(const struct nio_neigh_dump *d, const struct nio_neigh *n)
{
    /* A kernel without the filter sends every interface's: filtered here. */
    if (d->ifindex != 0 && n->ifindex != d->ifindex)
        return false;
    if (!(d->want & (n->addr.slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4)))
        return false;
    return d->only == NULL || (n->addr.slot == d->only->slot &&
                               memcmp(n->addr.bytes, d->only->bytes, nio_ip_len(n->addr.slot)) == 0);
}

static int nio_neigh_dump_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_neigh_dump *d = ctx;
    struct nio_neigh n, *room;
    int err = nio_linux_parse_neigh(nlh, &n);
    if (err == -ENOENT)
        return 0; /* no row */
    if (err < 0)
        return err;
    if (!nio_neigh_wanted(d, &n))
        return 0;
    if ((room = nio_vec_room(&d->vec, sizeof(*room))) == NULL)
        return -ENOMEM;
    *room = n;
    d->vec.n++;
    return 0;
}

/* Both families are one dump of every table (AF_UNSPEC). */
static void nio_neigh_dump_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_neigh_dump *d = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETNEIGH, NLM_F_DUMP);
    struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = d->want == NIO_WANT_V4   ? AF_INET
                      : d->want == NIO_WANT_V6 ? AF_INET6
                                               : AF_UNSPEC;
    if (d->ifindex != 0)
        mnl_attr_put_u32(nlh, NDA_IFINDEX, d->ifindex);
}

static int nio_neigh_attempt(void *ctx)
{
    struct nio_neigh_dump *d = ctx;
    d->vec.n = 0;
    return nio_nl_ask(nio_neigh_dump_request, d, nio_neigh_dump_cb, d);
}

static int nio_neigh_collect(struct nio_neigh_dump *d, struct nio_neigh **out, size_t *count)
{
    int err = nio_nl_snapshot(nio_neigh_attempt, d);
    if (err) {
        nio_free(d->vec.v);
        return err;
    }
    *out = d->vec.v;
    *count = d->vec.n;
    return 0;
}

int nio_os_neigh_list(unsigned want, uint32_t ifindex, struct nio_neigh **out, size_t *count)
{
    struct nio_neigh_dump d;
    memset(&d, 0, sizeof(d));
    d.want = want;
    d.ifindex = ifindex;
    return nio_neigh_collect(&d, out, count);
}

/* ----------------------------------------------------------------- get */
struct nio_neigh_one {
    const struct nio_ip *ip;
    uint32_t ifindex;
    struct nio_neigh *out;
    bool found;
};

static void nio_neigh_get_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_neigh_one *q = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETNEIGH, 0);
    struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = nio_family_of(q->ip->slot);
    ndm->ndm_ifindex = (int)q->ifindex;
    mnl_attr_put(nlh, NDA_DST, nio_ip_len(q->ip->slot), q->ip->bytes);
}

static int nio_neigh_get_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_neigh_one *q = ctx;
    int err = nio_linux_parse_neigh(nlh, q->out);
    if (err < 0)
        return err == -ENOENT ? -EPROTO : err; /* an answer that is no row */
    q->found = true;
    return 0;
}

/* Before Linux 5.0 RTM_GETNEIGH has no single-entry form: the
 * interface's entries, the one that is ip. */
static int nio_neigh_get_dumped(const struct nio_ip *ip, uint32_t ifindex, struct nio_neigh *out)
{
    struct nio_neigh_dump d;
    struct nio_neigh *v = NULL;
    size_t n = 0;
    int err;
    memset(&d, 0, sizeof(d));
    d.want = ip->slot == NIO_V6 ? NIO_WANT_V6 : NIO_WANT_V4;
    d.ifindex = ifindex;
    d.only = ip;
    err = nio_neigh_collect(&d, &v, &n);
    if (err == 0 && n == 0)
        err = -ENOENT;
    if (err == 0)
        *out = v[0];
    nio_free(v);
    return err;
}

int nio_os_neigh_get(const struct nio_ip *addr, uint32_t ifindex, struct nio_neigh *out)
{
    struct nio_neigh_one q = {addr, ifindex, out, false};
    int err = nio_nl_ask(nio_neigh_get_request, &q, nio_neigh_get_cb, &q);
    if (err == -EOPNOTSUPP || err == -EINVAL)
        return nio_neigh_get_dumped(addr, ifindex, out);
    if (err == 0 && (!q.found || out->ifindex != ifindex))
        err = -ENOENT;
    return err;
}

/* ------------------------------------------------------------- changes */
static uint16_t nio_nud_of(enum nio_neigh_state s)
{
    switch (s) {
    case NIO_NS_REACHABLE: return NUD_REACHABLE;
    case NIO_NS_STALE: return NUD_STALE;
    case NIO_NS_DELAY: return NUD_DELAY;
    case NIO_NS_PROBE: return NUD_PROBE;
    case NIO_NS_NOARP: return NUD_NOARP;
    default: return NUD_PERMANENT;
    }
}

void nio_neigh_msg_build(struct nio_nl *nl, const void *arg)
{
    const struct nio_neigh_msg *m = arg;
    const struct nio_neigh *n = m->n;
    struct nlmsghdr *nlh = nio_nl_request(nl, m->type, NLM_F_ACK | m->flags);
    struct ndmsg *ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
    ndm->ndm_family = nio_family_of(n->addr.slot);
    ndm->ndm_ifindex = (int)n->ifindex;
    mnl_attr_put(nlh, NDA_DST, nio_ip_len(n->addr.slot), n->addr.bytes);
    if (m->type != RTM_NEWNEIGH)
        return;
    ndm->ndm_state = m->use ? NUD_NONE : nio_nud_of(n->state);
    ndm->ndm_flags = m->use ? NTF_USE : n->router ? NTF_ROUTER : 0;
    if (n->lladdr_len > 0 && !m->use)
        mnl_attr_put(nlh, NDA_LLADDR, n->lladdr_len, n->lladdr);
    /* A new entry says who made it (Linux 5.2+ keeps NDA_PROTOCOL); a
     * replace sends the entry's own again. */
    if (m->flags & NLM_F_CREATE)
        mnl_attr_put_u8(nlh, NIO_NDA_PROTOCOL, NIO_NEIGH_PROTO_NETIOAPI);
    else if (NIO_NB_PROTO(n->os_bits) != 0)
        mnl_attr_put_u8(nlh, NIO_NDA_PROTOCOL, NIO_NB_PROTO(n->os_bits));
}

int nio_neigh_send(const struct nio_neigh *n, uint16_t type, uint16_t flags, bool use)
{
    struct nio_neigh_msg m = {n, type, flags, use};
    return nio_nl_ask(nio_neigh_msg_build, &m, NULL, NULL);
}

/* A change whose acknowledgement could not be read: the kernel may have
 * made it; the callers ask the kernel (as the address rows do). */
static bool nio_ack_lost(int err)
{
    return err == -EPROTO || err == -EMSGSIZE || err == -ENOBUFS || err == -EINTR;
}

static bool nio_neigh_same(const struct nio_neigh *a, const struct nio_neigh *b)
{
    return a->lladdr_len == b->lladdr_len && memcmp(a->lladdr, b->lladdr, a->lladdr_len) == 0 &&
           nio_nud_of(a->state) == nio_nud_of(b->state) && a->router == b->router;
}

int nio_os_neigh_add(const struct nio_neigh *n)
{
    struct nio_neigh there;
    int err = nio_neigh_send(n, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_EXCL, false);
    /* Reported as not made: it must not be there (it was not before). */
    if (nio_ack_lost(err) && nio_os_neigh_get(&n->addr, n->ifindex, &there) == 0)
        nio_os_neigh_delete(&there);
    return err;
}

int nio_os_neigh_set(const struct nio_neigh *old, const struct nio_neigh *now)
{
    struct nio_neigh next = *now, there;
    int err;
    next.os_bits = old->os_bits;
    /* NLM_F_REPLACE without NLM_F_CREATE: the kernel changes the entry in
     * place (address, state and router flag at once), or answers ENOENT. */
    err = nio_neigh_send(&next, RTM_NEWNEIGH, NLM_F_REPLACE, false);
    /* One request, made whole or not at all: the kernel's entry says which
     * when the acknowledgement is lost. */
    if (nio_ack_lost(err) && nio_os_neigh_get(&old->addr, old->ifindex, &there) == 0 &&
        nio_neigh_same(&there, &next))
        err = 0;
    return err;
}

int nio_os_neigh_delete(const struct nio_neigh *n)
{
    struct nio_neigh there;
    int err = nio_neigh_send(n, RTM_DELNEIGH, 0, false);
    if (nio_ack_lost(err) && nio_os_neigh_get(&n->addr, n->ifindex, &there) == -ENOENT)
        err = 0;
    return err;
}

int nio_os_neigh_may_change(void)
{
    return nio_os_may_change(); /* CAP_NET_ADMIN in the effective set (ipif-set.c) */
}
