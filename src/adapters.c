/* adapters.c - GetAdaptersAddresses: every adapter with its lists, in the
 * caller's one buffer, built from the rows the library already reports
 * (one source of truth): MIB_IF_ROW2 (nio_get_if_table2), the IP interface
 * rows (nio_get_ip_interface_table), the unicast address rows
 * (nio_get_unicast_ip_address_table), the route rows for gateways
 * (nio_get_ip_forward_table2), and the resolver configuration
 * (adapters-dns.c).  No new OS question: docs/adapters.md gives every
 * field's source and every decision. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapters.h"

/* ------------------------------------------------------------ snapshot */
/* Everything one call reads, once: both passes (measure, then write) lay
 * out the same snapshot, so the size measured is the size written. */
struct nio_gaa_snap {
    ULONG family, flags;
    MIB_IF_TABLE2 *ift;
    MIB_IPINTERFACE_TABLE *ipt;
    MIB_UNICASTIPADDRESS_TABLE *uat;    /* NULL: no address */
    MIB_IPFORWARD_TABLE2 *rt;           /* NULL: no route, or not asked */
    struct nio_dns global;              /* resolv.conf */
    const struct nio_dns_paths *paths;
    uint32_t *links;                    /* indices with a link file, sorted */
    struct nio_dns *linkdns;            /* what each of those files says */
    size_t nlinks;
};

static int nio_cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Each link file, read once for both passes. */
static nio_status nio_gaa_link_files(struct nio_gaa_snap *s)
{
    char path[4096];
    if (s->nlinks == 0)
        return NIO_OK;
    if ((s->linkdns = nio_calloc(s->nlinks, sizeof(*s->linkdns))) == NULL)
        return NIO_NO_MEMORY;
    for (size_t i = 0; i < s->nlinks; i++) {
        snprintf(path, sizeof(path), "%s/%u", s->paths->netif_dir, (unsigned)s->links[i]);
        if (nio_dns_read(path, true, &s->linkdns[i]) == -ENOMEM)
            return NIO_NO_MEMORY;
    }
    return NIO_OK;
}

/* The interfaces systemd-resolved keeps a link file for: one directory
 * listing, so that an interface without one costs no open(). */
static nio_status nio_gaa_links(struct nio_gaa_snap *s)
{
    struct nio_vec v = {0};
    struct dirent *e;
    nio_status st = NIO_OK;
    DIR *d = s->paths->netif_dir ? opendir(s->paths->netif_dir) : NULL;
    if (d == NULL)
        return NIO_OK; /* not running systemd-resolved */
    while (st == NIO_OK && (e = readdir(d)) != NULL) {
        char *end;
        unsigned long idx = strtoul(e->d_name, &end, 10);
        uint32_t *slot;
        if (*end != '\0' || idx == 0 || idx > UINT32_MAX || e->d_name[0] == '\0')
            continue;
        if ((slot = nio_vec_room(&v, sizeof(uint32_t))) == NULL)
            st = NIO_NO_MEMORY;
        else
            slot[0] = (uint32_t)idx, v.n++;
    }
    closedir(d);
    if (v.n > 1) /* an empty list may have no array at all (qsort wants one) */
        qsort(v.v, v.n, sizeof(uint32_t), nio_cmp_u32);
    s->links = v.v;
    s->nlinks = v.n;
    return st == NIO_OK ? nio_gaa_link_files(s) : st;
}

static void nio_gaa_snap_free(struct nio_gaa_snap *s)
{
    FreeMibTable(s->ift);
    FreeMibTable(s->ipt);
    FreeMibTable(s->uat);
    FreeMibTable(s->rt);
    nio_free(s->links);
    nio_free(s->linkdns);
}

/* A table that may be empty: Windows' "no row" (NOT_FOUND) is no error here. */
static nio_status nio_gaa_optional(nio_status st)
{
    return st == NIO_NOT_FOUND ? NIO_OK : st;
}

/* The IP interface rows as GetIpInterfaceTable(AF_UNSPEC) fills them
 * (nio_row_fill_in, one view of the record), except that the automatic
 * metric of each interface is taken from the link speed GetIfTable2 has
 * just read: the same speed (ipif-store.c's nio_iface_speed is ifrow.c's
 * rule), without asking every device for it a second time. */
static void nio_gaa_ip_rows(const struct nio_gaa_snap *s, const struct nio_iface *ifs, size_t n,
                            struct nio_recview *rv, MIB_IPINTERFACE_TABLE *t)
{
    ULONG k = 0, f = 0;
    for (size_t i = 0; i < n; i++) {
        for (; f < s->ift->NumEntries && s->ift->Table[f].InterfaceIndex < ifs[i].index; f++)
            ;
        if (f < s->ift->NumEntries && s->ift->Table[f].InterfaceIndex == ifs[i].index) {
            rv->auto_index = ifs[i].index;
            rv->auto_metric = nio_auto_metric(s->ift->Table[f].TransmitLinkSpeed);
        }
        for (int slot = 0; slot < NIO_FAMILIES; slot++)
            if (ifs[i].fam[slot].present)
                nio_row_fill_in(&t->Table[k++], &ifs[i], slot, rv);
    }
    t->NumEntries = k;
}

static nio_status nio_gaa_ip_table(struct nio_gaa_snap *s)
{
    struct nio_iface *ifs = NULL;
    struct nio_recview rv;
    size_t n = 0, rows = 0;
    nio_status st;
    memset(&rv, 0, sizeof(rv));
    st = nio_status_from_errno(nio_os_list(NIO_WANT_V4 | NIO_WANT_V6, &ifs, &n),
                               NIO_GEN_FAILURE);
    if (st != NIO_OK)
        goto out;
    nio_sort_by_index(ifs, n, sizeof(*ifs));
    for (size_t i = 0; i < n; i++)
        rows += (size_t)ifs[i].fam[NIO_V4].present + (size_t)ifs[i].fam[NIO_V6].present;
    if ((st = nio_recview_open(&rv)) != NIO_OK)
        goto out;
    if ((s->ipt = NIO_TABLE_ALLOC(MIB_IPINTERFACE_TABLE, rows)) == NULL) {
        st = NIO_NO_MEMORY;
        goto out;
    }
    nio_gaa_ip_rows(s, ifs, n, &rv, s->ipt);
out:
    nio_recview_close(&rv);
    nio_free(ifs);
    return st;
}

static nio_status nio_gaa_snap_read(struct nio_gaa_snap *s)
{
    nio_status st = nio_get_if_table2(MibIfTableNormalWithoutStatistics, &s->ift);
    if (st == NIO_OK)
        st = nio_gaa_ip_table(s);
    /* Read even with GAA_FLAG_SKIP_UNICAST: Flags (DHCP) and prefixes need it. */
    if (st == NIO_OK)
        st = nio_gaa_optional(
            nio_get_unicast_ip_address_table((ADDRESS_FAMILY)s->family, &s->uat));
    if (st == NIO_OK && (s->flags & GAA_FLAG_INCLUDE_GATEWAYS))
        st = nio_gaa_optional(nio_get_ip_forward_table2((ADDRESS_FAMILY)s->family, &s->rt));
    if (st == NIO_OK && !(s->flags & GAA_FLAG_SKIP_DNS_INFO)) {
        int err = nio_dns_read(s->paths->resolv, false, &s->global);
        st = err == -ENOMEM ? NIO_NO_MEMORY : NIO_OK; /* no file: no servers */
        if (st == NIO_OK)
            st = nio_gaa_links(s);
    }
    return st;
}

/* ------------------------------------------------------ one adapter */
/* The rows of one interface in each table (all sorted by index). */
struct nio_gaa_one {
    const MIB_IF_ROW2 *ifr;
    const MIB_IPINTERFACE_ROW *ip[NIO_FAMILIES];
    const MIB_UNICASTIPADDRESS_ROW *ua;
    size_t nua;
    const MIB_IPFORWARD_ROW2 *rt;
    size_t nrt;
    const struct nio_dns *dns;          /* the servers and suffixes it reports (NULL: none) */
};

/* Cursors of the merge of the tables by index. */
struct nio_gaa_cur {
    ULONG ip, ua, rt;
};

static void nio_gaa_rows(const struct nio_gaa_snap *s, struct nio_gaa_cur *c, NET_IFINDEX idx,
                         struct nio_gaa_one *a)
{
    a->ip[NIO_V4] = a->ip[NIO_V6] = NULL;
    for (; s->ipt && c->ip < s->ipt->NumEntries && s->ipt->Table[c->ip].InterfaceIndex <= idx;
         c->ip++) {
        const MIB_IPINTERFACE_ROW *r = &s->ipt->Table[c->ip];
        int slot = nio_family_slot(r->Family);
        if (r->InterfaceIndex == idx && slot >= 0)
            a->ip[slot] = r;
    }
    for (; s->uat && c->ua < s->uat->NumEntries && s->uat->Table[c->ua].InterfaceIndex < idx;)
        c->ua++;
    a->ua = s->uat ? &s->uat->Table[c->ua] : NULL;
    for (a->nua = 0; s->uat && c->ua < s->uat->NumEntries &&
                     s->uat->Table[c->ua].InterfaceIndex == idx;)
        c->ua++, a->nua++;
    for (; s->rt && c->rt < s->rt->NumEntries && s->rt->Table[c->rt].InterfaceIndex < idx;)
        c->rt++;
    a->rt = s->rt ? &s->rt->Table[c->rt] : NULL;
    for (a->nrt = 0; s->rt && c->rt < s->rt->NumEntries && s->rt->Table[c->rt].InterfaceIndex == idx;)
        c->rt++, a->nrt++;
}

static bool nio_gaa_wanted(const struct nio_gaa_snap *s, const struct nio_gaa_one *a)
{
    bool v4 = a->ip[NIO_V4] && s->family != AF_INET6;
    bool v6 = a->ip[NIO_V6] && s->family != AF_INET;
    return v4 || v6 || (s->flags & GAA_FLAG_INCLUDE_ALL_INTERFACES);
}

/* Which servers and suffixes an adapter reports (docs/adapters.md): its
 * own from systemd-resolved's link file when that names any, else the
 * system's (resolv.conf) on every adapter that is up and not loopback. */
static void nio_gaa_dns(const struct nio_gaa_snap *s, struct nio_gaa_one *a)
{
    NET_IFINDEX idx = a->ifr->InterfaceIndex;
    const uint32_t *at = s->nlinks ? bsearch(&idx, s->links, s->nlinks, sizeof(uint32_t),
                                              nio_cmp_u32)
                                   : NULL;
    const struct nio_dns *own = at ? &s->linkdns[at - s->links] : NULL;
    a->dns = NULL;
    if (s->flags & GAA_FLAG_SKIP_DNS_INFO)
        return;
    if (own != NULL && (own->nservers > 0 || own->ndomains > 0))
        a->dns = own;
    else if (a->ifr->OperStatus == IfOperStatusUp && a->ifr->Type != IF_TYPE_SOFTWARE_LOOPBACK)
        a->dns = &s->global;
}

/* -------------------------------------------------------------- layout */
/* The caller's buffer as the passes see it: base NULL while measuring.
 * Every piece starts on 8 bytes, as Windows aligns them. */
struct nio_gaa_buf {
    uint8_t *base;
    size_t cap, used;
};

static void *nio_gaa_take(struct nio_gaa_buf *b, size_t size)
{
    size_t at = (b->used + 7u) & ~(size_t)7u;
    b->used = at + size;
    if (b->base == NULL || b->used > b->cap)
        return NULL;
    memset(b->base + at, 0, size);
    return b->base + at;
}

/* A copy of a row's socket address: the host's sockaddr_in or sockaddr_in6. */
static void nio_gaa_sockaddr(struct nio_gaa_buf *b, const SOCKADDR_INET *sa, SOCKET_ADDRESS *out)
{
    size_t len = sa->si_family == AF_INET ? sizeof(struct sockaddr_in)
                                          : sizeof(struct sockaddr_in6);
    void *p = nio_gaa_take(b, len);
    if (p == NULL || out == NULL)
        return;
    memcpy(p, sa, len);
    out->lpSockaddr = p;
    out->iSockaddrLength = (INT)len;
}

static void nio_gaa_sockaddr_ip(struct nio_gaa_buf *b, const struct nio_ip *ip, uint32_t zone,
                                SOCKET_ADDRESS *out)
{
    SOCKADDR_INET sa;
    memset(&sa, 0, sizeof(sa));
    nio_sockaddr_from_ip(&sa, ip, zone);
    nio_gaa_sockaddr(b, &sa, out);
}

/* A copy of a NUL-terminated UTF-16 string of at most max units. */
static PWCHAR nio_gaa_wstr(struct nio_gaa_buf *b, const WCHAR *src, size_t max)
{
    size_t n = 0;
    WCHAR *p;
    while (n < max && src[n] != 0)
        n++;
    if ((p = nio_gaa_take(b, (n + 1) * sizeof(WCHAR))) != NULL)
        memcpy(p, src, n * sizeof(WCHAR));
    return p;
}

/* AdapterName: the interface GUID as Windows spells it, "{XXXXXXXX-...}". */
static PCHAR nio_gaa_name(struct nio_gaa_buf *b, const GUID *g)
{
    char *p = nio_gaa_take(b, 39);
    if (p != NULL)
        snprintf(p, 39, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
                 (unsigned)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
                 g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
                 g->Data4[7]);
    return p;
}

static bool nio_gaa_family_ok(const struct nio_gaa_snap *s, ADDRESS_FAMILY f)
{
    return s->family == AF_UNSPEC || s->family == f;
}

/* Linked lists are appended through the Next of the last element. */
#define NIO_GAA_LINK(tail, e)                                                                  \
    do {                                                                                       \
        if ((e) != NULL) {                                                                     \
            *(tail) = (e);                                                                     \
            (tail) = &(e)->Next;                                                               \
        }                                                                                      \
    } while (0)

static bool nio_gaa_link_local(const SOCKADDR_INET *sa)
{
    return sa->si_family == AF_INET6 ? IN6_IS_ADDR_LINKLOCAL(&sa->Ipv6.sin6_addr)
                                     : (ntohl(sa->Ipv4.sin_addr.s_addr) >> 16) == 0xA9FEu;
}

static bool nio_gaa_loopback(const SOCKADDR_INET *sa)
{
    return sa->si_family == AF_INET6 ? IN6_IS_ADDR_LOOPBACK(&sa->Ipv6.sin6_addr)
                                     : (ntohl(sa->Ipv4.sin_addr.s_addr) >> 24) == 127u;
}

static void nio_gaa_unicast(struct nio_gaa_buf *b, const struct nio_gaa_snap *s,
                            const struct nio_gaa_one *a, IP_ADAPTER_ADDRESSES *out)
{
    PIP_ADAPTER_UNICAST_ADDRESS_LH *tail = out ? &out->FirstUnicastAddress : NULL;
    for (size_t i = 0; i < a->nua; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &a->ua[i];
        IP_ADAPTER_UNICAST_ADDRESS_LH *u;
        if (!nio_gaa_family_ok(s, r->Address.si_family))
            continue;
        u = nio_gaa_take(b, sizeof(*u));
        nio_gaa_sockaddr(b, &r->Address, u ? &u->Address : NULL);
        if (u == NULL)
            continue;
        u->Length = sizeof(*u);
        /* Windows registers in DNS what it would use as a source beyond the link. */
        if (!r->SkipAsSource && !nio_gaa_link_local(&r->Address) &&
            !nio_gaa_loopback(&r->Address))
            u->Flags = IP_ADAPTER_ADDRESS_DNS_ELIGIBLE;
        u->PrefixOrigin = r->PrefixOrigin;
        u->SuffixOrigin = r->SuffixOrigin;
        u->DadState = r->DadState;
        u->ValidLifetime = r->ValidLifetime;
        u->PreferredLifetime = r->PreferredLifetime;
        u->LeaseLifetime = r->ValidLifetime;
        u->OnLinkPrefixLength = r->OnLinkPrefixLength;
        NIO_GAA_LINK(tail, u);
    }
}

/* The address of r masked to bits (ones: the host bits set instead). */
static void nio_gaa_mask(const MIB_UNICASTIPADDRESS_ROW *r, unsigned bits, bool ones,
                         struct nio_ip *ip)
{
    int slot = r->Address.si_family == AF_INET ? NIO_V4 : NIO_V6;
    unsigned total = slot == NIO_V4 ? 32 : 128;
    nio_ip_from_sockaddr(&r->Address, slot, ip);
    ip->scope = 0;
    for (unsigned bit = bits; bit < total; bit++) {
        uint8_t m = (uint8_t)(0x80u >> (bit % 8));
        ip->bytes[bit / 8] = ones ? (uint8_t)(ip->bytes[bit / 8] | m)
                                  : (uint8_t)(ip->bytes[bit / 8] & ~m);
    }
}

/* One prefix, appended at *tailp (the Next to fill; NULL while measuring). */
static void nio_gaa_prefix1(struct nio_gaa_buf *b, const struct nio_ip *ip, ULONG len,
                            PIP_ADAPTER_PREFIX_XP **tailp)
{
    IP_ADAPTER_PREFIX_XP *p = nio_gaa_take(b, sizeof(*p));
    nio_gaa_sockaddr_ip(b, ip, 0, p ? &p->Address : NULL);
    if (p == NULL)
        return;
    p->Length = sizeof(*p);
    p->PrefixLength = len;
    if (*tailp != NULL) {
        **tailp = p;
        *tailp = &p->Next;
    }
}

/* Whether an earlier address of the adapter has the on-link prefix of ua[i]. */
static bool nio_gaa_prefix_seen(const struct nio_gaa_one *a, size_t i)
{
    struct nio_ip x, y;
    nio_gaa_mask(&a->ua[i], a->ua[i].OnLinkPrefixLength, false, &x);
    for (size_t k = 0; k < i; k++) {
        if (a->ua[k].Address.si_family != a->ua[i].Address.si_family ||
            a->ua[k].OnLinkPrefixLength != a->ua[i].OnLinkPrefixLength)
            continue;
        nio_gaa_mask(&a->ua[k], a->ua[k].OnLinkPrefixLength, false, &y);
        if (memcmp(x.bytes, y.bytes, sizeof(x.bytes)) == 0)
            return true;
    }
    return false;
}

/* GAA_FLAG_INCLUDE_PREFIX: per address its on-link prefix (once per
 * adapter), and for IPv4 the address itself as a /32 and the subnet's
 * directed broadcast as a /32 (docs/adapters.md). */
static void nio_gaa_prefixes(struct nio_gaa_buf *b, const struct nio_gaa_snap *s,
                             const struct nio_gaa_one *a, IP_ADAPTER_ADDRESSES *out)
{
    PIP_ADAPTER_PREFIX_XP *tail = out ? &out->FirstPrefix : NULL;
    for (size_t i = 0; i < a->nua; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &a->ua[i];
        bool v4 = r->Address.si_family == AF_INET;
        struct nio_ip ip;
        if (!nio_gaa_family_ok(s, r->Address.si_family))
            continue;
        if (!nio_gaa_prefix_seen(a, i)) {
            nio_gaa_mask(r, r->OnLinkPrefixLength, false, &ip);
            nio_gaa_prefix1(b, &ip, r->OnLinkPrefixLength, &tail);
            if (v4 && r->OnLinkPrefixLength <= 30) {
                nio_gaa_mask(r, r->OnLinkPrefixLength, true, &ip);
                nio_gaa_prefix1(b, &ip, 32, &tail);
            }
        }
        if (v4 && r->OnLinkPrefixLength < 32) {
            nio_gaa_mask(r, 32, false, &ip);
            nio_gaa_prefix1(b, &ip, 32, &tail);
        }
    }
}

/* GAA_FLAG_INCLUDE_GATEWAYS: the next hops of the interface's default routes. */
static void nio_gaa_gateways(struct nio_gaa_buf *b, const struct nio_gaa_snap *s,
                             const struct nio_gaa_one *a, IP_ADAPTER_ADDRESSES *out)
{
    PIP_ADAPTER_GATEWAY_ADDRESS_LH *tail = out ? &out->FirstGatewayAddress : NULL;
    for (size_t i = 0; i < a->nrt; i++) {
        const MIB_IPFORWARD_ROW2 *r = &a->rt[i];
        IP_ADAPTER_GATEWAY_ADDRESS_LH *g;
        struct nio_ip hop;
        int slot = nio_family_slot(r->NextHop.si_family);
        if (r->DestinationPrefix.PrefixLength != 0 || slot < 0 ||
            !nio_gaa_family_ok(s, r->NextHop.si_family) ||
            !nio_ip_from_sockaddr(&r->NextHop, slot, &hop) || nio_ip_is_zero(&hop))
            continue;
        g = nio_gaa_take(b, sizeof(*g));
        nio_gaa_sockaddr(b, &r->NextHop, g ? &g->Address : NULL);
        if (g == NULL)
            continue;
        g->Length = sizeof(*g);
        NIO_GAA_LINK(tail, g);
    }
}

/* The DNS servers of the adapter (all of them, whatever Family: Windows
 * reports IPv6 servers with AF_INET too); a link-local server gets the
 * adapter as its zone. */
static void nio_gaa_dns_servers(struct nio_gaa_buf *b, const struct nio_gaa_one *a,
                                IP_ADAPTER_ADDRESSES *out)
{
    PIP_ADAPTER_DNS_SERVER_ADDRESS_XP *tail = out ? &out->FirstDnsServerAddress : NULL;
    for (size_t i = 0; a->dns && i < a->dns->nservers; i++) {
        IP_ADAPTER_DNS_SERVER_ADDRESS_XP *d = nio_gaa_take(b, sizeof(*d));
        nio_gaa_sockaddr_ip(b, &a->dns->servers[i], a->ifr->InterfaceIndex,
                            d ? &d->Address : NULL);
        if (d == NULL)
            continue;
        d->Length = sizeof(*d);
        NIO_GAA_LINK(tail, d);
    }
}

/* A domain as UTF-16 in n units (NUL included); an empty string when it
 * does not fit or is not UTF-8. */
static void nio_gaa_domain(WCHAR *dst, size_t n, const char *domain)
{
    if (nio_utf8_to_utf16(domain, dst, n) < 0)
        dst[0] = 0;
}

/* DnsSuffix (the first search domain, "" when none) and FirstDnsSuffix
 * (every search domain). */
static PWCHAR nio_gaa_suffixes(struct nio_gaa_buf *b, const struct nio_gaa_one *a,
                               IP_ADAPTER_ADDRESSES *out)
{
    PIP_ADAPTER_DNS_SUFFIX *tail = out ? &out->FirstDnsSuffix : NULL;
    WCHAR primary[NIO_DNS_DOMAIN_MAX] = {0};
    PWCHAR first;
    if (a->dns && a->dns->ndomains > 0)
        nio_gaa_domain(primary, NIO_DNS_DOMAIN_MAX, a->dns->domains[0]);
    first = nio_gaa_wstr(b, primary, NIO_DNS_DOMAIN_MAX);
    for (size_t i = 0; a->dns && i < a->dns->ndomains; i++) {
        IP_ADAPTER_DNS_SUFFIX *x = nio_gaa_take(b, sizeof(*x));
        if (x == NULL)
            continue;
        nio_gaa_domain(x->String, MAX_DNS_SUFFIX_STRING_LENGTH, a->dns->domains[i]);
        NIO_GAA_LINK(tail, x);
    }
    return first;
}

/* The fields of the adapter itself, from its MIB_IF_ROW2 and IP rows. */
static void nio_gaa_fields(const struct nio_gaa_one *a, IP_ADAPTER_ADDRESSES *o)
{
    const MIB_IF_ROW2 *f = a->ifr;
    const MIB_IPINTERFACE_ROW *v4 = a->ip[NIO_V4], *v6 = a->ip[NIO_V6];
    const MIB_IPINTERFACE_ROW *zones = v6 ? v6 : v4;
    o->Length = sizeof(*o);
    o->IfIndex = v4 ? f->InterfaceIndex : 0;
    o->Ipv6IfIndex = v6 ? f->InterfaceIndex : 0;
    /* Longer link-layer addresses (InfiniBand's 20 bytes) do not fit: none. */
    if (f->PhysicalAddressLength <= MAX_ADAPTER_ADDRESS_LENGTH) {
        memcpy(o->PhysicalAddress, f->PhysicalAddress, f->PhysicalAddressLength);
        o->PhysicalAddressLength = f->PhysicalAddressLength;
    }
    o->Ipv4Enabled = v4 != NULL;
    o->Ipv6Enabled = v6 != NULL;
    o->Ipv6OtherStatefulConfig = v6 && v6->OtherStatefulConfigurationSupported;
    o->Ipv6ManagedAddressConfigurationSupported = v6 && v6->ManagedAddressConfigurationSupported;
    for (size_t i = 0; i < a->nua; i++)
        if (a->ua[i].Address.si_family == AF_INET && a->ua[i].PrefixOrigin == IpPrefixOriginDhcp)
            o->Dhcpv4Enabled = 1;
    o->Mtu = f->Mtu;
    o->IfType = f->Type;
    o->OperStatus = f->OperStatus;
    if (zones)
        memcpy(o->ZoneIndices, zones->ZoneIndices, sizeof(o->ZoneIndices));
    o->TransmitLinkSpeed = f->TransmitLinkSpeed;
    o->ReceiveLinkSpeed = f->ReceiveLinkSpeed;
    o->Ipv4Metric = v4 ? v4->Metric : 0;
    o->Ipv6Metric = v6 ? v6->Metric : 0;
    o->Luid = f->InterfaceLuid;
    o->CompartmentId = NET_IF_COMPARTMENT_ID_PRIMARY;
    o->NetworkGuid = f->NetworkGuid;
    o->ConnectionType = f->ConnectionType;
    o->TunnelType = f->TunnelType;
}

/* One adapter and everything it points to; *prev links it into the list. */
static void nio_gaa_adapter(struct nio_gaa_buf *b, const struct nio_gaa_snap *s,
                            const struct nio_gaa_one *a, IP_ADAPTER_ADDRESSES **prev)
{
    static const WCHAR empty[1] = {0};
    IP_ADAPTER_ADDRESSES *o = nio_gaa_take(b, sizeof(*o));
    PCHAR name = nio_gaa_name(b, &a->ifr->InterfaceGuid);
    PWCHAR friendly = nio_gaa_wstr(b, (s->flags & GAA_FLAG_SKIP_FRIENDLY_NAME) ? empty
                                      : a->ifr->Alias, IF_MAX_STRING_SIZE + 1);
    PWCHAR descr = nio_gaa_wstr(b, a->ifr->Description, IF_MAX_STRING_SIZE + 1);
    PWCHAR suffix = nio_gaa_suffixes(b, a, o);
    if (o != NULL) {
        nio_gaa_fields(a, o);
        o->AdapterName = name;
        o->FriendlyName = friendly;
        o->Description = descr;
        o->DnsSuffix = suffix;
        *prev = o;
    }
    if (!(s->flags & GAA_FLAG_SKIP_UNICAST))
        nio_gaa_unicast(b, s, a, o);
    if (!(s->flags & (GAA_FLAG_SKIP_DNS_SERVER | GAA_FLAG_SKIP_DNS_INFO)))
        nio_gaa_dns_servers(b, a, o);
    if (s->flags & GAA_FLAG_INCLUDE_PREFIX)
        nio_gaa_prefixes(b, s, a, o);
    if (s->flags & GAA_FLAG_INCLUDE_GATEWAYS)
        nio_gaa_gateways(b, s, a, o);
    /* Anycast and multicast lists stay empty, and so does WINS (Linux has
     * no WINS; docs/adapters.md). */
}

/* One pass over the snapshot: measures (b->base NULL) or writes; the
 * number of adapters it holds. */
static size_t nio_gaa_pass(struct nio_gaa_buf *b, const struct nio_gaa_snap *s)
{
    struct nio_gaa_cur c = {0, 0, 0};
    IP_ADAPTER_ADDRESSES *last = NULL, *o;
    struct nio_gaa_one a;
    size_t count = 0;
    for (ULONG i = 0; i < s->ift->NumEntries; i++) {
        a.ifr = &s->ift->Table[i];
        nio_gaa_rows(s, &c, a.ifr->InterfaceIndex, &a);
        if (!nio_gaa_wanted(s, &a))
            continue;
        nio_gaa_dns(s, &a);
        o = NULL;
        nio_gaa_adapter(b, s, &a, &o);
        if (last != NULL)
            last->Next = o;
        if (o != NULL)
            last = o;
        count++;
    }
    return count;
}

/* ------------------------------------------------ the snapshot kept */
/* The two-call pattern of c-ares and libuv (the size, a buffer of that
 * size, the call again) would read every table twice.  The snapshot an
 * ERROR_BUFFER_OVERFLOW was measured on is kept for the calling thread
 * instead, and the thread's next call lays it out when it comes within
 * NIO_GAA_KEEP_NS with a buffer, the same Family, Flags and paths, and at
 * least the size answered: that fill then always fits (no second
 * overflow because the machine changed in between) and costs one reading.
 * Any other call drops it (docs/adapters.md). */
#define NIO_GAA_KEEP_NS 1000000000ull

struct nio_gaa_keep {
    struct nio_gaa_snap s;
    ULONG size;
    uint64_t at_ns;
};

static pthread_key_t nio_gaa_key;
static pthread_once_t nio_gaa_once = PTHREAD_ONCE_INIT;
static bool nio_gaa_key_ok;

static void nio_gaa_keep_free(void *p)
{
    struct nio_gaa_keep *k = p;
    if (k != NULL)
        nio_gaa_snap_free(&k->s);
    nio_free(k);
}

static void nio_gaa_key_make(void)
{
    nio_gaa_key_ok = pthread_key_create(&nio_gaa_key, nio_gaa_keep_free) == 0;
}

static uint64_t nio_gaa_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The thread's kept snapshot, taken out of the thread (NULL: none). */
static struct nio_gaa_keep *nio_gaa_kept(void)
{
    struct nio_gaa_keep *k;
    pthread_once(&nio_gaa_once, nio_gaa_key_make);
    if (!nio_gaa_key_ok || (k = pthread_getspecific(nio_gaa_key)) == NULL)
        return NULL;
    pthread_setspecific(nio_gaa_key, NULL);
    return k;
}

/* Whether the kept snapshot answers this call; when it does, it moves to *s. */
static bool nio_gaa_reuse(struct nio_gaa_keep *k, const struct nio_gaa_snap *want,
                          const IP_ADAPTER_ADDRESSES *buf, ULONG size, struct nio_gaa_snap *s)
{
    bool ok = k != NULL && buf != NULL && size >= k->size && k->s.family == want->family &&
              k->s.flags == want->flags && k->s.paths == want->paths &&
              nio_gaa_now_ns() - k->at_ns < NIO_GAA_KEEP_NS;
    if (ok) {
        *s = k->s;
        memset(&k->s, 0, sizeof(k->s));
    }
    nio_gaa_keep_free(k);
    return ok;
}

/* Keeps *s for the thread's next call (emptied); without memory, or
 * without a key, it is simply freed by the caller. */
static void nio_gaa_keep(struct nio_gaa_snap *s, ULONG size)
{
    struct nio_gaa_keep *k;
    if (!nio_gaa_key_ok || (k = nio_alloc(sizeof(*k))) == NULL)
        return;
    k->s = *s;
    k->size = size;
    k->at_ns = nio_gaa_now_ns();
    if (pthread_setspecific(nio_gaa_key, k) != 0) {
        nio_free(k);
        return;
    }
    memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------ the call */
static bool nio_gaa_family_valid(ULONG family)
{
    return family == AF_UNSPEC || family == AF_INET || family == AF_INET6;
}

static ULONG nio_gaa_status(nio_status st)
{
    return (ULONG)nio_status_win32(st);
}

ULONG nio_get_adapters_addresses(ULONG family, ULONG flags, PVOID reserved,
                                 IP_ADAPTER_ADDRESSES *buf, ULONG *size,
                                 const struct nio_dns_paths *paths)
{
    struct nio_gaa_snap s;
    struct nio_gaa_buf b = {NULL, 0, 0};
    ULONG rc;
    nio_status st;
    memset(&s, 0, sizeof(s));
    if (size == NULL || reserved != NULL || !nio_gaa_family_valid(family))
        return ERROR_INVALID_PARAMETER;
    s.family = family;
    s.flags = flags;
    s.paths = paths;
    if (nio_gaa_reuse(nio_gaa_kept(), &s, buf, *size, &s))
        st = NIO_OK;
    else
        st = nio_gaa_snap_read(&s);
    if (st != NIO_OK) {
        rc = nio_gaa_status(st);
        goto out;
    }
    if (nio_gaa_pass(&b, &s) == 0) {
        rc = ERROR_NO_DATA;
        goto out;
    }
    if (b.used > 0xFFFFFFFFu) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
        goto out;
    }
    if (buf == NULL || b.used > *size) {
        *size = (ULONG)b.used;
        rc = ERROR_BUFFER_OVERFLOW;
        nio_gaa_keep(&s, *size);
        goto out;
    }
    /* The same snapshot again: what was measured is what is written. */
    b.base = (uint8_t *)buf;
    b.cap = *size;
    b.used = 0;
    (void)nio_gaa_pass(&b, &s);
    rc = NO_ERROR;
out:
    nio_gaa_snap_free(&s);
    return rc;
}

/* ------------------------------------------------------------- exports */
NETIOAPI_COMPAT_EXPORT ULONG WINAPI GetAdaptersAddresses(ULONG Family, ULONG Flags,
                                                         PVOID Reserved,
                                                         PIP_ADAPTER_ADDRESSES AdapterAddresses,
                                                         PULONG SizePointer)
{
    static const struct nio_dns_paths system = {"/etc/resolv.conf",
                                                 "/run/systemd/resolve/netif"};
    return nio_get_adapters_addresses(Family, Flags, Reserved, AdapterAddresses, SizePointer,
                                      &system);
}
