/*
 * addr-fields.c - every field of MIB_UNICASTIPADDRESS_ROW with its Windows
 * name and kind (output.c prints them), the one list for every addr
 * command: in declaration order, the interface's two names after its LUID
 * and ScopeId as its two bit fields; and the names of the row's
 * enumerators.
 */
#include "nioctl.h"

const char *nioctl_prefix_origin_name(int64_t v)
{
    static const char *const names[] = {"Other", "Manual", "WellKnown", "Dhcp",
                                        "RouterAdvertisement"};
    if (v == IpPrefixOriginUnchanged)
        return "Unchanged";
    return v >= 0 && v <= 4 ? names[v] : NULL;
}

const char *nioctl_suffix_origin_name(int64_t v)
{
    static const char *const names[] = {"Other", "Manual", "WellKnown", "Dhcp",
                                        "LinkLayerAddress", "Random"};
    if (v == IpSuffixOriginUnchanged)
        return "Unchanged";
    return v >= 0 && v <= 5 ? names[v] : NULL;
}

const char *nioctl_dad_state_name(int64_t v)
{
    static const char *const names[] = {"Invalid", "Tentative", "Duplicate", "Deprecated",
                                        "Preferred"};
    return v >= 0 && v <= 4 ? names[v] : NULL;
}

/* SCOPE_ID's members are bit fields: read through a copy of the row. */
static int64_t nioctl_scope_zone(const void *row)
{
    MIB_UNICASTIPADDRESS_ROW r;
    memcpy(&r, row, sizeof(r));
    return r.ScopeId.Zone;
}

static int64_t nioctl_scope_level(const void *row)
{
    MIB_UNICASTIPADDRESS_ROW r;
    memcpy(&r, row, sizeof(r));
    return r.ScopeId.Level;
}

#define M(member) \
    offsetof(MIB_UNICASTIPADDRESS_ROW, member), sizeof(((MIB_UNICASTIPADDRESS_ROW *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define FLAG(member) {#member, NIOCTL_K_FLAG, M(member), NULL, NULL, NULL}
#define CODE(member, names) {#member, NIOCTL_K_CODE, M(member), names, NULL, NULL}
/* A name that may be unknown (the interface has just gone): JSON null. */
#define NAME(name, text) {name, NIOCTL_K_NAME, M(InterfaceLuid), NULL, text, NULL}
#define BITS(name, get) {name, NIOCTL_K_UINT, M(ScopeId), NULL, NULL, get}

static const struct nioctl_field nioctl_addr_fields[] = {
    {"Address", NIOCTL_K_STR, M(Address), NULL, nioctl_text_sockaddr, NULL},
    {"InterfaceLuid", NIOCTL_K_LUID, M(InterfaceLuid), NULL, NULL, NULL},
    NIOCTL_LUID_PARTS(M(InterfaceLuid)),
    NAME("InterfaceName", nioctl_text_luid_name),
    NAME("Alias", nioctl_text_alias),
    UINT(InterfaceIndex),
    CODE(PrefixOrigin, nioctl_prefix_origin_name),
    CODE(SuffixOrigin, nioctl_suffix_origin_name),
    UINT(ValidLifetime),
    UINT(PreferredLifetime),
    UINT(OnLinkPrefixLength),
    FLAG(SkipAsSource),
    CODE(DadState, nioctl_dad_state_name),
    BITS("ScopeZone", nioctl_scope_zone),
    BITS("ScopeLevel", nioctl_scope_level),
    UINT(CreationTimeStamp),
};

const struct nioctl_table nioctl_addr_table = NIOCTL_TABLE(nioctl_addr_fields);
