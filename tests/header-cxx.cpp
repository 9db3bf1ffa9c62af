// header-cxx.cpp - the public header alone as C++11 under -pedantic -Wall
// -Wextra -Werror, in the flavour the build selects, with the declarations
// ported code copies out of Windows' netioapi.h.  Checked at compile time;
// nothing is linked.
#include "netioapi_compat.h"
#include "netioapi_compat.h" // twice: the include guard

#include <type_traits>

static_assert(sizeof(MIB_IPINTERFACE_ROW) == 168, "MIB_IPINTERFACE_ROW is 168 bytes");
static_assert(offsetof(MIB_IPINTERFACE_ROW, ZoneIndices) == 80, "ZoneIndices at 80");
static_assert(offsetof(MIB_IPINTERFACE_ROW, DisableDefaultRoutes) == 166, "last field at 166");
static_assert(sizeof(NET_LUID) == 8, "NET_LUID is 8 bytes");
static_assert(sizeof(SOCKADDR_INET) == 28, "SOCKADDR_INET is 28 bytes");
static_assert(offsetof(MIB_IPINTERFACE_TABLE, Table) == 8, "Table at 8");
static_assert(sizeof(MIB_IPFORWARD_ROW2) == 104, "MIB_IPFORWARD_ROW2 is 104 bytes");
static_assert(offsetof(MIB_IPFORWARD_TABLE2, Table) == 8, "route Table at 8");
static_assert(sizeof(MIB_IPFORWARD_TABLE2) == 112, "MIB_IPFORWARD_TABLE2 is 112 bytes");
static_assert(sizeof(MIB_IPNET_ROW2) == 88, "MIB_IPNET_ROW2 is 88 bytes");
static_assert(offsetof(MIB_IPNET_ROW2, State) == 76, "State at 76");
static_assert(offsetof(MIB_IPNET_TABLE2, Table) == 8, "neighbour Table at 8");
static_assert(std::is_same<WCHAR, char16_t>::value, "u\"\" literals are PCWSTR");
#ifdef NETIOAPI_COMPAT_FLAVOUR_NT
static_assert(std::is_same<NETIO_STATUS, NTSTATUS>::value, "NTSTATUS flavour");
#else
static_assert(std::is_same<NETIO_STATUS, DWORD>::value, "Win32 flavour");
#endif

// Ported code's own copies of the declarations (C linkage is kept from the
// header's extern "C" block).
NETIOAPI_API GetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
NETIOAPI_API SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);
NETIOAPI_API GetIpInterfaceTable(ADDRESS_FAMILY Family, PMIB_IPINTERFACE_TABLE *Table);
VOID NETIOAPI_API_ FreeMibTable(PVOID Memory);
NETIOAPI_API NotifyIpInterfaceChange(ADDRESS_FAMILY Family, PIPINTERFACE_CHANGE_CALLBACK Callback,
                                     PVOID CallerContext, BOOLEAN InitialNotification,
                                     HANDLE *NotificationHandle);
NETIOAPI_API CancelMibChangeNotify2(HANDLE NotificationHandle);
NETIOAPI_API ConvertInterfaceLuidToNameW(CONST NET_LUID *InterfaceLuid, PWSTR InterfaceName,
                                         SIZE_T Length);
NETIOAPI_API ConvertInterfaceAliasToLuid(CONST WCHAR *InterfaceAlias, PNET_LUID InterfaceLuid);
VOID NETIOAPI_API_ InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row);
NETIOAPI_API GetIpForwardTable2(ADDRESS_FAMILY Family, PMIB_IPFORWARD_TABLE2 *Table);
NETIOAPI_API GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row);
NETIOAPI_API CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
NETIOAPI_API SetIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Route);
NETIOAPI_API DeleteIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);
NETIOAPI_API NotifyRouteChange2(ADDRESS_FAMILY AddressFamily, PIPFORWARD_CHANGE_CALLBACK Callback,
                                PVOID CallerContext, BOOLEAN InitialNotification,
                                HANDLE *NotificationHandle);
DWORD WINAPI GetBestInterfaceEx(struct sockaddr *pDestAddr, PDWORD pdwBestIfIndex);
NETIOAPI_API GetIpNetTable2(ADDRESS_FAMILY Family, PMIB_IPNET_TABLE2 *Table);
NETIOAPI_API GetIpNetEntry2(PMIB_IPNET_ROW2 Row);
NETIOAPI_API CreateIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);
NETIOAPI_API SetIpNetEntry2(PMIB_IPNET_ROW2 Row);
NETIOAPI_API DeleteIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);
NETIOAPI_API FlushIpNetTable2(ADDRESS_FAMILY Family, NET_IFINDEX InterfaceIndex);
NETIOAPI_API ResolveIpNetEntry2(PMIB_IPNET_ROW2 Row, CONST SOCKADDR_INET *SourceAddress);

static_assert(std::is_same<decltype(GetIpInterfaceEntry(nullptr)), NETIO_STATUS>::value,
              "Get returns NETIO_STATUS");
static_assert(std::is_same<decltype(ConvertInterfaceAliasToLuid(u"eth0", nullptr)),
                           NETIO_STATUS>::value,
              "AliasToLuid takes u\"\" literals");
static_assert(std::is_same<decltype(CreateIpForwardEntry2(nullptr)), NETIO_STATUS>::value,
              "CreateIpForwardEntry2 returns NETIO_STATUS");
static_assert(std::is_same<decltype(NotifyRouteChange2(AF_INET, nullptr, nullptr, FALSE,
                                                       nullptr)),
                           NETIO_STATUS>::value,
              "NotifyRouteChange2 returns NETIO_STATUS");
static_assert(std::is_same<decltype(GetIpNetTable2(AF_INET, nullptr)), NETIO_STATUS>::value,
              "GetIpNetTable2 returns NETIO_STATUS");
static_assert(std::is_same<decltype(ResolveIpNetEntry2(nullptr, nullptr)), NETIO_STATUS>::value,
              "ResolveIpNetEntry2 returns NETIO_STATUS");
static_assert(std::is_same<decltype(FlushIpNetTable2(AF_INET6, 0)), NETIO_STATUS>::value,
              "FlushIpNetTable2 returns NETIO_STATUS");
static_assert(std::is_same<decltype(NlnsPermanent), NL_NEIGHBOR_STATE>::value,
              "the states are NL_NEIGHBOR_STATE");
// iphlpapi's: a Win32 DWORD in both flavours.
static_assert(std::is_same<decltype(GetBestInterfaceEx(nullptr, nullptr)), DWORD>::value,
              "GetBestInterfaceEx returns DWORD");
static_assert(std::is_same<PIPFORWARD_CHANGE_CALLBACK,
                           VOID(NETIOAPI_API_ *)(PVOID, PMIB_IPFORWARD_ROW2,
                                                 MIB_NOTIFICATION_TYPE)>::value,
              "PIPFORWARD_CHANGE_CALLBACK has Windows' signature");

int main()
{
    MIB_IPINTERFACE_ROW row = {};
    NET_LUID luid = {};
    luid.Info.IfType = IF_TYPE_SOFTWARE_LOOPBACK;
    luid.Info.NetLuidIndex = 1;
    row.Family = AF_INET;
    row.InterfaceLuid = luid;
    row.RouterDiscoveryBehavior = RouterDiscoveryUnchanged;
    return row.InterfaceLuid.Value == 0x18000001000000ull ? 0 : 1;
}
