/* bestroute.c - GetBestRoute2: validate, resolve the interface, apply the
 * strong host model and DisableDefaultRoutes, and fill MIB_IPFORWARD_ROW2
 * from the route the OS itself chose (docs/route.md).
 *
 * The OS decides; this file only narrows what may be chosen.  Linux and the
 * BSDs are weak hosts: asked for a route from a source address, they may
 * send it through any interface.  Windows (and the seed page) restricts the
 * lookup to the interface given, or to the interface holding the source,
 * so this file passes that interface to the OS as a constraint and refuses
 * an answer through any other.
 */
#include <errno.h>
#include <string.h>

#include "core.h"

/* -------------------------------------------- DisableDefaultRoutes */
/* Whether DisableDefaultRoutes is TRUE on ifc for the family (the
 * system-wide record, ipif-store.c). */
static bool nio_no_defaults(const struct nio_iface *ifc, int slot)
{
    struct nio_local l;
    nio_local_get(nio_iface_luid(ifc), slot, &l);
    return l.disable_default_routes;
}

static bool nio_index_no_defaults(uint32_t index, int slot)
{
    struct nio_iface ifc;
    return nio_lookup(0, index, NIO_WANT_LINK, NIO_NOT_FOUND, &ifc) == NIO_OK &&
           nio_no_defaults(&ifc, slot);
}

/* The OS chose r, a default route through an interface whose default
 * routes are disabled.  A more specific route would have won already, so
 * the only others that can qualify are the default routes of the same
 * table through other interfaces: the one with the lowest metric among
 * those that qualify, asked of the OS again with its interface as the
 * constraint so that the source it picks fits. */
static nio_status nio_route_avoid(const struct nio_route_query *q, uint32_t constraint,
                                  struct nio_route *r)
{
    struct nio_route *list = NULL, *best = NULL;
    struct nio_route_query again = *q;
    size_t n = 0;
    nio_status st;
    int slot = q->dst.slot;
    st = nio_status_from_errno(nio_os_route_defaults(slot, r->table, &list, &n), NIO_GEN_FAILURE);
    if (st != NIO_OK)
        return st;
    for (size_t i = 0; i < n; i++) {
        if ((constraint && list[i].oif != constraint) || list[i].oif == r->oif)
            continue;
        if (best != NULL && list[i].metric >= best->metric)
            continue;
        if (!nio_index_no_defaults(list[i].oif, slot))
            best = &list[i];
    }
    if (best == NULL) {
        nio_free(list);
        return NIO_NETWORK_UNREACHABLE;
    }
    again.oif = best->oif;
    nio_free(list);
    st = nio_status_from_errno(nio_os_route_get(&again, r), NIO_NETWORK_UNREACHABLE);
    if (st == NIO_OK && r->oif != again.oif)
        st = NIO_NETWORK_UNREACHABLE;
    return st;
}

/* ---------------------------------------------------- GetBestRoute2 */
struct nio_route_call {
    struct nio_route_query q;
    uint32_t constraint;        /* the strong host model's interface, or 0 */
    struct nio_iface ifc;       /* that interface, when constraint */
};

/* The interface the caller named, if any: the LUID when the pointer and
 * the LUID are non-zero, else the index. */
static nio_status nio_route_interface(const NET_LUID *luid, NET_IFINDEX index,
                                      struct nio_route_call *c)
{
    uint64_t key = luid != NULL ? luid->Value : 0;
    nio_status st;
    if (key == 0 && index == 0)
        return NIO_OK;
    st = nio_lookup(key, index, NIO_WANT_LINK, NIO_NO_INTERFACE, &c->ifc);
    if (st == NIO_OK)
        c->constraint = c->ifc.index;
    return st;
}

/* The source the caller gave, if any: it must be an address of this
 * machine, and of the interface named if one is; it then names the
 * interface (strong host model). */
static nio_status nio_route_source(const SOCKADDR_INET *src, struct nio_route_call *c)
{
    uint32_t owner = 0;
    int err;
    if (src == NULL || src->si_family == AF_UNSPEC)
        return NIO_OK;
    if (!nio_ip_from_sockaddr(src, c->q.dst.slot, &c->q.src))
        return NIO_INVALID_PARAMETER; /* another family than the destination's */
    if (nio_ip_is_zero(&c->q.src))
        return NIO_OK; /* the unspecified address: any source */
    err = nio_os_addr_owner(&c->q.src, &owner);
    if (err == -EADDRNOTAVAIL || (err == 0 && c->constraint && owner != c->constraint))
        return NIO_NOT_FOUND;
    if (err)
        return nio_status_from_errno(err, NIO_NOT_FOUND);
    c->q.has_src = true;
    if (c->constraint == 0) {
        c->constraint = owner;
        return nio_lookup(0, owner, NIO_WANT_LINK, NIO_NOT_FOUND, &c->ifc);
    }
    return NIO_OK;
}

nio_status nio_get_best_route2(NET_LUID *luid, NET_IFINDEX index, const SOCKADDR_INET *src,
                               const SOCKADDR_INET *dst, ULONG options, MIB_IPFORWARD_ROW2 *route,
                               SOCKADDR_INET *best_src)
{
    struct nio_route_call c;
    struct nio_route r;
    struct nio_iface out;
    nio_status st;
    int slot;
    (void)options; /* unused, as on Windows */
    if (dst == NULL || route == NULL || best_src == NULL)
        return NIO_INVALID_PARAMETER;
    if ((slot = nio_family_slot(dst->si_family)) < 0)
        return NIO_INVALID_PARAMETER;
    memset(&c, 0, sizeof(c));
    nio_ip_from_sockaddr(dst, slot, &c.q.dst);
    c.q.src.slot = slot;
    if (src != NULL && src->si_family != AF_UNSPEC && nio_family_slot(src->si_family) != slot)
        return NIO_INVALID_PARAMETER;
    st = nio_route_interface(luid, index, &c);
    if (st == NIO_OK)
        st = nio_route_source(src, &c);
    if (st != NIO_OK)
        return st;
    c.q.oif = c.constraint;
    st = nio_status_from_errno(nio_os_route_get(&c.q, &r), NIO_NETWORK_UNREACHABLE);
    if (st == NIO_OK && c.constraint && r.oif != c.constraint)
        st = NIO_NETWORK_UNREACHABLE; /* strong host: only routes through it */
    if (st != NIO_OK)
        return st;
    if (c.constraint && r.oif == c.constraint)
        out = c.ifc;
    else if ((st = nio_lookup(0, r.oif, NIO_WANT_LINK, NIO_NETWORK_UNREACHABLE, &out)) != NIO_OK)
        return st; /* the interface went away between the two reads */
    if (r.prefix_len == 0 && !r.local && nio_no_defaults(&out, slot)) {
        st = nio_route_avoid(&c.q, c.constraint, &r);
        if (st == NIO_OK)
            st = nio_lookup(0, r.oif, NIO_WANT_LINK, NIO_NETWORK_UNREACHABLE, &out);
        if (st != NIO_OK)
            return st;
    }
    nio_route_row_fill(route, &r, nio_iface_luid(&out), nio_if_metric(nio_iface_luid(&out), slot));
    if (c.q.has_src)
        nio_sockaddr_from_ip(best_src, &c.q.src, r.oif);
    else if (r.has_src)
        nio_sockaddr_from_ip(best_src, &r.src, r.oif);
    else
        nio_sockaddr_zero(best_src, slot);
    return NIO_OK;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(GetBestRoute2,
                (NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,
                 CONST SOCKADDR_INET *SourceAddress, CONST SOCKADDR_INET *DestinationAddress,
                 ULONG AddressSortOptions, PMIB_IPFORWARD_ROW2 BestRoute,
                 SOCKADDR_INET *BestSourceAddress),
                (InterfaceLuid, InterfaceIndex, SourceAddress, DestinationAddress,
                 AddressSortOptions, BestRoute, BestSourceAddress),
                nio_get_best_route2)
