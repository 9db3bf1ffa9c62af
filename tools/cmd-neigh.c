/*
 * cmd-neigh.c - "nioctl neigh": the neighbour rows (MIB_IPNET_ROW2) in
 * ip-neigh(8)'s words:
 *   neigh list [-4|-6] [dev IF]                 GetIpNetTable2
 *   neigh show ADDR dev IF                      GetIpNetEntry2
 *   neigh add  ADDR lladdr LL dev IF [nud S] [router]   CreateIpNetEntry2
 *   neigh set  ADDR dev IF [lladdr LL] [nud S] [router|norouter]
 *                                               Get, the values given, Set
 *   neigh del  ADDR dev IF                      DeleteIpNetEntry2
 *   neigh flush [-4|-6] [dev IF]                FlushIpNetTable2
 *   neigh resolve ADDR dev IF [from SRC]        ResolveIpNetEntry2
 * Rows are built from zero, the way ported programs build them (ZeroTier's
 * permanent gateway neighbour); show and --json print every field
 * (neigh-fields.c).
 */
#include "nioctl-neigh.h"

#define NIOCTL_KEY_SYNOPSIS "ADDR dev IF [--json]"

static void nioctl_neigh_usage(void)
{
    printf("usage: nioctl neigh list [-4|-6] [dev IF] [--json]\n"
           "       nioctl neigh show ADDR dev IF [--json]\n"
           "       nioctl neigh add ADDR lladdr LLADDR dev IF [nud STATE] [router] [--json]\n"
           "       nioctl neigh set ADDR dev IF [lladdr LLADDR] [nud STATE] [router|norouter]\n"
           "                        [--json]\n"
           "       nioctl neigh del ADDR dev IF [--json]\n"
           "       nioctl neigh flush [-4|-6] [dev IF] [--json]\n"
           "       nioctl neigh resolve ADDR dev IF [from SRC] [--json]\n\n"
           "The neighbour rows: GetIpNetTable2, GetIpNetEntry2, Create/Set/DeleteIpNetEntry2,\n"
           "FlushIpNetTable2, ResolveIpNetEntry2.  ADDR is 198.18.1.2 or fd00:1::2; LLADDR\n"
           "02:00:5e:00:53:01; IF an index, a 0x<hex> LUID, a Windows-style name or the OS\n"
           "name, as for \"nioctl get\".  STATE: permanent (add's default), reachable,\n"
           "stale, delay, probe.  set changes only what is given.  flush removes what the\n"
           "OS resolved itself; permanent entries stay.  resolve solicits ADDR (ARP,\n"
           "neighbour discovery) and waits for the answer, from SRC when given.\n\n"
           "  -4, -6        list, flush: one family\n"
           "  -j, --json    JSON: every field of MIB_IPNET_ROW2 (flush: the rows removed)\n"
           "  -h, --help    this text\n");
}

/* ip-neigh(8)'s state words, for the line. */
static const char *nioctl_neigh_nud_word(NL_NEIGHBOR_STATE s)
{
    static const char *const words[] = {"FAILED", "INCOMPLETE", "PROBE",    "DELAY",
                                        "STALE",  "REACHABLE",  "PERMANENT"};
    return (int)s >= 0 && (int)s <= 6 ? words[s] : "?";
}

static void nioctl_neigh_lladdr(FILE *out, const MIB_IPNET_ROW2 *r)
{
    if (r->PhysicalAddressLength == 0)
        return;
    fputs(" lladdr ", out);
    for (ULONG i = 0; i < r->PhysicalAddressLength && i < IF_MAX_PHYS_ADDRESS_LENGTH; i++)
        fprintf(out, i ? ":%02x" : "%02x", r->PhysicalAddress[i]);
}

void nioctl_neigh_line(FILE *out, const MIB_IPNET_ROW2 *r)
{
    char addr[NIOCTL_NAME_MAX], alias[NIOCTL_NAME_MAX];
    nioctl_addr_bare(&r->Address, addr, sizeof(addr));
    fputs(addr, out);
    /* The index when the alias is unknown: dev takes it back. */
    if (nioctl_alias(&r->InterfaceLuid, alias, sizeof(alias)))
        fprintf(out, " dev %s", alias);
    else
        fprintf(out, " dev %lu", (unsigned long)r->InterfaceIndex);
    nioctl_neigh_lladdr(out, r);
    if (r->IsRouter)
        fputs(" router", out);
    fprintf(out, " %s", nioctl_neigh_nud_word(r->State));
}

/* ------------------------------------------------------------- list */
/* The rows of t on index (0: all), to stdout, as lines or a JSON array. */
static void nioctl_neigh_print_list(const MIB_IPNET_TABLE2 *t, NET_IFINDEX index, bool json)
{
    struct nioctl_json j;
    if (json) {
        nioctl_json_init(&j, stdout);
        nioctl_json_begin_array(&j, NULL);
    }
    for (ULONG i = 0; t != NULL && i < t->NumEntries; i++) {
        const MIB_IPNET_ROW2 *r = &t->Table[i];
        if (index != 0 && r->InterfaceIndex != index)
            continue;
        if (json) {
            nioctl_print_row_json(&j, NULL, &nioctl_neigh_table, r);
        } else {
            nioctl_neigh_line(stdout, r);
            fputc('\n', stdout);
        }
    }
    if (json) {
        nioctl_json_end_array(&j);
        nioctl_json_finish(&j);
    }
}

/* GetIpNetTable2, ERROR_NOT_FOUND (Windows' answer for no neighbour) as
 * *t NULL. */
static int nioctl_neigh_table_of(const struct nioctl_neigh_args *a, PMIB_IPNET_TABLE2 *t)
{
    NETIO_STATUS st = GetIpNetTable2(nioctl_opts_family(&a->o), t);
    if (st == ERROR_NOT_FOUND)
        *t = NULL;
    else if (st != NO_ERROR)
        return nioctl_neigh_fail(a, st, NULL);
    return NIOCTL_EXIT_OK;
}

int nioctl_neigh_list(int argc, char **argv)
{
    struct nioctl_neigh_args a = {.cmd = "neigh list",
                                  .synopsis = "nioctl neigh list [-4|-6] [dev IF] [--json]"};
    PMIB_IPNET_TABLE2 t = NULL;
    NET_IFINDEX index = 0;
    int rc = nioctl_neigh_parse(argc, argv, NIOCTL_NW_DEV_OPT | NIOCTL_NW_FAMILY, &a);
    if (rc != NIOCTL_EXIT_OK || a.o.help)
        goto out;
    if (a.dev != NULL && (rc = nioctl_neigh_dev_index(&a, &index)) != NIOCTL_EXIT_OK)
        goto out;
    if ((rc = nioctl_neigh_table_of(&a, &t)) == NIOCTL_EXIT_OK)
        nioctl_neigh_print_list(t, index, a.o.json);
out:
    if (t != NULL)
        FreeMibTable(t);
    if (a.o.help)
        printf("usage: %s\n", a.synopsis);
    return rc;
}

/* ------------------------------------------------------------ flush */
static bool nioctl_neigh_same_key(const MIB_IPNET_ROW2 *x, const MIB_IPNET_ROW2 *y)
{
    size_t n = x->Address.si_family == AF_INET6 ? sizeof(x->Address.Ipv6.sin6_addr) : 4;
    const void *ax = x->Address.si_family == AF_INET6 ? (const void *)&x->Address.Ipv6.sin6_addr
                                                      : (const void *)&x->Address.Ipv4.sin_addr;
    const void *ay = y->Address.si_family == AF_INET6 ? (const void *)&y->Address.Ipv6.sin6_addr
                                                      : (const void *)&y->Address.Ipv4.sin_addr;
    return x->InterfaceIndex == y->InterfaceIndex &&
           x->Address.si_family == y->Address.si_family && memcmp(ax, ay, n) == 0;
}

static bool nioctl_neigh_in(const MIB_IPNET_TABLE2 *t, const MIB_IPNET_ROW2 *r)
{
    for (ULONG i = 0; t != NULL && i < t->NumEntries; i++)
        if (nioctl_neigh_same_key(&t->Table[i], r))
            return true;
    return false;
}

/* --json: the rows of `before` on index that `after` lacks. */
static void nioctl_neigh_print_gone(const MIB_IPNET_TABLE2 *before, const MIB_IPNET_TABLE2 *after,
                                    NET_IFINDEX index)
{
    struct nioctl_json j;
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_array(&j, NULL);
    for (ULONG i = 0; before != NULL && i < before->NumEntries; i++) {
        const MIB_IPNET_ROW2 *r = &before->Table[i];
        if ((index == 0 || r->InterfaceIndex == index) && !nioctl_neigh_in(after, r))
            nioctl_print_row_json(&j, NULL, &nioctl_neigh_table, r);
    }
    nioctl_json_end_array(&j);
    nioctl_json_finish(&j);
}

/* The flush itself; with --json the tables before and after it. */
static int nioctl_neigh_flush_run(const struct nioctl_neigh_args *a, NET_IFINDEX index,
                                  PMIB_IPNET_TABLE2 *before, PMIB_IPNET_TABLE2 *after)
{
    NETIO_STATUS st;
    int rc;
    if (a->o.json && (rc = nioctl_neigh_table_of(a, before)) != NIOCTL_EXIT_OK)
        return rc;
    st = FlushIpNetTable2(nioctl_opts_family(&a->o), index);
    if (st != NO_ERROR)
        return nioctl_neigh_fail(a, st, NULL);
    return a->o.json ? nioctl_neigh_table_of(a, after) : NIOCTL_EXIT_OK;
}

int nioctl_neigh_flush(int argc, char **argv)
{
    struct nioctl_neigh_args a = {.cmd = "neigh flush",
                                  .synopsis = "nioctl neigh flush [-4|-6] [dev IF] [--json]"};
    PMIB_IPNET_TABLE2 before = NULL, after = NULL;
    NET_IFINDEX index = 0;
    int rc = nioctl_neigh_parse(argc, argv, NIOCTL_NW_DEV_OPT | NIOCTL_NW_FAMILY, &a);
    if (rc != NIOCTL_EXIT_OK || a.o.help)
        goto out;
    if (a.dev != NULL && (rc = nioctl_neigh_dev_index(&a, &index)) != NIOCTL_EXIT_OK)
        goto out;
    rc = nioctl_neigh_flush_run(&a, index, &before, &after);
    if (rc == NIOCTL_EXIT_OK && a.o.json)
        nioctl_neigh_print_gone(before, after, index);
out:
    if (before != NULL)
        FreeMibTable(before);
    if (after != NULL)
        FreeMibTable(after);
    if (a.o.help)
        printf("usage: %s\n", a.synopsis);
    return rc;
}

/* ----------------------------------------------------- one neighbour */
/* Parses a command that names one neighbour; *rc is the exit code when it
 * returns false (--help included). */
static bool nioctl_neigh_keyed(int argc, char **argv, unsigned words,
                               struct nioctl_neigh_args *a, MIB_IPNET_ROW2 *row, int *rc)
{
    *rc = nioctl_neigh_parse(argc, argv, NIOCTL_NW_ADDR | NIOCTL_NW_DEV | words, a);
    if (*rc == NIOCTL_EXIT_OK && a->o.help) {
        printf("usage: %s\n", a->synopsis);
        return false;
    }
    if (*rc == NIOCTL_EXIT_OK)
        *rc = nioctl_neigh_key(a, row);
    return *rc == NIOCTL_EXIT_OK;
}

/* The row with the key, read back: Field: value lines or a JSON object. */
static int nioctl_neigh_print_entry(const struct nioctl_neigh_args *a, MIB_IPNET_ROW2 *row)
{
    NETIO_STATUS st = GetIpNetEntry2(row);
    if (st != NO_ERROR)
        return nioctl_neigh_fail(a, st, NULL);
    nioctl_print_row(&nioctl_neigh_table, row, a->o.json);
    return NIOCTL_EXIT_OK;
}

int nioctl_neigh_show(int argc, char **argv)
{
    struct nioctl_neigh_args a = {.cmd = "neigh show",
                                  .synopsis = "nioctl neigh show " NIOCTL_KEY_SYNOPSIS};
    MIB_IPNET_ROW2 row;
    int rc;
    if (!nioctl_neigh_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    return nioctl_neigh_print_entry(&a, &row);
}

/* The values given over the row: the link-layer address, the state, the
 * router flag. */
static void nioctl_neigh_values(const struct nioctl_neigh_args *a, MIB_IPNET_ROW2 *row)
{
    if (a->has_lladdr) {
        memcpy(row->PhysicalAddress, a->lladdr, a->lladdr_len);
        row->PhysicalAddressLength = a->lladdr_len;
    }
    if (a->has_nud)
        row->State = a->nud;
    if (a->router)
        row->IsRouter = TRUE;
    if (a->norouter)
        row->IsRouter = FALSE;
}

int nioctl_neigh_add(int argc, char **argv)
{
    struct nioctl_neigh_args a = {
        .cmd = "neigh add",
        .synopsis = "nioctl neigh add ADDR lladdr LLADDR dev IF [nud STATE] [router] [--json]"};
    MIB_IPNET_ROW2 row;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_neigh_keyed(argc, argv, NIOCTL_NW_LLADDR | NIOCTL_NW_NUD, &a, &row, &rc))
        return rc;
    if (!a.has_lladdr)
        return nioctl_neigh_usage_error(&a, "\"lladdr LLADDR\" is required");
    /* ip neigh add's default: a permanent entry. */
    row.State = NlnsPermanent;
    nioctl_neigh_values(&a, &row);
    st = CreateIpNetEntry2(&row);
    if (st != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    return a.o.json ? nioctl_neigh_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

int nioctl_neigh_set(int argc, char **argv)
{
    struct nioctl_neigh_args a = {
        .cmd = "neigh set",
        .synopsis = "nioctl neigh set ADDR dev IF [lladdr LLADDR] [nud STATE] "
                    "[router|norouter] [--json]"};
    MIB_IPNET_ROW2 row;
    NETIO_STATUS st;
    int rc;
    unsigned words = NIOCTL_NW_LLADDR | NIOCTL_NW_NUD | NIOCTL_NW_NOROUTER;
    if (!nioctl_neigh_keyed(argc, argv, words, &a, &row, &rc))
        return rc;
    if (!a.has_lladdr && !a.has_nud && !a.router && !a.norouter)
        return nioctl_neigh_usage_error(&a, "nothing to set (lladdr, nud, router or norouter)");
    /* SetIpNetEntry2 writes the address, state and flag of every row it
     * gets: read first, so that what is not given stays. */
    if ((st = GetIpNetEntry2(&row)) != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    nioctl_neigh_values(&a, &row);
    if ((st = SetIpNetEntry2(&row)) != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    return a.o.json ? nioctl_neigh_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

int nioctl_neigh_del(int argc, char **argv)
{
    struct nioctl_neigh_args a = {.cmd = "neigh del",
                                  .synopsis = "nioctl neigh del " NIOCTL_KEY_SYNOPSIS};
    MIB_IPNET_ROW2 row, was;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_neigh_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    /* --json prints the row as it was, so it is read first. */
    was = row;
    if (a.o.json && (st = GetIpNetEntry2(&was)) != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    if ((st = DeleteIpNetEntry2(&row)) != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    if (a.o.json)
        nioctl_print_row(&nioctl_neigh_table, &was, true);
    return NIOCTL_EXIT_OK;
}

int nioctl_neigh_resolve(int argc, char **argv)
{
    struct nioctl_neigh_args a = {
        .cmd = "neigh resolve",
        .synopsis = "nioctl neigh resolve ADDR dev IF [from SRC] [--json]"};
    MIB_IPNET_ROW2 row;
    SOCKADDR_INET src;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_neigh_keyed(argc, argv, NIOCTL_NW_FROM, &a, &row, &rc))
        return rc;
    if (a.from != NULL && (rc = nioctl_neigh_source(&a, &src)) != NIOCTL_EXIT_OK)
        return rc;
    st = ResolveIpNetEntry2(&row, a.from != NULL ? &src : NULL);
    if (st != NO_ERROR)
        return nioctl_neigh_fail(&a, st, NULL);
    /* The row as the call left it: what was resolved. */
    if (a.o.json) {
        nioctl_print_row(&nioctl_neigh_table, &row, true);
    } else {
        nioctl_neigh_line(stdout, &row);
        fputc('\n', stdout);
    }
    return NIOCTL_EXIT_OK;
}

/* ----------------------------------------------------------- dispatch */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} nioctl_neigh_cmds[] = {
    {"list", nioctl_neigh_list},   {"show", nioctl_neigh_show},
    {"add", nioctl_neigh_add},     {"set", nioctl_neigh_set},
    {"del", nioctl_neigh_del},     {"delete", nioctl_neigh_del},
    {"flush", nioctl_neigh_flush}, {"resolve", nioctl_neigh_resolve},
};

int nioctl_cmd_neigh(int argc, char **argv)
{
    if (argc < 2)
        return nioctl_usage_error("neigh",
                                  "which command (list, show, add, set, del, flush, resolve)?");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        nioctl_neigh_usage();
        return NIOCTL_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(nioctl_neigh_cmds) / sizeof(nioctl_neigh_cmds[0]); i++)
        if (strcmp(argv[1], nioctl_neigh_cmds[i].name) == 0)
            return nioctl_neigh_cmds[i].run(argc - 1, argv + 1);
    return nioctl_usage_error("neigh",
                              "\"%s\" is no command (list, show, add, set, del, flush, resolve)",
                              argv[1]);
}
