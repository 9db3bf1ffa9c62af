/* ipif.c - the IP interface rows: GetIpInterfaceEntry and
 * GetIpInterfaceTable (validate, resolve the key, ask the back end, fill),
 * MIB_IPINTERFACE_ROW from what a back end reports, and the "unspecified"
 * row of InitializeIpInterfaceEntry.  Every default that
 * stands in for a fact the OS does not give is here, once; docs/fields.md
 * lists them with their reasons. */
#include <string.h>

#include "core.h"

/* Values Windows reports where the OS has no counterpart. */
#define NIO_WIN_MIN_RA_INTERVAL 200        /* seconds */
#define NIO_WIN_MAX_RA_INTERVAL 600        /* seconds */
#define NIO_WIN_SITE_PREFIX_LENGTH 64
#define NIO_WIN_DAD_TRANSMITS 3            /* IPv4: Windows' ARP probes */
#define NIO_WIN_BASE_REACHABLE_MS 30000
#define NIO_WIN_RETRANSMIT_MS 1000
#define NIO_WIN_PMTU_TIMEOUT_MS 600000
#define NIO_WIN_MAX_REASSEMBLY 65535

static uint32_t nio_fact_or(const struct nio_family *f, unsigned bit, uint32_t value,
                            uint32_t fallback)
{
    return (f->known & bit) ? value : fallback;
}

/* Zones: Linux has one zone per interface at interface and link scope and a
 * single zone at wider scopes, reported as 0 ("the default zone"). */
static void nio_row_zones(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot)
{
    memset(row->ZoneIndices, 0, sizeof(row->ZoneIndices));
    row->ZoneIndices[ScopeLevelLink] = ifc->index;
    if (slot == NIO_V6)
        row->ZoneIndices[ScopeLevelInterface] = ifc->index;
}

static void nio_row_neighbours(MIB_IPINTERFACE_ROW *row, const struct nio_family *f)
{
    row->BaseReachableTime =
        nio_fact_or(f, NIO_K_BASE_REACHABLE, f->base_reachable_ms, NIO_WIN_BASE_REACHABLE_MS);
    /* Without the OS's current (randomised) value, the base is the honest
     * expectation of it. */
    row->ReachableTime = nio_fact_or(f, NIO_K_REACHABLE, f->reachable_ms, row->BaseReachableTime);
    row->RetransmitTime =
        nio_fact_or(f, NIO_K_RETRANSMIT, f->retransmit_ms, NIO_WIN_RETRANSMIT_MS);
}

static void nio_row_discovery(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc,
                              const struct nio_family *f, int slot)
{
    /* No OS probes for duplicates on loopback, nor Linux on an interface
     * without neighbour discovery (IFF_NOARP: tun, `arp off`), whatever
     * the knob says: the row reports what the interface does. */
    if (ifc->loopback || !ifc->neighbor_discovery)
        row->DadTransmits = 0;
    else
        row->DadTransmits = nio_fact_or(f, NIO_K_DAD, f->dad_transmits, NIO_WIN_DAD_TRANSMITS);
    /* No OS discovers routers on loopback, whatever its knob says. */
    row->RouterDiscoveryBehavior = (f->known & NIO_K_ROUTER_DISCOVERY) && !ifc->loopback
                                       ? f->router_discovery
                                       : RouterDiscoveryDisabled;
    if (f->known & NIO_K_MANAGED_OTHER) {
        row->ManagedAddressConfigurationSupported = f->managed;
        row->OtherStatefulConfigurationSupported = f->other;
    }
    /* Loopback never gets a link-local address (Linux gives lo no fe80::
     * whatever its address generation mode says). */
    row->LinkLocalAddressBehavior =
        (f->known & NIO_K_LINK_LOCAL) && !ifc->loopback ? f->link_local : LinkLocalAlwaysOff;
    row->UseNeighborUnreachabilityDetection = ifc->neighbor_discovery;
    row->SupportsNeighborDiscovery = ifc->neighbor_discovery;
    row->SupportsRouterDiscovery = slot == NIO_V6 && !ifc->loopback;
}

/* The OS's own MTU, loopback included (Windows reports 0xFFFFFFFF there;
 * the OS value is the one a ported program can act on). */
static uint32_t nio_row_mtu(const struct nio_iface *ifc, const struct nio_family *f)
{
    return nio_fact_or(f, NIO_K_MTU, f->mtu, ifc->mtu);
}

void nio_row_fill(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot)
{
    nio_row_fill_in(row, ifc, slot, NULL);
}

void nio_row_fill_in(MIB_IPINTERFACE_ROW *row, const struct nio_iface *ifc, int slot,
                     struct nio_recview *rv)
{
    const struct nio_family *f = &ifc->fam[slot];
    struct nio_local local;
    nio_local_of(rv, ifc, slot, &local);
    memset(row, 0, sizeof(*row));
    row->Family = nio_family_of_slot(slot);
    row->InterfaceLuid.Value = nio_iface_luid(ifc);
    row->InterfaceIndex = ifc->index;
    row->MaxReassemblySize =
        nio_fact_or(f, NIO_K_MAX_REASSEMBLY, f->max_reassembly, NIO_WIN_MAX_REASSEMBLY);
    row->MinRouterAdvertisementInterval = NIO_WIN_MIN_RA_INTERVAL;
    row->MaxRouterAdvertisementInterval = NIO_WIN_MAX_RA_INTERVAL;
    row->ForwardingEnabled = (f->known & NIO_K_FORWARDING) && f->forwarding;
    /* Linux and the BSDs accept and send with any local address on any
     * interface: the weak host model, whatever the interface. */
    row->WeakHostSend = TRUE;
    row->WeakHostReceive = TRUE;
    /* No OS here has an interface metric; routes carry their own.  What a
     * Set recorded is reported, else Windows' automatic metric
     * (ipif-store.c). */
    row->UseAutomaticMetric = !local.manual_metric;
    row->Metric = local.metric;
    nio_row_discovery(row, ifc, f, slot);
    nio_row_neighbours(row, f);
    row->PathMtuDiscoveryTimeout =
        nio_fact_or(f, NIO_K_PMTU_TIMEOUT, f->pmtu_timeout_ms, NIO_WIN_PMTU_TIMEOUT_MS);
    row->LinkLocalAddressTimeout = 0;
    nio_row_zones(row, ifc, slot);
    row->SitePrefixLength = local.has_site_prefix ? local.site_prefix : NIO_WIN_SITE_PREFIX_LENGTH;
    row->NlMtu = nio_row_mtu(ifc, f);
    row->Connected = ifc->connected;
    /* Recorded by a Set, enforced in the kernel (ipif-set.c). */
    row->DisableDefaultRoutes = local.disable_default_routes;
}

void nio_row_init(MIB_IPINTERFACE_ROW *row)
{
    /* 0xFF in every byte is 0xFFFFFFFF in every ULONG, 0xFF in every
     * BOOLEAN and -1 in every enum: the values Set reads as "unchanged". */
    memset(row, 0xFF, sizeof(*row));
    row->Family = AF_UNSPEC;
    row->InterfaceLuid.Value = 0;
    row->InterfaceIndex = NET_IFINDEX_UNSPECIFIED;
}

/* ----------------------------------------------------------- functions */
nio_status nio_get_ip_interface_entry(MIB_IPINTERFACE_ROW *row)
{
    struct nio_iface ifc;
    int slot;
    nio_status st = nio_row_key_check(row, &slot);
    if (st == NIO_OK)
        st = nio_row_lookup(row, slot, &ifc);
    if (st == NIO_OK)
        nio_row_fill(row, &ifc, slot);
    return st;
}

static size_t nio_count_rows(const struct nio_iface *list, size_t n, unsigned want)
{
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        for (int slot = 0; slot < NIO_FAMILIES; slot++)
            rows += (want & nio_want_of_slot(slot)) && list[i].fam[slot].present;
    return rows;
}

/* Rows by interface index, IPv4 before IPv6 within each interface; the
 * record read once for the whole table (rv). */
static void nio_table_fill(MIB_IPINTERFACE_TABLE *t, const struct nio_iface *list, size_t n,
                           unsigned want, struct nio_recview *rv)
{
    ULONG k = 0;
    for (size_t i = 0; i < n; i++)
        for (int slot = 0; slot < NIO_FAMILIES; slot++)
            if ((want & nio_want_of_slot(slot)) && list[i].fam[slot].present)
                nio_row_fill_in(&t->Table[k++], &list[i], slot, rv);
    t->NumEntries = k;
}

nio_status nio_get_ip_interface_table(ADDRESS_FAMILY family, MIB_IPINTERFACE_TABLE **table)
{
    struct nio_iface *list = NULL;
    MIB_IPINTERFACE_TABLE *t = NULL;
    struct nio_recview rv;
    size_t n = 0;
    unsigned want;
    nio_status st;
    memset(&rv, 0, sizeof(rv));
    if (table == NULL)
        return NIO_INVALID_PARAMETER;
    *table = NULL;
    if (family == AF_UNSPEC)
        want = NIO_WANT_V4 | NIO_WANT_V6;
    else if (nio_family_slot(family) >= 0)
        want = nio_want_of_slot(nio_family_slot(family));
    else
        return NIO_INVALID_PARAMETER;
    st = nio_status_from_errno(nio_os_list(want, &list, &n), NIO_GEN_FAILURE);
    if (st != NIO_OK)
        goto out;
    nio_sort_by_index(list, n, sizeof(*list));
    if ((st = nio_recview_open(&rv)) != NIO_OK)
        goto out;
    t = NIO_TABLE_ALLOC(MIB_IPINTERFACE_TABLE, nio_count_rows(list, n, want));
    if (t == NULL) {
        st = NIO_NO_MEMORY;
        goto out;
    }
    nio_table_fill(t, list, n, want, &rv);
    *table = t;
out:
    nio_recview_close(&rv);
    nio_free(list);
    return st;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(GetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
                nio_get_ip_interface_entry)
NIO_EXPORT_PAIR(GetIpInterfaceTable, (ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table),
                (Family, Table), nio_get_ip_interface_table)

VOID WINAPI InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row)
{
    if (Row != NULL)
        nio_row_init(Row);
}
