/* header-redecl.c - ported code often carries its own copies of Windows'
 * declarations (to load them dynamically, or from an old SDK).  Each one,
 * written as Windows' netioapi.h writes it, must agree with this header's,
 * in both flavours. */
#include "netioapi_compat.h"

VOID NETIOAPI_API_ InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
NETIOAPI_API GetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
NETIOAPI_API SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
NETIOAPI_API GetIpInterfaceTable(ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table);
VOID NETIOAPI_API_ FreeMibTable(PVOID Memory);
NETIOAPI_API NotifyIpInterfaceChange(ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback,
                                     PVOID CallerContext, BOOLEAN InitialNotification,
                                     HANDLE *NotificationHandle);
NETIOAPI_API CancelMibChangeNotify2(HANDLE NotificationHandle);
NETIOAPI_API ConvertInterfaceIndexToLuid(NET_IFINDEX InterfaceIndex, PNET_LUID InterfaceLuid);
NETIOAPI_API ConvertInterfaceLuidToIndex(CONST NET_LUID *InterfaceLuid,
                                         PNET_IFINDEX InterfaceIndex);
NETIOAPI_API ConvertInterfaceLuidToNameA(CONST NET_LUID *InterfaceLuid, PSTR InterfaceName,
                                         SIZE_T Length);
NETIOAPI_API ConvertInterfaceLuidToNameW(CONST NET_LUID *InterfaceLuid, PWSTR InterfaceName,
                                         SIZE_T Length);
NETIOAPI_API ConvertInterfaceNameToLuidA(CONST CHAR *InterfaceName, NET_LUID *InterfaceLuid);
NETIOAPI_API ConvertInterfaceNameToLuidW(CONST WCHAR *InterfaceName, NET_LUID *InterfaceLuid);
NETIOAPI_API ConvertInterfaceLuidToGuid(CONST NET_LUID *InterfaceLuid, GUID *InterfaceGuid);
NETIOAPI_API ConvertInterfaceGuidToLuid(CONST GUID *InterfaceGuid, PNET_LUID InterfaceLuid);
NETIOAPI_API ConvertInterfaceLuidToAlias(CONST NET_LUID *InterfaceLuid, PWSTR InterfaceAlias,
                                         SIZE_T Length);
NETIOAPI_API ConvertInterfaceAliasToLuid(CONST WCHAR *InterfaceAlias, PNET_LUID InterfaceLuid);
NETIOAPI_API GetIfEntry2(PMIB_IF_ROW2 Row);
#if !defined(_WIN32) /* mingw-w64's netioapi.h has no GetIfEntry2Ex */
NETIOAPI_API GetIfEntry2Ex(MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row);
#endif
NETIOAPI_API GetIfTable2(PMIB_IF_TABLE2 *Table);
NETIOAPI_API GetIfTable2Ex(MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table);
NETIOAPI_API GetBestRoute2(NET_LUID *InterfaceLuid, NET_IFINDEX InterfaceIndex,
                           CONST SOCKADDR_INET *SourceAddress,
                           CONST SOCKADDR_INET *DestinationAddress, ULONG AddressSortOptions,
                           PMIB_IPFORWARD_ROW2 BestRoute, SOCKADDR_INET *BestSourceAddress);

VOID NETIOAPI_API_ InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row);
NETIOAPI_API GetIpForwardTable2(ADDRESS_FAMILY Family, PMIB_IPFORWARD_TABLE2 *Table);
NETIOAPI_API GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row);
NETIOAPI_API CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
NETIOAPI_API SetIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Route);
NETIOAPI_API DeleteIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
NETIOAPI_API NotifyRouteChange2(ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
                                PVOID CallerContext, BOOLEAN InitialNotification,
                                HANDLE *NotificationHandle);
/* iphlpapi.h's, not netioapi.h's: Win32 codes in both flavours. */
DWORD WINAPI GetBestInterface(IPAddr dwDestAddr, PDWORD pdwBestIfIndex);
DWORD WINAPI GetBestInterfaceEx(struct sockaddr *pDestAddr, PDWORD pdwBestIfIndex);

/* The same through the pointer types that dynamic loading uses. */
typedef NETIO_STATUS(NETIOAPI_API_ *get_entry_fn)(PMIB_IPINTERFACE_ROW Row);
typedef VOID(NETIOAPI_API_ *free_table_fn)(PVOID Memory);
typedef NETIO_STATUS(NETIOAPI_API_ *create_route_fn)(CONST MIB_IPFORWARD_ROW2 *Row);
typedef NETIO_STATUS(NETIOAPI_API_ *route_table_fn)(ADDRESS_FAMILY Family,
                                                    PMIB_IPFORWARD_TABLE2 *Table);
typedef DWORD(WINAPI *best_interface_ex_fn)(struct sockaddr *pDestAddr, PDWORD pdwBestIfIndex);

int main(void)
{
    get_entry_fn get = NULL;
    free_table_fn release = NULL;
    /* Assigned, not called: -Werror refuses a pointer of another type. */
    create_route_fn create = CreateIpForwardEntry2;
    route_table_fn table = GetIpForwardTable2;
    best_interface_ex_fn best = GetBestInterfaceEx;
    return get == NULL && release == NULL && create != NULL && table != NULL && best != NULL
               ? 0
               : 1;
}
