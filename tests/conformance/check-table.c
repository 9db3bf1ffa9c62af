/* check-table.c - GetIpInterfaceTable: families, keys, and agreement with
 * GetIpInterfaceEntry row by row. */
#include "conformance.h"

/* Rows of one family (AF_UNSPEC: any); counts them into *n. */
static bool families_are(struct nc_ctx *c, ADDRESS_FAMILY family, ULONG *n)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    bool ok = true;
    if (!NC_CODE(c, GetIpInterfaceTable(family, &t), NO_ERROR))
        return false;
    *n = t->NumEntries;
    for (ULONG i = 0; i < t->NumEntries && ok; i++) {
        ADDRESS_FAMILY f = t->Table[i].Family;
        ok = family == AF_UNSPEC ? f == AF_INET || f == AF_INET6 : f == family;
        if (!ok)
            nc_fail(c, "GetIpInterfaceTable(%u): row %lu has Family %u", (unsigned)family,
                    (unsigned long)i, (unsigned)f);
        for (ULONG j = 0; j < i && ok; j++)
            if (t->Table[j].Family == f &&
                t->Table[j].InterfaceLuid.Value == t->Table[i].InterfaceLuid.Value) {
                nc_fail(c, "GetIpInterfaceTable(%u): rows %lu and %lu have one key",
                        (unsigned)family, (unsigned long)j, (unsigned long)i);
                ok = false;
            }
    }
    FreeMibTable(t);
    return ok;
}

static void families(struct nc_ctx *c)
{
    ULONG all = 0, v4 = 0, v6 = 0;
    if (families_are(c, AF_UNSPEC, &all) && families_are(c, AF_INET, &v4) &&
        families_are(c, AF_INET6, &v6))
        NC_TRUE(c, all == v4 + v6, "AF_UNSPEC gives %lu rows, AF_INET %lu and AF_INET6 %lu",
                (unsigned long)all, (unsigned long)v4, (unsigned long)v6);
}

static void matches_entry(struct nc_ctx *c)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    if (!NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, &t), NO_ERROR))
        return;
    for (ULONG i = 0; i < t->NumEntries; i++) {
        MIB_IPINTERFACE_ROW row;
        char what[64];
        memset(&row, 0, sizeof(row));
        row.Family = t->Table[i].Family;
        row.InterfaceLuid = t->Table[i].InterfaceLuid;
        snprintf(what, sizeof(what), "row %lu (family %u, index %lu)", (unsigned long)i,
                 (unsigned)row.Family, (unsigned long)t->Table[i].InterfaceIndex);
        if (NC_CODE(c, GetIpInterfaceEntry(&row), NO_ERROR))
            nc_rows_agree(c, &t->Table[i], &row, what);
    }
    FreeMibTable(t);
}

const struct nc_check nc_checks_table[] = {
    {"table.families", families, NC_NEED_TABLE, NC_MS("getipinterfacetable"),
     "GetIpInterfaceTable: AF_INET and AF_INET6 give only their family, AF_UNSPEC both; one "
     "row per interface and family"},
    {"table.matches-entry", matches_entry, NC_NEED_TABLE | NC_NEED_ENTRY,
     NC_MS("getipinterfacetable") " (the rows GetIpInterfaceEntry reads)",
     "every row of the table equals GetIpInterfaceEntry of its key (fields that do not change "
     "by themselves)"},
    {NULL, NULL, 0, NULL, NULL},
};
