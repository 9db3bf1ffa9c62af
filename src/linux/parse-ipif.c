/* parse-ipif.c - rtnetlink messages into what the core needs.  Pure functions:
 * no sockets, no files, so canned messages test them (tests/linux/).
 * Unknown attributes are skipped so that a newer kernel does not break an
 * older library; known ones are validated before use. */
#include <errno.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "linux.h"

/* From the kernel's net/if_inet6.h, which is not in the uapi headers. */
#define NIO_IF_RA_MANAGED 0x40
#define NIO_IF_RA_OTHERCONF 0x80
/* IPv6 devconf index of force_forwarding (Linux 6.17); older kernels send
 * a shorter array and the index is simply absent. */
#define NIO_DEVCONF_FORCE_FORWARDING 59

/* Element idx of a devconf array attribute (u32 or s32 elements). */
static bool nio_conf(const struct nlattr *conf, unsigned idx, uint32_t *out)
{
    uint32_t v;
    if (conf == NULL || nio_attr_len(conf) < (idx + 1) * sizeof(v))
        return false;
    memcpy(&v, (const char *)nio_attr_data(conf) + idx * sizeof(v), sizeof(v));
    *out = v;
    return true;
}

uint16_t nio_linux_iftype(unsigned short arphrd, const char *kind)
{
    static const struct { const char *kind; uint16_t iftype; } kinds[] = {
        {"bridge", IF_TYPE_BRIDGE}, {"vlan", IF_TYPE_L2_VLAN},
        {"bond", IF_TYPE_IEEE8023AD_LAG}, {"team", IF_TYPE_IEEE8023AD_LAG},
    };
    switch (arphrd) {
    case ARPHRD_LOOPBACK: return IF_TYPE_SOFTWARE_LOOPBACK;
    case ARPHRD_NONE: return IF_TYPE_PROP_VIRTUAL; /* tun, WireGuard: as Wintun */
    case ARPHRD_PPP: return IF_TYPE_PPP;
    case ARPHRD_TUNNEL: case ARPHRD_TUNNEL6: case ARPHRD_SIT:
    case ARPHRD_IPGRE: case ARPHRD_IP6GRE: return IF_TYPE_TUNNEL;
    case ARPHRD_IEEE80211: case ARPHRD_IEEE80211_RADIOTAP: return IF_TYPE_IEEE80211;
    case ARPHRD_INFINIBAND: return IF_TYPE_INFINIBAND;
    case ARPHRD_IEEE1394: return IF_TYPE_IEEE1394;
    case ARPHRD_ATM: return IF_TYPE_ATM;
    case ARPHRD_SLIP: return IF_TYPE_SLIP;
    case ARPHRD_ETHER:
        for (size_t i = 0; kind != NULL && i < sizeof(kinds) / sizeof(kinds[0]); i++)
            if (strcmp(kind, kinds[i].kind) == 0)
                return kinds[i].iftype;
        return IF_TYPE_ETHERNET_CSMACD; /* veth, tap, vxlan, macvlan, NICs */
    default:
        return IF_TYPE_OTHER;
    }
}

static const enum mnl_attr_data_type nio_inet_types[IFLA_INET_MAX + 1] = {
    [IFLA_INET_CONF] = MNL_TYPE_BINARY,
};

static int nio_parse_inet(const struct nlattr *nest, struct nio_iface *ifc)
{
    const struct nlattr *tb[IFLA_INET_MAX + 1];
    struct nio_family *f = &ifc->fam[NIO_V4];
    uint32_t v;
    if (nio_linux_attrs_nested(nest, tb, IFLA_INET_MAX, nio_inet_types) < 0)
        return -EPROTO;
    f->present = true;
    if (nio_conf(tb[IFLA_INET_CONF], IPV4_DEVCONF_FORWARDING - 1, &v)) {
        f->forwarding = v != 0;
        f->known |= NIO_K_FORWARDING;
    }
    /* IPv4 uses the link MTU.  The kernel neither probes IPv4 addresses for
     * duplicates, nor discovers IPv4 routers, nor configures 169.254/16:
     * user programs (arping, avahi-autoipd) do, when at all. */
    f->mtu = ifc->mtu;
    f->dad_transmits = 0;
    f->router_discovery = RouterDiscoveryDisabled;
    f->link_local = LinkLocalAlwaysOff;
    f->known |= NIO_K_MTU | NIO_K_DAD | NIO_K_ROUTER_DISCOVERY | NIO_K_LINK_LOCAL;
    return 0;
}

static const enum mnl_attr_data_type nio_inet6_types[IFLA_INET6_MAX + 1] = {
    [IFLA_INET6_FLAGS] = MNL_TYPE_U32,
    [IFLA_INET6_CONF] = MNL_TYPE_BINARY,
    [IFLA_INET6_CACHEINFO] = MNL_TYPE_BINARY,
};

/* accept_ra: 0 never, 1 unless forwarding, 2 even when forwarding. */
static NL_ROUTER_DISCOVERY_BEHAVIOR nio_accept_ra(uint32_t accept_ra, bool forwarding)
{
    bool on = (int32_t)accept_ra >= 2 || (accept_ra == 1 && !forwarding);
    return on ? RouterDiscoveryEnabled : RouterDiscoveryDisabled;
}

static void nio_parse_inet6_conf(const struct nlattr *conf, struct nio_family *f)
{
    uint32_t v;
    if (nio_conf(conf, DEVCONF_DISABLE_IPV6, &v))
        f->present = v == 0; /* disable_ipv6 keeps the device, drops the family */
    if (nio_conf(conf, DEVCONF_MTU6, &v)) {
        f->mtu = v;
        f->known |= NIO_K_MTU;
    }
    if (nio_conf(conf, DEVCONF_FORWARDING, &v)) {
        uint32_t force = 0;
        nio_conf(conf, NIO_DEVCONF_FORCE_FORWARDING, &force);
        f->forwarding = v != 0 || force != 0;
        f->known |= NIO_K_FORWARDING;
    }
    if (nio_conf(conf, DEVCONF_DAD_TRANSMITS, &v)) {
        f->dad_transmits = v;
        f->known |= NIO_K_DAD;
    }
    if ((f->known & NIO_K_FORWARDING) && nio_conf(conf, DEVCONF_ACCEPT_RA, &v)) {
        f->router_discovery = nio_accept_ra(v, f->forwarding);
        f->known |= NIO_K_ROUTER_DISCOVERY;
    }
    if (nio_conf(conf, DEVCONF_ADDR_GEN_MODE, &v)) {
        f->link_local = v == IN6_ADDR_GEN_MODE_NONE ? LinkLocalAlwaysOff : LinkLocalAlwaysOn;
        f->known |= NIO_K_LINK_LOCAL;
    }
}

static int nio_parse_inet6(const struct nlattr *nest, struct nio_iface *ifc)
{
    const struct nlattr *tb[IFLA_INET6_MAX + 1];
    struct nio_family *f = &ifc->fam[NIO_V6];
    if (nio_linux_attrs_nested(nest, tb, IFLA_INET6_MAX, nio_inet6_types) < 0)
        return -EPROTO;
    f->present = true;
    nio_parse_inet6_conf(tb[IFLA_INET6_CONF], f);
    if (tb[IFLA_INET6_FLAGS] != NULL) {
        uint32_t flags = nio_attr_u32(tb[IFLA_INET6_FLAGS]);
        f->managed = (flags & NIO_IF_RA_MANAGED) != 0;
        f->other = (flags & NIO_IF_RA_OTHERCONF) != 0;
        f->known |= NIO_K_MANAGED_OTHER;
    }
    if (tb[IFLA_INET6_CACHEINFO] != NULL &&
        nio_attr_len(tb[IFLA_INET6_CACHEINFO]) >= sizeof(struct ifla_cacheinfo)) {
        struct ifla_cacheinfo ci;
        memcpy(&ci, nio_attr_data(tb[IFLA_INET6_CACHEINFO]), sizeof(ci));
        f->max_reassembly = ci.max_reasm_len;
        f->reachable_ms = ci.reachable_time;
        f->retransmit_ms = ci.retrans_time;
        f->known |= NIO_K_MAX_REASSEMBLY | NIO_K_REACHABLE | NIO_K_RETRANSMIT;
    }
    return 0;
}

/* IFLA_AF_SPEC holds one nest per family the device has. */
static int nio_parse_af_spec(const struct nlattr *spec, struct nio_iface *ifc)
{
    const struct nlattr *af;
    mnl_attr_for_each_nested(af, spec) {
        int err = 0;
        if (mnl_attr_validate(af, MNL_TYPE_NESTED) < 0)
            return -EPROTO;
        if (mnl_attr_get_type(af) == AF_INET)
            err = nio_parse_inet(af, ifc);
        else if (mnl_attr_get_type(af) == AF_INET6)
            err = nio_parse_inet6(af, ifc);
        if (err)
            return err;
    }
    return 0;
}

static const enum mnl_attr_data_type nio_link_types[IFLA_MAX + 1] = {NIO_LINK_ATTR_TYPES};

static const enum mnl_attr_data_type nio_linkinfo_types[IFLA_INFO_MAX + 1] = {
    [IFLA_INFO_KIND] = MNL_TYPE_NUL_STRING,
};

static const char *nio_link_kind(const struct nlattr *linkinfo)
{
    const struct nlattr *tb[IFLA_INFO_MAX + 1];
    if (linkinfo == NULL || nio_linux_attrs_nested(linkinfo, tb, IFLA_INFO_MAX, nio_linkinfo_types) < 0)
        return NULL;
    return tb[IFLA_INFO_KIND] ? mnl_attr_get_str(tb[IFLA_INFO_KIND]) : NULL;
}

/* The address that tells the device from the next holder of its index:
 * the permanent one, which the kernel sends only when the device has one,
 * else the current one. */
static void nio_link_id(const struct nlattr *perm, const struct nlattr *cur, struct nio_iface *out)
{
    const struct nlattr *a = perm != NULL ? perm : cur;
    size_t n = a != NULL ? nio_attr_len(a) : 0;
    if (n > NIO_HWADDR_MAX)
        n = NIO_HWADDR_MAX;
    if (n > 0)
        memcpy(out->id_addr, nio_attr_data(a), n);
    out->id_addr_len = (uint8_t)n;
}

int nio_linux_link_from(const struct nlmsghdr *nlh, const struct nlattr *const *tb,
                        struct nio_iface *out)
{
    const char *kind;
    const struct ifinfomsg *ifi = nio_msg_data(nlh);
    size_t namelen;
    if (ifi->ifi_index <= 0 || tb[IFLA_IFNAME] == NULL || tb[IFLA_MTU] == NULL)
        return -EPROTO;
    namelen = strlen(mnl_attr_get_str(tb[IFLA_IFNAME]));
    if (namelen == 0 || namelen >= NIO_NAME_MAX)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    out->index = (uint32_t)ifi->ifi_index;
    memcpy(out->name, mnl_attr_get_str(tb[IFLA_IFNAME]), namelen + 1);
    out->mtu = nio_attr_u32(tb[IFLA_MTU]);
    out->loopback = ifi->ifi_type == ARPHRD_LOOPBACK;
    kind = nio_link_kind(tb[IFLA_LINKINFO]);
    out->iftype = nio_linux_iftype(ifi->ifi_type, kind);
    /* As parse-ifrow.c says it: a device on a bus names its parent (Linux
     * 5.16+); before that, one that no rtnetlink kind made, not loopback. */
    out->hardware = tb[IFLA_PARENT_DEV_NAME] != NULL || (kind == NULL && !out->loopback);
    nio_link_id(tb[IFLA_PERM_ADDRESS], tb[IFLA_ADDRESS], out);
    /* IFF_RUNNING is set by the kernel from the operational state. */
    out->connected = (ifi->ifi_flags & IFF_RUNNING) != 0;
    out->neighbor_discovery = !out->loopback && !(ifi->ifi_flags & IFF_NOARP);
    return tb[IFLA_AF_SPEC] ? nio_parse_af_spec(tb[IFLA_AF_SPEC], out) : 0;
}

int nio_linux_parse_link(const struct nlmsghdr *nlh, struct nio_iface *out)
{
    const struct nlattr *tb[IFLA_MAX + 1];
    if (nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)) ||
        nio_linux_attrs_msg(nlh, sizeof(struct ifinfomsg), tb, IFLA_MAX, nio_link_types) < 0)
        return -EPROTO;
    return nio_linux_link_from(nlh, tb, out);
}

static const enum mnl_attr_data_type nio_ndt_types[NDTA_MAX + 1] = {
    [NDTA_PARMS] = MNL_TYPE_NESTED,
};

static const enum mnl_attr_data_type nio_ndtpa_types[NDTPA_MAX + 1] = {
    [NDTPA_IFINDEX] = MNL_TYPE_U32,
    [NDTPA_BASE_REACHABLE_TIME] = MNL_TYPE_U64,
    [NDTPA_RETRANS_TIME] = MNL_TYPE_U64,
};

static uint32_t nio_ms32(const struct nlattr *a)
{
    uint64_t v = mnl_attr_get_u64(a);
    return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

int nio_linux_parse_neightbl(const struct nlmsghdr *nlh, struct nio_neigh_parms *out)
{
    const struct nlattr *tb[NDTA_MAX + 1], *pb[NDTPA_MAX + 1];
    const struct ndtmsg *ndtm;
    if (nlh->nlmsg_type != RTM_NEWNEIGHTBL || nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ndtm)))
        return -EPROTO;
    ndtm = nio_msg_data(nlh);
    if (nio_linux_attrs_msg(nlh, sizeof(*ndtm), tb, NDTA_MAX, nio_ndt_types) < 0)
        return -EPROTO;
    if ((ndtm->ndtm_family != AF_INET && ndtm->ndtm_family != AF_INET6) || !tb[NDTA_PARMS])
        return -ENOENT;
    if (nio_linux_attrs_nested(tb[NDTA_PARMS], pb, NDTPA_MAX, nio_ndtpa_types) < 0)
        return -EPROTO;
    memset(out, 0, sizeof(*out));
    out->slot = ndtm->ndtm_family == AF_INET6 ? NIO_V6 : NIO_V4;
    out->ifindex = pb[NDTPA_IFINDEX] ? nio_attr_u32(pb[NDTPA_IFINDEX]) : 0;
    if (pb[NDTPA_BASE_REACHABLE_TIME]) {
        out->base_reachable_ms = nio_ms32(pb[NDTPA_BASE_REACHABLE_TIME]);
        out->has_base_reachable = true;
    }
    if (pb[NDTPA_RETRANS_TIME]) {
        out->retransmit_ms = nio_ms32(pb[NDTPA_RETRANS_TIME]);
        out->has_retransmit = true;
    }
    return 0;
}
