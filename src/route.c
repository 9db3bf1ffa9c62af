/* route.c - the route rows: InitializeIpForwardEntry, GetIpForwardTable2,
 * GetIpForwardEntry2, Create/Set/DeleteIpForwardEntry2, GetBestInterface(Ex).
 *
 * Validation, the key (prefix, next hop, interface by LUID first), the
 * defaults of Windows and the metric model live here; the back end lists
 * the OS's routes and applies one change (backend.h).  docs/route.md says
 * which OS routes are rows and what each field holds.
 */
#include <errno.h>
#include <string.h>

#include "core.h"

#define NIO_INFINITE 0xFFFFFFFFu
/* Initialize's "illegal" values: fields the caller left to the defaults. */
#define NIO_UNSET_METRIC 0xFFFFFFFFu
#define NIO_UNSET_SITE_PREFIX 0xFFu
/* The route metric Windows gives a route created without one (netsh and
 * New-NetRoute document 256). */
#define NIO_DEFAULT_ROUTE_METRIC 256u

void nio_route_init(MIB_IPFORWARD_ROW2 *row)
{
    if (row == NULL)
        return;
    memset(row, 0, sizeof(*row));
    row->SitePrefixLength = NIO_UNSET_SITE_PREFIX;
    row->ValidLifetime = row->PreferredLifetime = NIO_INFINITE;
    row->Metric = NIO_UNSET_METRIC;
    row->Protocol = (NL_ROUTE_PROTOCOL)-1;
    row->Loopback = row->AutoconfigureAddress = row->Publish = row->Immortal = TRUE;
    row->Origin = NlroManual;
}

/* ------------------------------------------------------------- the key */
/* A row's key in the back end's terms: the family, the prefix (host bits
 * must be zero: *host_bits tells), the next hop (family 0 or the zero
 * address: on-link). */
struct nio_route_key {
    int slot;
    struct nio_route r;         /* prefix, prefix_len, gateway, oif */
    bool host_bits;             /* the prefix has bits beyond its length */
    struct nio_iface ifc;       /* the interface, once resolved */
    bool unread;                /* by index alone: ifc not read, its settings
                                 * the defaults (nio_route_write) */
};

static bool nio_mask(struct nio_ip *ip, uint8_t len)
{
    size_t bytes = ip->slot == NIO_V6 ? 16 : 4;
    bool had = false;
    for (size_t i = 0; i < bytes; i++) {
        unsigned keep = len >= (i + 1) * 8 ? 8 : len > i * 8 ? len - i * 8 : 0;
        uint8_t mask = (uint8_t)(0xFF00u >> keep);
        if (ip->bytes[i] & ~mask)
            had = true;
        ip->bytes[i] &= mask;
    }
    return had;
}

/* INVALID_PARAMETER for what no route can be: no row, a prefix that is
 * not IPv4/IPv6 or longer than its addresses, a next hop of another family,
 * no interface named. */
static nio_status nio_route_key_parse(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    const SOCKADDR_INET *hop;
    memset(k, 0, sizeof(*k));
    if (row == NULL)
        return NIO_INVALID_PARAMETER;
    k->slot = nio_family_slot(row->DestinationPrefix.Prefix.si_family);
    if (k->slot < 0 || row->DestinationPrefix.PrefixLength > (k->slot == NIO_V6 ? 128 : 32))
        return NIO_INVALID_PARAMETER;
    if (row->InterfaceLuid.Value == 0 && row->InterfaceIndex == 0)
        return NIO_INVALID_PARAMETER;
    nio_ip_from_sockaddr(&row->DestinationPrefix.Prefix, k->slot, &k->r.prefix);
    k->r.prefix.scope = 0;
    k->r.prefix_len = row->DestinationPrefix.PrefixLength;
    k->host_bits = nio_mask(&k->r.prefix, k->r.prefix_len);
    hop = &row->NextHop;
    k->r.gateway.slot = k->slot;
    if (hop->si_family != AF_UNSPEC) {
        if (nio_family_slot(hop->si_family) != k->slot)
            return NIO_INVALID_PARAMETER;
        nio_ip_from_sockaddr(hop, k->slot, &k->r.gateway);
        k->r.has_gateway = !nio_ip_is_zero(&k->r.gateway);
    }
    return NIO_OK;
}

/* The interface of the key, LUID first; NOT_FOUND also when the family is
 * not bound on it. */
static nio_status nio_route_key_lookup(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    nio_status st = nio_lookup(row->InterfaceLuid.Value, row->InterfaceIndex,
                               NIO_WANT_PRESENCE, NIO_NOT_FOUND, &k->ifc);
    if (st == NIO_OK && !k->ifc.fam[k->slot].present)
        st = NIO_NOT_FOUND;
    k->r.oif = k->ifc.index;
    return st;
}

/* The rows through the key's interface, and the one with the key: the
 * first in the OS's order, which is the one the OS prefers (*found NULL
 * when none has the key).  expect_new: the caller hopes for none (Create).
 * The caller nio_free()s *list. */
static nio_status nio_route_find(const struct nio_route_key *k, bool expect_new,
                                 struct nio_route **list, struct nio_route **found)
{
    size_t n = 0;
    nio_status st = nio_status_from_errno(nio_os_route_find(&k->r, expect_new, list, &n),
                                          NIO_NOT_FOUND);
    *found = NULL;
    if (st != NIO_OK) {
        *list = NULL;
        return st;
    }
    for (size_t i = 0; i < n && *found == NULL; i++)
        if ((*list)[i].prefix.slot == k->slot && nio_route_same_key(&(*list)[i], &k->r))
            *found = &(*list)[i];
    return NIO_OK;
}

/* ----------------------------------------------------------------- Get */
nio_status nio_get_ip_forward_entry2(MIB_IPFORWARD_ROW2 *row)
{
    struct nio_route_key k;
    struct nio_route *list = NULL, *found;
    nio_status st = nio_route_key_parse(row, &k);
    if (st == NIO_OK)
        st = nio_route_key_lookup(row, &k);
    if (st == NIO_OK)
        st = nio_route_find(&k, false, &list, &found);
    if (st == NIO_OK && found == NULL)
        st = NIO_NOT_FOUND;
    if (st == NIO_OK) {
        /* The interface as the lookup read it: no second request. */
        nio_route_row_fill(row, found, nio_iface_luid(&k.ifc),
                           nio_if_metric_of(NULL, &k.ifc, k.slot));
    }
    nio_free(list);
    return st;
}

/* --------------------------------------------------------------- table */
/* The interfaces of the rows, by index (the LUID needs the type). */
static nio_status nio_route_ifaces(struct nio_iface **ifs, size_t *n)
{
    nio_status st = nio_status_from_errno(nio_os_list(NIO_WANT_LINK, ifs, n), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        nio_sort_by_index(*ifs, *n, sizeof(**ifs));
    return st;
}

/* The interface metric of the rows being filled, read once per interface
 * and family, within one view of the record for the whole table (one
 * listing; only interfaces with a record are read). */
struct nio_metric_cache {
    struct nio_recview rv;
    uint32_t index;
    bool have[NIO_FAMILIES];
    uint32_t metric[NIO_FAMILIES];
};

static uint32_t nio_cached_metric(struct nio_metric_cache *c, const struct nio_iface *ifc,
                                  int slot)
{
    if (c->index != ifc->index) {
        memset(c->have, 0, sizeof(c->have));
        c->index = ifc->index;
    }
    if (!c->have[slot]) {
        c->metric[slot] = nio_if_metric_of(&c->rv, ifc, slot);
        c->have[slot] = true;
    }
    return c->metric[slot];
}

/* The rows in index order, without moving the back end's list (a table
 * may hold 100,000 routes); a row whose interface went between the two
 * reads is left out, as its routes went with it. */
static void nio_route_rows(MIB_IPFORWARD_TABLE2 *t, const struct nio_route *v,
                           const uint32_t *order, size_t n, struct nio_iface *ifs, size_t nifs,
                           struct nio_metric_cache *cache)
{
    struct nio_iface *ifc = NULL;
    for (size_t k = 0; k < n; k++) {
        const struct nio_route *r = &v[order[k]];
        if (ifc == NULL || ifc->index != r->oif)
            ifc = nio_find_by_index(ifs, nifs, sizeof(*ifs), r->oif);
        if (ifc == NULL)
            continue;
        nio_route_row_fill(&t->Table[t->NumEntries++], r, nio_iface_luid(ifc),
                           nio_cached_metric(cache, ifc, r->prefix.slot));
    }
}

static nio_status nio_route_table_fill(struct nio_route *v, size_t n, MIB_IPFORWARD_TABLE2 **out)
{
    struct nio_iface *ifs = NULL;
    MIB_IPFORWARD_TABLE2 *t = NULL;
    struct nio_metric_cache cache;
    uint32_t *order = NULL;
    size_t nifs = 0;
    nio_status st = nio_route_ifaces(&ifs, &nifs);
    memset(&cache, 0, sizeof(cache));
    if (st != NIO_OK)
        return st;
    st = NIO_NOT_FOUND; /* Windows: no route is ERROR_NOT_FOUND */
    if (n == 0)
        goto out;
    st = NIO_NO_MEMORY;
    order = nio_calloc(n, sizeof(*order));
    if (order == NULL || nio_order_by_index(v, n, sizeof(*v), order) != 0)
        goto out;
    if ((t = NIO_TABLE_ALLOC(MIB_IPFORWARD_TABLE2, n)) == NULL ||
        nio_recview_open(&cache.rv) != NIO_OK)
        goto out;
    nio_route_rows(t, v, order, n, ifs, nifs, &cache);
    st = t->NumEntries ? NIO_OK : NIO_NOT_FOUND;
out:
    if (st == NIO_OK)
        *out = t;
    else
        FreeMibTable(t);
    nio_recview_close(&cache.rv);
    nio_free(order);
    nio_free(ifs);
    return st;
}

nio_status nio_get_ip_forward_table2(ADDRESS_FAMILY family, MIB_IPFORWARD_TABLE2 **table)
{
    unsigned want = family == AF_UNSPEC ? NIO_WANT_V4 | NIO_WANT_V6
                    : nio_family_slot(family) >= 0 ? nio_want_of_slot(nio_family_slot(family))
                                                   : 0;
    struct nio_route *v = NULL;
    size_t n = 0;
    nio_status st;
    if (table != NULL)
        *table = NULL;
    if (table == NULL || want == 0)
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_route_list(want, 0, &v, &n), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_route_table_fill(v, n, table);
    nio_free(v);
    return st;
}

/* -------------------------------------------------------------- writes */
/* Windows' protocol of a new route in OS-neutral terms.  Anything that is
 * not a protocol (Initialize's "illegal" value, 0 in a zero-filled row) is
 * the default, configured by a program. */
static enum nio_route_origin nio_origin_of_protocol(NL_ROUTE_PROTOCOL p)
{
    switch ((int)p) {
    case RouteProtocolLocal: return NIO_RO_KERNEL;
    case RouteProtocolIcmp: return NIO_RO_REDIRECT;
    case RouteProtocolRip: return NIO_RO_RIP;
    case RouteProtocolIsIs: return NIO_RO_ISIS;
    case RouteProtocolOspf: return NIO_RO_OSPF;
    case RouteProtocolBgp: return NIO_RO_BGP;
    case RouteProtocolDhcp: return NIO_RO_DHCP;
    case RouteProtocolOther: return NIO_RO_OTHER;
    default: return NIO_RO_STATIC; /* NetMgmt, NT_STATIC, NT_AUTOSTATIC, unset */
    }
}

static bool nio_protocol_set(NL_ROUTE_PROTOCOL p)
{
    return (int)p >= RouteProtocolOther && (int)p <= RouteProtocolDhcp;
}

/* Lifetimes: Windows refuses a preferred lifetime beyond the valid one.
 * The OS keeps one lifetime; 0 (a zero-filled row) is infinite, as no route
 * can live for no time; a finite one needs an OS that expires routes. */
static nio_status nio_route_lifetime(const MIB_IPFORWARD_ROW2 *row, int slot,
                                     struct nio_route *r)
{
    uint32_t valid = row->ValidLifetime, preferred = row->PreferredLifetime;
    if (preferred > valid)
        return NIO_INVALID_PARAMETER;
    if (valid == 0 || valid == NIO_INFINITE) {
        r->expires = false;
        return preferred == 0 || preferred == valid ? NIO_OK : NIO_NOT_SUPPORTED;
    }
    if (preferred != valid)
        return NIO_NOT_SUPPORTED; /* one lifetime per route */
    if (slot != NIO_V6)
        return NIO_NOT_SUPPORTED; /* IPv4 routes never expire on Linux */
    r->expires = true;
    r->expires_s = valid;
    return NIO_OK;
}

/* The OS's priority for the row's Metric: the row's plus the interface's
 * (the metric model); Windows' default route metric when unset. */
static nio_status nio_route_priority(uint32_t metric, const struct nio_route_key *k,
                                     uint32_t *out)
{
    uint32_t if_metric = k->unread ? 0 : nio_if_metric_of(NULL, &k->ifc, k->slot);
    uint64_t sum = (uint64_t)(metric == NIO_UNSET_METRIC ? NIO_DEFAULT_ROUTE_METRIC : metric) +
                   if_metric;
    if (sum > UINT32_MAX - 1)
        return NIO_INVALID_PARAMETER;
    *out = (uint32_t)sum;
    return NIO_OK;
}

/* Everything Create and Set check of the row itself, before the OS is
 * asked anything. */
static nio_status nio_route_row_check(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    nio_status st = nio_route_key_parse(row, k);
    if (st != NIO_OK)
        return st;
    if (row->SitePrefixLength != NIO_UNSET_SITE_PREFIX &&
        row->SitePrefixLength > row->DestinationPrefix.PrefixLength)
        return NIO_INVALID_PARAMETER;
    if (row->PreferredLifetime > row->ValidLifetime)
        return NIO_INVALID_PARAMETER;
    if (k->host_bits)
        return NIO_INVALID_PARAMETER; /* a prefix with host bits names no route */
    return NIO_OK;
}

static nio_status nio_route_write_status(int err)
{
    if (err == -ENETUNREACH || err == -EHOSTUNREACH)
        return NIO_INVALID_PARAMETER; /* a next hop the OS cannot reach from the interface */
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

/* A default route through an interface whose default routes are disabled
 * would be used by the kernel for every program's traffic, the opposite of
 * the setting (docs/route.md): refused. */
static bool nio_no_default_routes(const struct nio_route_key *k)
{
    struct nio_local l;
    if (k->unread)
        return false; /* no record: default routes allowed */
    nio_local_get(nio_iface_luid(&k->ifc), k->slot, &l);
    return l.disable_default_routes;
}

static nio_status nio_route_create(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    struct nio_route *list = NULL, *found = NULL, r;
    nio_status st;
    if (k->r.prefix_len == 0 && nio_no_default_routes(k))
        return NIO_NOT_SUPPORTED;
    r = k->r;
    r.origin = nio_origin_of_protocol(row->Protocol);
    st = nio_route_lifetime(row, k->slot, &r);
    if (st == NIO_OK)
        st = nio_route_priority(row->Metric, k, &r.metric);
    if (st == NIO_OK)
        st = nio_route_find(k, true, &list, &found);
    if (st == NIO_OK && found != NULL)
        st = NIO_ALREADY_EXISTS;
    nio_free(list);
    if (st == NIO_OK)
        st = nio_route_write_status(nio_os_route_add(&r));
    return st;
}

static nio_status nio_route_set(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    struct nio_route *list = NULL, *found = NULL, now;
    nio_status st = nio_route_find(k, false, &list, &found);
    if (st == NIO_OK && found == NULL)
        st = NIO_NOT_FOUND;
    if (st != NIO_OK)
        goto out;
    now = *found;
    /* Unset fields (Initialize's values) keep the route's own. */
    if (nio_protocol_set(row->Protocol) || (int)row->Protocol >= 10000)
        now.origin = nio_origin_of_protocol(row->Protocol);
    st = nio_route_lifetime(row, k->slot, &now);
    if (st == NIO_OK && row->Metric != NIO_UNSET_METRIC)
        st = nio_route_priority(row->Metric, k, &now.metric);
    if (st == NIO_OK && memcmp(&now, found, sizeof(now)) != 0)
        st = nio_route_write_status(nio_os_route_set(found, &now));
out:
    nio_free(list);
    return st;
}

/* Create or Set by index alone, where the OS's answer proves the interface
 * (nio_os_route_proves_interface: a route found through it, or a route it
 * accepts, names an interface that exists and binds the family) and no
 * record of the index's family exists (nio_if_unrecorded: whoever holds
 * the index, the metric the model adds is 0 and default routes are
 * allowed): the interface is not read.  Saves Create its one RTM_GETLINK of
 * two requests (bench/README.md). */
static bool nio_route_write_fast(const MIB_IPFORWARD_ROW2 *row, const struct nio_route_key *k,
                                 bool os_checks)
{
    return row->InterfaceLuid.Value == 0 && nio_os_route_proves_interface() &&
           nio_if_unrecorded(row->InterfaceIndex, k->slot) &&
           (os_checks || nio_os_route_may_change() == 0);
}

typedef nio_status (*nio_route_writer)(const MIB_IPFORWARD_ROW2 *, struct nio_route_key *);

/* A write's checks in the order of their codes (the row, the interface,
 * the privilege), then write.  A write by index alone that fails is told
 * again after the interface's look-up, so that an unknown interface, or
 * one that does not bind the family, is NOT_FOUND whatever else failed, as
 * it is when the interface is read first.  A Create by index alone does not
 * ask for the privilege first either (os_checks): it writes nothing but
 * its one request, which the OS refuses to a caller without it before it
 * looks at the route (Linux: rtnetlink's CAP_NET_ADMIN check); a Create
 * that fails asks then, so that ACCESS_DENIED still comes before what else
 * it found (an existing route).  One system call fewer per Create, of the
 * six a Create by index alone made (bench/README.md). */
static nio_status nio_route_write_checked(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k,
                                          nio_route_writer write, bool os_checks)
{
    nio_status st, key;
    if (nio_route_write_fast(row, k, os_checks)) {
        k->unread = true;
        k->r.oif = row->InterfaceIndex;
        if ((st = write(row, k)) == NIO_OK)
            return NIO_OK;
        k->unread = false;
        key = nio_route_key_lookup(row, k);
        if (key != NIO_OK)
            return key;
        return os_checks && nio_os_route_may_change() != 0 ? NIO_ACCESS_DENIED : st;
    }
    if ((st = nio_route_key_lookup(row, k)) != NIO_OK)
        return st;
    if (nio_os_route_may_change() != 0)
        return NIO_ACCESS_DENIED;
    return write(row, k);
}

/* A row that passes its checks is written within one look of the back
 * end's (backend.h, nio_os_look_begin). */
static nio_status nio_route_write(const MIB_IPFORWARD_ROW2 *row, nio_route_writer write,
                                  bool os_checks)
{
    struct nio_route_key k;
    nio_status st = nio_route_row_check(row, &k);
    if (st != NIO_OK)
        return st;
    nio_os_look_begin();
    st = nio_route_write_checked(row, &k, write, os_checks);
    nio_os_look_end();
    return st;
}

nio_status nio_create_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row)
{
    return nio_route_write(row, nio_route_create, nio_os_route_proves_interface());
}

/* A Set may find nothing to change and write nothing: it asks first. */
nio_status nio_set_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row)
{
    return nio_route_write(row, nio_route_set, false);
}

/* A key by index alone, from a caller that may change routes, on an OS
 * where a route found proves its interface (nio_os_route_proves_interface):
 * the route's find stands in for the interface's look-up.  Whatever it
 * finds names an interface that exists and binds the family, and finding
 * nothing is NOT_FOUND as an unknown interface is.  A LUID must be looked
 * up (its type must match the interface's), and so must the key of a
 * caller refused, whose unknown interface is NOT_FOUND before ACCESS_DENIED.
 * One request fewer per Delete (bench/README.md). */
static nio_status nio_route_key_fast(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k,
                                     bool may_change)
{
    if (!may_change || row->InterfaceLuid.Value != 0 || !nio_os_route_proves_interface())
        return nio_route_key_lookup(row, k);
    k->r.oif = row->InterfaceIndex;
    return NIO_OK;
}

/* The code of a refused caller: the interface's look-up first. */
static nio_status nio_route_refused(const MIB_IPFORWARD_ROW2 *row)
{
    struct nio_route_key k;
    nio_status st = nio_route_key_parse(row, &k);
    if (st == NIO_OK)
        st = nio_route_key_lookup(row, &k);
    return st != NIO_OK ? st : NIO_ACCESS_DENIED;
}

/* A Delete by index alone where the OS's answer proves the interface
 * first asks the OS to delete the key's route by the key alone
 * (nio_os_route_delete_key): one request, where finding the row first is
 * two.  What that does not delete (no such route, a multipath route's hop,
 * a caller refused, a key the OS cannot name so) takes the path below,
 * which gives the codes.  NIO_OK when it deleted; NIO_GEN_FAILURE also
 * when it may have (nio_route_delete_unread); else NIO_NOT_FOUND: go on. */
static nio_status nio_route_delete_by_key(const MIB_IPFORWARD_ROW2 *row,
                                          const struct nio_route_key *k)
{
    struct nio_route key;
    int err;
    if (row->InterfaceLuid.Value != 0)
        return NIO_NOT_FOUND;
    key = k->r;
    key.oif = row->InterfaceIndex;
    err = nio_os_route_delete_key(&key);
    return err == 0 ? NIO_OK : err == -EIO ? NIO_GEN_FAILURE : NIO_NOT_FOUND;
}

/* The answer to the delete by the key was lost: the codes a Delete gives
 * before it writes (the interface, the privilege), then the kernel's
 * table.  No route with the key left: deleted (or it was never there,
 * and the refusal was what got lost).  One left: GEN_FAILURE, nothing more
 * written, since the one deleted may have been another with the key. */
static nio_status nio_route_delete_unread(const MIB_IPFORWARD_ROW2 *row)
{
    struct nio_route_key k;
    struct nio_route *list = NULL, *found = NULL;
    nio_status st = nio_route_key_parse(row, &k);
    if (st == NIO_OK)
        st = nio_route_key_lookup(row, &k);
    if (st == NIO_OK && nio_os_route_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    if (st == NIO_OK)
        st = nio_route_find(&k, false, &list, &found);
    if (st == NIO_OK && found != NULL)
        st = NIO_GEN_FAILURE;
    nio_free(list);
    return st;
}

/* Where the OS refuses a caller without the privilege itself, before it
 * looks at the route (backend.h, nio_os_route_add), a Delete asks for the
 * privilege only when it failed, and then reports what it would have
 * reported asking first. */
static nio_status nio_route_delete_parsed(const MIB_IPFORWARD_ROW2 *row, struct nio_route_key *k)
{
    struct nio_route *list = NULL, *found = NULL;
    bool os_checks = nio_os_route_proves_interface(), may_change;
    nio_status st;
    if (os_checks) {
        nio_status by_key = nio_route_delete_by_key(row, k);
        if (by_key == NIO_OK)
            return NIO_OK;
        if (by_key == NIO_GEN_FAILURE)
            return nio_route_delete_unread(row);
    }
    may_change = os_checks || nio_os_route_may_change() == 0;
    st = nio_route_key_fast(row, k, may_change);
    if (st == NIO_OK && !may_change)
        st = NIO_ACCESS_DENIED;
    if (st == NIO_OK)
        st = nio_route_find(k, false, &list, &found);
    if (st == NIO_OK && found == NULL)
        st = NIO_NOT_FOUND;
    if (st == NIO_OK)
        st = nio_route_write_status(nio_os_route_delete(found));
    nio_free(list);
    if (st != NIO_OK && os_checks && nio_os_route_may_change() != 0)
        st = nio_route_refused(row);
    return st;
}

nio_status nio_delete_ip_forward_entry2(const MIB_IPFORWARD_ROW2 *row)
{
    struct nio_route_key k;
    nio_status st = nio_route_key_parse(row, &k);
    if (st != NIO_OK)
        return st;
    nio_os_look_begin();
    st = nio_route_delete_parsed(row, &k);
    nio_os_look_end();
    return st;
}

/* ------------------------------------------------------ GetBestInterface */
static DWORD nio_best_interface(const SOCKADDR_INET *dst, DWORD *index)
{
    MIB_IPFORWARD_ROW2 row;
    SOCKADDR_INET src;
    nio_status st;
    if (index == NULL)
        return ERROR_INVALID_PARAMETER;
    st = nio_get_best_route2(NULL, 0, NULL, dst, 0, &row, &src);
    if (st == NIO_OK)
        *index = row.InterfaceIndex;
    return nio_status_win32(st);
}

NETIOAPI_COMPAT_EXPORT DWORD WINAPI GetBestInterfaceEx(struct sockaddr *pDestAddr,
                                                       PDWORD pdwBestIfIndex)
{
    SOCKADDR_INET dst;
    memset(&dst, 0, sizeof(dst));
    if (pDestAddr == NULL)
        return ERROR_INVALID_PARAMETER;
    if (pDestAddr->sa_family == AF_INET)
        memcpy(&dst.Ipv4, pDestAddr, sizeof(dst.Ipv4));
    else if (pDestAddr->sa_family == AF_INET6)
        memcpy(&dst.Ipv6, pDestAddr, sizeof(dst.Ipv6));
    else
        return ERROR_INVALID_PARAMETER;
    return nio_best_interface(&dst, pdwBestIfIndex);
}

NETIOAPI_COMPAT_EXPORT DWORD WINAPI GetBestInterface(IPAddr dwDestAddr, PDWORD pdwBestIfIndex)
{
    SOCKADDR_INET dst;
    memset(&dst, 0, sizeof(dst));
    dst.Ipv4.sin_family = AF_INET;
    memcpy(&dst.Ipv4.sin_addr, &dwDestAddr, sizeof(dwDestAddr));
    return nio_best_interface(&dst, pdwBestIfIndex);
}

/* ------------------------------------------------------------- exports */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row)
{
    nio_route_init(Row);
}

NIO_EXPORT_PAIR(GetIpForwardTable2, (ADDRESS_FAMILY Family, PMIB_IPFORWARD_TABLE2 *Table),
                (Family, Table), nio_get_ip_forward_table2)
NIO_EXPORT_PAIR(GetIpForwardEntry2, (PMIB_IPFORWARD_ROW2 Row), (Row), nio_get_ip_forward_entry2)
NIO_EXPORT_PAIR(CreateIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row), (Row),
                nio_create_ip_forward_entry2)
NIO_EXPORT_PAIR(SetIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Route), (Route),
                nio_set_ip_forward_entry2)
NIO_EXPORT_PAIR(DeleteIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row), (Row),
                nio_delete_ip_forward_entry2)
