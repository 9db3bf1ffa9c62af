/*
 * cmd-route.c - "nioctl route <destination> [--source A] [--interface X]
 * [--json]": the route GetBestRoute2 chooses and the source address it
 * would send from, every field of MIB_IPFORWARD_ROW2.
 */
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
    SOCKADDR_INET dst, src;
    MIB_IPINTERFACE_ROW key;
    struct nioctl_route_view view;
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
                       &view.row, &view.best_source);
    if (st != NO_ERROR)
        return nioctl_fail("GetBestRoute2", st);
    nioctl_print_row(&nioctl_route_table, &view, a.json);
    return NIOCTL_EXIT_OK;
}
