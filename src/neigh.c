/* neigh.c - the neighbour rows: GetIpNetTable2, GetIpNetEntry2,
 * Create/Set/DeleteIpNetEntry2, FlushIpNetTable2 and ResolveIpNetEntry2.
 *
 * Validation, the key (the neighbour's address and the interface, LUID
 * first), the states and times of a row and which entries a flush removes
 * live here; the back end lists the OS's neighbours, applies one change and
 * has the OS resolve one (backend.h).  docs/neigh.md gives the decisions.
 */
#include <errno.h>
#include <string.h>

#include "core.h"

/* How long ResolveIpNetEntry2 waits at most: the OS's own solicitations
 * (Linux: 3 probes a second apart) end well before. */
#define NIO_RESOLVE_TIMEOUT_MS 10000u

/* ------------------------------------------------------------- the key */
struct nio_neigh_key {
    int slot;
    struct nio_ip ip;           /* the neighbour's address, scope 0 */
    struct nio_iface ifc;       /* the interface, once resolved */
};

static bool nio_ip_loopback(const struct nio_ip *ip)
{
    static const uint8_t one6[16] = {[15] = 1};
    return ip->slot == NIO_V6 ? memcmp(ip->bytes, one6, 16) == 0 : ip->bytes[0] == 127;
}

/* INVALID_PARAMETER for what names no neighbour: no row, a family that is
 * not IPv4/IPv6, the unspecified address, no interface named. */
static nio_status nio_neigh_key_parse(const MIB_IPNET_ROW2 *row, struct nio_neigh_key *k)
{
    memset(k, 0, sizeof(*k));
    if (row == NULL || (k->slot = nio_family_slot(row->Address.si_family)) < 0)
        return NIO_INVALID_PARAMETER;
    nio_ip_from_sockaddr(&row->Address, k->slot, &k->ip);
    k->ip.scope = 0;
    if (nio_ip_is_zero(&k->ip))
        return NIO_INVALID_PARAMETER;
    if (row->InterfaceLuid.Value == 0 && row->InterfaceIndex == 0)
        return NIO_INVALID_PARAMETER;
    return NIO_OK;
}

/* The interface of the key, LUID first; NOT_FOUND also when the family is
 * not bound on it (as the address rows). */
static nio_status nio_neigh_key_lookup(const MIB_IPNET_ROW2 *row, struct nio_neigh_key *k)
{
    nio_status st = nio_lookup(row->InterfaceLuid.Value, row->InterfaceIndex,
                               NIO_WANT_PRESENCE, NIO_NOT_FOUND, &k->ifc);
    if (st == NIO_OK && !k->ifc.fam[k->slot].present)
        st = NIO_NOT_FOUND;
    return st;
}

static nio_status nio_neigh_key(const MIB_IPNET_ROW2 *row, struct nio_neigh_key *k)
{
    nio_status st = nio_neigh_key_parse(row, k);
    if (st == NIO_OK)
        st = nio_neigh_key_lookup(row, k);
    return st;
}

/* The key's neighbour as the OS holds it, checked against the key: a back
 * end must answer for the address and interface asked. */
static nio_status nio_neigh_find(const struct nio_neigh_key *k, struct nio_neigh *found)
{
    int err = nio_os_neigh_get(&k->ip, k->ifc.index, found);
    if (err == 0 && (found->ifindex != k->ifc.index || !nio_ip_same(&found->addr, &k->ip)))
        err = -ENOENT;
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

/* ------------------------------------------------------------- the row */
static NL_NEIGHBOR_STATE nio_neigh_state(enum nio_neigh_state s)
{
    switch (s) {
    case NIO_NS_INCOMPLETE: return NlnsIncomplete;
    case NIO_NS_REACHABLE: return NlnsReachable;
    case NIO_NS_STALE: return NlnsStale;
    case NIO_NS_DELAY: return NlnsDelay;
    case NIO_NS_PROBE: return NlnsProbe;
    case NIO_NS_NOARP:
    case NIO_NS_PERMANENT: return NlnsPermanent;
    default: return NlnsUnreachable; /* failed, or never resolved */
    }
}

void nio_neigh_row_fill(MIB_IPNET_ROW2 *row, const struct nio_neigh *n, uint64_t luid)
{
    NL_NEIGHBOR_STATE state = nio_neigh_state(n->state);
    size_t len = n->lladdr_len <= sizeof(row->PhysicalAddress) ? n->lladdr_len : 0;
    memset(row, 0, sizeof(*row));
    /* A link-local neighbour gets the interface as its zone. */
    nio_sockaddr_from_ip(&row->Address, &n->addr, n->ifindex);
    row->InterfaceIndex = n->ifindex;
    row->InterfaceLuid.Value = luid;
    memcpy(row->PhysicalAddress, n->lladdr, len);
    row->PhysicalAddressLength = (ULONG)len;
    row->State = state;
    row->IsRouter = n->router;
    row->IsUnreachable = n->state == NIO_NS_FAILED;
    /* One union: the age of the last confirmation while the neighbour has
     * a link-layer address, else the age of its last change. */
    if (n->has_times)
        row->ReachabilityTime.LastReachable =
            state == NlnsUnreachable || state == NlnsIncomplete ? n->updated_ms : n->confirmed_ms;
}

/* ----------------------------------------------------------------- Get */
nio_status nio_get_ip_net_entry2(MIB_IPNET_ROW2 *row)
{
    struct nio_neigh_key k;
    struct nio_neigh found;
    nio_status st = nio_neigh_key(row, &k);
    if (st == NIO_OK)
        st = nio_neigh_find(&k, &found);
    if (st == NIO_OK)
        nio_neigh_row_fill(row, &found, nio_iface_luid(&k.ifc));
    return st;
}

/* --------------------------------------------------------------- table */
static unsigned nio_want_of_family(ADDRESS_FAMILY family)
{
    int slot = nio_family_slot(family);
    return family == AF_UNSPEC ? NIO_WANT_V4 | NIO_WANT_V6
           : slot >= 0         ? nio_want_of_slot(slot)
                               : 0;
}

static void nio_neigh_fill_one(void *row, const void *elem, uint64_t luid, void *ctx)
{
    (void)ctx;
    nio_neigh_row_fill(row, elem, luid);
}

nio_status nio_get_ip_net_table2(ADDRESS_FAMILY family, MIB_IPNET_TABLE2 **table)
{
    unsigned want = nio_want_of_family(family);
    struct nio_neigh *v = NULL;
    size_t n = 0;
    nio_status st;
    if (table != NULL)
        *table = NULL;
    if (table == NULL || want == 0)
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_neigh_list(want, 0, &v, &n), NIO_GEN_FAILURE);
    if (st == NIO_OK)
        st = nio_rows_table(v, n,
                            &NIO_ROWS_SPEC(MIB_IPNET_TABLE2, struct nio_neigh, nio_neigh_fill_one,
                                           NULL),
                            (void **)table);
    nio_free(v);
    return st;
}

/* -------------------------------------------------------------- writes */
/* The OS state a new or changed entry is asked for.  A zero-filled row
 * (NlnsUnreachable, no Initialize function exists for these rows) is a
 * configured entry, as NlnsPermanent; no entry holding a link-layer address
 * can be Incomplete (docs/neigh.md). */
static bool nio_neigh_state_of_row(NL_NEIGHBOR_STATE s, enum nio_neigh_state *out)
{
    switch ((int)s) {
    case NlnsUnreachable:
    case NlnsPermanent: *out = NIO_NS_PERMANENT; return true;
    case NlnsReachable: *out = NIO_NS_REACHABLE; return true;
    case NlnsStale: *out = NIO_NS_STALE; return true;
    case NlnsDelay: *out = NIO_NS_DELAY; return true;
    case NlnsProbe: *out = NIO_NS_PROBE; return true;
    default: return false;
    }
}

/* Everything Create and Set check before they write: the key, the values
 * (Microsoft: a loopback address, no valid physical address, are
 * INVALID_PARAMETER), the interface, the privilege; n gets the entry the
 * row asks for. */
static nio_status nio_neigh_write_check(const MIB_IPNET_ROW2 *row, struct nio_neigh_key *k,
                                        struct nio_neigh *n)
{
    nio_status st = nio_neigh_key_parse(row, k);
    if (st != NIO_OK)
        return st;
    memset(n, 0, sizeof(*n));
    if (nio_ip_loopback(&k->ip) || row->PhysicalAddressLength == 0 ||
        row->PhysicalAddressLength > sizeof(row->PhysicalAddress) ||
        !nio_neigh_state_of_row(row->State, &n->state))
        return NIO_INVALID_PARAMETER;
    n->addr = k->ip;
    n->lladdr_len = (uint8_t)row->PhysicalAddressLength;
    memcpy(n->lladdr, row->PhysicalAddress, n->lladdr_len);
    n->router = row->IsRouter;
    st = nio_neigh_key_lookup(row, k);
    if (st == NIO_OK && nio_os_neigh_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    n->ifindex = k->ifc.index;
    return st;
}

static nio_status nio_neigh_write_status(int err)
{
    if (err == -EAFNOSUPPORT)
        return NIO_NOT_SUPPORTED; /* no stack of the family at all */
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

nio_status nio_create_ip_net_entry2(const MIB_IPNET_ROW2 *row)
{
    struct nio_neigh_key k;
    struct nio_neigh n, found;
    nio_status st = nio_neigh_write_check(row, &k, &n);
    if (st == NIO_OK) {
        /* Windows' "exists" is any entry of the address, one the OS made
         * itself included; the OS's own answer covers a race. */
        st = nio_neigh_find(&k, &found);
        if (st == NIO_OK)
            st = NIO_ALREADY_EXISTS;
        else if (st == NIO_NOT_FOUND)
            st = nio_neigh_write_status(nio_os_neigh_add(&n));
    }
    return st;
}

nio_status nio_set_ip_net_entry2(const MIB_IPNET_ROW2 *row)
{
    struct nio_neigh_key k;
    struct nio_neigh n, found;
    nio_status st = nio_neigh_write_check(row, &k, &n);
    if (st == NIO_OK)
        st = nio_neigh_find(&k, &found);
    if (st == NIO_OK)
        st = nio_neigh_write_status(nio_os_neigh_set(&found, &n));
    return st;
}

nio_status nio_delete_ip_net_entry2(const MIB_IPNET_ROW2 *row)
{
    struct nio_neigh_key k;
    struct nio_neigh found;
    nio_status st = nio_neigh_key(row, &k);
    if (st == NIO_OK && nio_os_neigh_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    if (st == NIO_OK)
        st = nio_neigh_find(&k, &found);
    if (st == NIO_OK)
        st = nio_neigh_write_status(nio_os_neigh_delete(&found));
    return st;
}

/* --------------------------------------------------------------- flush */
/* What a flush removes: what the OS resolved itself, as `ip neigh flush`
 * does; configured entries and those needing no resolution stay. */
static bool nio_neigh_flushed(const struct nio_neigh *n)
{
    return n->state != NIO_NS_PERMANENT && n->state != NIO_NS_NOARP;
}

/* Deletes every flushed entry of v[0..n); one already gone is no failure
 * (the OS expires entries on its own).  The first other failure is the
 * outcome, after the rest were tried. */
static nio_status nio_neigh_flush_list(const struct nio_neigh *v, size_t n)
{
    nio_status st = NIO_OK;
    for (size_t i = 0; i < n; i++) {
        int err;
        if (!nio_neigh_flushed(&v[i]))
            continue;
        err = nio_os_neigh_delete(&v[i]);
        if (err != 0 && err != -ENOENT && st == NIO_OK)
            st = nio_neigh_write_status(err);
    }
    return st;
}

nio_status nio_flush_ip_net_table2(ADDRESS_FAMILY family, NET_IFINDEX index)
{
    unsigned want = nio_want_of_family(family);
    struct nio_iface ifc;
    struct nio_neigh *v = NULL;
    size_t n = 0;
    nio_status st;
    if (want == 0)
        return NIO_INVALID_PARAMETER;
    if (index != 0 && (st = nio_lookup(0, index, NIO_WANT_LINK, NIO_NOT_FOUND, &ifc)) != NIO_OK)
        return st;
    if (nio_os_neigh_may_change() != 0)
        return NIO_ACCESS_DENIED;
    st = nio_status_from_errno(nio_os_neigh_list(want, index, &v, &n), NIO_NOT_FOUND);
    if (st == NIO_OK)
        st = nio_neigh_flush_list(v, n);
    nio_free(v);
    return st;
}

/* ------------------------------------------------------------- resolve */
/* Microsoft: SourceAddress picks the interface the solicitation leaves
 * from; the row names it already, so a source must be one of its
 * addresses, of the row's family. */
static nio_status nio_neigh_source_check(const SOCKADDR_INET *src, const struct nio_neigh_key *k)
{
    struct nio_ip ip;
    uint32_t owner = 0;
    int err;
    if (src == NULL)
        return NIO_OK;
    if (!nio_ip_from_sockaddr(src, k->slot, &ip))
        return NIO_INVALID_PARAMETER;
    ip.scope = 0;
    err = nio_os_addr_owner(&ip, &owner);
    if (err == -EADDRNOTAVAIL || (err == 0 && owner != k->ifc.index))
        return NIO_INVALID_PARAMETER;
    return nio_status_from_errno(err, NIO_INVALID_PARAMETER);
}

nio_status nio_resolve_ip_net_entry2(MIB_IPNET_ROW2 *row, const SOCKADDR_INET *src)
{
    struct nio_neigh_key k;
    struct nio_neigh found;
    nio_status st = nio_neigh_key_parse(row, &k);
    int err;
    if (st == NIO_OK && nio_ip_loopback(&k.ip))
        st = NIO_INVALID_PARAMETER;
    if (st == NIO_OK)
        st = nio_neigh_key_lookup(row, &k);
    if (st == NIO_OK)
        st = nio_neigh_source_check(src, &k);
    /* It forgets what the OS knew: a change, as Windows' flush of it. */
    if (st == NIO_OK && nio_os_neigh_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    if (st != NIO_OK)
        return st;
    err = nio_os_neigh_resolve(&k.ip, k.ifc.index, NIO_RESOLVE_TIMEOUT_MS, &found);
    if (err == 0 && (found.ifindex != k.ifc.index || !nio_ip_same(&found.addr, &k.ip)))
        err = -EPROTO;
    if (err == -EHOSTUNREACH)
        return NIO_BAD_NET_NAME;
    if (err == 0)
        nio_neigh_row_fill(row, &found, nio_iface_luid(&k.ifc));
    return nio_neigh_write_status(err);
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(GetIpNetTable2, (ADDRESS_FAMILY Family, PMIB_IPNET_TABLE2 *Table), (Family, Table),
                nio_get_ip_net_table2)
NIO_EXPORT_PAIR(GetIpNetEntry2, (PMIB_IPNET_ROW2 Row), (Row), nio_get_ip_net_entry2)
NIO_EXPORT_PAIR(CreateIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row), (Row), nio_create_ip_net_entry2)
NIO_EXPORT_PAIR(SetIpNetEntry2, (PMIB_IPNET_ROW2 Row), (Row), nio_set_ip_net_entry2)
NIO_EXPORT_PAIR(DeleteIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row), (Row), nio_delete_ip_net_entry2)
NIO_EXPORT_PAIR(FlushIpNetTable2, (ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex),
                (Family, InterfaceIndex), nio_flush_ip_net_table2)
NIO_EXPORT_PAIR(ResolveIpNetEntry2, (PMIB_IPNET_ROW2 Row, CONST SOCKADDR_INET *SourceAddress),
                (Row, SourceAddress), nio_resolve_ip_net_entry2)
