/*
 * cmd-get.c - "nioctl get <name|index|luid> [-4|-6] [--json]": one row of
 * GetIpInterfaceEntry, every field, as "Field: value" lines or a JSON
 * object.  The family defaults to IPv4, as a row needs exactly one.
 */
#include "nioctl.h"

static void nioctl_get_usage(void)
{
    printf("usage: nioctl get <interface> [-4|-6] [--json]\n\n"
           "Prints every field of one IP interface row (GetIpInterfaceEntry).\n"
           "<interface> is read as:\n"
           "  digits only    an interface index (\"3\")\n"
           "  0x<hex>        a LUID value (\"0x0006000003000000\")\n"
           "  <type>_<n>     a Windows-style name (\"ethernet_3\", \"loopback_1\")\n"
           "  anything else  the OS interface name, the alias (\"eth0\")\n"
           "A name that is both a Windows-style name and an alias means the\n"
           "Windows-style name when an interface has that LUID, else the alias.\n\n"
           "  -4           the IPv4 row (AF_INET; the default)\n"
           "  -6           the IPv6 row (AF_INET6)\n"
           "  -j, --json   a JSON object with every field\n"
           "  -h, --help   this text\n");
}

static int nioctl_get_args(int argc, char **argv, struct nioctl_opts *o, const char **target)
{
    bool options = true;
    *target = NULL;
    for (int i = 1; i < argc; i++) {
        if (options && strcmp(argv[i], "--") == 0)
            options = false;
        else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            if (!nioctl_common_opt(argv[i], o))
                return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[i]);
        } else if (*target == NULL)
            *target = argv[i];
        else
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    if (o->help)
        return NIOCTL_EXIT_OK;
    if (*target == NULL)
        return nioctl_usage_error(argv[0], "which interface? (a name, index or LUID)");
    if (o->v4 && o->v6)
        return nioctl_usage_error(argv[0], "-4 and -6 together: a row has one family");
    return NIOCTL_EXIT_OK;
}

int nioctl_cmd_get(int argc, char **argv)
{
    struct nioctl_opts o = {0};
    MIB_IPINTERFACE_ROW row;
    const char *target;
    NETIO_STATUS st;
    int rc = nioctl_get_args(argc, argv, &o, &target);
    if (rc != NIOCTL_EXIT_OK || o.help) {
        if (o.help)
            nioctl_get_usage();
        return rc;
    }
    InitializeIpInterfaceEntry(&row);
    row.Family = o.v6 ? AF_INET6 : AF_INET;
    rc = nioctl_resolve_target(argv[0], target, &row);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        return nioctl_fail("GetIpInterfaceEntry", st);
    nioctl_print_row(&nioctl_ipif_table, &row, o.json);
    return NIOCTL_EXIT_OK;
}
