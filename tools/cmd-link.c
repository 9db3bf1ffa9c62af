/*
 * cmd-link.c - "nioctl link [<interface>] [--no-stats] [--json]": MIB_IF_ROW2
 * rows.  With an interface, every field of GetIfEntry2(Ex) as "Field: value"
 * lines or one JSON object; without, GetIfTable2(Ex) as a compact table
 * (state, speed, counters) or a JSON array of whole rows.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "nioctl.h"

static void nioctl_link_usage(void)
{
    printf("usage: nioctl link [<interface>] [--no-stats] [--json]\n\n"
           "Prints the link-layer row of one interface (GetIfEntry2) or of every\n"
           "interface (GetIfTable2): identity, state, speed and counters.\n"
           "<interface> is an index, a 0x<hex> LUID, a Windows-style name\n"
           "(\"ethernet_3\") or the OS name (\"eth0\"), as for \"nioctl get\".\n\n"
           "  --no-stats   leave the counters out (MibIfEntryNormalWithoutStatistics)\n"
           "  -j, --json   JSON: one object, or an array of every row\n"
           "  -h, --help   this text\n");
}

/* ------------------------------------------------------------ names */
static const char *nioctl_oper_name(IF_OPER_STATUS v)
{
    static const char *const names[] = {NULL, "Up", "Down", "Testing", "Unknown", "Dormant",
                                        "NotPresent", "LowerLayerDown"};
    return v >= 1 && v <= 7 ? names[v] : NULL;
}

static const char *nioctl_admin_name(NET_IF_ADMIN_STATUS v)
{
    return v == NET_IF_ADMIN_STATUS_UP ? "Up" : v == NET_IF_ADMIN_STATUS_DOWN ? "Down"
           : v == NET_IF_ADMIN_STATUS_TESTING ? "Testing" : NULL;
}

static const char *nioctl_media_name(NET_IF_MEDIA_CONNECT_STATE v)
{
    return v == MediaConnectStateConnected ? "Connected"
           : v == MediaConnectStateDisconnected ? "Disconnected"
           : v == MediaConnectStateUnknown ? "Unknown" : NULL;
}

static const char *nioctl_access_name(NET_IF_ACCESS_TYPE v)
{
    static const char *const names[] = {NULL, "Loopback", "Broadcast", "PointToPoint",
                                        "PointToMultiPoint"};
    return v >= 1 && v <= 4 ? names[v] : NULL;
}

static const char *nioctl_medium_name(NDIS_MEDIUM v)
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

static const char *nioctl_physical_name(NDIS_PHYSICAL_MEDIUM v)
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

static const char *nioctl_tunnel_name(TUNNEL_TYPE v)
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

/* ---------------------------------------------------------- printers */
/* One output, text or JSON, so that both carry the same fields. */
struct nioctl_out {
    struct nioctl_json *j; /* NULL: text */
};

static void nioctl_out_uint(struct nioctl_out *o, const char *key, uint64_t v)
{
    if (o->j)
        nioctl_json_uint(o->j, key, v);
    else
        printf("%s: %" PRIu64 "\n", key, v);
}

static void nioctl_out_bool(struct nioctl_out *o, const char *key, bool v)
{
    if (o->j)
        nioctl_json_bool(o->j, key, v);
    else
        printf("%s: %s\n", key, v ? "TRUE" : "FALSE");
}

static void nioctl_out_str(struct nioctl_out *o, const char *key, const char *s)
{
    if (o->j)
        nioctl_json_string(o->j, key, s);
    else
        printf("%s: %s\n", key, s);
}

/* An enumerator: its name (and number in text), the number in JSON. */
static void nioctl_out_enum(struct nioctl_out *o, const char *key, int v, const char *name)
{
    if (o->j)
        nioctl_json_int(o->j, key, v);
    else if (name != NULL)
        printf("%s: %s (%d)\n", key, name, v);
    else
        printf("%s: %d\n", key, v);
}

static void nioctl_out_wstr(struct nioctl_out *o, const char *key, const WCHAR *w)
{
    char buf[NIOCTL_NAME_MAX];
    if (!nioctl_utf16_to_utf8(w, buf, sizeof(buf)))
        snprintf(buf, sizeof(buf), "?");
    nioctl_out_str(o, key, buf);
}

static void nioctl_out_hwaddr(struct nioctl_out *o, const char *key, const UCHAR *a, ULONG len)
{
    char buf[3 * IF_MAX_PHYS_ADDRESS_LENGTH + 1] = "";
    size_t n = 0;
    for (ULONG i = 0; i < len && i < IF_MAX_PHYS_ADDRESS_LENGTH; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%02x", i ? ":" : "", a[i]);
    nioctl_out_str(o, key, buf);
}

static void nioctl_out_guid(struct nioctl_out *o, const char *key, const GUID *g)
{
    char buf[40];
    snprintf(buf, sizeof(buf), "{%08lX-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
             (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2],
             g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
    nioctl_out_str(o, key, buf);
}

static void nioctl_print_link(struct nioctl_out *o, const MIB_IF_ROW2 *r)
{
    char name[NIOCTL_NAME_MAX], luid[24];
    snprintf(luid, sizeof(luid), "0x%016" PRIx64, (uint64_t)r->InterfaceLuid.Value);
    if (o->j)
        nioctl_json_uint(o->j, "InterfaceLuid", r->InterfaceLuid.Value);
    else
        nioctl_out_str(o, "InterfaceLuid", luid);
    nioctl_luid_name(&r->InterfaceLuid, name, sizeof(name));
    nioctl_out_str(o, "InterfaceName", name);
    nioctl_out_uint(o, "InterfaceIndex", r->InterfaceIndex);
    nioctl_out_guid(o, "InterfaceGuid", &r->InterfaceGuid);
    nioctl_out_wstr(o, "Alias", r->Alias);
    nioctl_out_wstr(o, "Description", r->Description);
    nioctl_out_uint(o, "PhysicalAddressLength", r->PhysicalAddressLength);
    nioctl_out_hwaddr(o, "PhysicalAddress", r->PhysicalAddress, r->PhysicalAddressLength);
    nioctl_out_hwaddr(o, "PermanentPhysicalAddress", r->PermanentPhysicalAddress,
                      r->PhysicalAddressLength);
    nioctl_out_uint(o, "Mtu", r->Mtu);
    nioctl_out_uint(o, "Type", r->Type);
    nioctl_out_enum(o, "TunnelType", r->TunnelType, nioctl_tunnel_name(r->TunnelType));
    nioctl_out_enum(o, "MediaType", r->MediaType, nioctl_medium_name(r->MediaType));
    nioctl_out_enum(o, "PhysicalMediumType", r->PhysicalMediumType,
                    nioctl_physical_name(r->PhysicalMediumType));
    nioctl_out_enum(o, "AccessType", r->AccessType, nioctl_access_name(r->AccessType));
    nioctl_out_enum(o, "DirectionType", r->DirectionType, NULL);
    nioctl_out_bool(o, "HardwareInterface", r->InterfaceAndOperStatusFlags.HardwareInterface);
    nioctl_out_bool(o, "FilterInterface", r->InterfaceAndOperStatusFlags.FilterInterface);
    nioctl_out_bool(o, "ConnectorPresent", r->InterfaceAndOperStatusFlags.ConnectorPresent);
    nioctl_out_bool(o, "NotAuthenticated", r->InterfaceAndOperStatusFlags.NotAuthenticated);
    nioctl_out_bool(o, "NotMediaConnected", r->InterfaceAndOperStatusFlags.NotMediaConnected);
    nioctl_out_bool(o, "Paused", r->InterfaceAndOperStatusFlags.Paused);
    nioctl_out_bool(o, "LowPower", r->InterfaceAndOperStatusFlags.LowPower);
    nioctl_out_bool(o, "EndPointInterface", r->InterfaceAndOperStatusFlags.EndPointInterface);
    nioctl_out_enum(o, "OperStatus", r->OperStatus, nioctl_oper_name(r->OperStatus));
    nioctl_out_enum(o, "AdminStatus", r->AdminStatus, nioctl_admin_name(r->AdminStatus));
    nioctl_out_enum(o, "MediaConnectState", r->MediaConnectState,
                    nioctl_media_name(r->MediaConnectState));
    nioctl_out_guid(o, "NetworkGuid", &r->NetworkGuid);
    nioctl_out_enum(o, "ConnectionType", r->ConnectionType, NULL);
    nioctl_out_uint(o, "TransmitLinkSpeed", r->TransmitLinkSpeed);
    nioctl_out_uint(o, "ReceiveLinkSpeed", r->ReceiveLinkSpeed);
    nioctl_out_uint(o, "InOctets", r->InOctets);
    nioctl_out_uint(o, "InUcastPkts", r->InUcastPkts);
    nioctl_out_uint(o, "InNUcastPkts", r->InNUcastPkts);
    nioctl_out_uint(o, "InDiscards", r->InDiscards);
    nioctl_out_uint(o, "InErrors", r->InErrors);
    nioctl_out_uint(o, "InUnknownProtos", r->InUnknownProtos);
    nioctl_out_uint(o, "InUcastOctets", r->InUcastOctets);
    nioctl_out_uint(o, "InMulticastOctets", r->InMulticastOctets);
    nioctl_out_uint(o, "InBroadcastOctets", r->InBroadcastOctets);
    nioctl_out_uint(o, "OutOctets", r->OutOctets);
    nioctl_out_uint(o, "OutUcastPkts", r->OutUcastPkts);
    nioctl_out_uint(o, "OutNUcastPkts", r->OutNUcastPkts);
    nioctl_out_uint(o, "OutDiscards", r->OutDiscards);
    nioctl_out_uint(o, "OutErrors", r->OutErrors);
    nioctl_out_uint(o, "OutUcastOctets", r->OutUcastOctets);
    nioctl_out_uint(o, "OutMulticastOctets", r->OutMulticastOctets);
    nioctl_out_uint(o, "OutBroadcastOctets", r->OutBroadcastOctets);
    nioctl_out_uint(o, "OutQLen", r->OutQLen);
}

/* Speed in a word: "10G", "100M", "-" for none. */
static void nioctl_speed_word(ULONG64 bps, char *buf, size_t cap)
{
    if (bps == 0)
        snprintf(buf, cap, "-");
    else if (bps % 1000000000u == 0)
        snprintf(buf, cap, "%" PRIu64 "G", (uint64_t)(bps / 1000000000u));
    else if (bps % 1000000u == 0)
        snprintf(buf, cap, "%" PRIu64 "M", (uint64_t)(bps / 1000000u));
    else
        snprintf(buf, cap, "%" PRIu64, (uint64_t)bps);
}

static void nioctl_link_line(const MIB_IF_ROW2 *r)
{
    char alias[NIOCTL_NAME_MAX], speed[24];
    const char *oper = nioctl_oper_name(r->OperStatus);
    if (!nioctl_utf16_to_utf8(r->Alias, alias, sizeof(alias)))
        snprintf(alias, sizeof(alias), "?");
    nioctl_speed_word(r->ReceiveLinkSpeed, speed, sizeof(speed));
    printf("%5lu %-15s %5lu %-14s %-4s %-12s %6s %6lu %14" PRIu64 " %10" PRIu64 " %14" PRIu64
           " %10" PRIu64 "\n",
           (unsigned long)r->InterfaceIndex, alias, (unsigned long)r->Type, oper ? oper : "?",
           r->AdminStatus == NET_IF_ADMIN_STATUS_UP ? "up" : "down",
           r->MediaConnectState == MediaConnectStateConnected ? "connected" : "disconnected",
           speed, (unsigned long)r->Mtu, (uint64_t)r->InOctets,
           (uint64_t)(r->InUcastPkts + r->InNUcastPkts), (uint64_t)r->OutOctets,
           (uint64_t)(r->OutUcastPkts + r->OutNUcastPkts));
}

/* ------------------------------------------------------------ command */
static int nioctl_link_one(const char *target, bool stats, bool json)
{
    MIB_IPINTERFACE_ROW key;
    MIB_IF_ROW2 row;
    struct nioctl_json j;
    struct nioctl_out o = {NULL};
    NETIO_STATUS st;
    int rc;
    InitializeIpInterfaceEntry(&key);
    rc = nioctl_resolve_target("link", target, &key);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    memset(&row, 0, sizeof(row));
    row.InterfaceLuid = key.InterfaceLuid;
    row.InterfaceIndex = key.InterfaceIndex;
    st = nioctl_if_entry(stats, &row);
    if (st != NO_ERROR)
        return nioctl_fail(stats ? "GetIfEntry2" : "GetIfEntry2Ex", st);
    if (json) {
        nioctl_json_init(&j, stdout);
        o.j = &j;
        nioctl_json_begin_object(&j, NULL);
    }
    nioctl_print_link(&o, &row);
    if (json) {
        nioctl_json_end_object(&j);
        nioctl_json_finish(&j);
    }
    return NIOCTL_EXIT_OK;
}

static int nioctl_link_all(bool stats, bool json)
{
    PMIB_IF_TABLE2 t = NULL;
    struct nioctl_json j;
    struct nioctl_out o;
    NETIO_STATUS st = nioctl_if_table(stats, &t);
    if (st != NO_ERROR)
        return nioctl_fail(stats ? "GetIfTable2" : "GetIfTable2Ex", st);
    if (!json) {
        printf("%5s %-15s %5s %-14s %-4s %-12s %6s %6s %14s %10s %14s %10s\n", "INDEX", "ALIAS",
               "TYPE", "OPER", "ADM", "MEDIA", "SPEED", "MTU", "RX-BYTES", "RX-PKTS", "TX-BYTES",
               "TX-PKTS");
        for (ULONG i = 0; i < t->NumEntries; i++)
            nioctl_link_line(&t->Table[i]);
    } else {
        nioctl_json_init(&j, stdout);
        o.j = &j;
        nioctl_json_begin_array(&j, NULL);
        for (ULONG i = 0; i < t->NumEntries; i++) {
            nioctl_json_begin_object(&j, NULL);
            nioctl_print_link(&o, &t->Table[i]);
            nioctl_json_end_object(&j);
        }
        nioctl_json_end_array(&j);
        nioctl_json_finish(&j);
    }
    FreeMibTable(t);
    return NIOCTL_EXIT_OK;
}

int nioctl_cmd_link(int argc, char **argv)
{
    struct nioctl_opts o = {0};
    const char *target = NULL;
    bool stats = true;
    for (int i = 1; i < argc; i++) {
        bool option = argv[i][0] == '-' && argv[i][1] != '\0';
        if (strcmp(argv[i], "--no-stats") == 0)
            stats = false;
        else if (option && (!nioctl_common_opt(argv[i], &o) || o.v4 || o.v6))
            return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[i]);
        else if (!option && target == NULL)
            target = argv[i];
        else if (!option)
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    if (o.help) {
        nioctl_link_usage();
        return NIOCTL_EXIT_OK;
    }
    return target ? nioctl_link_one(target, stats, o.json) : nioctl_link_all(stats, o.json);
}
