/*
 * twins.c - the NTSTATUS flavour on Windows.
 *
 * On Windows the Windows names are the system's own (iphlpapi), so this
 * library defines none of them.  What a program compiled with
 * -DNETIOAPI_COMPAT_NTSTATUS calls instead is a twin, nio_nt_<Name>: it
 * calls iphlpapi and returns the NTSTATUS of the same outcome, translated
 * through the one table of src/status.c.
 */
#include "backend.h"

/* iphlpapi's Win32 code as an NTSTATUS, by the rules of src/status.c for
 * each kind of function (string writers, MIB_IF_ROW2 and routes, the rest). */
#define nio_win_nt(code) nio_status_nt_of_win32((code), NIO_WIN_PLAIN)
#define nio_win_nt_string(code) nio_status_nt_of_win32((code), NIO_WIN_STRING)
#define nio_win_nt_ifrow(code) nio_status_nt_of_win32((code), NIO_WIN_IFROW)
/* The route rows answer 1168 for an unknown interface or route, 5010 for a
 * route that exists and, like GetBestRoute2, may answer 2 for an interface
 * that is not there: the IFROW kind reads 2 and 1168 both as
 * STATUS_NOT_FOUND (the driver pages' code), 5010 as
 * STATUS_DUPLICATE_OBJECTID. */
#define nio_win_nt_route(code) nio_status_nt_of_win32((code), NIO_WIN_IFROW)

/* GetIpInterfaceEntry and SetIpInterfaceEntry are looked up when first
 * called: Wine 8.0's iphlpapi exports neither, and Wine binds a missing
 * import to a stub that aborts the process when called.  Where one is
 * missing its twin answers STATUS_NOT_SUPPORTED, so that loading this DLL
 * never depends on them. */
typedef DWORD(WINAPI *nio_row_fn)(PMIB_IPINTERFACE_ROW Row);
/* GetIfEntry2Ex too: Windows has it from 10 1703 on (mingw-w64 does not
 * declare it); where it is missing, GetIfEntry2 answers both levels (it is
 * MibIfEntryNormal, and WithoutStatistics is that row less its counters). */
typedef DWORD(WINAPI *nio_ifrow_ex_fn)(MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row);
/* The route row functions but the table and notifications: Wine 8.0 exports
 * neither GetIpForwardEntry2 nor Create/Set/DeleteIpForwardEntry2. */
typedef DWORD(WINAPI *nio_route_get_fn)(PMIB_IPFORWARD_ROW2 Row);
typedef DWORD(WINAPI *nio_route_write_fn)(CONST MIB_IPFORWARD_ROW2 *Row);
/* The unicast address writes: Wine 8.0 exports only Get and the table. */
typedef DWORD(WINAPI *nio_addr_write_fn)(CONST MIB_UNICASTIPADDRESS_ROW *Row);
/* Wine 8's iphlpapi has no NotifyStableUnicastIpAddressTable: resolved at
 * run time, ERROR_NOT_SUPPORTED where it is missing. */
typedef DWORD(WINAPI *nio_stable_fn)(ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
                                     PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback,
                                     PVOID CallerContext, HANDLE *NotificationHandle);

/* The neighbour rows but the table: Wine 8.0 exports GetIpNetTable2 (IPv4
 * rows only) and none of the other six, so they are resolved at run time
 * and answer ERROR_NOT_SUPPORTED where they are missing. */
typedef DWORD(WINAPI *nio_neigh_row_fn)(PMIB_IPNET_ROW2 Row);
typedef DWORD(WINAPI *nio_neigh_const_fn)(CONST MIB_IPNET_ROW2 *Row);
typedef DWORD(WINAPI *nio_neigh_flush_fn)(ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex);
typedef DWORD(WINAPI *nio_neigh_resolve_fn)(PMIB_IPNET_ROW2 Row,
                                            CONST SOCKADDR_INET *SourceAddress);

static INIT_ONCE nio_win_once = INIT_ONCE_STATIC_INIT;
static nio_row_fn nio_win_get_entry, nio_win_set_entry;
static nio_ifrow_ex_fn nio_win_get_if_entry2_ex;
static nio_route_get_fn nio_win_get_route;
static nio_route_write_fn nio_win_create_route, nio_win_set_route, nio_win_delete_route;
static nio_addr_write_fn nio_win_create_addr, nio_win_set_addr, nio_win_delete_addr;
static nio_stable_fn nio_win_stable;
static nio_neigh_row_fn nio_win_get_neigh, nio_win_set_neigh;
static nio_neigh_const_fn nio_win_create_neigh, nio_win_delete_neigh;
static nio_neigh_flush_fn nio_win_flush_neigh;
static nio_neigh_resolve_fn nio_win_resolve_neigh;

/* GetProcAddress's result as the function pointer it is. */
#define NIO_WIN_PROC(module, name) ((void (*)(void))GetProcAddress((module), (name)))

/* The neighbour functions of iphlpapi, NULL where it lacks them. */
static void nio_win_resolve_neigh_fns(HMODULE iphlpapi)
{
    nio_win_get_neigh = (nio_neigh_row_fn)NIO_WIN_PROC(iphlpapi, "GetIpNetEntry2");
    nio_win_set_neigh = (nio_neigh_row_fn)NIO_WIN_PROC(iphlpapi, "SetIpNetEntry2");
    nio_win_create_neigh = (nio_neigh_const_fn)NIO_WIN_PROC(iphlpapi, "CreateIpNetEntry2");
    nio_win_delete_neigh = (nio_neigh_const_fn)NIO_WIN_PROC(iphlpapi, "DeleteIpNetEntry2");
    nio_win_flush_neigh = (nio_neigh_flush_fn)NIO_WIN_PROC(iphlpapi, "FlushIpNetTable2");
    nio_win_resolve_neigh = (nio_neigh_resolve_fn)NIO_WIN_PROC(iphlpapi, "ResolveIpNetEntry2");
}

static BOOL CALLBACK nio_win_resolve(PINIT_ONCE once, PVOID param, PVOID *context)
{
    HMODULE iphlpapi = GetModuleHandleW(L"iphlpapi.dll");
    (void)once;
    (void)param;
    (void)context;
    if (iphlpapi != NULL) {
        nio_win_get_entry = (nio_row_fn)NIO_WIN_PROC(iphlpapi, "GetIpInterfaceEntry");
        nio_win_set_entry = (nio_row_fn)NIO_WIN_PROC(iphlpapi, "SetIpInterfaceEntry");
        nio_win_get_if_entry2_ex = (nio_ifrow_ex_fn)NIO_WIN_PROC(iphlpapi, "GetIfEntry2Ex");
        nio_win_get_route = (nio_route_get_fn)NIO_WIN_PROC(iphlpapi, "GetIpForwardEntry2");
        nio_win_create_route =
            (nio_route_write_fn)NIO_WIN_PROC(iphlpapi, "CreateIpForwardEntry2");
        nio_win_set_route = (nio_route_write_fn)NIO_WIN_PROC(iphlpapi, "SetIpForwardEntry2");
        nio_win_delete_route =
            (nio_route_write_fn)NIO_WIN_PROC(iphlpapi, "DeleteIpForwardEntry2");
        nio_win_create_addr =
            (nio_addr_write_fn)NIO_WIN_PROC(iphlpapi, "CreateUnicastIpAddressEntry");
        nio_win_set_addr = (nio_addr_write_fn)NIO_WIN_PROC(iphlpapi, "SetUnicastIpAddressEntry");
        nio_win_delete_addr =
            (nio_addr_write_fn)NIO_WIN_PROC(iphlpapi, "DeleteUnicastIpAddressEntry");
        nio_win_stable =
            (nio_stable_fn)NIO_WIN_PROC(iphlpapi, "NotifyStableUnicastIpAddressTable");
        nio_win_resolve_neigh_fns(iphlpapi);
    }
    return TRUE;
}

static DWORD nio_win_get_ip_interface_entry(PMIB_IPINTERFACE_ROW row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_get_entry != NULL ? nio_win_get_entry(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_set_ip_interface_entry(PMIB_IPINTERFACE_ROW row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_set_entry != NULL ? nio_win_set_entry(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_get_if_entry2_ex_call(MIB_IF_ENTRY_LEVEL level, PMIB_IF_ROW2 row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_get_if_entry2_ex != NULL ? nio_win_get_if_entry2_ex(level, row)
                                            : GetIfEntry2(row);
}

static DWORD nio_win_get_ip_forward_entry2(PMIB_IPFORWARD_ROW2 row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_get_route != NULL ? nio_win_get_route(row) : ERROR_NOT_SUPPORTED;
}

/* One of the three writes, by the pointer nio_win_resolve filled in. */
static DWORD nio_win_route_write(nio_route_write_fn *fn, CONST MIB_IPFORWARD_ROW2 *row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return *fn != NULL ? (*fn)(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_create_ip_forward_entry2(CONST MIB_IPFORWARD_ROW2 *row)
{
    return nio_win_route_write(&nio_win_create_route, row);
}

static DWORD nio_win_set_ip_forward_entry2(CONST MIB_IPFORWARD_ROW2 *row)
{
    return nio_win_route_write(&nio_win_set_route, row);
}

static DWORD nio_win_delete_ip_forward_entry2(CONST MIB_IPFORWARD_ROW2 *row)
{
    return nio_win_route_write(&nio_win_delete_route, row);
}

/* One of the three address writes, by the pointer nio_win_resolve filled. */
static DWORD nio_win_addr_write(nio_addr_write_fn *fn, CONST MIB_UNICASTIPADDRESS_ROW *row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return *fn != NULL ? (*fn)(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_create_addr_call(CONST MIB_UNICASTIPADDRESS_ROW *row)
{
    return nio_win_addr_write(&nio_win_create_addr, row);
}

static DWORD nio_win_set_addr_call(CONST MIB_UNICASTIPADDRESS_ROW *row)
{
    return nio_win_addr_write(&nio_win_set_addr, row);
}

static DWORD nio_win_delete_addr_call(CONST MIB_UNICASTIPADDRESS_ROW *row)
{
    return nio_win_addr_write(&nio_win_delete_addr, row);
}

static DWORD nio_win_stable_call(ADDRESS_FAMILY family, PMIB_UNICASTIPADDRESS_TABLE *table,
                                 PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK callback, PVOID context,
                                 HANDLE *handle)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_stable != NULL ? nio_win_stable(family, table, callback, context, handle)
                                  : ERROR_NOT_SUPPORTED;
}

/* The neighbour rows, by the pointers nio_win_resolve filled in. */
static DWORD nio_win_neigh_row(nio_neigh_row_fn *fn, PMIB_IPNET_ROW2 row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return *fn != NULL ? (*fn)(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_neigh_const(nio_neigh_const_fn *fn, CONST MIB_IPNET_ROW2 *row)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return *fn != NULL ? (*fn)(row) : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_get_neigh_call(PMIB_IPNET_ROW2 row)
{
    return nio_win_neigh_row(&nio_win_get_neigh, row);
}

static DWORD nio_win_set_neigh_call(PMIB_IPNET_ROW2 row)
{
    return nio_win_neigh_row(&nio_win_set_neigh, row);
}

static DWORD nio_win_create_neigh_call(CONST MIB_IPNET_ROW2 *row)
{
    return nio_win_neigh_const(&nio_win_create_neigh, row);
}

static DWORD nio_win_delete_neigh_call(CONST MIB_IPNET_ROW2 *row)
{
    return nio_win_neigh_const(&nio_win_delete_neigh, row);
}

static DWORD nio_win_flush_neigh_call(ADDRESS_FAMILY family, NET_IFINDEX index)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_flush_neigh != NULL ? nio_win_flush_neigh(family, index)
                                       : ERROR_NOT_SUPPORTED;
}

static DWORD nio_win_resolve_neigh_call(PMIB_IPNET_ROW2 row, CONST SOCKADDR_INET *src)
{
    InitOnceExecuteOnce(&nio_win_once, nio_win_resolve, NULL, NULL);
    return nio_win_resolve_neigh != NULL ? nio_win_resolve_neigh(row, src)
                                         : ERROR_NOT_SUPPORTED;
}

/* Pending is no failure: the driver flavour's STATUS_PENDING. */
static NTSTATUS nio_win_nt_pending(DWORD code)
{
    if (code == ERROR_IO_PENDING)
        return STATUS_PENDING;
    return nio_win_nt(code);
}

/* One exported twin: the declaration the header gives programs in the
 * NTSTATUS flavour, and a body that forwards to iphlpapi. */
#define NIO_WIN_TWIN(name, params, args, call, translate)                       \
    NETIOAPI_COMPAT_EXPORT NTSTATUS NTAPI nio_nt_##name params;                  \
    NTSTATUS NTAPI nio_nt_##name params { return translate(call args); }

NIO_WIN_TWIN(GetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
             nio_win_get_ip_interface_entry, nio_win_nt)
NIO_WIN_TWIN(GetIpInterfaceTable, (ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table),
             (Family, Table), GetIpInterfaceTable, nio_win_nt)
NIO_WIN_TWIN(SetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
             nio_win_set_ip_interface_entry, nio_win_nt)
NIO_WIN_TWIN(NotifyIpInterfaceChange,
             (ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback, PVOID Context,
              BOOLEAN InitialNotification, HANDLE *Handle),
             (Family, Callback, Context, InitialNotification, Handle), NotifyIpInterfaceChange,
             nio_win_nt)
NIO_WIN_TWIN(CancelMibChangeNotify2, (HANDLE Handle), (Handle), CancelMibChangeNotify2,
             nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceIndexToLuid, (NET_IFINDEX Index, PNET_LUID Luid), (Index, Luid),
             ConvertInterfaceIndexToLuid, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceLuidToIndex, (CONST NET_LUID *Luid, PNET_IFINDEX Index),
             (Luid, Index), ConvertInterfaceLuidToIndex, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceLuidToNameA, (CONST NET_LUID *Luid, PSTR Name, SIZE_T Length),
             (Luid, Name, Length), ConvertInterfaceLuidToNameA, nio_win_nt_string)
NIO_WIN_TWIN(ConvertInterfaceLuidToNameW, (CONST NET_LUID *Luid, PWSTR Name, SIZE_T Length),
             (Luid, Name, Length), ConvertInterfaceLuidToNameW, nio_win_nt_string)
NIO_WIN_TWIN(ConvertInterfaceNameToLuidA, (CONST CHAR *Name, NET_LUID *Luid), (Name, Luid),
             ConvertInterfaceNameToLuidA, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceNameToLuidW, (CONST WCHAR *Name, NET_LUID *Luid), (Name, Luid),
             ConvertInterfaceNameToLuidW, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceLuidToGuid, (CONST NET_LUID *Luid, GUID *Guid), (Luid, Guid),
             ConvertInterfaceLuidToGuid, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceGuidToLuid, (CONST GUID *Guid, PNET_LUID Luid), (Guid, Luid),
             ConvertInterfaceGuidToLuid, nio_win_nt)
NIO_WIN_TWIN(ConvertInterfaceLuidToAlias, (CONST NET_LUID *Luid, PWSTR Alias, SIZE_T Length),
             (Luid, Alias, Length), ConvertInterfaceLuidToAlias, nio_win_nt_string)
NIO_WIN_TWIN(ConvertInterfaceAliasToLuid, (CONST WCHAR *Alias, PNET_LUID Luid), (Alias, Luid),
             ConvertInterfaceAliasToLuid, nio_win_nt)
NIO_WIN_TWIN(GetIfEntry2, (PMIB_IF_ROW2 Row), (Row), GetIfEntry2, nio_win_nt_ifrow)
NIO_WIN_TWIN(GetIfEntry2Ex, (MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row), (Level, Row),
             nio_win_get_if_entry2_ex_call, nio_win_nt_ifrow)
NIO_WIN_TWIN(GetIfTable2, (PMIB_IF_TABLE2 *Table), (Table), GetIfTable2, nio_win_nt)
NIO_WIN_TWIN(GetIfTable2Ex, (MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table), (Level, Table),
             GetIfTable2Ex, nio_win_nt)
NIO_WIN_TWIN(GetBestRoute2,
             (NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,
              CONST SOCKADDR_INET *SourceAddress, CONST SOCKADDR_INET *DestinationAddress,
              ULONG AddressSortOptions, PMIB_IPFORWARD_ROW2 BestRoute,
              SOCKADDR_INET *BestSourceAddress),
             (InterfaceLuid, InterfaceIndex, SourceAddress, DestinationAddress,
              AddressSortOptions, BestRoute, BestSourceAddress),
             GetBestRoute2, nio_win_nt_ifrow)
NIO_WIN_TWIN(GetIpForwardTable2, (ADDRESS_FAMILY Family, PMIB_IPFORWARD_TABLE2 *Table),
             (Family, Table), GetIpForwardTable2, nio_win_nt_route)
NIO_WIN_TWIN(GetIpForwardEntry2, (PMIB_IPFORWARD_ROW2 Row), (Row),
             nio_win_get_ip_forward_entry2, nio_win_nt_route)
NIO_WIN_TWIN(CreateIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row), (Row),
             nio_win_create_ip_forward_entry2, nio_win_nt_route)
NIO_WIN_TWIN(SetIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Route), (Route),
             nio_win_set_ip_forward_entry2, nio_win_nt_route)
NIO_WIN_TWIN(DeleteIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row), (Row),
             nio_win_delete_ip_forward_entry2, nio_win_nt_route)
NIO_WIN_TWIN(NotifyRouteChange2,
             (ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
              PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
             (AddressFamily, Callback, CallerContext, InitialNotification, NotificationHandle),
             NotifyRouteChange2, nio_win_nt)
/* Address rows: 1168 for an unknown interface or address, 5010 for one
 * that exists, as the route rows. */
NIO_WIN_TWIN(GetUnicastIpAddressEntry, (PMIB_UNICASTIPADDRESS_ROW Row), (Row),
             GetUnicastIpAddressEntry, nio_win_nt_route)
NIO_WIN_TWIN(GetUnicastIpAddressTable, (ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table),
             (Family, Table), GetUnicastIpAddressTable, nio_win_nt_route)
NIO_WIN_TWIN(CreateUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
             nio_win_create_addr_call, nio_win_nt_route)
NIO_WIN_TWIN(SetUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
             nio_win_set_addr_call, nio_win_nt_route)
NIO_WIN_TWIN(DeleteUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row), (Row),
             nio_win_delete_addr_call, nio_win_nt_route)
NIO_WIN_TWIN(NotifyUnicastIpAddressChange,
             (ADDRESS_FAMILY Family, PUNICAST_IPADDRESS_CHANGE_CALLBACK Callback,
              PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle),
             (Family, Callback, CallerContext, InitialNotification, NotificationHandle),
             NotifyUnicastIpAddressChange, nio_win_nt)
NIO_WIN_TWIN(NotifyStableUnicastIpAddressTable,
             (ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table,
              PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,
              HANDLE *NotificationHandle),
             (Family, Table, CallerCallback, CallerContext, NotificationHandle),
             nio_win_stable_call, nio_win_nt_pending)
/* Neighbour rows: 1168 for an unknown interface or neighbour (and, from
 * GetIpNetTable2, for no neighbour at all), 5010 for one that exists, 67
 * (ERROR_BAD_NET_NAME) when nobody answered a resolution: the route rows'
 * reading, 67 as STATUS_BAD_NETWORK_NAME. */
NIO_WIN_TWIN(GetIpNetTable2, (ADDRESS_FAMILY Family, PMIB_IPNET_TABLE2 *Table), (Family, Table),
             GetIpNetTable2, nio_win_nt_route)
NIO_WIN_TWIN(GetIpNetEntry2, (PMIB_IPNET_ROW2 Row), (Row), nio_win_get_neigh_call,
             nio_win_nt_route)
NIO_WIN_TWIN(CreateIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row), (Row), nio_win_create_neigh_call,
             nio_win_nt_route)
NIO_WIN_TWIN(SetIpNetEntry2, (PMIB_IPNET_ROW2 Row), (Row), nio_win_set_neigh_call,
             nio_win_nt_route)
NIO_WIN_TWIN(DeleteIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row), (Row), nio_win_delete_neigh_call,
             nio_win_nt_route)
NIO_WIN_TWIN(FlushIpNetTable2, (ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex),
             (Family, InterfaceIndex), nio_win_flush_neigh_call, nio_win_nt_route)
NIO_WIN_TWIN(ResolveIpNetEntry2, (PMIB_IPNET_ROW2 Row, CONST SOCKADDR_INET *SourceAddress),
             (Row, SourceAddress), nio_win_resolve_neigh_call, nio_win_nt_route)
