/* route-row.c - route rows between Windows' terms and the back end's:
 * socket addresses, who made a route, the key Windows compares, and the
 * metric model (docs/route.md): the OS keeps one priority per route, which
 * is the row's Metric plus the interface's metric, as Windows adds them to
 * choose.  Shared by GetBestRoute2, the route rows and their notifications.
 */
#include <string.h>

#include "rowmap.h"

#define NIO_INFINITE_LIFETIME 0xFFFFFFFFu

/* ----------------------------------------------------------- addresses */
bool nio_ip_is_zero(const struct nio_ip *ip)
{
    static const uint8_t zero[16];
    return memcmp(ip->bytes, zero, nio_ip_len(ip->slot)) == 0;
}

static bool nio_ip_link_local(const struct nio_ip *ip)
{
    return ip->slot == NIO_V6 && ip->bytes[0] == 0xFE && (ip->bytes[1] & 0xC0) == 0x80;
}

bool nio_ip_from_sockaddr(const SOCKADDR_INET *sa, int slot, struct nio_ip *ip)
{
    memset(ip, 0, sizeof(*ip));
    ip->slot = slot;
    if (nio_family_slot(sa->si_family) != slot)
        return false;
    if (slot == NIO_V4) {
        memcpy(ip->bytes, &sa->Ipv4.sin_addr, 4);
    } else {
        memcpy(ip->bytes, &sa->Ipv6.sin6_addr, 16);
        ip->scope = sa->Ipv6.sin6_scope_id;
    }
    return true;
}

void nio_sockaddr_from_ip(SOCKADDR_INET *sa, const struct nio_ip *ip, uint32_t zone)
{
    memset(sa, 0, sizeof(*sa));
    if (ip->slot == NIO_V4) {
        sa->Ipv4.sin_family = AF_INET;
        memcpy(&sa->Ipv4.sin_addr, ip->bytes, 4);
        return;
    }
    sa->Ipv6.sin6_family = AF_INET6;
    memcpy(&sa->Ipv6.sin6_addr, ip->bytes, 16);
    if (nio_ip_link_local(ip))
        sa->Ipv6.sin6_scope_id = ip->scope ? ip->scope : zone;
}

void nio_sockaddr_zero(SOCKADDR_INET *sa, int slot)
{
    struct nio_ip zero;
    memset(&zero, 0, sizeof(zero));
    zero.slot = slot;
    nio_sockaddr_from_ip(sa, &zero, 0);
}

/* ----------------------------------------------------------- the key */
static bool nio_hop_equal(const struct nio_route *a, const struct nio_route *b)
{
    bool za = !a->has_gateway || nio_ip_is_zero(&a->gateway);
    bool zb = !b->has_gateway || nio_ip_is_zero(&b->gateway);
    if (za || zb)
        return za && zb;
    return nio_ip_same(&a->gateway, &b->gateway);
}

bool nio_route_same_key(const struct nio_route *a, const struct nio_route *b)
{
    return a->oif == b->oif && a->prefix_len == b->prefix_len &&
           nio_ip_same(&a->prefix, &b->prefix) && nio_hop_equal(a, b);
}

/* Agrees with nio_route_same_key: no next hop and the zero address hash
 * alike. */
uint32_t nio_route_key_hash(const struct nio_route *r)
{
    uint8_t slot = (uint8_t)r->prefix.slot;
    uint32_t h = nio_rowmap_fnv(2166136261u, &r->oif, sizeof(r->oif));
    h = nio_rowmap_fnv(h, &slot, 1);
    h = nio_rowmap_fnv(h, &r->prefix_len, 1);
    h = nio_rowmap_fnv(h, r->prefix.bytes, nio_ip_len(r->prefix.slot));
    if (r->has_gateway && !nio_ip_is_zero(&r->gateway)) {
        slot = (uint8_t)r->gateway.slot;
        h = nio_rowmap_fnv(h, &slot, 1);
        h = nio_rowmap_fnv(h, r->gateway.bytes, nio_ip_len(r->gateway.slot));
    }
    return h;
}

/* The interface metric itself (nio_if_metric, nio_if_metric_of) is the
 * record's: ipif-store.c. */

/* ------------------------------------------------------------- the row */
static void nio_route_protocol(enum nio_route_origin o, MIB_IPFORWARD_ROW2 *row)
{
    row->Origin = NlroManual;
    switch (o) {
    case NIO_RO_KERNEL:
        row->Protocol = RouteProtocolLocal;
        row->Origin = NlroWellKnown;
        break;
    case NIO_RO_STATIC:
        row->Protocol = RouteProtocolNetMgmt;
        break;
    case NIO_RO_DHCP:
        /* Installed by a DHCP client program: configured by a program,
         * with DHCP as its origin. */
        row->Protocol = RouteProtocolNetMgmt;
        row->Origin = NlroDHCP;
        break;
    case NIO_RO_RA:
        /* Learned from ICMPv6 router advertisements. */
        row->Protocol = RouteProtocolIcmp;
        row->Origin = NlroRouterAdvertisement;
        break;
    case NIO_RO_REDIRECT:
        row->Protocol = RouteProtocolIcmp;
        row->Origin = NlroWellKnown;
        break;
    case NIO_RO_RIP: row->Protocol = RouteProtocolRip; break;
    case NIO_RO_OSPF: row->Protocol = RouteProtocolOspf; break;
    case NIO_RO_ISIS: row->Protocol = RouteProtocolIsIs; break;
    case NIO_RO_BGP: row->Protocol = RouteProtocolBgp; break;
    default: row->Protocol = RouteProtocolOther; break;
    }
}

void nio_route_row_key(MIB_IPFORWARD_ROW2 *row, const struct nio_route *r, uint64_t luid)
{
    memset(row, 0, sizeof(*row));
    row->InterfaceLuid.Value = luid;
    row->InterfaceIndex = r->oif;
    nio_sockaddr_from_ip(&row->DestinationPrefix.Prefix, &r->prefix, r->oif);
    row->DestinationPrefix.PrefixLength = r->prefix_len;
    if (r->has_gateway)
        nio_sockaddr_from_ip(&row->NextHop, &r->gateway, r->oif);
    else
        nio_sockaddr_zero(&row->NextHop, r->prefix.slot);
}

void nio_route_row_fill(MIB_IPFORWARD_ROW2 *row, const struct nio_route *r, uint64_t luid,
                        uint32_t if_metric)
{
    nio_route_row_key(row, r, luid);
    row->SitePrefixLength = 0;
    row->ValidLifetime = row->PreferredLifetime =
        r->expires ? r->expires_s : NIO_INFINITE_LIFETIME;
    row->Metric = r->metric >= if_metric ? r->metric - if_metric : 0;
    nio_route_protocol(r->origin, row);
    row->Loopback = r->local;
    row->AutoconfigureAddress = FALSE;
    row->Publish = FALSE;
    row->Immortal = !r->expires;
    row->Age = 0; /* no OS here keeps a route's age */
}
