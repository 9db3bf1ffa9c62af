/*
 * cmd-route.c - "nioctl route": the route subcommands (list, show, add,
 * set, del, watch: cmd-route-rows.c, cmd-route-watch.c) and "route get
 * <destination> [--source A] [--interface X] [--json]", the route
 * GetBestRoute2 chooses and the source address it would send from.  "route
 * <destination>", without "get", is the same, as it was before the
 * subcommands.
 */
#include <stdlib.h>

#include "nioctl-route.h"

static void nioctl_route_usage(void)
{
    printf("usage: nioctl route get <destination> [--source <address>] [--interface <if>]\n"
           "                        [--json]\n"
           "       nioctl route list [-4|-6] [dev IFNAME] [--json]\n"
           "       nioctl route show PREFIX [via ADDR] dev IFNAME [--json]\n"
           "       nioctl route add PREFIX [via ADDR] dev IFNAME [metric N] [lifetime S]\n"
           "                        [proto P] [--json]\n"
           "       nioctl route set PREFIX [via ADDR] dev IFNAME [metric N] [lifetime S]\n"
           "                        [proto P] [--json]\n"
           "       nioctl route del PREFIX [via ADDR] dev IFNAME [--json]\n"
           "       nioctl route watch [-4|-6] [--count N] [--json]\n\n"
           "get: the route the OS would use to <destination> (GetBestRoute2) and the\n"
           "source address it would send from; a source or an interface restricts the\n"
           "choice to routes through that interface (strong host model).\n"
           "list, show, add, set, del: the route rows (GetIpForwardTable2,\n"
           "GetIpForwardEntry2, Create/Set/DeleteIpForwardEntry2).  PREFIX is\n"
           "198.18.1.0/24, fd00:1::/64, an address (a host route) or \"default\" (with\n"
           "-4, -6 or via).  IFNAME is an index, a 0x<hex> LUID, a Windows-style name\n"
           "or the OS name, as for \"nioctl get\".  metric: the route's own metric;\n"
           "lifetime: seconds or \"infinite\"; proto: NetMgmt, Local, Icmp, Rip, Ospf,\n"
           "Bgp, Dhcp, Other, ... or a number.  set changes only the values given.\n"
           "watch: route change notifications (NotifyRouteChange2) until SIGINT or\n"
           "SIGTERM, or until N of them with --count.\n\n"
           "  -4, -6        one family\n"
           "  -j, --json    JSON: every field of MIB_IPFORWARD_ROW2\n"
           "  -h, --help    this text\n");
}

/* ---------------------------------------------------------------- get */
struct nioctl_get_args {
    const char *dst, *src, *ifname;
    bool json, help;
};

static int nioctl_get_args(int argc, char **argv, struct nioctl_get_args *a)
{
    struct nioctl_opts o;
    int r;
    nioctl_opts_init(&o);
    memset(a, 0, sizeof(*a));
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        bool is_src = strcmp(arg, "--source") == 0 || strcmp(arg, "-s") == 0;
        bool is_if = strcmp(arg, "--interface") == 0 || strcmp(arg, "-i") == 0;
        if ((is_src || is_if) && i + 1 >= argc)
            return nioctl_usage_error("route", "%s needs a value", arg);
        if (is_src)
            a->src = argv[++i];
        else if (is_if)
            a->ifname = argv[++i];
        else if (arg[0] == '-' && arg[1] != '\0') {
            if ((r = nioctl_common_opt(argc, argv, &i, &o)) == NIOCTL_OPT_BAD)
                return nioctl_usage_error("route", "%s", o.why);
            if (r == NIOCTL_OPT_NONE)
                return nioctl_usage_error("route", "unknown option \"%s\"", arg);
        } else if (a->dst == NULL)
            a->dst = arg;
        else
            return nioctl_usage_error("route", "unexpected argument \"%s\"", arg);
    }
    /* The destination has the family (given here or before "route"). */
    if ((o.v4 || o.v6) && !o.help)
        return nioctl_usage_error("route", "no family option for get: the destination has one");
    a->json = o.json;
    a->help = o.help;
    if (!a->help && a->dst == NULL)
        return nioctl_usage_error("route", "which destination?");
    return NIOCTL_EXIT_OK;
}

static int nioctl_route_get(int argc, char **argv)
{
    struct nioctl_get_args a;
    SOCKADDR_INET dst, src;
    MIB_IPINTERFACE_ROW key;
    struct nioctl_route_view view;
    NETIO_STATUS st;
    int rc = nioctl_get_args(argc, argv, &a);
    if (rc != NIOCTL_EXIT_OK || a.help) {
        if (a.help)
            nioctl_route_usage();
        return rc;
    }
    if (!nioctl_parse_addr(a.dst, &dst))
        return nioctl_usage_error("route", "\"%s\" is not an IPv4 or IPv6 address", a.dst);
    if (a.src && !nioctl_parse_addr(a.src, &src))
        return nioctl_usage_error("route", "\"%s\" is not an IPv4 or IPv6 address", a.src);
    InitializeIpInterfaceEntry(&key);
    if (a.ifname && (rc = nioctl_resolve_target("route get", a.ifname, &key)) != NIOCTL_EXIT_OK)
        return rc;
    st = GetBestRoute2(&key.InterfaceLuid, key.InterfaceIndex, a.src ? &src : NULL, &dst, 0,
                       &view.row, &view.best_source);
    if (st != NO_ERROR)
        return nioctl_fail("GetBestRoute2", st);
    nioctl_print_row(&nioctl_route_table, &view, a.json);
    return NIOCTL_EXIT_OK;
}

/* ----------------------------------------------------------- dispatch */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} nioctl_route_cmds[] = {
    {"get", nioctl_route_get},     {"list", nioctl_route_list}, {"show", nioctl_route_show},
    {"add", nioctl_route_add},     {"set", nioctl_route_set},   {"del", nioctl_route_del},
    {"delete", nioctl_route_del},  {"watch", nioctl_route_watch},
};

int nioctl_cmd_route(int argc, char **argv)
{
    SOCKADDR_INET dst;
    if (argc >= 2)
        for (size_t i = 0; i < sizeof(nioctl_route_cmds) / sizeof(nioctl_route_cmds[0]); i++)
            if (strcmp(argv[1], nioctl_route_cmds[i].name) == 0)
                return nioctl_route_cmds[i].run(argc - 1, argv + 1);
    /* A word that is neither is more likely a mistyped command than a
     * mistyped address. */
    if (argc >= 2 && argv[1][0] != '-' && !nioctl_parse_addr(argv[1], &dst))
        return nioctl_usage_error("route", "\"%s\" is no command (get, list, show, add, set, "
                                  "del, watch) and no address", argv[1]);
    /* "route --help", and "route <destination> ...", the get of old. */
    return nioctl_route_get(argc, argv);
}
