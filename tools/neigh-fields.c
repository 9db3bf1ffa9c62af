/*
 * neigh-fields.c - every field of MIB_IPNET_ROW2 with its Windows name and
 * kind (output.c prints them), the one list for every neigh command: in
 * declaration order, the interface's two names after its LUID, the two bit
 * fields by name and the ReachabilityTime union as its one ULONG; and the
 * names of NL_NEIGHBOR_STATE.
 */
#include "nioctl.h"

const char *nioctl_neigh_state_name(int64_t v)
{
    static const char *const names[] = {"Unreachable", "Incomplete", "Probe",   "Delay",
                                        "Stale",       "Reachable",  "Permanent"};
    return v >= 0 && v <= 6 ? names[v] : NULL;
}

/* "02:00:5e:00:53:01": PhysicalAddressLength bytes, "" when none (as
 * ip(8) prints an entry without one: no lladdr). */
static bool nioctl_text_lladdr(const void *row, const struct nioctl_field *f, char *buf,
                               size_t cap)
{
    MIB_IPNET_ROW2 r;
    size_t at = 0;
    (void)f;
    memcpy(&r, row, sizeof(r));
    if (cap > 0)
        buf[0] = '\0';
    for (ULONG i = 0; i < r.PhysicalAddressLength && i < IF_MAX_PHYS_ADDRESS_LENGTH; i++) {
        int n = snprintf(buf + at, cap - at, i ? ":%02x" : "%02x", r.PhysicalAddress[i]);
        if (n < 0 || (size_t)n >= cap - at)
            break;
        at += (size_t)n;
    }
    return true;
}

/* IsRouter and IsUnreachable are bit fields: read through a copy. */
static int64_t nioctl_neigh_is_router(const void *row)
{
    MIB_IPNET_ROW2 r;
    memcpy(&r, row, sizeof(r));
    return r.IsRouter;
}

static int64_t nioctl_neigh_is_unreachable(const void *row)
{
    MIB_IPNET_ROW2 r;
    memcpy(&r, row, sizeof(r));
    return r.IsUnreachable;
}

#define M(member) offsetof(MIB_IPNET_ROW2, member), sizeof(((MIB_IPNET_ROW2 *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define CODE(member, names) {#member, NIOCTL_K_CODE, M(member), names, NULL, NULL}
/* A name that may be unknown (the interface has just gone): JSON null. */
#define NAME(name, text) {name, NIOCTL_K_NAME, M(InterfaceLuid), NULL, text, NULL}
#define BIT(name, get) {name, NIOCTL_K_FLAG, M(Flags), NULL, NULL, get}

static const struct nioctl_field nioctl_neigh_fields[] = {
    {"Address", NIOCTL_K_STR, M(Address), NULL, nioctl_text_sockaddr, NULL},
    UINT(InterfaceIndex),
    {"InterfaceLuid", NIOCTL_K_LUID, M(InterfaceLuid), NULL, NULL, NULL},
    NIOCTL_LUID_PARTS(M(InterfaceLuid)),
    NAME("InterfaceName", nioctl_text_luid_name),
    NAME("Alias", nioctl_text_alias),
    {"PhysicalAddress", NIOCTL_K_STR, M(PhysicalAddress), NULL, nioctl_text_lladdr, NULL},
    UINT(PhysicalAddressLength),
    CODE(State, nioctl_neigh_state_name),
    BIT("IsRouter", nioctl_neigh_is_router),
    BIT("IsUnreachable", nioctl_neigh_is_unreachable),
    /* LastReachable or LastUnreachable, as IsUnreachable says: one ULONG. */
    UINT(ReachabilityTime),
};

const struct nioctl_table nioctl_neigh_table = NIOCTL_TABLE(nioctl_neigh_fields);
