/*
 * cmd-get.c - "nioctl get <name|index|luid> [-4|-6] [--json]": one row of
 * GetIpInterfaceEntry, every field, as "Field: value" lines or a JSON
 * object.  The family defaults to IPv4, as a row needs exactly one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

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

static bool nioctl_all(const char *s, int (*is)(int))
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!is((unsigned char)*s))
            return false;
    return true;
}

/* Digits or 0x<hex> into a number no larger than max. */
static bool nioctl_parse_number(const char *s, int base, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;
    errno = 0;
    v = strtoull(s, &end, base);
    if (errno != 0 || *end != '\0' || v > max)
        return false;
    *out = v;
    return true;
}

/* A Windows-style name or an alias: the name wins when it names an
 * interface that exists, else an alias of that spelling, else the name
 * (whose GetIpInterfaceEntry then says ERROR_NOT_FOUND). */
static int nioctl_resolve_name(const char *arg, MIB_IPINTERFACE_ROW *row)
{
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    NET_LUID luid, alias_luid;
    NET_IFINDEX index;
    NETIO_STATUS st;
    if (!nioctl_utf8_to_utf16(arg, alias, NDIS_IF_MAX_STRING_SIZE + 1))
        return nioctl_usage_error("get", "\"%s\" is not UTF-8 or is too long", arg);
    if (ConvertInterfaceNameToLuidA(arg, &luid) == NO_ERROR) {
        if (ConvertInterfaceLuidToIndex(&luid, &index) != NO_ERROR &&
            ConvertInterfaceAliasToLuid(alias, &alias_luid) == NO_ERROR)
            luid = alias_luid;
        row->InterfaceLuid = luid;
        return NIOCTL_EXIT_OK;
    }
    st = ConvertInterfaceAliasToLuid(alias, &luid);
    if (st != NO_ERROR)
        return nioctl_fail("ConvertInterfaceAliasToLuid", st);
    row->InterfaceLuid = luid;
    return NIOCTL_EXIT_OK;
}

/* Sets the key of *row from the command-line argument. */
static int nioctl_resolve(const char *arg, MIB_IPINTERFACE_ROW *row)
{
    uint64_t v;
    if (nioctl_all(arg, isdigit)) {
        if (!nioctl_parse_number(arg, 10, UINT32_MAX, &v))
            return nioctl_usage_error("get", "interface index \"%s\" out of range", arg);
        row->InterfaceIndex = (NET_IFINDEX)v;
        return NIOCTL_EXIT_OK;
    }
    if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
        if (!nioctl_all(arg + 2, isxdigit) || !nioctl_parse_number(arg, 16, UINT64_MAX, &v))
            return nioctl_usage_error("get", "\"%s\" is not a 64-bit hex LUID", arg);
        row->InterfaceLuid.Value = v;
        return NIOCTL_EXIT_OK;
    }
    if (arg[0] == '\0')
        return nioctl_usage_error("get", "empty interface name");
    return nioctl_resolve_name(arg, row);
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
    struct nioctl_json j;
    NETIO_STATUS st;
    int rc = nioctl_get_args(argc, argv, &o, &target);
    if (rc != NIOCTL_EXIT_OK || o.help) {
        if (o.help)
            nioctl_get_usage();
        return rc;
    }
    InitializeIpInterfaceEntry(&row);
    row.Family = o.v6 ? AF_INET6 : AF_INET;
    rc = nioctl_resolve(target, &row);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    st = GetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        return nioctl_fail("GetIpInterfaceEntry", st);
    if (!o.json) {
        nioctl_print_row_text(stdout, &row);
        return NIOCTL_EXIT_OK;
    }
    nioctl_json_init(&j, stdout);
    nioctl_print_row_json(&j, NULL, &row);
    nioctl_json_finish(&j);
    return NIOCTL_EXIT_OK;
}
