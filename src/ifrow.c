/* ifrow.c - GetIfEntry2, GetIfEntry2Ex, GetIfTable2, GetIfTable2Ex: validate,
 * resolve the key, ask the back end, and turn what it reports into a
 * MIB_IF_ROW2.  Every value that stands in for a fact the OS lacks is
 * chosen here, once; docs/ifrow.md lists them with their reasons. */
#include <string.h>

#include "core.h"

/* A device that has no notion of a link speed (loopback, tun in some
 * drivers, WireGuard) reports this: the speed Wintun and WireGuardNT
 * report on Windows for the same kind of interface, 100 Gb/s. */
#define NIO_WIN_VIRTUAL_LINK_SPEED 100000000000ull

/* ------------------------------------------------------------ strings */
/* UTF-8 from the OS into a WCHAR field of n units.  OS names are bytes,
 * not always valid UTF-8: each malformed sequence becomes U+FFFD rather than
 * failing the whole row -- the rule ConvertInterfaceLuidToAlias follows too,
 * through the same helper (docs/luid.md). */
static void nio_put_wstr(WCHAR *dst, size_t n, const char *src)
{
    (void)nio_os_name_to_utf16(src, dst, n);
}

/* ---------------------------------------------------------- the fields */
static NDIS_MEDIUM nio_media_type(const struct nio_ifrow *r)
{
    switch (r->ifc.iftype) {
    case IF_TYPE_SOFTWARE_LOOPBACK: return NdisMediumLoopback;
    case IF_TYPE_TUNNEL: return NdisMediumTunnel;
    case IF_TYPE_IEEE80211: return NdisMediumNative802_11;
    case IF_TYPE_PPP: return NdisMediumWan;
    case IF_TYPE_INFINIBAND: return NdisMediumInfiniBand;
    case IF_TYPE_IEEE1394: return NdisMedium1394;
    case IF_TYPE_ATM: return NdisMediumAtm;
    /* Devices without a link header (tun, WireGuard) carry bare IP, as
     * Wintun reports. */
    case IF_TYPE_PROP_VIRTUAL: return NdisMediumIP;
    default: return NdisMedium802_3;
    }
}

/* The physical medium is known only for hardware; a virtual device, as
 * on Windows, says Unspecified. */
static NDIS_PHYSICAL_MEDIUM nio_physical_medium(const struct nio_ifrow *r)
{
    if (!r->hardware)
        return NdisPhysicalMediumUnspecified;
    switch (r->ifc.iftype) {
    case IF_TYPE_IEEE80211: return NdisPhysicalMediumNative802_11;
    case IF_TYPE_INFINIBAND: return NdisPhysicalMediumInfiniband;
    case IF_TYPE_IEEE1394: return NdisPhysicalMedium1394;
    case IF_TYPE_ETHERNET_CSMACD:
    case IF_TYPE_L2_VLAN:
    case IF_TYPE_IEEE8023AD_LAG: return NdisPhysicalMedium802_3;
    default: return NdisPhysicalMediumOther;
    }
}

static NET_IF_ACCESS_TYPE nio_access_type(const struct nio_ifrow *r)
{
    if (r->ifc.loopback)
        return NET_IF_ACCESS_LOOPBACK;
    if (r->point_to_point)
        return NET_IF_ACCESS_POINT_TO_POINT;
    return r->broadcast ? NET_IF_ACCESS_BROADCAST : NET_IF_ACCESS_POINT_TO_MULTI_POINT;
}

/* Some OS drivers never set an operational state (Linux: loopback, tun,
 * many virtual devices say "unknown"); the OS then goes by its flags, and
 * so does this: unknown and running is Up, unknown otherwise Down.
 * Windows drivers always report a state. */
static IF_OPER_STATUS nio_oper_status(const struct nio_ifrow *r)
{
    if (r->oper == IfOperStatusUnknown || r->oper < IfOperStatusUp ||
        r->oper > IfOperStatusLowerLayerDown)
        return r->ifc.connected ? IfOperStatusUp : IfOperStatusDown;
    return (IF_OPER_STATUS)r->oper;
}

static ULONG64 nio_link_speed(const struct nio_ifrow *r)
{
    switch (r->speed) {
    case NIO_SPEED_KNOWN:
        return r->speed_bps;
    case NIO_SPEED_UNKNOWN:
        /* A physical device without a link has no speed; a virtual one
         * that cannot say is treated as one that has none. */
        return r->hardware ? 0 : NIO_WIN_VIRTUAL_LINK_SPEED;
    default:
        return NIO_WIN_VIRTUAL_LINK_SPEED;
    }
}

static void nio_ifrow_addresses(MIB_IF_ROW2 *row, const struct nio_ifrow *r)
{
    size_t len = r->addr_len <= NIO_HWADDR_MAX ? r->addr_len : NIO_HWADDR_MAX;
    size_t perm = r->perm_addr_len <= NIO_HWADDR_MAX ? r->perm_addr_len : NIO_HWADDR_MAX;
    /* Loopback has no link layer: Linux reports six zero bytes for lo,
     * Windows no address for its loopback interface. */
    if (r->ifc.loopback)
        len = perm = 0;
    row->PhysicalAddressLength = (ULONG)len;
    memcpy(row->PhysicalAddress, r->addr, len);
    /* Virtual devices have no burnt-in address: the current one stands
     * for it, as Windows reports for its virtual adapters. */
    if (perm == 0)
        memcpy(row->PermanentPhysicalAddress, r->addr, len);
    else
        memcpy(row->PermanentPhysicalAddress, r->perm_addr, perm);
}

/* Linux counts packets by cast only for multicast (received; sent only by
 * some drivers), the BSDs multicast both ways, and neither bytes by cast at
 * all: unicast is the rest, and the per-cast byte counters put every byte
 * under unicast so that the sums hold (docs/ifrow.md). */
static void nio_ifrow_counters(MIB_IF_ROW2 *row, const struct nio_counters *c)
{
    row->InOctets = c->in_octets;
    row->InNUcastPkts = c->in_multicast;
    row->InUcastPkts = c->in_packets > c->in_multicast ? c->in_packets - c->in_multicast : 0;
    row->InDiscards = c->in_discards;
    row->InErrors = c->in_errors;
    row->InUnknownProtos = c->in_unknown_protos;
    row->InUcastOctets = c->in_octets;
    row->OutOctets = c->out_octets;
    row->OutNUcastPkts = c->out_multicast;
    row->OutUcastPkts = c->out_packets > c->out_multicast ? c->out_packets - c->out_multicast : 0;
    row->OutDiscards = c->out_discards;
    row->OutErrors = c->out_errors;
    row->OutUcastOctets = c->out_octets;
}

void nio_ifrow_fill(MIB_IF_ROW2 *row, const struct nio_ifrow *r)
{
    uint64_t luid = nio_iface_luid(&r->ifc);
    memset(row, 0, sizeof(*row));
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = r->ifc.index;
    nio_guid_from_luid(luid, &row->InterfaceGuid);
    nio_put_wstr(row->Alias, IF_MAX_STRING_SIZE + 1, r->ifc.name);
    nio_put_wstr(row->Description, IF_MAX_STRING_SIZE + 1,
                 r->description[0] ? r->description : r->ifc.name);
    nio_ifrow_addresses(row, r);
    row->Mtu = r->ifc.mtu;
    row->Type = r->ifc.iftype;
    row->TunnelType = (TUNNEL_TYPE)r->tunnel_type;
    row->MediaType = nio_media_type(r);
    row->PhysicalMediumType = nio_physical_medium(r);
    row->AccessType = nio_access_type(r);
    row->DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    row->InterfaceAndOperStatusFlags.HardwareInterface = r->hardware;
    row->InterfaceAndOperStatusFlags.ConnectorPresent = r->hardware;
    /* 802.1X supplicants hold a link dormant until it is authenticated. */
    row->InterfaceAndOperStatusFlags.NotAuthenticated = r->oper == IfOperStatusDormant;
    row->InterfaceAndOperStatusFlags.NotMediaConnected = !r->ifc.connected;
    row->OperStatus = nio_oper_status(r);
    row->AdminStatus = r->admin_up ? NET_IF_ADMIN_STATUS_UP : NET_IF_ADMIN_STATUS_DOWN;
    /* The same fact as the IP row's Connected, so the two always agree. */
    row->MediaConnectState =
        r->ifc.connected ? MediaConnectStateConnected : MediaConnectStateDisconnected;
    row->ConnectionType = NET_IF_CONNECTION_DEDICATED;
    row->TransmitLinkSpeed = row->ReceiveLinkSpeed = nio_link_speed(r);
    if (r->has_counters)
        nio_ifrow_counters(row, &r->counters);
}

/* ----------------------------------------------------------- functions */
nio_status nio_get_if_entry2(int level, MIB_IF_ROW2 *row)
{
    struct nio_ifrow r;
    unsigned flags;
    nio_status st;
    if (level == MibIfEntryNormal)
        flags = NIO_IFROW_COUNTERS;
    else if (level == MibIfEntryNormalWithoutStatistics)
        flags = 0;
    else
        return NIO_INVALID_PARAMETER;
    if (row == NULL || (row->InterfaceLuid.Value == 0 && row->InterfaceIndex == 0))
        return NIO_INVALID_PARAMETER;
    st = nio_lookup_ifrow(row->InterfaceLuid.Value, row->InterfaceIndex, flags, NIO_NO_INTERFACE,
                          &r);
    if (st == NIO_OK) {
        if (!(flags & NIO_IFROW_COUNTERS))
            r.has_counters = false;
        nio_ifrow_fill(row, &r);
    }
    return st;
}

nio_status nio_get_if_table2(int level, MIB_IF_TABLE2 **table)
{
    struct nio_ifrow *list = NULL;
    MIB_IF_TABLE2 *t;
    size_t n = 0;
    unsigned flags;
    nio_status st;
    if (level == MibIfTableNormal || level == MibIfTableRaw)
        flags = NIO_IFROW_COUNTERS;
    else if (level == MibIfTableNormalWithoutStatistics)
        flags = 0;
    else
        flags = ~0u;
    if (table == NULL)
        return NIO_INVALID_PARAMETER;
    *table = NULL;
    if (flags == ~0u)
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_ifrow_list(flags, &list, &n), NIO_GEN_FAILURE);
    if (st != NIO_OK)
        return st;
    nio_sort_by_index(list, n, sizeof(*list));
    t = NIO_TABLE_ALLOC(MIB_IF_TABLE2, n);
    if (t == NULL) {
        nio_free(list);
        return NIO_NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(flags & NIO_IFROW_COUNTERS))
            list[i].has_counters = false;
        nio_ifrow_fill(&t->Table[i], &list[i]);
    }
    t->NumEntries = (ULONG)n;
    nio_free(list);
    *table = t;
    return NIO_OK;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(GetIfEntry2, (PMIB_IF_ROW2 Row), (MibIfEntryNormal, Row), nio_get_if_entry2)
NIO_EXPORT_PAIR(GetIfEntry2Ex, (MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row), ((int)Level, Row),
                nio_get_if_entry2)
NIO_EXPORT_PAIR(GetIfTable2, (PMIB_IF_TABLE2 *Table), (MibIfTableNormal, Table),
                nio_get_if_table2)
NIO_EXPORT_PAIR(GetIfTable2Ex, (MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table),
                ((int)Level, Table), nio_get_if_table2)
