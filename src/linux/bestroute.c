/* bestroute.c - the Linux answers for GetBestRoute2: the kernel's own route
 * lookup (RTM_GETROUTE), asked twice.
 *
 * With RTM_F_FIB_MATCH the kernel answers with the routing-table entry
 * that matched: its prefix, metric, table, protocol, and its device (for a
 * local address, the device that holds it).  It also refuses where a plain
 * lookup would make something up: asked for a route through a device
 * that has none, a plain IPv4 lookup assumes the destination is on that
 * link; the FIB match says there is no route.  The plain lookup then gives
 * what only it knows: the next hop chosen among several, and the source
 * address the kernel would send from.
 */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include "linux.h"

static uint8_t nio_family_of(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

/* A lookup as a request: the query, and whether the kernel is to answer
 * with the table entry that matched (RTM_F_FIB_MATCH). */
struct nio_route_ask {
    const struct nio_route_query *q;
    bool fib_match;
};

static void nio_route_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_route_ask *a = arg;
    const struct nio_route_query *q = a->q;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETROUTE, 0);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    size_t len = nio_ip_len(q->dst.slot);
    uint32_t oif = q->oif ? q->oif : q->dst.scope;
    rtm->rtm_family = nio_family_of(q->dst.slot);
    rtm->rtm_dst_len = (uint8_t)(len * 8);
    rtm->rtm_flags = a->fib_match ? RTM_F_FIB_MATCH : 0;
    mnl_attr_put(nlh, RTA_DST, len, q->dst.bytes);
    if (q->has_src) {
        rtm->rtm_src_len = (uint8_t)(len * 8);
        mnl_attr_put(nlh, RTA_SRC, len, q->src.bytes);
    }
    if (oif != 0)
        mnl_attr_put_u32(nlh, RTA_OIF, oif);
}

static int nio_one_route_cb(const struct nlmsghdr *nlh, void *ctx)
{
    int err = nio_linux_parse_route(nlh, ctx);
    return err == -ENOENT ? -ENETUNREACH : err; /* a reject route */
}

/* The kernel's refusals of a lookup, all "no route" to the caller:
 * ENETUNREACH (none), EHOSTUNREACH (an unreachable route, or none through
 * the device asked), EACCES (a prohibit route), EINVAL (a blackhole route
 * in IPv4; the requests here are well formed). */
static int nio_route_err(int err)
{
    switch (-err) {
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EACCES:
    case EINVAL:
        return -ENETUNREACH;
    default:
        return err;
    }
}

static int nio_lookup_route(const struct nio_route_query *q, bool fib_match,
                            struct nio_route *out)
{
    struct nio_route_ask ask = {q, fib_match};
    return nio_route_err(nio_nl_ask(nio_route_request, &ask, nio_one_route_cb, out));
}

int nio_os_route_get(const struct nio_route_query *q, struct nio_route *out)
{
    struct nio_route plain;
    int err = nio_lookup_route(q, true, out);
    if (err == 0)
        err = nio_lookup_route(q, false, &plain);
    if (err)
        return err;
    /* The next hop the plain lookup chose (of a multipath route, the FIB
     * entry lists them all), but for a local address the device that
     * holds it, which the FIB entry names (the plain lookup says lo). */
    if (!out->local) {
        out->oif = plain.oif;
        out->has_gateway = plain.has_gateway;
        out->gateway = plain.gateway;
    }
    out->has_src = plain.has_src;
    out->src = plain.src;
    return out->oif != 0 ? 0 : -ENETUNREACH;
}

int nio_os_addr_owner(const struct nio_ip *addr, uint32_t *ifindex)
{
    struct nio_route_query q;
    struct nio_route r;
    int err;
    memset(&q, 0, sizeof(q));
    q.dst = *addr;
    err = nio_lookup_route(&q, true, &r);
    if (err == -ENETUNREACH || (err == 0 && (!r.local || r.oif == 0)))
        return -EADDRNOTAVAIL;
    if (err == 0)
        *ifindex = r.oif;
    return err;
}

/* ------------------------------------------------------ default routes */
#define NIO_MAX_HOPS 32

struct nio_defaults {
    struct nio_vec vec;         /* of struct nio_route */
    int slot;
    uint32_t table;
};

static int nio_default_cb(const struct nlmsghdr *nlh, void *ctx)
{
    struct nio_defaults *d = ctx;
    struct nio_route r, hops[NIO_MAX_HOPS], *room;
    int n, err = nio_linux_parse_route(nlh, &r);
    if (err == -ENOENT || (err == 0 && (r.prefix_len != 0 || r.local)))
        return 0; /* not a default route that carries traffic */
    if (err)
        return err;
    n = nio_linux_parse_route_hops(nlh, &r, hops, NIO_MAX_HOPS);
    for (int i = 0; i < n; i++) {
        if ((room = nio_vec_room(&d->vec, sizeof(*room))) == NULL)
            return -ENOMEM;
        *room = hops[i];
        d->vec.n++;
    }
    return n < 0 ? n : 0;
}

/* One dump of the table, filtered by the kernel (strict checking). */
static void nio_defaults_request(struct nio_nl *nl, const void *arg)
{
    const struct nio_defaults *d = arg;
    struct nlmsghdr *nlh = nio_nl_request(nl, RTM_GETROUTE, NLM_F_DUMP);
    struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
    rtm->rtm_family = nio_family_of(d->slot);
    rtm->rtm_table = d->table < 256 ? (uint8_t)d->table : RT_TABLE_UNSPEC;
    mnl_attr_put_u32(nlh, RTA_TABLE, d->table);
}

static int nio_defaults_dump(void *ctx)
{
    struct nio_defaults *d = ctx;
    d->vec.n = 0;
    return nio_nl_ask(nio_defaults_request, d, nio_default_cb, d);
}

int nio_os_route_defaults(int slot, uint32_t table, struct nio_route **out, size_t *count)
{
    struct nio_defaults d = {{NULL, 0, 0}, slot, table};
    int err = nio_nl_snapshot(nio_defaults_dump, &d);
    if (err) {
        nio_free(d.vec.v);
        return err;
    }
    *out = d.vec.v;
    *count = d.vec.n;
    return 0;
}
