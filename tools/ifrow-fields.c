/*
 * ifrow-fields.c - every field of MIB_IF_ROW2 with its Windows name and kind
 * (output.c prints them), and the names of its enumerators.
 */
#include "nioctl.h"

/* ------------------------------------------------------------ names */
const char *nioctl_oper_name(int64_t v)
{
    static const char *const names[] = {NULL, "Up", "Down", "Testing", "Unknown", "Dormant",
                                        "NotPresent", "LowerLayerDown"};
    return v >= 1 && v <= 7 ? names[v] : NULL;
}

static const char *nioctl_admin_name(int64_t v)
{
    return v == NET_IF_ADMIN_STATUS_UP ? "Up" : v == NET_IF_ADMIN_STATUS_DOWN ? "Down"
           : v == NET_IF_ADMIN_STATUS_TESTING ? "Testing" : NULL;
}

static const char *nioctl_media_name(int64_t v)
{
    return v == MediaConnectStateConnected ? "Connected"
           : v == MediaConnectStateDisconnected ? "Disconnected"
           : v == MediaConnectStateUnknown ? "Unknown" : NULL;
}

static const char *nioctl_access_name(int64_t v)
{
    static const char *const names[] = {NULL, "Loopback", "Broadcast", "PointToPoint",
                                        "PointToMultiPoint"};
    return v >= 1 && v <= 4 ? names[v] : NULL;
}

static const char *nioctl_medium_name(int64_t v)
{
    switch (v) {
    case NdisMedium802_3: return "802_3";
    case NdisMediumWan: return "Wan";
    case NdisMediumAtm: return "Atm";
    case NdisMedium1394: return "1394";
    case NdisMediumInfiniBand: return "InfiniBand";
    case NdisMediumTunnel: return "Tunnel";
    case NdisMediumNative802_11: return "Native802_11";
    case NdisMediumLoopback: return "Loopback";
    case NdisMediumIP: return "IP";
    default: return NULL;
    }
}

static const char *nioctl_physical_name(int64_t v)
{
    switch (v) {
    case NdisPhysicalMediumUnspecified: return "Unspecified";
    case NdisPhysicalMediumNative802_11: return "Native802_11";
    case NdisPhysicalMedium1394: return "1394";
    case NdisPhysicalMediumInfiniband: return "Infiniband";
    case NdisPhysicalMedium802_3: return "802_3";
    case NdisPhysicalMediumOther: return "Other";
    default: return NULL;
    }
}

static const char *nioctl_tunnel_name(int64_t v)
{
    switch (v) {
    case TUNNEL_TYPE_NONE: return "None";
    case TUNNEL_TYPE_OTHER: return "Other";
    case TUNNEL_TYPE_DIRECT: return "Direct";
    case TUNNEL_TYPE_6TO4: return "6to4";
    case TUNNEL_TYPE_ISATAP: return "Isatap";
    case TUNNEL_TYPE_TEREDO: return "Teredo";
    case TUNNEL_TYPE_IPHTTPS: return "IpHttps";
    default: return NULL;
    }
}

/* ---------------------------------------------------------- getters */
/* The status flags are bit fields: no offset to read them at. */
#define NIOCTL_FLAG_GETTER(flag) \
    static int64_t nioctl_get_##flag(const void *row) \
    { \
        return ((const MIB_IF_ROW2 *)row)->InterfaceAndOperStatusFlags.flag; \
    }
NIOCTL_FLAG_GETTER(HardwareInterface)
NIOCTL_FLAG_GETTER(FilterInterface)
NIOCTL_FLAG_GETTER(ConnectorPresent)
NIOCTL_FLAG_GETTER(NotAuthenticated)
NIOCTL_FLAG_GETTER(NotMediaConnected)
NIOCTL_FLAG_GETTER(Paused)
NIOCTL_FLAG_GETTER(LowPower)
NIOCTL_FLAG_GETTER(EndPointInterface)

/* The first PhysicalAddressLength bytes at f->offset, "aa:bb:..". */
static bool nioctl_text_hwaddr(const void *row, const struct nioctl_field *f, char *buf,
                               size_t cap)
{
    const MIB_IF_ROW2 *r = row;
    const UCHAR *a = (const UCHAR *)row + f->offset;
    size_t n = 0;
    buf[0] = '\0';
    for (ULONG i = 0; i < r->PhysicalAddressLength && i < IF_MAX_PHYS_ADDRESS_LENGTH; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%02x", i ? ":" : "", a[i]);
    return true;
}

/* ------------------------------------------------------------ table */
#define M(member) offsetof(MIB_IF_ROW2, member), sizeof(((MIB_IF_ROW2 *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define CODE(member, names) {#member, NIOCTL_K_CODE, M(member), names, NULL, NULL}
/* STRF, not TEXT: <windows.h> has a TEXT macro of its own. */
#define STRF(name, member, text) {name, NIOCTL_K_STR, M(member), NULL, text, NULL}
#define FLAG(flag) {#flag, NIOCTL_K_FLAG, 0, 0, NULL, NULL, nioctl_get_##flag}

static const struct nioctl_field nioctl_link_fields[] = {
    {"InterfaceLuid", NIOCTL_K_LUID, M(InterfaceLuid), NULL, NULL, NULL},
    NIOCTL_LUID_PARTS(M(InterfaceLuid)),
    STRF("InterfaceName", InterfaceLuid, nioctl_text_luid_name),
    UINT(InterfaceIndex),
    STRF("InterfaceGuid", InterfaceGuid, nioctl_text_guid),
    STRF("Alias", Alias, nioctl_text_wstr),
    STRF("Description", Description, nioctl_text_wstr),
    UINT(PhysicalAddressLength),
    STRF("PhysicalAddress", PhysicalAddress, nioctl_text_hwaddr),
    STRF("PermanentPhysicalAddress", PermanentPhysicalAddress, nioctl_text_hwaddr),
    UINT(Mtu),
    UINT(Type),
    CODE(TunnelType, nioctl_tunnel_name),
    CODE(MediaType, nioctl_medium_name),
    CODE(PhysicalMediumType, nioctl_physical_name),
    CODE(AccessType, nioctl_access_name),
    CODE(DirectionType, NULL),
    FLAG(HardwareInterface),
    FLAG(FilterInterface),
    FLAG(ConnectorPresent),
    FLAG(NotAuthenticated),
    FLAG(NotMediaConnected),
    FLAG(Paused),
    FLAG(LowPower),
    FLAG(EndPointInterface),
    CODE(OperStatus, nioctl_oper_name),
    CODE(AdminStatus, nioctl_admin_name),
    CODE(MediaConnectState, nioctl_media_name),
    STRF("NetworkGuid", NetworkGuid, nioctl_text_guid),
    CODE(ConnectionType, NULL),
    UINT(TransmitLinkSpeed),
    UINT(ReceiveLinkSpeed),
    UINT(InOctets),
    UINT(InUcastPkts),
    UINT(InNUcastPkts),
    UINT(InDiscards),
    UINT(InErrors),
    UINT(InUnknownProtos),
    UINT(InUcastOctets),
    UINT(InMulticastOctets),
    UINT(InBroadcastOctets),
    UINT(OutOctets),
    UINT(OutUcastPkts),
    UINT(OutNUcastPkts),
    UINT(OutDiscards),
    UINT(OutErrors),
    UINT(OutUcastOctets),
    UINT(OutMulticastOctets),
    UINT(OutBroadcastOctets),
    UINT(OutQLen),
};

const struct nioctl_table nioctl_link_table = NIOCTL_TABLE(nioctl_link_fields);
