/*
 * cmd-get.c - "nioctl get <name|index|luid> [-4|-6|--family F] [--json]":
 * the rows of one interface from GetIpInterfaceEntry, every field, as
 * "Field: value" lines or JSON.  Both families by default, as ip(8) shows
 * an interface: the IPv4 row, then the IPv6 row, each when the interface
 * has it; -4 or -6 asks for one, which must be there.
 */
#include "nioctl.h"

static void nioctl_get_usage(void)
{
    printf("usage: nioctl get <interface> [-4|-6|-f inet|inet6] [--json]\n\n"
           "Prints every field of the IP interface rows of one interface\n"
           "(GetIpInterfaceEntry): IPv4 and IPv6 unless one family is chosen.\n"
           "<interface> is read as:\n"
           "  digits only    an interface index (\"3\")\n"
           "  0x<hex>        a LUID value (\"0x0006000003000000\")\n"
           "  <type>_<n>     a Windows-style name (\"ethernet_3\", \"loopback_1\")\n"
           "  anything else  the OS interface name, the alias (\"eth0\")\n"
           "A name that is both a Windows-style name and an alias means the\n"
           "Windows-style name when an interface has that LUID, else the alias.\n\n"
           "  -4, -f inet    the IPv4 row only (AF_INET)\n"
           "  -6, -f inet6   the IPv6 row only (AF_INET6)\n"
           "  --family F     the same as -f F\n"
           "  -j, --json     JSON: one object for one family, else an array of rows\n"
           "  -h, --help     this text\n");
}

static int nioctl_get_args(int argc, char **argv, struct nioctl_opts *o, const char **target)
{
    bool options = true;
    *target = NULL;
    for (int i = 1; i < argc; i++) {
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            int r = nioctl_common_opt(argc, argv, &i, o);
            if (r == NIOCTL_OPT_BAD)
                return nioctl_usage_error(argv[0], "%s", o->why);
            if (r == NIOCTL_OPT_NONE)
                return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[i]);
        } else if (*target == NULL) {
            *target = argv[i];
        } else {
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
        }
    }
    if (o->help)
        return NIOCTL_EXIT_OK;
    if (*target == NULL)
        return nioctl_usage_error(argv[0], "which interface? (a name, index or LUID)");
    return NIOCTL_EXIT_OK;
}

/* The rows asked for, in rows[]; how many in *n.  With both families a
 * family the interface lacks is left out; none at all is a failure. */
static int nioctl_get_rows(const MIB_IPINTERFACE_ROW *key, ADDRESS_FAMILY family,
                           MIB_IPINTERFACE_ROW rows[2], size_t *n)
{
    static const ADDRESS_FAMILY both[] = {AF_INET, AF_INET6};
    NETIO_STATUS st = ERROR_NOT_FOUND;
    *n = 0;
    for (size_t i = 0; i < 2; i++) {
        if (family != AF_UNSPEC && family != both[i])
            continue;
        rows[*n] = *key;
        rows[*n].Family = both[i];
        st = GetIpInterfaceEntry(&rows[*n]);
        if (st == NO_ERROR)
            (*n)++;
        else if (family != AF_UNSPEC || st != ERROR_NOT_FOUND)
            return nioctl_fail("GetIpInterfaceEntry", st);
    }
    if (*n == 0)
        return nioctl_fail("GetIpInterfaceEntry", st);
    return NIOCTL_EXIT_OK;
}

/* Text: the rows one after the other, a blank line between them. */
static void nioctl_get_print(const MIB_IPINTERFACE_ROW *rows, size_t n, bool one, bool json)
{
    if (json && !one) {
        nioctl_print_rows_json(&nioctl_ipif_table, rows, sizeof(rows[0]), n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputc('\n', stdout);
        nioctl_print_row(&nioctl_ipif_table, &rows[i], json);
    }
}

int nioctl_cmd_get(int argc, char **argv)
{
    struct nioctl_opts o;
    MIB_IPINTERFACE_ROW key, rows[2];
    const char *target;
    size_t n;
    int rc;
    nioctl_opts_init(&o);
    rc = nioctl_get_args(argc, argv, &o, &target);
    if (rc != NIOCTL_EXIT_OK || o.help) {
        if (o.help)
            nioctl_get_usage();
        return rc;
    }
    InitializeIpInterfaceEntry(&key);
    rc = nioctl_resolve_target(argv[0], target, &key);
    if (rc == NIOCTL_EXIT_OK)
        rc = nioctl_get_rows(&key, nioctl_opts_family(&o), rows, &n);
    if (rc == NIOCTL_EXIT_OK)
        nioctl_get_print(rows, n, nioctl_opts_family(&o) != AF_UNSPEC, o.json);
    return rc;
}
