/* exports.c - the public entry points.  Each outcome of the core becomes a
 * Win32 code under the Windows name and an NTSTATUS under its nio_nt_ twin
 * (the name the header maps to in the NTSTATUS flavour).  Nothing else
 * happens here. */
#include "core.h"

#define NIO_EXPORT_PAIR(name, params, args, core)                                  \
    NETIOAPI_COMPAT_EXPORT DWORD WINAPI name params;                               \
    NETIOAPI_COMPAT_EXPORT NTSTATUS NTAPI nio_nt_##name params;                    \
    DWORD WINAPI name params { return nio_status_win32(core args); }               \
    NTSTATUS NTAPI nio_nt_##name params { return nio_status_nt(core args); }

NIO_EXPORT_PAIR(GetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
                nio_get_ip_interface_entry)
NIO_EXPORT_PAIR(SetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row), (Row),
                nio_set_ip_interface_entry)
NIO_EXPORT_PAIR(GetIpInterfaceTable, (ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table),
                (Family, Table), nio_get_ip_interface_table)
NIO_EXPORT_PAIR(ConvertInterfaceIndexToLuid, (NET_IFINDEX Index, PNET_LUID Luid),
                (Index, Luid), nio_index_to_luid)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToIndex, (CONST NET_LUID *Luid, PNET_IFINDEX Index),
                (Luid, Index), nio_luid_to_index)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToNameA, (CONST NET_LUID *Luid, PSTR Name, SIZE_T Length),
                (Luid, Name, Length), nio_luid_to_name_a)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToNameW, (CONST NET_LUID *Luid, PWSTR Name, SIZE_T Length),
                (Luid, Name, Length), nio_luid_to_name_w)
NIO_EXPORT_PAIR(ConvertInterfaceNameToLuidA, (CONST CHAR *Name, NET_LUID *Luid), (Name, Luid),
                nio_name_to_luid_a)
NIO_EXPORT_PAIR(ConvertInterfaceNameToLuidW, (CONST WCHAR *Name, NET_LUID *Luid), (Name, Luid),
                nio_name_to_luid_w)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToGuid, (CONST NET_LUID *Luid, GUID *Guid), (Luid, Guid),
                nio_luid_to_guid)
NIO_EXPORT_PAIR(ConvertInterfaceGuidToLuid, (CONST GUID *Guid, PNET_LUID Luid), (Guid, Luid),
                nio_guid_to_luid)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToAlias, (CONST NET_LUID *Luid, PWSTR Alias, SIZE_T Length),
                (Luid, Alias, Length), nio_luid_to_alias)
NIO_EXPORT_PAIR(ConvertInterfaceAliasToLuid, (CONST WCHAR *Alias, PNET_LUID Luid), (Alias, Luid),
                nio_alias_to_luid)

NIO_EXPORT_PAIR(NotifyIpInterfaceChange,
                (ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback, PVOID CallerContext,
                 BOOLEAN InitialNotification, HANDLE *NotificationHandle),
                (Family, Callback, CallerContext, InitialNotification, NotificationHandle),
                nio_notify_ip_interface_change)
NIO_EXPORT_PAIR(CancelMibChangeNotify2, (HANDLE NotificationHandle), (NotificationHandle),
                nio_cancel_notify)

/* MIB_IF_ROW2 and routes (ifrow.c, bestroute.c).  GetIfEntry2 is
 * GetIfEntry2Ex at MibIfEntryNormal, GetIfTable2 GetIfTable2Ex at
 * MibIfTableNormal. */
NIO_EXPORT_PAIR(GetIfEntry2, (PMIB_IF_ROW2 Row), (MibIfEntryNormal, Row), nio_get_if_entry2)
NIO_EXPORT_PAIR(GetIfEntry2Ex, (MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row), ((int)Level, Row),
                nio_get_if_entry2)
NIO_EXPORT_PAIR(GetIfTable2, (PMIB_IF_TABLE2 *Table), (MibIfTableNormal, Table),
                nio_get_if_table2)
NIO_EXPORT_PAIR(GetIfTable2Ex, (MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table),
                ((int)Level, Table), nio_get_if_table2)
NIO_EXPORT_PAIR(GetBestRoute2,
                (NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,
                 CONST SOCKADDR_INET *SourceAddress, CONST SOCKADDR_INET *DestinationAddress,
                 ULONG AddressSortOptions, PMIB_IPFORWARD_ROW2 BestRoute,
                 SOCKADDR_INET *BestSourceAddress),
                (InterfaceLuid, InterfaceIndex, SourceAddress, DestinationAddress,
                 AddressSortOptions, BestRoute, BestSourceAddress),
                nio_get_best_route2)

VOID WINAPI InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row)
{
    if (Row != NULL)
        nio_row_init(Row);
}

VOID WINAPI FreeMibTable(PVOID Memory)
{
    nio_free(Memory);
}
