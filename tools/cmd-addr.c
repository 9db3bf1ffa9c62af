/*
 * cmd-addr.c - "nioctl addr": the unicast address rows
 * (MIB_UNICASTIPADDRESS_ROW) in ip-addr(8)'s words: the usage, the
 * dispatch to list (here) and show, add, set, del (cmd-addr-rows.c), and
 * the one-line form of an address that list prints.
 *   addr list [-4|-6] [dev IF]               GetUnicastIpAddressTable
 * No "addr watch": the library has no NotifyUnicastIpAddressChange yet.
 */
#include "nioctl-addr.h"

#define NIOCTL_INFINITE 0xFFFFFFFFu

static void nioctl_addr_usage(void)
{
    printf("usage: nioctl addr list [-4|-6] [dev IF] [--json]\n"
           "       nioctl addr show ADDR dev IF [--json]\n"
           "       nioctl addr add ADDR[/LEN] dev IF [nodad] [valid S] [preferred S]\n"
           "                       [skip-as-source] [--json]\n"
           "       nioctl addr set ADDR dev IF [valid S] [preferred S]\n"
           "                       [skip-as-source on|off] [--json]\n"
           "       nioctl addr del ADDR dev IF [--json]\n\n"
           "The unicast address rows: GetUnicastIpAddressTable, GetUnicastIpAddressEntry,\n"
           "InitializeUnicastIpAddressEntry + Create/Set/DeleteUnicastIpAddressEntry.\n"
           "ADDR is 198.18.1.2 or fd00:1::2; add takes /LEN (OnLinkPrefixLength; without\n"
           "it the address alone, /32 or /128).  IF is an index, a 0x<hex> LUID, a\n"
           "Windows-style name or the OS name, as for \"nioctl get\".  nodad: no duplicate\n"
           "address detection (DadState Preferred); valid, preferred: seconds or\n"
           "\"forever\" (valid alone sets both); skip-as-source: not chosen as a source\n"
           "(IPv6 only on Linux: the address is deprecated).  set changes only what is\n"
           "given.\n\n"
           "  -4, -6        list: one family\n"
           "  -j, --json    JSON: every field of MIB_UNICASTIPADDRESS_ROW\n"
           "  -h, --help    this text\n");
}

/* A name of the table, or the number when it has none. */
static void nioctl_addr_name(FILE *out, const char *(*names)(int64_t), int64_t v)
{
    const char *s = names(v);
    if (s != NULL)
        fputs(s, out);
    else
        fprintf(out, "%d", (int)v);
}

void nioctl_addr_line(FILE *out, const MIB_UNICASTIPADDRESS_ROW *r)
{
    char addr[NIOCTL_NAME_MAX], alias[NIOCTL_NAME_MAX];
    nioctl_addr_bare(&r->Address, addr, sizeof(addr));
    fprintf(out, "%s/%u", addr, (unsigned)r->OnLinkPrefixLength);
    /* The index when the alias is unknown: dev takes it back. */
    if (nioctl_alias(&r->InterfaceLuid, alias, sizeof(alias)))
        fprintf(out, " dev %s", alias);
    else
        fprintf(out, " dev %lu", (unsigned long)r->InterfaceIndex);
    if (r->ValidLifetime != NIOCTL_INFINITE)
        fprintf(out, " valid %lu", (unsigned long)r->ValidLifetime);
    if (r->PreferredLifetime != NIOCTL_INFINITE)
        fprintf(out, " preferred %lu", (unsigned long)r->PreferredLifetime);
    if (r->SkipAsSource)
        fputs(" skip-as-source", out);
    fputs(" dad ", out);
    nioctl_addr_name(out, nioctl_dad_state_name, r->DadState);
    fputs(" origin ", out);
    nioctl_addr_name(out, nioctl_prefix_origin_name, r->PrefixOrigin);
    fputc('/', out);
    nioctl_addr_name(out, nioctl_suffix_origin_name, r->SuffixOrigin);
}

/* The rows kept by the filter, to stdout. */
static void nioctl_addr_print_list(const MIB_UNICASTIPADDRESS_TABLE *t, const NET_LUID *dev,
                                   bool json)
{
    struct nioctl_json j;
    if (json) {
        nioctl_json_init(&j, stdout);
        nioctl_json_begin_array(&j, NULL);
    }
    for (ULONG i = 0; t != NULL && i < t->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &t->Table[i];
        if (dev != NULL && r->InterfaceLuid.Value != dev->Value)
            continue;
        if (json) {
            nioctl_print_row_json(&j, NULL, &nioctl_addr_table, r);
        } else {
            nioctl_addr_line(stdout, r);
            fputc('\n', stdout);
        }
    }
    if (json) {
        nioctl_json_end_array(&j);
        nioctl_json_finish(&j);
    }
}

int nioctl_addr_list(int argc, char **argv)
{
    struct nioctl_addr_args a = {.cmd = "addr list",
                                 .synopsis = "nioctl addr list [-4|-6] [dev IF] [--json]"};
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    NET_LUID dev;
    NETIO_STATUS st;
    int rc = nioctl_addr_parse(argc, argv, NIOCTL_AW_DEV_OPT | NIOCTL_AW_FAMILY, &a);
    if (rc != NIOCTL_EXIT_OK || a.o.help)
        goto out;
    if (a.dev != NULL && (rc = nioctl_addr_dev_luid(&a, &dev)) != NIOCTL_EXIT_OK)
        goto out;
    st = GetUnicastIpAddressTable(nioctl_opts_family(&a.o), &t);
    /* Windows answers ERROR_NOT_FOUND for a table without rows: print none. */
    if (st != NO_ERROR && st != ERROR_NOT_FOUND) {
        rc = nioctl_addr_fail(&a, st, NULL);
        goto out;
    }
    nioctl_addr_print_list(st == NO_ERROR ? t : NULL, a.dev ? &dev : NULL, a.o.json);
out:
    if (t != NULL)
        FreeMibTable(t);
    if (a.o.help)
        printf("usage: %s\n", a.synopsis);
    return rc;
}

/* ----------------------------------------------------------- dispatch */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} nioctl_addr_cmds[] = {
    {"list", nioctl_addr_list}, {"show", nioctl_addr_show}, {"add", nioctl_addr_add},
    {"set", nioctl_addr_set},   {"del", nioctl_addr_del},   {"delete", nioctl_addr_del},
};

int nioctl_cmd_addr(int argc, char **argv)
{
    if (argc < 2)
        return nioctl_usage_error("addr", "which command (list, show, add, set, del)?");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        nioctl_addr_usage();
        return NIOCTL_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(nioctl_addr_cmds) / sizeof(nioctl_addr_cmds[0]); i++)
        if (strcmp(argv[1], nioctl_addr_cmds[i].name) == 0)
            return nioctl_addr_cmds[i].run(argc - 1, argv + 1);
    return nioctl_usage_error("addr", "\"%s\" is no command (list, show, add, set, del)",
                              argv[1]);
}
