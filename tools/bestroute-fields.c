/*
 * bestroute-fields.c - every field of MIB_IPFORWARD_ROW2 with its Windows name
 * and kind, and the source address GetBestRoute2 chose with it (output.c
 * prints them); the names of its enumerators.
 */
#include "nioctl.h"

static const char *nioctl_protocol_name(int64_t p)
{
    static const char *const names[] = {NULL,  "Other", "Local", "NetMgmt", "Icmp", "Egp",
                                        "Ggp", "Hello", "Rip",   "IsIs",    "EsIs", "Cisco",
                                        "Bbn", "Ospf",  "Bgp",   "Idpr",    "Eigrp",
                                        "Dvmrp", "Rpl", "Dhcp"};
    return p >= 1 && p <= 19 ? names[p] : NULL;
}

static const char *nioctl_origin_name(int64_t o)
{
    static const char *const names[] = {"Manual", "WellKnown", "DHCP", "RouterAdvertisement",
                                        "6to4"};
    return o >= 0 && o <= 4 ? names[o] : NULL;
}

/* "address/length" of the destination prefix. */
static bool nioctl_text_prefix(const void *row, const struct nioctl_field *f, char *buf,
                               size_t cap)
{
    const struct nioctl_route_view *v = row;
    char addr[NIOCTL_NAME_MAX];
    (void)f;
    nioctl_addr_text(&v->row.DestinationPrefix.Prefix, addr, sizeof(addr));
    snprintf(buf, cap, "%s/%u", addr, (unsigned)v->row.DestinationPrefix.PrefixLength);
    return true;
}

#define M(member) offsetof(struct nioctl_route_view, member), \
                  sizeof(((struct nioctl_route_view *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(row.member), NULL, NULL, NULL}
#define FLAG(member) {#member, NIOCTL_K_FLAG, M(row.member), NULL, NULL, NULL}
#define CODE(member, names) {#member, NIOCTL_K_CODE, M(row.member), names, NULL, NULL}
#define TEXT(name, member, text) {name, NIOCTL_K_STR, M(member), NULL, text, NULL}

static const struct nioctl_field nioctl_route_fields[] = {
    {"InterfaceLuid", NIOCTL_K_LUID, M(row.InterfaceLuid), NULL, NULL, NULL},
    TEXT("InterfaceName", row.InterfaceLuid, nioctl_text_luid_name),
    TEXT("Alias", row.InterfaceLuid, nioctl_text_alias),
    UINT(InterfaceIndex),
    TEXT("DestinationPrefix", row.DestinationPrefix, nioctl_text_prefix),
    TEXT("NextHop", row.NextHop, nioctl_text_sockaddr),
    UINT(SitePrefixLength),
    UINT(ValidLifetime),
    UINT(PreferredLifetime),
    UINT(Metric),
    CODE(Protocol, nioctl_protocol_name),
    FLAG(Loopback),
    FLAG(AutoconfigureAddress),
    FLAG(Publish),
    FLAG(Immortal),
    UINT(Age),
    CODE(Origin, nioctl_origin_name),
    TEXT("BestSourceAddress", best_source, nioctl_text_sockaddr),
};

const struct nioctl_table nioctl_route_table = NIOCTL_TABLE(nioctl_route_fields);
