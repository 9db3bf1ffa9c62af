/*
 * cmd-route.c - "nioctl route <destination> [--source A] [--interface X]
 * [--json]": the route GetBestRoute2 chooses and the source address it
 * would send from, every field of MIB_IPFORWARD_ROW2.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "nioctl.h"

static void nioctl_route_usage(void)
{
    printf("usage: nioctl route <destination> [--source <address>] [--interface <interface>]\n"
           "                    [--json]\n\n"
           "Prints the route the OS would use to <destination> (GetBestRoute2) and\n"
           "the source address it would send from.  Addresses are IPv4 or IPv6,\n"
           "an IPv6 one with an optional %%zone (\"fe80::1%%eth0\").  With an\n"
           "interface or a source, only routes through that interface, or through\n"
           "the interface holding that source, qualify (strong host model).\n\n"
           "  -s, --source <address>       the source address to send from\n"
           "  -i, --interface <interface>  an index, 0x<hex> LUID, Windows-style name\n"
           "                               or OS name, as for \"nioctl get\"\n"
           "  -j, --json                   one JSON object\n"
           "  -h, --help                   this text\n");
}

/* A numeric address, with its zone for IPv6 link-local ones. */
static bool nioctl_parse_addr(const char *text, SOCKADDR_INET *out)
{
    struct addrinfo hints, *res = NULL;
    bool ok;
    memset(&hints, 0, sizeof(hints));
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_family = AF_UNSPEC;
    nioctl_net_init();
    if (getaddrinfo(text, NULL, &hints, &res) != 0 || res == NULL)
        return false;
    memset(out, 0, sizeof(*out));
    ok = (res->ai_family == AF_INET && res->ai_addrlen >= sizeof(out->Ipv4)) ||
         (res->ai_family == AF_INET6 && res->ai_addrlen >= sizeof(out->Ipv6));
    if (ok && res->ai_family == AF_INET)
        memcpy(&out->Ipv4, res->ai_addr, sizeof(out->Ipv4));
    else if (ok)
        memcpy(&out->Ipv6, res->ai_addr, sizeof(out->Ipv6));
    freeaddrinfo(res);
    return ok;
}

static void nioctl_addr_text(const SOCKADDR_INET *a, char *buf, size_t cap)
{
    socklen_t len = a->si_family == AF_INET6 ? sizeof(a->Ipv6) : sizeof(a->Ipv4);
    if (getnameinfo((const struct sockaddr *)a, len, buf, (socklen_t)cap, NULL, 0,
                    NI_NUMERICHOST) != 0)
        snprintf(buf, cap, "?");
}

static const char *nioctl_protocol_name(NL_ROUTE_PROTOCOL p)
{
    static const char *const names[] = {NULL,  "Other", "Local", "NetMgmt", "Icmp", "Egp",
                                        "Ggp", "Hello", "Rip",   "IsIs",    "EsIs", "Cisco",
                                        "Bbn", "Ospf",  "Bgp",   "Idpr",    "Eigrp",
                                        "Dvmrp", "Rpl", "Dhcp"};
    return p >= 1 && p <= 19 ? names[p] : NULL;
}

static const char *nioctl_origin_name(NL_ROUTE_ORIGIN o)
{
    static const char *const names[] = {"Manual", "WellKnown", "DHCP", "RouterAdvertisement",
                                        "6to4"};
    return (unsigned)o <= 4 ? names[o] : NULL;
}

struct nioctl_route_out {
    struct nioctl_json *j; /* NULL: text */
};

static void nioctl_rout_str(struct nioctl_route_out *o, const char *key, const char *v)
{
    if (o->j)
        nioctl_json_string(o->j, key, v);
    else
        printf("%s: %s\n", key, v);
}

static void nioctl_rout_uint(struct nioctl_route_out *o, const char *key, uint64_t v)
{
    if (o->j)
        nioctl_json_uint(o->j, key, v);
    else
        printf("%s: %" PRIu64 "\n", key, v);
}

static void nioctl_rout_bool(struct nioctl_route_out *o, const char *key, bool v)
{
    if (o->j)
        nioctl_json_bool(o->j, key, v);
    else
        printf("%s: %s\n", key, v ? "TRUE" : "FALSE");
}

static void nioctl_rout_enum(struct nioctl_route_out *o, const char *key, int v,
                             const char *name)
{
    if (o->j)
        nioctl_json_int(o->j, key, v);
    else if (name)
        printf("%s: %s (%d)\n", key, name, v);
    else
        printf("%s: %d\n", key, v);
}

static void nioctl_print_route(struct nioctl_route_out *o, const MIB_IPFORWARD_ROW2 *r,
                               const SOCKADDR_INET *src)
{
    char buf[NIOCTL_NAME_MAX], addr[NIOCTL_NAME_MAX + 8];
    if (o->j) {
        nioctl_json_uint(o->j, "InterfaceLuid", r->InterfaceLuid.Value);
    } else {
        snprintf(buf, sizeof(buf), "0x%016" PRIx64, (uint64_t)r->InterfaceLuid.Value);
        nioctl_rout_str(o, "InterfaceLuid", buf);
    }
    nioctl_luid_name(&r->InterfaceLuid, buf, sizeof(buf));
    nioctl_rout_str(o, "InterfaceName", buf);
    nioctl_alias(&r->InterfaceLuid, buf, sizeof(buf));
    nioctl_rout_str(o, "Alias", buf);
    nioctl_rout_uint(o, "InterfaceIndex", r->InterfaceIndex);
    nioctl_addr_text(&r->DestinationPrefix.Prefix, buf, sizeof(buf));
    snprintf(addr, sizeof(addr), "%s/%u", buf, (unsigned)r->DestinationPrefix.PrefixLength);
    nioctl_rout_str(o, "DestinationPrefix", addr);
    nioctl_addr_text(&r->NextHop, buf, sizeof(buf));
    nioctl_rout_str(o, "NextHop", buf);
    nioctl_rout_uint(o, "SitePrefixLength", r->SitePrefixLength);
    nioctl_rout_uint(o, "ValidLifetime", r->ValidLifetime);
    nioctl_rout_uint(o, "PreferredLifetime", r->PreferredLifetime);
    nioctl_rout_uint(o, "Metric", r->Metric);
    nioctl_rout_enum(o, "Protocol", r->Protocol, nioctl_protocol_name(r->Protocol));
    nioctl_rout_bool(o, "Loopback", r->Loopback);
    nioctl_rout_bool(o, "AutoconfigureAddress", r->AutoconfigureAddress);
    nioctl_rout_bool(o, "Publish", r->Publish);
    nioctl_rout_bool(o, "Immortal", r->Immortal);
    nioctl_rout_uint(o, "Age", r->Age);
    nioctl_rout_enum(o, "Origin", r->Origin, nioctl_origin_name(r->Origin));
    nioctl_addr_text(src, buf, sizeof(buf));
    nioctl_rout_str(o, "BestSourceAddress", buf);
}

struct nioctl_route_args {
    const char *dst, *src, *ifname;
    bool json, help;
};

static int nioctl_route_args(int argc, char **argv, struct nioctl_route_args *a)
{
    struct nioctl_opts o = {0};
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool is_src = strcmp(arg, "--source") == 0 || strcmp(arg, "-s") == 0;
        bool is_if = strcmp(arg, "--interface") == 0 || strcmp(arg, "-i") == 0;
        if ((is_src || is_if) && i + 1 >= argc)
            return nioctl_usage_error(argv[0], "%s needs a value", arg);
        if (is_src)
            a->src = argv[++i];
        else if (is_if)
            a->ifname = argv[++i];
        else if (arg[0] == '-' && arg[1] != '\0') {
            if (!nioctl_common_opt(arg, &o) || o.v4 || o.v6)
                return nioctl_usage_error(argv[0], "unknown option \"%s\"", arg);
        } else if (a->dst == NULL)
            a->dst = arg;
        else
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", arg);
    }
    a->json = o.json;
    a->help = o.help;
    if (!a->help && a->dst == NULL)
        return nioctl_usage_error(argv[0], "which destination?");
    return NIOCTL_EXIT_OK;
}

int nioctl_cmd_route(int argc, char **argv)
{
    struct nioctl_route_args a;
    SOCKADDR_INET dst, src, best;
    MIB_IPINTERFACE_ROW key;
    MIB_IPFORWARD_ROW2 row;
    struct nioctl_json j;
    struct nioctl_route_out o = {NULL};
    NETIO_STATUS st;
    int rc = nioctl_route_args(argc, argv, &a);
    if (rc != NIOCTL_EXIT_OK || a.help) {
        if (a.help)
            nioctl_route_usage();
        return rc;
    }
    if (!nioctl_parse_addr(a.dst, &dst))
        return nioctl_usage_error(argv[0], "\"%s\" is not an IPv4 or IPv6 address", a.dst);
    if (a.src && !nioctl_parse_addr(a.src, &src))
        return nioctl_usage_error(argv[0], "\"%s\" is not an IPv4 or IPv6 address", a.src);
    InitializeIpInterfaceEntry(&key);
    if (a.ifname && (rc = nioctl_resolve_target(argv[0], a.ifname, &key)) != NIOCTL_EXIT_OK)
        return rc;
    st = GetBestRoute2(&key.InterfaceLuid, key.InterfaceIndex, a.src ? &src : NULL, &dst, 0,
                       &row, &best);
    if (st != NO_ERROR)
        return nioctl_fail("GetBestRoute2", st);
    if (a.json) {
        nioctl_json_init(&j, stdout);
        o.j = &j;
        nioctl_json_begin_object(&j, NULL);
    }
    nioctl_print_route(&o, &row, &best);
    if (a.json) {
        nioctl_json_end_object(&j);
        nioctl_json_finish(&j);
    }
    return NIOCTL_EXIT_OK;
}
