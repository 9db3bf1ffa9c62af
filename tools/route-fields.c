/*
 * route-fields.c - every field of MIB_IPFORWARD_ROW2 with its Windows name
 * and kind (output.c prints them), the one list for every route command:
 * the key and the interface's names first, then the rest in declaration
 * order; and the names of the row's enumerators.
 */
#include "nioctl.h"

const char *nioctl_protocol_name(int64_t p)
{
    static const char *const names[] = {NULL,  "Other", "Local", "NetMgmt", "Icmp", "Egp",
                                        "Ggp", "Hello", "Rip",   "IsIs",    "EsIs", "Cisco",
                                        "Bbn", "Ospf",  "Bgp",   "Idpr",    "Eigrp",
                                        "Dvmrp", "Rpl", "Dhcp"};
    return p >= 1 && p <= 19 ? names[p] : NULL;
}

const char *nioctl_origin_name(int64_t o)
{
    static const char *const names[] = {"Manual", "WellKnown", "DHCP", "RouterAdvertisement",
                                        "6to4"};
    return o >= 0 && o <= 4 ? names[o] : NULL;
}

/* "address/length" of the destination prefix. */
static bool nioctl_text_prefix(const void *row, const struct nioctl_field *f, char *buf,
                               size_t cap)
{
    IP_ADDRESS_PREFIX p;
    char addr[NIOCTL_NAME_MAX];
    NIOCTL_READ(row, f, p);
    nioctl_addr_text(&p.Prefix, addr, sizeof(addr));
    snprintf(buf, cap, "%s/%u", addr, (unsigned)p.PrefixLength);
    return true;
}

#define M(member) offsetof(MIB_IPFORWARD_ROW2, member), sizeof(((MIB_IPFORWARD_ROW2 *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define FLAG(member) {#member, NIOCTL_K_FLAG, M(member), NULL, NULL, NULL}
#define CODE(member, names) {#member, NIOCTL_K_CODE, M(member), names, NULL, NULL}
#define STR(name, member, text) {name, NIOCTL_K_STR, M(member), NULL, text, NULL}
/* A name that may be unknown (the interface has just gone): JSON null. */
#define NAME(name, member, text) {name, NIOCTL_K_NAME, M(member), NULL, text, NULL}

static const struct nioctl_field nioctl_fwd_fields[] = {
    /* The key, the LUID's parts and the interface's names:
     * NIOCTL_FWD_KEY_FIELDS of them. */
    {"InterfaceLuid", NIOCTL_K_LUID, M(InterfaceLuid), NULL, NULL, NULL},
    NIOCTL_LUID_PARTS(M(InterfaceLuid)),
    NAME("InterfaceName", InterfaceLuid, nioctl_text_luid_name),
    NAME("Alias", InterfaceLuid, nioctl_text_alias),
    UINT(InterfaceIndex),
    STR("DestinationPrefix", DestinationPrefix, nioctl_text_prefix),
    STR("NextHop", NextHop, nioctl_text_sockaddr),
    /* The rest. */
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
};

const struct nioctl_table nioctl_fwd_table = NIOCTL_TABLE(nioctl_fwd_fields);
