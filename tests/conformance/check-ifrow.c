/* check-ifrow.c - MIB_IF_ROW2: GetIfEntry2(Ex) and GetIfTable2(Ex) codes,
 * lookup, agreement between the table and single reads, with the
 * conversion functions and with the IP interface row. */
#include "conformance.h"

/* GetIfEntry2 of a zeroed row with one key. */
static DWORD read_by(MIB_IF_ROW2 *row, NET_LUID luid, NET_IFINDEX index)
{
    memset(row, 0, sizeof(*row));
    row->InterfaceLuid = luid;
    row->InterfaceIndex = index;
    return GetIfEntry2(row);
}

/* The fields that name an interface and do not change by themselves. */
static bool same_identity(struct nc_ctx *c, const MIB_IF_ROW2 *a, const MIB_IF_ROW2 *b,
                          const char *what)
{
    char x[IF_MAX_STRING_SIZE + 1], y[IF_MAX_STRING_SIZE + 1];
    if (a->InterfaceLuid.Value != b->InterfaceLuid.Value || a->InterfaceIndex != b->InterfaceIndex) {
        nc_fail(c, "%s: LUID 0x%llx index %lu vs LUID 0x%llx index %lu", what,
                (unsigned long long)a->InterfaceLuid.Value, (unsigned long)a->InterfaceIndex,
                (unsigned long long)b->InterfaceLuid.Value, (unsigned long)b->InterfaceIndex);
        return false;
    }
    if (a->Type != b->Type || a->Mtu != b->Mtu) {
        nc_fail(c, "%s: Type %lu Mtu %lu vs Type %lu Mtu %lu", what, (unsigned long)a->Type,
                (unsigned long)a->Mtu, (unsigned long)b->Type, (unsigned long)b->Mtu);
        return false;
    }
    if (nc_wcscmp(a->Alias, b->Alias) != 0) {
        nc_wcs_to(x, sizeof(x), a->Alias);
        nc_wcs_to(y, sizeof(y), b->Alias);
        nc_fail(c, "%s: Alias \"%s\" vs \"%s\"", what, x, y);
        return false;
    }
    if (a->PhysicalAddressLength != b->PhysicalAddressLength ||
        a->PhysicalAddressLength > IF_MAX_PHYS_ADDRESS_LENGTH ||
        memcmp(a->PhysicalAddress, b->PhysicalAddress, a->PhysicalAddressLength) != 0) {
        nc_fail(c, "%s: PhysicalAddress differs (lengths %lu and %lu)", what,
                (unsigned long)a->PhysicalAddressLength, (unsigned long)b->PhysicalAddressLength);
        return false;
    }
    return true;
}

static void entry_args(struct nc_ctx *c)
{
    MIB_IF_ROW2 row;
    NET_LUID zero = {0};
    NC_CODE(c, GetIfEntry2(NULL), ERROR_INVALID_PARAMETER);
    nc_expect_code(c, read_by(&row, zero, 0), ERROR_INVALID_PARAMETER,
                   "GetIfEntry2(neither LUID nor index)");
    nc_expect_code(c, read_by(&row, zero, c->env->bogus_index), ERROR_FILE_NOT_FOUND,
                   "GetIfEntry2(an index no interface has)");
    nc_expect_code(c, read_by(&row, c->env->bogus_luid, 0), ERROR_FILE_NOT_FOUND,
                   "GetIfEntry2(a LUID no interface has)");
}

static void entry_lookup(struct nc_ctx *c)
{
    NET_LUID zero = {0};
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        MIB_IF_ROW2 by_index, by_luid;
        char what[96];
        snprintf(what, sizeof(what), "GetIfEntry2(index %lu)", (unsigned long)f->index);
        if (!nc_expect_code(c, read_by(&by_index, zero, f->index), NO_ERROR, what))
            continue;
        NC_TRUE(c, by_index.InterfaceIndex == f->index &&
                       by_index.InterfaceLuid.Value == f->luid.Value,
                "%s: index %lu, LUID 0x%llx; want index %lu, LUID 0x%llx (filled in)", what,
                (unsigned long)by_index.InterfaceIndex,
                (unsigned long long)by_index.InterfaceLuid.Value, (unsigned long)f->index,
                (unsigned long long)f->luid.Value);
        NC_TRUE(c, by_index.InterfaceLuid.Info.IfType == by_index.Type,
                "%s: Type %lu but the LUID's IfType %u", what, (unsigned long)by_index.Type,
                (unsigned)by_index.InterfaceLuid.Info.IfType);
        snprintf(what, sizeof(what), "GetIfEntry2(LUID 0x%llx)", (unsigned long long)f->luid.Value);
        if (nc_expect_code(c, read_by(&by_luid, f->luid, 0), NO_ERROR, what))
            same_identity(c, &by_index, &by_luid, "by index vs by LUID");
        /* The LUID wins over a valid index. */
        nc_expect_code(c, read_by(&by_luid, c->env->bogus_luid, f->index), ERROR_FILE_NOT_FOUND,
                       "GetIfEntry2(a LUID no interface has, a valid index)");
    }
}

static void conversions(struct nc_ctx *c)
{
    NET_LUID zero = {0};
    for (size_t i = 0; i < c->env->n_ifaces; i++) {
        const struct nc_iface *f = &c->env->ifaces[i];
        WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
        char x[IF_MAX_STRING_SIZE + 1], y[IF_MAX_STRING_SIZE + 1];
        MIB_IF_ROW2 row;
        GUID guid;
        if (!nc_expect_code(c, read_by(&row, zero, f->index), NO_ERROR, "GetIfEntry2(index)"))
            continue;
        if (NC_CODE(c, ConvertInterfaceLuidToGuid(&row.InterfaceLuid, &guid), NO_ERROR))
            NC_TRUE(c, memcmp(&guid, &row.InterfaceGuid, sizeof(guid)) == 0,
                    "index %lu: InterfaceGuid is not ConvertInterfaceLuidToGuid's",
                    (unsigned long)f->index);
        if (NC_CODE(c, ConvertInterfaceLuidToAlias(&row.InterfaceLuid, alias,
                                                   NDIS_IF_MAX_STRING_SIZE + 1),
                    NO_ERROR) &&
            nc_wcscmp(alias, row.Alias) != 0) {
            nc_wcs_to(x, sizeof(x), row.Alias);
            nc_wcs_to(y, sizeof(y), alias);
            nc_fail(c, "index %lu: Alias \"%s\", ConvertInterfaceLuidToAlias \"%s\"",
                    (unsigned long)f->index, x, y);
        }
    }
}

static void entry_ex(struct nc_ctx *c)
{
    NET_LUID zero = {0};
    const struct nc_iface *f = &c->env->ifaces[0];
    MIB_IF_ROW2 plain, ex;
    NC_CODE(c, GetIfEntry2Ex(NC_IF_ENTRY_NORMAL, NULL), ERROR_INVALID_PARAMETER);
    memset(&ex, 0, sizeof(ex));
    nc_expect_code(c, GetIfEntry2Ex(NC_IF_ENTRY_NO_STATISTICS, &ex), ERROR_INVALID_PARAMETER,
                   "GetIfEntry2Ex(MibIfEntryNormalWithoutStatistics, neither LUID nor index)");
    if (!nc_expect_code(c, read_by(&plain, zero, f->index), NO_ERROR, "GetIfEntry2(index)"))
        return;
    memset(&ex, 0, sizeof(ex));
    ex.InterfaceIndex = f->index;
    if (nc_expect_code(c, GetIfEntry2Ex(NC_IF_ENTRY_NO_STATISTICS, &ex), NO_ERROR,
                       "GetIfEntry2Ex(MibIfEntryNormalWithoutStatistics, index)"))
        same_identity(c, &plain, &ex, "GetIfEntry2 vs GetIfEntry2Ex(without statistics)");
    memset(&ex, 0, sizeof(ex));
    ex.InterfaceIndex = f->index;
    if (nc_expect_code(c, GetIfEntry2Ex(NC_IF_ENTRY_NORMAL, &ex), NO_ERROR,
                       "GetIfEntry2Ex(MibIfEntryNormal, index)"))
        same_identity(c, &plain, &ex, "GetIfEntry2 vs GetIfEntry2Ex(normal)");
}

static void table_levels(struct nc_ctx *c)
{
    static const struct {
        int level;
        const char *name;
    } ok[] = {{MibIfTableNormal, "GetIfTable2Ex(MibIfTableNormal)"},
              {MibIfTableRaw, "GetIfTable2Ex(MibIfTableRaw)"}};
    PMIB_IF_TABLE2 t;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        t = NULL;
        if (nc_expect_code(c, GetIfTable2Ex((MIB_IF_TABLE_LEVEL)ok[i].level, &t), NO_ERROR,
                           ok[i].name))
            NC_TRUE(c, t != NULL && t->NumEntries > 0, "%s: no table, or an empty one",
                    ok[i].name);
        FreeMibTable(t);
    }
    t = NULL;
    NC_CODE(c, GetIfTable2Ex((MIB_IF_TABLE_LEVEL)3, &t), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, t == NULL, "GetIfTable2Ex(3) set the table pointer");
    FreeMibTable(t);
}

static void table_matches_entry(struct nc_ctx *c)
{
    PMIB_IF_TABLE2 t = NULL;
    if (!NC_CODE(c, GetIfTable2(&t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IF_ROW2 row;
        char what[64];
        snprintf(what, sizeof(what), "table row %lu (index %lu) vs GetIfEntry2",
                 (unsigned long)i, (unsigned long)t->Table[i].InterfaceIndex);
        for (ULONG j = 0; j < i; j++)
            NC_TRUE(c, t->Table[j].InterfaceLuid.Value != t->Table[i].InterfaceLuid.Value,
                    "table rows %lu and %lu have one LUID", (unsigned long)j, (unsigned long)i);
        if (nc_expect_code(c, read_by(&row, t->Table[i].InterfaceLuid, 0), NO_ERROR,
                           "GetIfEntry2(LUID of a table row)"))
            same_identity(c, &t->Table[i], &row, what);
    }
    FreeMibTable(t);
}

/* MediaConnectState and the IP row's Connected: one fact. */
static void connected(struct nc_ctx *c)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    NET_LUID zero = {0};
    if (!NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries; i++) {
        const MIB_IPINTERFACE_ROW *ip = &t->Table[i];
        MIB_IF_ROW2 row;
        if (!nc_expect_code(c, read_by(&row, zero, ip->InterfaceIndex), NO_ERROR,
                            "GetIfEntry2(index of an IP row)"))
            continue;
        NC_TRUE(c, (row.MediaConnectState == MediaConnectStateConnected) == !!ip->Connected,
                "index %lu, family %u: Connected %u but MediaConnectState %d",
                (unsigned long)ip->InterfaceIndex, (unsigned)ip->Family, (unsigned)ip->Connected,
                (int)row.MediaConnectState);
    }
    FreeMibTable(t);
}

static void loopback(struct nc_ctx *c)
{
    MIB_IF_ROW2 row;
    NET_LUID zero = {0};
    if (!nc_expect_code(c, read_by(&row, zero, c->env->loopback), NO_ERROR,
                        "GetIfEntry2(loopback index)"))
        return;
    NC_TRUE(c, row.Type == IF_TYPE_SOFTWARE_LOOPBACK, "loopback: Type %lu, want 24",
            (unsigned long)row.Type);
    NC_TRUE(c, row.InterfaceLuid.Info.IfType == IF_TYPE_SOFTWARE_LOOPBACK,
            "loopback: LUID 0x%llx, IfType %u, want 24",
            (unsigned long long)row.InterfaceLuid.Value, (unsigned)row.InterfaceLuid.Info.IfType);
}

const struct nc_check nc_checks_ifrow[] = {
    {"ifrow.entry-args", entry_args, 0,
     NC_WINE_TESTS " (NULL, zeroed row); " NC_MS("getifentry2") " (ERROR_FILE_NOT_FOUND)",
     "GetIfEntry2: NULL -> 87; neither LUID nor index -> 87; an index or a LUID no interface "
     "has -> 2"},
    {"ifrow.entry-lookup", entry_lookup, NC_NEED_IFACES,
     NC_WINE_TESTS " (by index); " NC_MS("getifentry2") " (LUID first, then index)",
     "every interface: GetIfEntry2 by index alone -> 0, index kept, LUID filled in, Type is "
     "the LUID's IfType; by LUID alone the same row; a bogus LUID with a valid index -> 2"},
    {"ifrow.conversions", conversions, NC_NEED_IFACES,
     "https://learn.microsoft.com/en-us/windows/win32/api/netioapi/ns-netioapi-mib_if_row2 "
     "(InterfaceGuid, Alias)",
     "every interface: InterfaceGuid is ConvertInterfaceLuidToGuid's, Alias is "
     "ConvertInterfaceLuidToAlias's"},
    {"ifrow.entry-ex", entry_ex, NC_NEED_IFACES | NC_NEED_ENTRY2EX, NC_MS("getifentry2ex"),
     "GetIfEntry2Ex: NULL -> 87; no key -> 87; MibIfEntryNormal and "
     "MibIfEntryNormalWithoutStatistics by index -> 0, the row GetIfEntry2 reads"},
    {"ifrow.table-levels", table_levels, 0, NC_WINE_TESTS,
     "GetIfTable2Ex: MibIfTableNormal and MibIfTableRaw -> 0 and a table; level 3 -> 87, no "
     "table"},
    {"ifrow.table-matches-entry", table_matches_entry, 0, NC_MS("getiftable2"),
     "GetIfTable2: one row per LUID; every row equals GetIfEntry2 of its LUID on LUID, index, "
     "Type, Alias, PhysicalAddress, Mtu"},
    {"ifrow.connected", connected, NC_NEED_TABLE,
     "https://learn.microsoft.com/en-us/windows/win32/api/netioapi/ns-netioapi-mib_ipinterface_row "
     "(Connected) and ns-netioapi-mib_if_row2 (MediaConnectState); docs/ifrow.md",
     "every IP row: Connected is TRUE exactly when GetIfEntry2's MediaConnectState is "
     "MediaConnectStateConnected"},
    {"ifrow.loopback", loopback, NC_NEED_LOOPBACK,
     "observed on Windows and Wine: the loopback interface is IF_TYPE_SOFTWARE_LOOPBACK (24)",
     "GetIfEntry2(loopback): Type 24, the LUID's IfType 24"},
    {NULL, NULL, 0, NULL, NULL},
};
