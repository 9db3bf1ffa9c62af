/* check-ntstatus.c - the NTSTATUS flavour: the same outcomes as the Win32
 * checks, as NTSTATUS codes (docs/status-codes.md).  This file is compiled
 * in that flavour, so every name below is this library's nio_nt_ twin, on
 * Windows too. */
#define NETIOAPI_COMPAT_NTSTATUS 1
#include "conformance.h"

static void get_entry(struct nc_ctx *c)
{
    MIB_IPINTERFACE_ROW row;
    NC_CODE(c, GetIpInterfaceEntry(NULL), STATUS_INVALID_PARAMETER);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->bogus_index;
    NC_CODE(c, GetIpInterfaceEntry(&row), STATUS_NOT_FOUND);
    memset(&row, 0, sizeof(row));
    row.Family = AF_INET;
    row.InterfaceIndex = c->env->loopback;
    NC_CODE(c, GetIpInterfaceEntry(&row), STATUS_SUCCESS);
}

static void get_table(struct nc_ctx *c)
{
    PMIB_IPINTERFACE_TABLE t = NULL;
    NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, NULL), STATUS_INVALID_PARAMETER);
    if (NC_CODE(c, GetIpInterfaceTable(AF_UNSPEC, &t), STATUS_SUCCESS))
        FreeMibTable(t);
}

static void convert(struct nc_ctx *c)
{
    NET_LUID luid;
    char name[4];
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, NULL), STATUS_INVALID_PARAMETER);
    NC_CODE(c, ConvertInterfaceIndexToLuid(0, &luid), STATUS_OBJECT_NAME_NOT_FOUND);
    NC_CODE(c, ConvertInterfaceNameToLuidA("bogus", &luid), STATUS_OBJECT_NAME_INVALID);
    if (!NC_CODE(c, ConvertInterfaceIndexToLuid(c->env->loopback, &luid), STATUS_SUCCESS))
        return;
    NC_CODE(c, ConvertInterfaceLuidToNameA(&luid, name, sizeof(name)), STATUS_BUFFER_TOO_SMALL);
}

const struct nc_check nc_checks_ntstatus[] = {
    {"ntstatus.get-entry", get_entry, NC_NEED_ENTRY | NC_NEED_LOOPBACK,
     NC_MS_DDI("getipinterfaceentry"),
     "nio_nt_GetIpInterfaceEntry: NULL -> STATUS_INVALID_PARAMETER, unknown index -> "
     "STATUS_NOT_FOUND, loopback -> STATUS_SUCCESS"},
    {"ntstatus.get-table", get_table, NC_NEED_TABLE, NC_MS_DDI("getipinterfacetable"),
     "nio_nt_GetIpInterfaceTable: NULL -> STATUS_INVALID_PARAMETER, AF_UNSPEC -> "
     "STATUS_SUCCESS"},
    {"ntstatus.convert", convert, NC_NEED_LOOPBACK,
     "docs/status-codes.md (the NTSTATUS of each Win32 outcome)",
     "the conversion twins: 87 -> STATUS_INVALID_PARAMETER, 2 -> STATUS_OBJECT_NAME_NOT_FOUND, "
     "123 -> STATUS_OBJECT_NAME_INVALID, a short buffer -> STATUS_BUFFER_TOO_SMALL"},
    {NULL, NULL, 0, NULL, NULL},
};
