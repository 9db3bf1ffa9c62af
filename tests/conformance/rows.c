/* rows.c - helpers of the checks that read rows. */
#include "conformance.h"

#define NC_FIELD(f)                                                                          \
    if (a->f != b->f) {                                                                      \
        nc_fail(c, "%s: " #f " differs: %lu vs %lu", what, (unsigned long)a->f,            \
                (unsigned long)b->f);                                                        \
        return false;                                                                        \
    }

bool nc_rows_agree(struct nc_ctx *c, const MIB_IPINTERFACE_ROW *a, const MIB_IPINTERFACE_ROW *b,
                   const char *what)
{
    NC_FIELD(Family)
    NC_FIELD(InterfaceLuid.Value)
    NC_FIELD(InterfaceIndex)
    NC_FIELD(MaxReassemblySize)
    NC_FIELD(InterfaceIdentifier)
    NC_FIELD(MinRouterAdvertisementInterval)
    NC_FIELD(MaxRouterAdvertisementInterval)
    NC_FIELD(AdvertisingEnabled)
    NC_FIELD(ForwardingEnabled)
    NC_FIELD(WeakHostSend)
    NC_FIELD(WeakHostReceive)
    NC_FIELD(UseAutomaticMetric)
    NC_FIELD(UseNeighborUnreachabilityDetection)
    NC_FIELD(AdvertiseDefaultRoute)
    NC_FIELD(RouterDiscoveryBehavior)
    NC_FIELD(DadTransmits)
    NC_FIELD(BaseReachableTime)
    NC_FIELD(RetransmitTime)
    NC_FIELD(PathMtuDiscoveryTimeout)
    NC_FIELD(LinkLocalAddressBehavior)
    NC_FIELD(LinkLocalAddressTimeout)
    for (int i = 0; i < ScopeLevelCount; i++)
        NC_FIELD(ZoneIndices[i])
    NC_FIELD(SitePrefixLength)
    NC_FIELD(Metric)
    NC_FIELD(NlMtu)
    NC_FIELD(SupportsWakeUpPatterns)
    NC_FIELD(SupportsNeighborDiscovery)
    NC_FIELD(SupportsRouterDiscovery)
    NC_FIELD(DisableDefaultRoutes)
    return true;
}

bool nc_bound_row(const struct nc_env *env, ADDRESS_FAMILY family, MIB_IPINTERFACE_ROW *out)
{
    for (size_t i = 0; i < env->n_ifaces; i++) {
        memset(out, 0, sizeof(*out));
        out->Family = family;
        out->InterfaceLuid = env->ifaces[i].luid;
        if (GetIpInterfaceEntry(out) == NO_ERROR)
            return true;
    }
    return false;
}
