/*
 * row-fields.c - every field of MIB_IPINTERFACE_ROW with its Windows name
 * and kind, and the readers of the fields that need more than a load.
 */
#include <string.h>

#include "nioctl.h"

#define FIELD(member, kind) {#member, offsetof(MIB_IPINTERFACE_ROW, member), kind}
#define EXTRA(name, member, kind) {name, offsetof(MIB_IPINTERFACE_ROW, member), kind}

/* The extras are not fields of the row: they name its LUID. */
const struct nioctl_field nioctl_fields[] = {
    FIELD(Family, NIOCTL_K_FAMILY),
    FIELD(InterfaceLuid, NIOCTL_K_LUID),
    EXTRA("InterfaceLuidName", InterfaceLuid, NIOCTL_K_LUID_NAME),
    EXTRA("InterfaceAlias", InterfaceLuid, NIOCTL_K_ALIAS),
    FIELD(InterfaceIndex, NIOCTL_K_ULONG),
    FIELD(MaxReassemblySize, NIOCTL_K_ULONG),
    FIELD(InterfaceIdentifier, NIOCTL_K_ULONG64),
    FIELD(MinRouterAdvertisementInterval, NIOCTL_K_ULONG),
    FIELD(MaxRouterAdvertisementInterval, NIOCTL_K_ULONG),
    FIELD(AdvertisingEnabled, NIOCTL_K_BOOLEAN),
    FIELD(ForwardingEnabled, NIOCTL_K_BOOLEAN),
    FIELD(WeakHostSend, NIOCTL_K_BOOLEAN),
    FIELD(WeakHostReceive, NIOCTL_K_BOOLEAN),
    FIELD(UseAutomaticMetric, NIOCTL_K_BOOLEAN),
    FIELD(UseNeighborUnreachabilityDetection, NIOCTL_K_BOOLEAN),
    FIELD(ManagedAddressConfigurationSupported, NIOCTL_K_BOOLEAN),
    FIELD(OtherStatefulConfigurationSupported, NIOCTL_K_BOOLEAN),
    FIELD(AdvertiseDefaultRoute, NIOCTL_K_BOOLEAN),
    FIELD(RouterDiscoveryBehavior, NIOCTL_K_ROUTER_DISCOVERY),
    FIELD(DadTransmits, NIOCTL_K_ULONG),
    FIELD(BaseReachableTime, NIOCTL_K_ULONG),
    FIELD(RetransmitTime, NIOCTL_K_ULONG),
    FIELD(PathMtuDiscoveryTimeout, NIOCTL_K_ULONG),
    FIELD(LinkLocalAddressBehavior, NIOCTL_K_LINK_LOCAL),
    FIELD(LinkLocalAddressTimeout, NIOCTL_K_ULONG),
    FIELD(ZoneIndices, NIOCTL_K_ZONES),
    FIELD(SitePrefixLength, NIOCTL_K_ULONG),
    FIELD(Metric, NIOCTL_K_ULONG),
    FIELD(NlMtu, NIOCTL_K_ULONG),
    FIELD(Connected, NIOCTL_K_BOOLEAN),
    FIELD(SupportsWakeUpPatterns, NIOCTL_K_BOOLEAN),
    FIELD(SupportsNeighborDiscovery, NIOCTL_K_BOOLEAN),
    FIELD(SupportsRouterDiscovery, NIOCTL_K_BOOLEAN),
    FIELD(ReachableTime, NIOCTL_K_ULONG),
    FIELD(TransmitOffload, NIOCTL_K_OFFLOAD),
    FIELD(ReceiveOffload, NIOCTL_K_OFFLOAD),
    FIELD(DisableDefaultRoutes, NIOCTL_K_BOOLEAN),
};

const size_t nioctl_nfields = sizeof(nioctl_fields) / sizeof(nioctl_fields[0]);

const char *nioctl_enum_name(const MIB_IPINTERFACE_ROW *row, const struct nioctl_field *f,
                             int64_t *raw)
{
    if (f->kind == NIOCTL_K_FAMILY) {
        ADDRESS_FAMILY v;
        NIOCTL_READ(row, f, v);
        *raw = v;
        return nioctl_family_name(v);
    }
    if (f->kind == NIOCTL_K_ROUTER_DISCOVERY) {
        NL_ROUTER_DISCOVERY_BEHAVIOR v;
        NIOCTL_READ(row, f, v);
        *raw = v;
        return nioctl_router_discovery_name(v);
    }
    NL_LINK_LOCAL_ADDRESS_BEHAVIOR v;
    NIOCTL_READ(row, f, v);
    *raw = v;
    return nioctl_link_local_name(v);
}

const char *const nioctl_offload_names[8] = {
    "NlChecksumSupported", "NlOptionsSupported", "TlDatagramChecksumSupported",
    "TlStreamChecksumSupported", "TlStreamOptionsSupported", "FastPathCompatible",
    "TlLargeSendOffloadSupported", "TlGiantSendOffloadSupported",
};

void nioctl_offload_bits(const MIB_IPINTERFACE_ROW *row, const struct nioctl_field *f,
                         bool bits[8])
{
    NL_INTERFACE_OFFLOAD_ROD o;
    NIOCTL_READ(row, f, o);
    bits[0] = o.NlChecksumSupported;
    bits[1] = o.NlOptionsSupported;
    bits[2] = o.TlDatagramChecksumSupported;
    bits[3] = o.TlStreamChecksumSupported;
    bits[4] = o.TlStreamOptionsSupported;
    bits[5] = o.FastPathCompatible;
    bits[6] = o.TlLargeSendOffloadSupported;
    bits[7] = o.TlGiantSendOffloadSupported;
}

