/*
 * cmd-show.c - "nioctl show [-4|-6|--family F] [--json]": every row of
 * GetIpInterfaceTable, as a compact table or as a JSON array of rows.
 */
#include <inttypes.h>

#include "nioctl.h"

static void nioctl_show_usage(void)
{
    printf("usage: nioctl show [-4|-6|-f inet|inet6] [--json]\n\n"
           "Lists the IP interface rows (GetIpInterfaceTable), IPv4 and IPv6\n"
           "unless one family is chosen.\n\n"
           "  -4, -f inet   IPv4 rows only (AF_INET; --family inet too)\n"
           "  -6, -f inet6  IPv6 rows only (AF_INET6)\n"
           "  -j, --json   a JSON array with every field of every row\n"
           "  -h, --help   this text\n");
}

static void nioctl_show_header(void)
{
    printf("%5s %-15s %-4s %-18s %-16s %10s %-9s %-10s %-8s %3s %9s\n", "INDEX", "ALIAS", "FAM",
           "LUID", "NAME", "MTU", "CONNECTED", "FORWARDING", "ROUTERDISC", "DAD",
           "REACHABLE");
}

/* Router discovery in a word: the enumerator without its prefix. */
static const char *nioctl_show_rd(NL_ROUTER_DISCOVERY_BEHAVIOR v)
{
    const char *s = nioctl_router_discovery_name(v);
    return s != NULL ? s + sizeof("RouterDiscovery") - 1 : "?";
}

static void nioctl_show_line(const MIB_IPINTERFACE_ROW *row)
{
    char alias[NIOCTL_NAME_MAX], name[NIOCTL_NAME_MAX];
    const char *fam = row->Family == AF_INET ? "IPv4" : row->Family == AF_INET6 ? "IPv6" : "?";
    if (!nioctl_alias(&row->InterfaceLuid, alias, sizeof(alias)))
        snprintf(alias, sizeof(alias), "-");
    if (!nioctl_luid_name(&row->InterfaceLuid, name, sizeof(name)))
        snprintf(name, sizeof(name), "-");
    printf("%5lu %-15s %-4s 0x%016" PRIx64 " %-16s %10lu %-9s %-10s %-10s %3lu %9lu\n",
           (unsigned long)row->InterfaceIndex, alias, fam, (uint64_t)row->InterfaceLuid.Value,
           name, (unsigned long)row->NlMtu, row->Connected ? "yes" : "no",
           row->ForwardingEnabled ? "yes" : "no", nioctl_show_rd(row->RouterDiscoveryBehavior),
           (unsigned long)row->DadTransmits, (unsigned long)row->ReachableTime);
}

static void nioctl_show_print(const MIB_IPINTERFACE_TABLE *table, bool json)
{
    if (!json) {
        nioctl_show_header();
        for (ULONG i = 0; i < table->NumEntries; i++)
            nioctl_show_line(&table->Table[i]);
        return;
    }
    nioctl_print_rows_json(&nioctl_ipif_table, table->Table, sizeof(table->Table[0]),
                           table->NumEntries);
}

int nioctl_cmd_show(int argc, char **argv)
{
    struct nioctl_opts o;
    PMIB_IPINTERFACE_TABLE table = NULL;
    NETIO_STATUS st;
    nioctl_opts_init(&o);
    for (int i = 1; i < argc; i++) {
        int r = nioctl_common_opt(argc, argv, &i, &o);
        if (r == NIOCTL_OPT_BAD)
            return nioctl_usage_error(argv[0], "%s", o.why);
        if (r == NIOCTL_OPT_NONE)
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    if (o.help) {
        nioctl_show_usage();
        return NIOCTL_EXIT_OK;
    }
    /* Both, like neither, mean both families. */
    st = GetIpInterfaceTable(nioctl_opts_family(&o), &table);
    if (st != NO_ERROR)
        return nioctl_fail("GetIpInterfaceTable", st);
    nioctl_show_print(table, o.json);
    FreeMibTable(table);
    return NIOCTL_EXIT_OK;
}
