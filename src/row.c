/* row.c - MIB_IPINTERFACE_ROW from what a back end reports, and the
 * "unspecified" row of InitializeIpInterfaceEntry.  Every default that
 * stands in for a fact the OS does not give is here, once; docs/fields.md
 * lists them with their reasons. */
#include <string.h>

#include "internal.h"

/* Values Windows reports where the OS has no counterpart. */
#define NIO_WIN_MIN_RA_INTERVAL 200        /* seconds */
#define NIO_WIN_MAX_RA_INTERVAL 600        /* seconds */
#define NIO_WIN_SITE_PREFIX_LENGTH 64
#define NIO_WIN_DAD_TRANSMITS 3            /* IPv4: Windows' ARP probes */
#define NIO_WIN_BASE_REACHABLE_MS 30000
#define NIO_WIN_RETRANSMIT_MS 1000
#define NIO_WIN_PMTU_TIMEOUT_MS 600000
#define NIO_WIN_MAX_REASSEMBLY 65535

int nio_family_slot(ADDRESS_FAMILY family)
{
    if (family == AF_INET)
        return NIO_V4;
    if (family == AF_INET6)
        return NIO_V6;
    return -1;
}

ADDRESS_FAMILY nio_family_of_slot(int slot)
{
    return slot == NIO_V6 ? AF_INET6 : AF_INET;
}

uint64_t nio_iface_luid(const struct nio_iface *ifc)
{
    return nio_luid_make(ifc->iftype, ifc->index);
}

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
    /* No OS probes for duplicates on loopback, whatever its knob says. */
    if (ifc->loopback)
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
    row->LinkLocalAddressBehavior =
        (f->known & NIO_K_LINK_LOCAL) ? f->link_local : LinkLocalAlwaysOff;
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
    const struct nio_family *f = &ifc->fam[slot];
    struct nio_local local;
    nio_local_get(nio_iface_luid(ifc), slot, &local);
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
     * Set of this process recorded is reported (local.c). */
    row->UseAutomaticMetric = !local.manual_metric;
    row->Metric = local.manual_metric ? local.metric : 0;
    nio_row_discovery(row, ifc, f, slot);
    nio_row_neighbours(row, f);
    row->PathMtuDiscoveryTimeout =
        nio_fact_or(f, NIO_K_PMTU_TIMEOUT, f->pmtu_timeout_ms, NIO_WIN_PMTU_TIMEOUT_MS);
    row->LinkLocalAddressTimeout = 0;
    nio_row_zones(row, ifc, slot);
    row->SitePrefixLength = local.has_site_prefix ? local.site_prefix : NIO_WIN_SITE_PREFIX_LENGTH;
    row->NlMtu = nio_row_mtu(ifc, f);
    row->Connected = ifc->connected;
    /* Kept by this process and honoured by GetBestRoute2 (route.c). */
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
