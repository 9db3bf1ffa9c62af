/* addr.c - the unicast address rows: InitializeUnicastIpAddressEntry,
 * GetUnicastIpAddressEntry, GetUnicastIpAddressTable and
 * Create/Set/DeleteUnicastIpAddressEntry.
 *
 * Validation, the key (the address and the interface, LUID first), the
 * defaults of Windows and every field of a row live here; the back end
 * lists the OS's addresses and applies one change (backend.h).
 * docs/address.md gives the decisions, docs/fields.md each field's source.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "core.h"

/* Initialize's "illegal" prefix length: Create picks the default. */
#define NIO_UNSET_PREFIX 255u
/* 100 ns intervals from 1601-01-01 (Windows' epoch) to 1970-01-01. */
#define NIO_FILETIME_OF_UNIX 116444736000000000LL

void nio_addr_init(MIB_UNICASTIPADDRESS_ROW *row)
{
    if (row == NULL)
        return;
    memset(row, 0, sizeof(*row));
    row->PrefixOrigin = IpPrefixOriginUnchanged;
    row->SuffixOrigin = IpSuffixOriginUnchanged;
    row->OnLinkPrefixLength = NIO_UNSET_PREFIX;
    row->ValidLifetime = row->PreferredLifetime = NIO_LIFETIME_INFINITE;
    row->SkipAsSource = FALSE;
}

/* ------------------------------------------------------------- the key */
struct nio_addr_key {
    int slot;
    struct nio_ip ip;           /* the address, scope 0: the interface names the zone */
    struct nio_iface ifc;       /* the interface, once resolved */
};

/* What no unicast address can be: unspecified, multicast (224.0.0.0/4,
 * ff00::/8) or IPv4's limited broadcast. */
static bool nio_ip_unicast(const struct nio_ip *ip)
{
    static const uint8_t ones[4] = {0xFF, 0xFF, 0xFF, 0xFF};
    if (nio_ip_is_zero(ip))
        return false;
    if (ip->slot == NIO_V6)
        return ip->bytes[0] != 0xFF;
    return (ip->bytes[0] & 0xF0) != 0xE0 && memcmp(ip->bytes, ones, 4) != 0;
}

/* INVALID_PARAMETER for what names no address: no row, a family that is
 * not IPv4/IPv6, an address that is not unicast, no interface named. */
static nio_status nio_addr_key_parse(const MIB_UNICASTIPADDRESS_ROW *row, struct nio_addr_key *k)
{
    memset(k, 0, sizeof(*k));
    if (row == NULL || (k->slot = nio_family_slot(row->Address.si_family)) < 0)
        return NIO_INVALID_PARAMETER;
    nio_ip_from_sockaddr(&row->Address, k->slot, &k->ip);
    k->ip.scope = 0;
    if (!nio_ip_unicast(&k->ip))
        return NIO_INVALID_PARAMETER;
    if (row->InterfaceLuid.Value == 0 && row->InterfaceIndex == 0)
        return NIO_INVALID_PARAMETER;
    return NIO_OK;
}

/* The interface of the key, LUID first; NOT_FOUND also when the family is
 * not bound on it (as GetIpInterfaceEntry, docs/address.md). */
static nio_status nio_addr_key_lookup(const MIB_UNICASTIPADDRESS_ROW *row, struct nio_addr_key *k)
{
    nio_status st = nio_lookup(row->InterfaceLuid.Value, row->InterfaceIndex,
                               NIO_WANT_PRESENCE, NIO_NOT_FOUND, &k->ifc);
    if (st == NIO_OK && !k->ifc.fam[k->slot].present)
        st = NIO_NOT_FOUND;
    return st;
}

/* The key's address as the OS holds it, checked against the key: a back
 * end must answer for the address and interface asked. */
static nio_status nio_addr_find(const struct nio_addr_key *k, struct nio_addr *found)
{
    int err = nio_os_addr_get(&k->ip, k->ifc.index, found);
    if (err == 0 && (found->ifindex != k->ifc.index || !nio_ip_same(&found->addr, &k->ip)))
        err = -ENOENT;
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

/* ------------------------------------------------------------- the row */
static bool nio_ip_loopback(const struct nio_ip *ip)
{
    static const uint8_t one6[16] = {[15] = 1};
    return ip->slot == NIO_V6 ? memcmp(ip->bytes, one6, 16) == 0 : ip->bytes[0] == 127;
}

/* Who made the address when the OS does not say (Linux before 5.18, or an
 * address no kernel code made): what the address and its flags tell.  A
 * finite lifetime (not permanent) is the mark of a lease: DHCP for IPv4,
 * for IPv6 SLAAC, or DHCPv6 for a /128. */
static void nio_origins_guessed(const struct nio_addr *a, bool link_local, NL_PREFIX_ORIGIN *p,
                                NL_SUFFIX_ORIGIN *s)
{
    bool random = (a->flags & (NIO_AF_TEMPORARY | NIO_AF_STABLE_PRIVACY)) != 0;
    *p = IpPrefixOriginManual;
    *s = IpSuffixOriginManual;
    if (nio_ip_loopback(&a->addr)) {
        *p = IpPrefixOriginWellKnown;
        *s = IpSuffixOriginWellKnown;
    } else if (link_local) {
        *p = IpPrefixOriginWellKnown;
        *s = random ? IpSuffixOriginRandom : IpSuffixOriginLinkLayerAddress;
    } else if (!(a->flags & NIO_AF_PERMANENT)) {
        bool dhcp = a->addr.slot == NIO_V4 || (a->prefix_len == 128 && !random);
        *p = dhcp ? IpPrefixOriginDhcp : IpPrefixOriginRouterAdvertisement;
        *s = dhcp ? IpSuffixOriginDhcp
             : random ? IpSuffixOriginRandom : IpSuffixOriginLinkLayerAddress;
    }
}

static void nio_origins(const struct nio_addr *a, bool link_local, NL_PREFIX_ORIGIN *p,
                        NL_SUFFIX_ORIGIN *s)
{
    bool random = (a->flags & (NIO_AF_TEMPORARY | NIO_AF_STABLE_PRIVACY)) != 0;
    switch (a->origin) {
    case NIO_AO_LOOPBACK:
        *p = IpPrefixOriginWellKnown;
        *s = IpSuffixOriginWellKnown;
        break;
    case NIO_AO_LINK_LOCAL:
        *p = IpPrefixOriginWellKnown;
        *s = random ? IpSuffixOriginRandom : IpSuffixOriginLinkLayerAddress;
        break;
    case NIO_AO_RA:
        *p = IpPrefixOriginRouterAdvertisement;
        *s = random ? IpSuffixOriginRandom : IpSuffixOriginLinkLayerAddress;
        break;
    case NIO_AO_PROGRAM:
        *p = IpPrefixOriginManual;
        *s = IpSuffixOriginManual;
        break;
    default:
        nio_origins_guessed(a, link_local, p, s);
        break;
    }
}

/* An optimistic address (RFC 4429) is still being checked: Tentative, as
 * a stable table waits for it. */
static NL_DAD_STATE nio_dad_state(uint32_t flags)
{
    if (flags & NIO_AF_DADFAILED)
        return IpDadStateDuplicate;
    if (flags & (NIO_AF_TENTATIVE | NIO_AF_OPTIMISTIC))
        return IpDadStateTentative;
    if (flags & NIO_AF_DEPRECATED)
        return IpDadStateDeprecated;
    return IpDadStatePreferred;
}

/* When the address was made, in Windows' system time. */
static int64_t nio_created(const struct nio_addr *a, uint64_t now_ms, int64_t wall_100ns)
{
    uint64_t age_ms;
    if (!a->has_created)
        return 0;
    age_ms = now_ms > a->created_ms ? now_ms - a->created_ms : 0;
    return wall_100ns - (int64_t)(age_ms * 10000u);
}

void nio_addr_row_fill(MIB_UNICASTIPADDRESS_ROW *row, const struct nio_addr *a, uint64_t luid,
                       uint64_t now_ms, int64_t wall_100ns)
{
    bool link_local;
    memset(row, 0, sizeof(*row));
    /* A link-local address is the one that gets the interface as its zone. */
    nio_sockaddr_from_ip(&row->Address, &a->addr, a->ifindex);
    link_local = a->addr.slot == NIO_V6 && row->Address.Ipv6.sin6_scope_id != 0;
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = a->ifindex;
    nio_origins(a, link_local, &row->PrefixOrigin, &row->SuffixOrigin);
    row->ValidLifetime = a->valid_s;
    row->PreferredLifetime = a->preferred_s;
    row->OnLinkPrefixLength = a->prefix_len;
    /* SkipAsSource's Linux meaning (docs/address.md): deprecated IPv6. */
    row->SkipAsSource = a->addr.slot == NIO_V6 && (a->flags & NIO_AF_DEPRECATED) != 0;
    row->DadState = nio_dad_state(a->flags);
    if (link_local) {
        row->ScopeId.Zone = row->Address.Ipv6.sin6_scope_id;
        row->ScopeId.Level = ScopeLevelLink;
    }
    row->CreationTimeStamp.QuadPart = nio_created(a, now_ms, wall_100ns);
}

/* The two clocks at one moment: ms since boot (CLOCK_MONOTONIC, the origin
 * back ends report creation times from) and Windows' system time. */
static void nio_addr_clock(uint64_t *now_ms, int64_t *wall_100ns)
{
    struct timespec mono, wall;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_REALTIME, &wall);
    *now_ms = (uint64_t)mono.tv_sec * 1000u + (uint64_t)mono.tv_nsec / 1000000u;
    *wall_100ns = (int64_t)wall.tv_sec * 10000000 + wall.tv_nsec / 100 + NIO_FILETIME_OF_UNIX;
}

/* ----------------------------------------------------------------- Get */
nio_status nio_get_unicast_ip_address_entry(MIB_UNICASTIPADDRESS_ROW *row)
{
    struct nio_addr_key k;
    struct nio_addr found;
    uint64_t now_ms;
    int64_t wall;
    nio_status st = nio_addr_key_parse(row, &k);
    if (st == NIO_OK)
        st = nio_addr_key_lookup(row, &k);
    if (st == NIO_OK)
        st = nio_addr_find(&k, &found);
    if (st == NIO_OK) {
        nio_addr_clock(&now_ms, &wall);
        nio_addr_row_fill(row, &found, nio_iface_luid(&k.ifc), now_ms, wall);
    }
    return st;
}

/* --------------------------------------------------------------- table */
/* The two clocks of one table, for every row's CreationTimeStamp. */
struct nio_addr_clocks {
    uint64_t now_ms;
    int64_t wall_100ns;
};

static void nio_addr_fill_one(void *row, const void *elem, uint64_t luid, void *ctx)
{
    const struct nio_addr_clocks *c = ctx;
    nio_addr_row_fill(row, elem, luid, c->now_ms, c->wall_100ns);
}

nio_status nio_get_unicast_ip_address_table(ADDRESS_FAMILY family,
                                            MIB_UNICASTIPADDRESS_TABLE **table)
{
    int slot = nio_family_slot(family);
    unsigned want = family == AF_UNSPEC ? NIO_WANT_V4 | NIO_WANT_V6
                    : slot >= 0         ? nio_want_of_slot(slot)
                                        : 0;
    struct nio_addr *v = NULL;
    struct nio_addr_clocks c;
    size_t n = 0;
    nio_status st;
    if (table != NULL)
        *table = NULL;
    if (table == NULL || want == 0)
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_addr_list(want, 0, &v, &n), NIO_GEN_FAILURE);
    nio_addr_clock(&c.now_ms, &c.wall_100ns);
    if (st == NIO_OK)
        st = nio_rows_table(v, n,
                            &NIO_ROWS_SPEC(MIB_UNICASTIPADDRESS_TABLE, struct nio_addr,
                                           nio_addr_fill_one, &c),
                            (void **)table);
    nio_free(v);
    return st;
}

/* -------------------------------------------------------------- writes */
static bool nio_prefix_origin_ok(NL_PREFIX_ORIGIN p)
{
    return ((int)p >= IpPrefixOriginOther && (int)p <= IpPrefixOriginRouterAdvertisement) ||
           (int)p == IpPrefixOriginUnchanged;
}

static bool nio_suffix_origin_ok(NL_SUFFIX_ORIGIN s)
{
    return ((int)s >= IpSuffixOriginOther && (int)s <= IpSuffixOriginRandom) ||
           (int)s == IpSuffixOriginUnchanged;
}

/* The values Microsoft documents as INVALID_PARAMETER for Create and Set,
 * checked before the OS is asked anything. */
static nio_status nio_addr_values_check(const MIB_UNICASTIPADDRESS_ROW *row, int slot)
{
    bool p_unchanged = (int)row->PrefixOrigin == IpPrefixOriginUnchanged;
    bool s_unchanged = (int)row->SuffixOrigin == IpSuffixOriginUnchanged;
    if (row->ValidLifetime < row->PreferredLifetime)
        return NIO_INVALID_PARAMETER;
    if (p_unchanged != s_unchanged)
        return NIO_INVALID_PARAMETER;
    if (!nio_prefix_origin_ok(row->PrefixOrigin) || !nio_suffix_origin_ok(row->SuffixOrigin))
        return NIO_INVALID_PARAMETER;
    if (row->OnLinkPrefixLength != NIO_UNSET_PREFIX &&
        row->OnLinkPrefixLength > nio_ip_len(slot) * 8)
        return NIO_INVALID_PARAMETER;
    return NIO_OK;
}

/* Everything Create and Set check before they write: the key, the values,
 * the interface, the privilege, and what Linux cannot express. */
static nio_status nio_addr_write_check(const MIB_UNICASTIPADDRESS_ROW *row,
                                       struct nio_addr_key *k)
{
    nio_status st = nio_addr_key_parse(row, k);
    if (st == NIO_OK)
        st = nio_addr_values_check(row, k->slot);
    if (st == NIO_OK)
        st = nio_addr_key_lookup(row, k);
    if (st == NIO_OK && nio_os_addr_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    /* An IPv4 source is chosen by the kernel's own rules, with no way to
     * leave one address out (docs/address.md). */
    if (st == NIO_OK && row->SkipAsSource && k->slot == NIO_V4)
        st = NIO_NOT_SUPPORTED;
    return st;
}

/* The row's lifetimes for the OS.  A zero-filled row (no Initialize: both
 * 0) means infinite, as no address can live for no time; SkipAsSource on
 * IPv6 is a preferred lifetime of 0 (deprecated). */
static void nio_addr_lifetimes(const MIB_UNICASTIPADDRESS_ROW *row, struct nio_addr *a)
{
    a->valid_s = row->ValidLifetime;
    a->preferred_s = row->PreferredLifetime;
    if (a->valid_s == 0 && a->preferred_s == 0)
        a->valid_s = a->preferred_s = NIO_LIFETIME_INFINITE;
    if (row->SkipAsSource)
        a->preferred_s = 0;
}

/* IPv4's directed broadcast, as Windows gives every subnet of /30 or
 * shorter (a /31 or /32 has none). */
static void nio_addr_broadcast(struct nio_addr *a)
{
    if (a->addr.slot != NIO_V4 || a->prefix_len > 30)
        return;
    a->has_broadcast = true;
    a->broadcast = a->addr;
    for (unsigned bit = a->prefix_len; bit < 32; bit++)
        a->broadcast.bytes[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
}

/* The new address the row asks for.  DadState: Preferred is "no
 * detection" (wintun's and wireguard-nt's examples), Deprecated the same
 * and deprecated at once, Invalid and Tentative detection as the interface
 * does it; Duplicate and anything else is no state to create. */
static nio_status nio_addr_new(const MIB_UNICASTIPADDRESS_ROW *row, const struct nio_addr_key *k,
                               struct nio_addr *a)
{
    memset(a, 0, sizeof(*a));
    a->addr = k->ip; /* ifindex: once the interface is looked up */
    a->prefix_len = row->OnLinkPrefixLength == NIO_UNSET_PREFIX ? (uint8_t)(nio_ip_len(k->slot) * 8)
                                                                : row->OnLinkPrefixLength;
    nio_addr_lifetimes(row, a);
    switch ((int)row->DadState) {
    case IpDadStateInvalid:
    case IpDadStateTentative:
        break;
    case IpDadStateDeprecated:
        a->preferred_s = 0;
        /* fall through */
    case IpDadStatePreferred:
        if (k->slot == NIO_V6)
            a->flags |= NIO_AF_NODAD; /* IPv4 has no detection on Linux */
        break;
    default:
        return NIO_INVALID_PARAMETER;
    }
    nio_addr_broadcast(a);
    return NIO_OK;
}

static nio_status nio_addr_write_status(int err)
{
    if (err == -EAFNOSUPPORT)
        return NIO_NOT_SUPPORTED; /* no stack of the family at all */
    return nio_status_from_errno(err, NIO_NOT_FOUND);
}

nio_status nio_create_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row)
{
    struct nio_addr_key k;
    struct nio_addr a;
    int err;
    nio_status st = nio_addr_key_parse(row, &k);
    /* Every value first: a bad DadState is refused before the OS is asked. */
    if (st == NIO_OK)
        st = nio_addr_new(row, &k, &a);
    if (st == NIO_OK)
        st = nio_addr_write_check(row, &k);
    if (st != NIO_OK)
        return st;
    /* ::1 belongs to a loopback interface, the only one Linux gives it. */
    if (k.slot == NIO_V6 && nio_ip_loopback(&k.ip) && !k.ifc.loopback)
        return NIO_INVALID_PARAMETER;
    a.ifindex = k.ifc.index;
    /* The key is the address: any prefix length of it there is this row.
     * Only "it has no such address" goes on to the add; an interface gone
     * meanwhile (-ENODEV) is not found, as every other failure its code. */
    err = nio_os_addr_has(&k.ip, k.ifc.index);
    if (err == 0)
        return NIO_ALREADY_EXISTS;
    if (err != -ENOENT)
        return nio_status_from_errno(err, NIO_NOT_FOUND);
    return nio_addr_write_status(nio_os_addr_add(&a));
}

nio_status nio_set_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row)
{
    struct nio_addr_key k;
    struct nio_addr found, now;
    nio_status st = nio_addr_write_check(row, &k);
    if (st == NIO_OK)
        st = nio_addr_find(&k, &found);
    if (st != NIO_OK)
        return st;
    /* Linux cannot change the prefix length of an address in place: it
     * would be another address, made and then the old one deleted. */
    if (row->OnLinkPrefixLength != NIO_UNSET_PREFIX && row->OnLinkPrefixLength != found.prefix_len)
        return NIO_NOT_SUPPORTED;
    now = found;
    nio_addr_lifetimes(row, &now);
    if (now.valid_s == found.valid_s && now.preferred_s == found.preferred_s)
        return NIO_OK; /* nothing to write */
    return nio_addr_write_status(nio_os_addr_set(&found, &now));
}

nio_status nio_delete_unicast_ip_address_entry(const MIB_UNICASTIPADDRESS_ROW *row)
{
    struct nio_addr_key k;
    nio_status st = nio_addr_key_parse(row, &k);
    if (st == NIO_OK)
        st = nio_addr_key_lookup(row, &k);
    if (st == NIO_OK && nio_os_addr_may_change() != 0)
        st = NIO_ACCESS_DENIED;
    /* The key is the address: the back end deletes it by that alone. */
    if (st == NIO_OK)
        st = nio_addr_write_status(nio_os_addr_remove(&k.ip, k.ifc.index));
    return st;
}

/* ------------------------------------------------------------- exports */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ InitializeUnicastIpAddressEntry(
    PMIB_UNICASTIPADDRESS_ROW Row)
{
    nio_addr_init(Row);
}

NIO_EXPORT_PAIR(GetUnicastIpAddressEntry, (PMIB_UNICASTIPADDRESS_ROW Row), (Row),
                nio_get_unicast_ip_address_entry)
NIO_EXPORT_PAIR(GetUnicastIpAddressTable,
                (ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table), (Family, Table),
                nio_get_unicast_ip_address_table)
NIO_EXPORT_PAIR(CreateUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
                nio_create_unicast_ip_address_entry)
NIO_EXPORT_PAIR(SetUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
                nio_set_unicast_ip_address_entry)
NIO_EXPORT_PAIR(DeleteUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
                nio_delete_unicast_ip_address_entry)
