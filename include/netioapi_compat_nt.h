/*
 * netioapi_compat_nt.h - part of <netioapi_compat.h>, which includes it;
 * do not include it directly.
 *
 * What both the Windows and the POSIX branch of the header share: the
 * NTSTATUS codes of docs/status-codes.md (guarded, as the SDK's own headers
 * guard them, so that either may come first) and, in the NTSTATUS flavour,
 * the mapping of every status-returning function name onto its exported
 * twin nio_nt_<Name>, which behaves the same and returns NTSTATUS codes.
 */
#ifndef NETIOAPI_COMPAT_NT_H
#define NETIOAPI_COMPAT_NT_H

#ifndef NT_SUCCESS
#define NT_SUCCESS(s) (((NTSTATUS)(s)) >= 0)
#endif
#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#endif
#ifndef STATUS_UNSUCCESSFUL
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001)
#endif
#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif
#ifndef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#endif
#ifndef STATUS_ACCESS_DENIED
#define STATUS_ACCESS_DENIED ((NTSTATUS)0xC0000022)
#endif
#ifndef STATUS_BUFFER_TOO_SMALL
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#endif
#ifndef STATUS_OBJECT_NAME_INVALID
#define STATUS_OBJECT_NAME_INVALID ((NTSTATUS)0xC0000033)
#endif
#ifndef STATUS_OBJECT_NAME_NOT_FOUND
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#endif
#ifndef STATUS_NOT_SUPPORTED
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BB)
#endif
#ifndef STATUS_NOT_FOUND
#define STATUS_NOT_FOUND ((NTSTATUS)0xC0000225)
#endif
#ifndef STATUS_RETRY
#define STATUS_RETRY ((NTSTATUS)0xC000022D)
#endif
#ifndef STATUS_PENDING
#define STATUS_PENDING ((NTSTATUS)0x00000103)
#endif
#ifndef STATUS_DUPLICATE_OBJECTID
#define STATUS_DUPLICATE_OBJECTID ((NTSTATUS)0xC000022A)
#endif
#ifndef STATUS_NETWORK_UNREACHABLE
#define STATUS_NETWORK_UNREACHABLE ((NTSTATUS)0xC000023C)
#endif
#ifndef STATUS_BAD_NETWORK_NAME
#define STATUS_BAD_NETWORK_NAME ((NTSTATUS)0xC00000CC)
#endif

/* The one list of the twins: X(Name, (parameters)) for every function whose
 * Windows name the NTSTATUS flavour maps onto nio_nt_<Name>.  Each twin
 * takes the Windows function's parameters and returns NTSTATUS (NTAPI).
 * The Windows branch declares the twins through it.  A macro cannot write a
 * #define, so the mapping below follows it name for name;
 * tests/header-nt-twins.c fails when the two differ or when the library
 * (POSIX .so, Windows DLL) lacks a twin.
 * Expanding it needs the row types (either branch of the header). */
#define NETIOAPI_COMPAT_NT_TWINS(X)                                                       \
    X(GetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row))                                     \
    X(GetIpInterfaceTable, (ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table))         \
    X(SetIpInterfaceEntry, (PMIB_IPINTERFACE_ROW Row))                                     \
    X(NotifyIpInterfaceChange, (ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback, \
            PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle))  \
    X(CancelMibChangeNotify2, (HANDLE NotificationHandle))                                 \
    X(ConvertInterfaceIndexToLuid, (NET_IFINDEX InterfaceIndex, PNET_LUID InterfaceLuid))  \
    X(ConvertInterfaceLuidToIndex, (CONST NET_LUID *InterfaceLuid,                         \
            PNET_IFINDEX InterfaceIndex))                                                  \
    X(ConvertInterfaceLuidToNameA, (CONST NET_LUID *InterfaceLuid, PSTR InterfaceName,     \
            SIZE_T Length))                                                                \
    X(ConvertInterfaceLuidToNameW, (CONST NET_LUID *InterfaceLuid, PWSTR InterfaceName,    \
            SIZE_T Length))                                                                \
    X(ConvertInterfaceNameToLuidA, (CONST CHAR *InterfaceName, NET_LUID *InterfaceLuid))   \
    X(ConvertInterfaceNameToLuidW, (CONST WCHAR *InterfaceName, NET_LUID *InterfaceLuid))  \
    X(ConvertInterfaceLuidToGuid, (CONST NET_LUID *InterfaceLuid, GUID *InterfaceGuid))    \
    X(ConvertInterfaceGuidToLuid, (CONST GUID *InterfaceGuid, PNET_LUID InterfaceLuid))    \
    X(ConvertInterfaceLuidToAlias, (CONST NET_LUID *InterfaceLuid, PWSTR InterfaceAlias,   \
            SIZE_T Length))                                                                \
    X(ConvertInterfaceAliasToLuid, (CONST WCHAR *InterfaceAlias, PNET_LUID InterfaceLuid)) \
    X(GetIfEntry2, (PMIB_IF_ROW2 Row))                                                     \
    X(GetIfEntry2Ex, (MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row))                         \
    X(GetIfTable2, (PMIB_IF_TABLE2 *Table))                                                \
    X(GetIfTable2Ex, (MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table))                    \
    X(GetBestRoute2, (NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,                 \
            CONST SOCKADDR_INET *SourceAddress, CONST SOCKADDR_INET *DestinationAddress,   \
            ULONG AddressSortOptions, PMIB_IPFORWARD_ROW2 BestRoute,                       \
            SOCKADDR_INET *BestSourceAddress))                                             \
    X(GetIpForwardTable2, (ADDRESS_FAMILY Family, PMIB_IPFORWARD_TABLE2 *Table))          \
    X(GetIpForwardEntry2, (PMIB_IPFORWARD_ROW2 Row))                                       \
    X(CreateIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row))                              \
    X(SetIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Route))                               \
    X(DeleteIpForwardEntry2, (CONST MIB_IPFORWARD_ROW2 *Row))                              \
    X(NotifyRouteChange2, (ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback, \
            PVOID CallerContext, BOOLEAN InitialNotification, HANDLE *NotificationHandle))  \
    X(GetUnicastIpAddressEntry, (PMIB_UNICASTIPADDRESS_ROW Row))                           \
    X(GetUnicastIpAddressTable, (ADDRESS_FAMILY Family, PMIB_UNICASTIPADDRESS_TABLE *Table)) \
    X(CreateUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row))                  \
    X(SetUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row))                     \
    X(DeleteUnicastIpAddressEntry, (CONST MIB_UNICASTIPADDRESS_ROW *Row))                  \
    X(NotifyUnicastIpAddressChange, (ADDRESS_FAMILY Family,                                \
            PUNICAST_IPADDRESS_CHANGE_CALLBACK Callback, PVOID CallerContext,              \
            BOOLEAN InitialNotification, HANDLE *NotificationHandle))                      \
    X(NotifyStableUnicastIpAddressTable, (ADDRESS_FAMILY Family,                           \
            PMIB_UNICASTIPADDRESS_TABLE *Table,                                            \
            PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback, PVOID CallerContext,  \
            HANDLE *NotificationHandle))                                                   \
    X(GetIpNetTable2, (ADDRESS_FAMILY Family, PMIB_IPNET_TABLE2 *Table))                  \
    X(GetIpNetEntry2, (PMIB_IPNET_ROW2 Row))                                               \
    X(CreateIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row))                                      \
    X(SetIpNetEntry2, (PMIB_IPNET_ROW2 Row))                                               \
    X(DeleteIpNetEntry2, (CONST MIB_IPNET_ROW2 *Row))                                      \
    X(FlushIpNetTable2, (ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex))               \
    X(ResolveIpNetEntry2, (PMIB_IPNET_ROW2 Row, CONST SOCKADDR_INET *SourceAddress))

#ifdef NETIOAPI_COMPAT_FLAVOUR_NT
/* NETIOAPI_COMPAT_NT_TWINS, one line each, in its order. */
#define GetIpInterfaceEntry nio_nt_GetIpInterfaceEntry
#define GetIpInterfaceTable nio_nt_GetIpInterfaceTable
#define SetIpInterfaceEntry nio_nt_SetIpInterfaceEntry
#define NotifyIpInterfaceChange nio_nt_NotifyIpInterfaceChange
#define CancelMibChangeNotify2 nio_nt_CancelMibChangeNotify2
#define ConvertInterfaceIndexToLuid nio_nt_ConvertInterfaceIndexToLuid
#define ConvertInterfaceLuidToIndex nio_nt_ConvertInterfaceLuidToIndex
#define ConvertInterfaceLuidToNameA nio_nt_ConvertInterfaceLuidToNameA
#define ConvertInterfaceLuidToNameW nio_nt_ConvertInterfaceLuidToNameW
#define ConvertInterfaceNameToLuidA nio_nt_ConvertInterfaceNameToLuidA
#define ConvertInterfaceNameToLuidW nio_nt_ConvertInterfaceNameToLuidW
#define ConvertInterfaceLuidToGuid nio_nt_ConvertInterfaceLuidToGuid
#define ConvertInterfaceGuidToLuid nio_nt_ConvertInterfaceGuidToLuid
#define ConvertInterfaceLuidToAlias nio_nt_ConvertInterfaceLuidToAlias
#define ConvertInterfaceAliasToLuid nio_nt_ConvertInterfaceAliasToLuid
#define GetIfEntry2 nio_nt_GetIfEntry2
#define GetIfEntry2Ex nio_nt_GetIfEntry2Ex
#define GetIfTable2 nio_nt_GetIfTable2
#define GetIfTable2Ex nio_nt_GetIfTable2Ex
#define GetBestRoute2 nio_nt_GetBestRoute2
#define GetIpForwardTable2 nio_nt_GetIpForwardTable2
#define GetIpForwardEntry2 nio_nt_GetIpForwardEntry2
#define CreateIpForwardEntry2 nio_nt_CreateIpForwardEntry2
#define SetIpForwardEntry2 nio_nt_SetIpForwardEntry2
#define DeleteIpForwardEntry2 nio_nt_DeleteIpForwardEntry2
#define NotifyRouteChange2 nio_nt_NotifyRouteChange2
#define GetUnicastIpAddressEntry nio_nt_GetUnicastIpAddressEntry
#define GetUnicastIpAddressTable nio_nt_GetUnicastIpAddressTable
#define CreateUnicastIpAddressEntry nio_nt_CreateUnicastIpAddressEntry
#define SetUnicastIpAddressEntry nio_nt_SetUnicastIpAddressEntry
#define DeleteUnicastIpAddressEntry nio_nt_DeleteUnicastIpAddressEntry
#define NotifyUnicastIpAddressChange nio_nt_NotifyUnicastIpAddressChange
#define NotifyStableUnicastIpAddressTable nio_nt_NotifyStableUnicastIpAddressTable
#define GetIpNetTable2 nio_nt_GetIpNetTable2
#define GetIpNetEntry2 nio_nt_GetIpNetEntry2
#define CreateIpNetEntry2 nio_nt_CreateIpNetEntry2
#define SetIpNetEntry2 nio_nt_SetIpNetEntry2
#define DeleteIpNetEntry2 nio_nt_DeleteIpNetEntry2
#define FlushIpNetTable2 nio_nt_FlushIpNetTable2
#define ResolveIpNetEntry2 nio_nt_ResolveIpNetEntry2
#endif

#endif /* NETIOAPI_COMPAT_NT_H */
