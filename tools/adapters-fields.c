/*
 * adapters-fields.c - the fields of IP_ADAPTER_ADDRESSES_LH that are values
 * (output.c prints them), in declaration order; the strings it points to
 * read through getters.  The lists are printed by cmd-adapters.c.
 */
#include "nioctl.h"
#include "wstr.h"

/* The string a PWCHAR member points to, in UTF-8. */
static bool nioctl_text_pwstr(const void *row, const struct nioctl_field *f, char *buf,
                              size_t cap)
{
    const WCHAR *w;
    NIOCTL_READ(row, f, w);
    if (w == NULL || nio_utf16_to_utf8(w, buf, cap) < 0)
        snprintf(buf, cap, "%s", w == NULL ? "" : "?");
    return true;
}

static bool nioctl_text_pstr(const void *row, const struct nioctl_field *f, char *buf,
                             size_t cap)
{
    const char *s;
    NIOCTL_READ(row, f, s);
    snprintf(buf, cap, "%s", s ? s : "");
    return true;
}

static bool nioctl_text_phys(const void *row, const struct nioctl_field *f, char *buf,
                             size_t cap)
{
    const IP_ADAPTER_ADDRESSES *a = row;
    size_t n = 0;
    (void)f;
    buf[0] = '\0';
    for (ULONG i = 0; i < a->PhysicalAddressLength && i < MAX_ADAPTER_ADDRESS_LENGTH; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%02x", i ? ":" : "", a->PhysicalAddress[i]);
    return true;
}

#define M(member) offsetof(IP_ADAPTER_ADDRESSES, member), sizeof(((IP_ADAPTER_ADDRESSES *)0)->member)
#define UINT(member) {#member, NIOCTL_K_UINT, M(member), NULL, NULL, NULL}
#define STRF(name, member, text) {name, NIOCTL_K_STR, M(member), NULL, text, NULL}

static const struct nioctl_field nioctl_adapter_fields[] = {
    UINT(IfIndex),
    STRF("AdapterName", AdapterName, nioctl_text_pstr),
    STRF("DnsSuffix", DnsSuffix, nioctl_text_pwstr),
    STRF("Description", Description, nioctl_text_pwstr),
    STRF("FriendlyName", FriendlyName, nioctl_text_pwstr),
    STRF("PhysicalAddress", PhysicalAddress, nioctl_text_phys),
    UINT(PhysicalAddressLength),
    UINT(Flags),
    UINT(Mtu),
    UINT(IfType),
    {"OperStatus", NIOCTL_K_CODE, M(OperStatus), nioctl_oper_name, NULL, NULL},
    UINT(Ipv6IfIndex),
    {"ZoneIndices", NIOCTL_K_ZONES, M(ZoneIndices), NULL, NULL, NULL},
    UINT(TransmitLinkSpeed),
    UINT(ReceiveLinkSpeed),
    UINT(Ipv4Metric),
    UINT(Ipv6Metric),
    {"Luid", NIOCTL_K_LUID, M(Luid), NULL, NULL, NULL},
    UINT(CompartmentId),
    STRF("NetworkGuid", NetworkGuid, nioctl_text_guid),
    UINT(ConnectionType),
    UINT(TunnelType),
};

const struct nioctl_table nioctl_adapter_table = NIOCTL_TABLE(nioctl_adapter_fields);
