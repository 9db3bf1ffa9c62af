/*
 * cmd-ifrow.c - "nioctl link [<interface>] [--no-stats] [--json]": MIB_IF_ROW2
 * rows.  With an interface, every field of GetIfEntry2(Ex) as "Field: value"
 * lines or one JSON object; without, GetIfTable2(Ex) as a compact table
 * (state, speed, counters) or a JSON array of whole rows.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "nioctl.h"
#include "wstr.h"

static void nioctl_link_usage(void)
{
    printf("usage: nioctl link [<interface>] [--no-stats] [--json]\n\n"
           "Prints the link-layer row of one interface (GetIfEntry2) or of every\n"
           "interface (GetIfTable2): identity, state, speed and counters.\n"
           "<interface> is an index, a 0x<hex> LUID, a Windows-style name\n"
           "(\"ethernet_3\") or the OS name (\"eth0\"), as for \"nioctl get\".\n\n"
           "  --no-stats   leave the counters out (MibIfEntryNormalWithoutStatistics)\n"
           "  -j, --json   JSON: one object, or an array of every row\n"
           "  -h, --help   this text\n");
}

/* Speed in a word: "10G", "100M", "-" for none. */
static void nioctl_speed_word(ULONG64 bps, char *buf, size_t cap)
{
    if (bps == 0)
        snprintf(buf, cap, "-");
    else if (bps % 1000000000u == 0)
        snprintf(buf, cap, "%" PRIu64 "G", (uint64_t)(bps / 1000000000u));
    else if (bps % 1000000u == 0)
        snprintf(buf, cap, "%" PRIu64 "M", (uint64_t)(bps / 1000000u));
    else
        snprintf(buf, cap, "%" PRIu64, (uint64_t)bps);
}

static void nioctl_link_line(const MIB_IF_ROW2 *r)
{
    char alias[NIOCTL_NAME_MAX], speed[24];
    const char *oper = nioctl_oper_name(r->OperStatus);
    if (nio_utf16_to_utf8(r->Alias, alias, sizeof(alias)) < 0)
        snprintf(alias, sizeof(alias), "?");
    nioctl_speed_word(r->ReceiveLinkSpeed, speed, sizeof(speed));
    printf("%5lu %-15s %5lu %-14s %-4s %-12s %6s %6lu %14" PRIu64 " %10" PRIu64 " %14" PRIu64
           " %10" PRIu64 "\n",
           (unsigned long)r->InterfaceIndex, alias, (unsigned long)r->Type, oper ? oper : "?",
           r->AdminStatus == NET_IF_ADMIN_STATUS_UP ? "up" : "down",
           r->MediaConnectState == MediaConnectStateConnected ? "connected" : "disconnected",
           speed, (unsigned long)r->Mtu, (uint64_t)r->InOctets,
           (uint64_t)(r->InUcastPkts + r->InNUcastPkts), (uint64_t)r->OutOctets,
           (uint64_t)(r->OutUcastPkts + r->OutNUcastPkts));
}

/* ------------------------------------------------------------ command */
static int nioctl_link_one(const char *target, bool stats, bool json)
{
    MIB_IPINTERFACE_ROW key;
    MIB_IF_ROW2 row;
    NETIO_STATUS st;
    int rc;
    InitializeIpInterfaceEntry(&key);
    rc = nioctl_resolve_target("link", target, &key);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    memset(&row, 0, sizeof(row));
    row.InterfaceLuid = key.InterfaceLuid;
    row.InterfaceIndex = key.InterfaceIndex;
    st = nioctl_if_entry(stats, &row);
    if (st != NO_ERROR)
        return nioctl_fail(stats ? "GetIfEntry2" : "GetIfEntry2Ex", st);
    nioctl_print_row(&nioctl_link_table, &row, json);
    return NIOCTL_EXIT_OK;
}

static int nioctl_link_all(bool stats, bool json)
{
    PMIB_IF_TABLE2 t = NULL;
    NETIO_STATUS st = nioctl_if_table(stats, &t);
    if (st != NO_ERROR)
        return nioctl_fail(stats ? "GetIfTable2" : "GetIfTable2Ex", st);
    if (!json) {
        printf("%5s %-15s %5s %-14s %-4s %-12s %6s %6s %14s %10s %14s %10s\n", "INDEX", "ALIAS",
               "TYPE", "OPER", "ADM", "MEDIA", "SPEED", "MTU", "RX-BYTES", "RX-PKTS", "TX-BYTES",
               "TX-PKTS");
        for (ULONG i = 0; i < t->NumEntries; i++)
            nioctl_link_line(&t->Table[i]);
    } else {
        nioctl_print_rows_json(&nioctl_link_table, t->Table, sizeof(t->Table[0]), t->NumEntries);
    }
    FreeMibTable(t);
    return NIOCTL_EXIT_OK;
}

int nioctl_cmd_link(int argc, char **argv)
{
    struct nioctl_opts o;
    const char *target = NULL;
    bool stats = true;
    nioctl_opts_init(&o);
    for (int i = 1; i < argc; i++) {
        bool option = argv[i][0] == '-' && argv[i][1] != '\0';
        int r = option ? nioctl_common_opt(argc, argv, &i, &o) : NIOCTL_OPT_NONE;
        if (strcmp(argv[i], "--no-stats") == 0)
            stats = false;
        else if (r == NIOCTL_OPT_BAD)
            return nioctl_usage_error(argv[0], "%s", o.why);
        else if (option && r == NIOCTL_OPT_NONE)
            return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[i]);
        else if (!option && target == NULL)
            target = argv[i];
        else if (!option)
            return nioctl_usage_error(argv[0], "unexpected argument \"%s\"", argv[i]);
    }
    /* A link row has no family (given here or before the command). */
    if ((o.v4 || o.v6) && !o.help)
        return nioctl_usage_error(argv[0], "no family option here: a link has none");
    if (o.help) {
        nioctl_link_usage();
        return NIOCTL_EXIT_OK;
    }
    return target ? nioctl_link_one(target, stats, o.json) : nioctl_link_all(stats, o.json);
}
