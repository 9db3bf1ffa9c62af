/* check-args.c - argument validation: the code each function answers for a
 * NULL pointer, a bad family, a missing key, an unknown interface, a short
 * buffer (docs/status-codes.md, per function). */
#include "conformance.h"

#define NC_NOT_A_FAMILY ((ADDRESS_FAMILY)0x7FFF)

/* The first interface of the list: a real LUID and index. */
static const struct nc_iface *nc_some(const struct nc_ctx *c)
{
    return &c->env->ifaces[0];
}

static void get_entry(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    NC_CODE(c, GetIpInterfaceEntry(NULL), ERROR_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_UNSPEC;
    row.InterfaceIndex = nc_some(c)->index;
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    row.Family = NC_NOT_A_FAMILY;
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET; /* neither LUID nor index */
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_INVALID_PARAMETER);
}

static void get_entry_unknown(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->bogus_index;
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET6;
    row.InterfaceLuid = c->env->bogus_luid;
    NC_CODE(c, GetIpInterfaceEntry(&row), ERROR_NOT_FOUND);
}

static void get_table(struct nc_ctx *c)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, GetIpInterfaceTable(AF_INET, NULL), ERROR_INVALID_PARAMETER);
    if (!NC_CODE(c, GetIpInterfaceTable(NC_NOT_A_FAMILY, &t), ERROR_INVALID_PARAMETER))
        FreeMibTable(t);
}

static void index_to_luid(struct nc_ctx *c)
{
    NET_LUID luid;
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, NULL), ERROR_INVALID_PARAMETER);
    memset(&luid, 0xFF, sizeof(luid));
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, &luid), ERROR_FILE_NOT_FOUND);
    NC_TRUE(c, luid.Value == 0, "ConvertInterfaceIndexToLuid(0) left the LUID %llx, want 0",
            (unsigned long long)luid.Value);
    memset(&luid, 0xFF, sizeof(luid));
    NC_CODE(c, ConvertInterfaceIndexToLuid((NET_IFINDEX)-1, &luid), ERROR_FILE_NOT_FOUND);
}

static void luid_to_index(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    NET_IFINDEX index;
    NC_CODE(c, ConvertInterfaceLuidToIndex(NULL, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToIndex(NULL, &index), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToIndex(&luid, NULL), ERROR_INVALID_PARAMETER);
    luid.Value = (ULONG64)-1;
    index = (NET_IFINDEX)-1;
    NC_CODE(c, ConvertInterfaceLuidToIndex(&luid, &index), ERROR_FILE_NOT_FOUND);
    NC_TRUE(c, index == 0, "ConvertInterfaceLuidToIndex(unknown) left the index %lu, want 0",
            (unsigned long)index);
}

static void luid_to_name(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    char name[NDIS_IF_MAX_STRING_SIZE + 1];
    WCHAR wname[NDIS_IF_MAX_STRING_SIZE + 1];
    NC_CODE(c, ConvertInterfaceLuidToNameA(NULL, NULL, 0), ERROR_INVALID_PARAMETER);
    memset(name, 0, sizeof(name));
    NC_CODE(c, ConvertInterfaceLuidToNameA(NULL, name, 0), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, name[0] == 0, "ConvertInterfaceLuidToNameA(NULL, ...) wrote the name");
    NC_CODE(c, ConvertInterfaceLuidToNameA(&luid, NULL, 0), ERROR_NOT_ENOUGH_MEMORY);
    NC_CODE(c, ConvertInterfaceLuidToNameA(&luid, name, 0), ERROR_NOT_ENOUGH_MEMORY);
    NC_CODE(c, ConvertInterfaceLuidToNameW(NULL, NULL, 0), ERROR_INVALID_PARAMETER);
    memset(wname, 0, sizeof(wname));
    NC_CODE(c, ConvertInterfaceLuidToNameW(NULL, wname, 0), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, wname[0] == 0, "ConvertInterfaceLuidToNameW(NULL, ...) wrote the name");
    NC_CODE(c, ConvertInterfaceLuidToNameW(&luid, NULL, 0), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToNameW(&luid, wname, 0), ERROR_NOT_ENOUGH_MEMORY);
}

/* A buffer one character short: room for the name but not its NUL. */
static void luid_to_name_a_short(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    char want[NDIS_IF_MAX_STRING_SIZE + 1], name[NDIS_IF_MAX_STRING_SIZE + 1];
    DWORD got;
    nc_expected_name(luid, want, sizeof(want));
    memset(name, 'x', sizeof(name));
    got = ConvertInterfaceLuidToNameA(&luid, name, strlen(want));
    if (c->env->wine && got == ERROR_INSUFFICIENT_BUFFER) {
        nc_skip(c, "Wine %s answers ERROR_INSUFFICIENT_BUFFER (122) here; Windows answers "
                   "ERROR_NOT_ENOUGH_MEMORY (8)",
                c->env->wine_version);
        return;
    }
    nc_expect_code(c, got, ERROR_NOT_ENOUGH_MEMORY, "ConvertInterfaceLuidToNameA(short buffer)");
    NC_TRUE(c, name[0] == 'x', "ConvertInterfaceLuidToNameA(short buffer) wrote into it");
}

static void luid_to_name_w_short(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    char want[NDIS_IF_MAX_STRING_SIZE + 1];
    WCHAR name[NDIS_IF_MAX_STRING_SIZE + 1];
    nc_expected_name(luid, want, sizeof(want));
    memset(name, 0, sizeof(name));
    name[0] = 'x';
    NC_CODE(c, ConvertInterfaceLuidToNameW(&luid, name, strlen(want)), ERROR_NOT_ENOUGH_MEMORY);
    NC_TRUE(c, name[0] == 'x', "ConvertInterfaceLuidToNameW(short buffer) wrote into it");
}

static void name_to_luid(struct nc_ctx *c)
{
    NET_LUID luid;
    WCHAR wname[32];
    nc_wcs_from(wname, 32, "loopback_1");
    luid.Value = 0xDEAD;
    NC_CODE(c, ConvertInterfaceNameToLuidA(NULL, &luid), ERROR_INVALID_NAME);
    NC_TRUE(c, luid.Value == 0xDEAD, "ConvertInterfaceNameToLuidA(NULL) changed the LUID");
    NC_CODE(c, ConvertInterfaceNameToLuidA("loopback_1", NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceNameToLuidA(NULL, NULL), ERROR_INVALID_NAME);
    NC_CODE(c, ConvertInterfaceNameToLuidA("bogus", &luid), ERROR_INVALID_NAME);
    luid.Info.Reserved = luid.Info.NetLuidIndex = luid.Info.IfType = 0xdead;
    NC_CODE(c, ConvertInterfaceNameToLuidW(NULL, &luid), ERROR_INVALID_NAME);
    NC_TRUE(c, luid.Info.Reserved == 0 && luid.Info.IfType == 0 &&
                   luid.Info.NetLuidIndex != 0xdead,
            "ConvertInterfaceNameToLuidW(NULL) left the LUID %llx, want it cleared",
            (unsigned long long)luid.Value);
    NC_CODE(c, ConvertInterfaceNameToLuidW(wname, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceNameToLuidW(NULL, NULL), ERROR_INVALID_PARAMETER);
}

static void luid_to_guid(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    GUID guid;
    static const GUID zero;
    memset(&guid, 0xFF, sizeof(guid));
    NC_CODE(c, ConvertInterfaceLuidToGuid(NULL, &guid), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, guid.Data1 == 0xFFFFFFFFu, "ConvertInterfaceLuidToGuid(NULL) changed the GUID");
    NC_CODE(c, ConvertInterfaceLuidToGuid(&luid, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToGuid(NULL, NULL), ERROR_INVALID_PARAMETER);
    luid.Value = (ULONG64)-1;
    NC_CODE(c, ConvertInterfaceLuidToGuid(&luid, &guid), ERROR_FILE_NOT_FOUND);
    NC_TRUE(c, memcmp(&guid, &zero, sizeof(guid)) == 0,
            "ConvertInterfaceLuidToGuid(unknown) did not zero the GUID");
}

static void guid_to_luid(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    GUID guid;
    NC_CODE(c, ConvertInterfaceLuidToGuid(&luid, &guid), NO_ERROR); /* a real one */
    luid.Value = 0xDEAD;
    NC_CODE(c, ConvertInterfaceGuidToLuid(NULL, &luid), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, luid.Value == 0xDEAD, "ConvertInterfaceGuidToLuid(NULL) changed the LUID");
    NC_CODE(c, ConvertInterfaceGuidToLuid(&guid, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceGuidToLuid(NULL, NULL), ERROR_INVALID_PARAMETER);
    memset(&guid, 0xFF, sizeof(guid)); /* no interface has it */
    NC_CODE(c, ConvertInterfaceGuidToLuid(&guid, &luid), ERROR_INVALID_PARAMETER);
}

static void luid_to_alias(struct nc_ctx *c)
{
    NET_LUID luid = nc_some(c)->luid;
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    NC_CODE(c, ConvertInterfaceLuidToAlias(NULL, alias, NDIS_IF_MAX_STRING_SIZE + 1),
            ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToAlias(&luid, NULL, NDIS_IF_MAX_STRING_SIZE + 1),
            ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceLuidToAlias(&luid, alias, 1), ERROR_NOT_ENOUGH_MEMORY);
}

static void luid_to_alias_unknown(struct nc_ctx *c)
{
    NET_LUID luid = c->env->bogus_luid;
    WCHAR alias[NDIS_IF_MAX_STRING_SIZE + 1];
    NC_CODE(c, ConvertInterfaceLuidToAlias(&luid, alias, NDIS_IF_MAX_STRING_SIZE + 1),
            ERROR_FILE_NOT_FOUND);
}

static void alias_to_luid(struct nc_ctx *c)
{
    NET_LUID luid;
    WCHAR empty[1] = {0}, alias[32];
    nc_wcs_from(alias, 32, "nc-no-such-interface");
    luid.Value = 0xDEAD;
    NC_CODE(c, ConvertInterfaceAliasToLuid(NULL, &luid), ERROR_INVALID_PARAMETER);
    NC_TRUE(c, luid.Value == 0xDEAD, "ConvertInterfaceAliasToLuid(NULL) changed the LUID");
    NC_CODE(c, ConvertInterfaceAliasToLuid(alias, NULL), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceAliasToLuid(empty, &luid), ERROR_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceAliasToLuid(alias, &luid), ERROR_INVALID_PARAMETER);
}

const struct nc_check nc_checks_args[] = {
    {"args.get-entry", get_entry, NC_NEED_ENTRY | NC_NEED_IFACES, NC_MS("getipinterfaceentry")
     "; AF_UNSPEC: " NC_WINE_TESTS,
     "GetIpInterfaceEntry: NULL row, AF_UNSPEC, a non-family, no LUID and no index -> 87"},
    {"args.get-entry-unknown", get_entry_unknown, NC_NEED_ENTRY,
     NC_MS_DDI("getipinterfaceentry") " (STATUS_NOT_FOUND, whose Win32 code is 1168; the "
     "user-mode page's ERROR_FILE_NOT_FOUND is not what Windows answers)",
     "GetIpInterfaceEntry: an index or a LUID no interface has -> 1168"},
    {"args.get-table", get_table, NC_NEED_TABLE,
     NC_MS("getipinterfacetable") "; (family, NULL): " NC_WINE_TESTS,
     "GetIpInterfaceTable: NULL table, a non-family -> 87"},
    {"args.index-to-luid", index_to_luid, 0, NC_WINE_TESTS,
     "ConvertInterfaceIndexToLuid: NULL -> 87; index 0 or unknown -> 2, LUID zeroed"},
    {"args.luid-to-index", luid_to_index, NC_NEED_IFACES, NC_WINE_TESTS,
     "ConvertInterfaceLuidToIndex: a NULL pointer -> 87; unknown LUID -> 2, index 0"},
    {"args.luid-to-name", luid_to_name, NC_NEED_IFACES, NC_WINE_TESTS,
     "ConvertInterfaceLuidToNameA/W: NULL LUID -> 87 (nothing written); no buffer or length "
     "0 -> 8 (W: NULL buffer -> 87)"},
    {"args.luid-to-name-a-short", luid_to_name_a_short, NC_NEED_IFACES,
     NC_MS("convertinterfaceluidtonamea") " (ERROR_NOT_ENOUGH_MEMORY)",
     "ConvertInterfaceLuidToNameA: a buffer one character short -> 8, nothing written"},
    {"args.luid-to-name-w-short", luid_to_name_w_short, NC_NEED_IFACES,
     NC_MS("convertinterfaceluidtonamew") " (ERROR_NOT_ENOUGH_MEMORY)",
     "ConvertInterfaceLuidToNameW: a buffer one character short -> 8, nothing written"},
    {"args.name-to-luid", name_to_luid, 0,
     NC_WINE_TESTS "; \"bogus\" -> 123: observed on Windows (docs/status-codes.md)",
     "ConvertInterfaceNameToLuidA/W: NULL name -> 123 (A: LUID untouched, W: cleared); NULL "
     "LUID -> 87; a malformed name -> 123"},
    {"args.luid-to-guid", luid_to_guid, NC_NEED_IFACES, NC_WINE_TESTS,
     "ConvertInterfaceLuidToGuid: a NULL pointer -> 87 (GUID untouched); unknown LUID -> 2, "
     "GUID zeroed"},
    {"args.guid-to-luid", guid_to_luid, NC_NEED_IFACES,
     NC_WINE_TESTS "; unknown GUID: " NC_MS("convertinterfaceguidtoluid"),
     "ConvertInterfaceGuidToLuid: a NULL pointer -> 87 (LUID untouched); a GUID no interface "
     "has -> 87"},
    {"args.luid-to-alias", luid_to_alias, NC_NEED_IFACES, NC_MS("convertinterfaceluidtoalias"),
     "ConvertInterfaceLuidToAlias: a NULL pointer -> 87; a buffer too small -> 8"},
    {"args.luid-to-alias-unknown", luid_to_alias_unknown, 0,
     "docs/status-codes.md (ERROR_FILE_NOT_FOUND, as the other LUID conversions in Wine's "
     "tests; Wine 8.0 answers the same); not yet run on Windows",
     "ConvertInterfaceLuidToAlias: a LUID no interface has -> 2"},
    {"args.alias-to-luid", alias_to_luid, 0, NC_MS("convertinterfacealiastoluid"),
     "ConvertInterfaceAliasToLuid: a NULL pointer or an empty alias -> 87 (LUID untouched); no "
     "interface of that alias -> 87"},
    {NULL, NULL, 0, NULL, NULL},
};
