/*
 * ipif-fields.c - every field of MIB_IPINTERFACE_ROW with its Windows name
 * and kind (output.c prints them), and the reader of the offload bits.
 */
#include <string.h>

#include "nioctl.h"

#define M(member) offsetof(MIB_IPINTERFACE_ROW, member), sizeof(((MIB_IPINTERFACE_ROW *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define BOOL(member) {#member, NIOCTL_K_BOOLEAN, M(member), NULL, NULL, NULL}
#define ENUM(member, names) {#member, NIOCTL_K_ENUM, M(member), names, NULL, NULL}
#define KIND(member, kind) {#member, kind, M(member), NULL, NULL, NULL}
#define EXTRA(name, text) {name, NIOCTL_K_NAME, M(InterfaceLuid), NULL, text, NULL}

/* The extras are not fields of the row: they decode and name its LUID. */
static const struct nioctl_field nioctl_ipif_fields[] = {
    ENUM(Family, nioctl_family_name),
    KIND(InterfaceLuid, NIOCTL_K_LUID),
    NIOCTL_LUID_PARTS(M(InterfaceLuid)),
    EXTRA("InterfaceLuidName", nioctl_text_luid_name),
    EXTRA("InterfaceAlias", nioctl_text_alias),
    UINT(InterfaceIndex),
    UINT(MaxReassemblySize),
    UINT(InterfaceIdentifier),
    UINT(MinRouterAdvertisementInterval),
    UINT(MaxRouterAdvertisementInterval),
    BOOL(AdvertisingEnabled),
    BOOL(ForwardingEnabled),
    BOOL(WeakHostSend),
    BOOL(WeakHostReceive),
    BOOL(UseAutomaticMetric),
    BOOL(UseNeighborUnreachabilityDetection),
    BOOL(ManagedAddressConfigurationSupported),
    BOOL(OtherStatefulConfigurationSupported),
    BOOL(AdvertiseDefaultRoute),
    ENUM(RouterDiscoveryBehavior, nioctl_router_discovery_name),
    UINT(DadTransmits),
    UINT(BaseReachableTime),
    UINT(RetransmitTime),
    UINT(PathMtuDiscoveryTimeout),
    ENUM(LinkLocalAddressBehavior, nioctl_link_local_name),
    UINT(LinkLocalAddressTimeout),
    KIND(ZoneIndices, NIOCTL_K_ZONES),
    UINT(SitePrefixLength),
    UINT(Metric),
    UINT(NlMtu),
    BOOL(Connected),
    BOOL(SupportsWakeUpPatterns),
    BOOL(SupportsNeighborDiscovery),
    BOOL(SupportsRouterDiscovery),
    UINT(ReachableTime),
    KIND(TransmitOffload, NIOCTL_K_OFFLOAD),
    KIND(ReceiveOffload, NIOCTL_K_OFFLOAD),
    BOOL(DisableDefaultRoutes),
};

const struct nioctl_table nioctl_ipif_table = NIOCTL_TABLE(nioctl_ipif_fields);

const char *const nioctl_offload_names[8] = {
    "NlChecksumSupported", "NlOptionsSupported", "TlDatagramChecksumSupported",
    "TlStreamChecksumSupported", "TlStreamOptionsSupported", "FastPathCompatible",
    "TlLargeSendOffloadSupported", "TlGiantSendOffloadSupported",
};

void nioctl_offload_bits(const void *row, const struct nioctl_field *f,
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

