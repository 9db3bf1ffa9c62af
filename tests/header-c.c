/* header-c.c - the public header alone, as C99 or C11 under -pedantic
 * -Wall -Wextra -Werror, in the flavour the build selects.  Everything is
 * checked at compile time; nothing is linked, so running it only says that
 * it compiled. */
#include "netioapi_compat.h"
#include "netioapi_compat.h" /* twice: the include guard */

/* CHECK at file scope, CHECK_IN inside a function. */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define CHECK(expr, what) _Static_assert(expr, what)
#define CHECK_IN(expr, what) _Static_assert(expr, what)
#else
#define CHECK_NAME2(line) check_line_##line
#define CHECK_NAME(line) CHECK_NAME2(line)
#define CHECK(expr, what) typedef char CHECK_NAME(__LINE__)[(expr) ? 1 : -1]
#define CHECK_IN(expr, what) (void)sizeof(char[(expr) ? 1 : -1])
#endif

CHECK(sizeof(MIB_IPINTERFACE_ROW) == 168, "MIB_IPINTERFACE_ROW is 168 bytes");
CHECK(sizeof(NET_LUID) == 8, "NET_LUID is 8 bytes");
CHECK(sizeof(SOCKADDR_INET) == 28, "SOCKADDR_INET is 28 bytes");
CHECK(sizeof(GUID) == 16, "GUID is 16 bytes");
CHECK(offsetof(MIB_IPINTERFACE_TABLE, Table) == 8, "Table at 8");
CHECK(sizeof(MIB_IPFORWARD_ROW2) == 104, "MIB_IPFORWARD_ROW2 is 104 bytes");
CHECK(offsetof(MIB_IPFORWARD_TABLE2, Table) == 8, "route Table at 8");
CHECK(sizeof(MIB_IPFORWARD_TABLE2) == 112, "MIB_IPFORWARD_TABLE2 is 112 bytes");
CHECK(sizeof(MIB_IPNET_ROW2) == 88, "MIB_IPNET_ROW2 is 88 bytes");
CHECK(offsetof(MIB_IPNET_ROW2, ReachabilityTime) == 84, "ReachabilityTime at 84");
CHECK(offsetof(MIB_IPNET_TABLE2, Table) == 8, "neighbour Table at 8");
CHECK(sizeof(MIB_IPNET_TABLE2) == 96, "MIB_IPNET_TABLE2 is 96 bytes");
CHECK(NlnsPermanent == 6 && NlnsMaximum == 7, "NL_NEIGHBOR_STATE as nldef.h");
CHECK(sizeof(WCHAR) == 2, "WCHAR is a UTF-16 unit");
CHECK(sizeof(NETIO_STATUS) == 4, "NETIO_STATUS is 32 bits");
#ifdef NETIOAPI_COMPAT_FLAVOUR_NT
CHECK((NETIO_STATUS)-1 < 0, "NTSTATUS flavour: NETIO_STATUS is signed");
CHECK(!NETIO_SUCCESS(STATUS_NOT_FOUND), "STATUS_NOT_FOUND is a failure");
CHECK(NETIO_SUCCESS(STATUS_SUCCESS), "STATUS_SUCCESS is a success");
#else
CHECK((NETIO_STATUS)-1 > 0, "Win32 flavour: NETIO_STATUS is a DWORD");
CHECK(!NETIO_SUCCESS(ERROR_NOT_FOUND), "ERROR_NOT_FOUND is a failure");
CHECK(NETIO_SUCCESS(NO_ERROR), "NO_ERROR is a success");
#endif

/* A callback of the type the notification functions take. */
static VOID NETIOAPI_API_ on_change(PVOID ctx, PMIB_IPINTERFACE_ROW row,
                                    MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

/* A route callback; -Werror makes any other signature an error. */
static VOID NETIOAPI_API_ on_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    (void)ctx;
    (void)row;
    (void)type;
}

/* The route functions, checked against their prototypes inside sizeof. */
static void route_calls(void)
{
    MIB_IPFORWARD_ROW2 route = {0};
    PMIB_IPFORWARD_TABLE2 routes = NULL;
    PIPFORWARD_CHANGE_CALLBACK rcb = on_route;
    HANDLE handle = NULL;
    DWORD index = 0;
    SOCKADDR_INET dst;
    CHECK_IN(sizeof(&InitializeIpForwardEntry) == sizeof(void (*)(void)), "InitializeIpForward");
    CHECK_IN(sizeof(GetIpForwardTable2(AF_UNSPEC, &routes)) == 4, "GetIpForwardTable2");
    CHECK_IN(sizeof(GetIpForwardEntry2(&route)) == 4, "GetIpForwardEntry2");
    CHECK_IN(sizeof(CreateIpForwardEntry2(&route)) == 4, "CreateIpForwardEntry2");
    CHECK_IN(sizeof(SetIpForwardEntry2(&route)) == 4, "SetIpForwardEntry2");
    CHECK_IN(sizeof(DeleteIpForwardEntry2(&route)) == 4, "DeleteIpForwardEntry2");
    CHECK_IN(sizeof(NotifyRouteChange2(AF_INET, rcb, NULL, TRUE, &handle)) == 4, "Notify");
    CHECK_IN(sizeof(GetBestInterface(0, &index)) == 4, "GetBestInterface");
    CHECK_IN(sizeof(GetBestInterfaceEx((struct sockaddr *)&dst, &index)) == 4, "...Ex");
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
    CHECK_IN(_Generic(CreateIpForwardEntry2(&route), NETIO_STATUS: 1, default: 0),
             "CreateIpForwardEntry2 returns NETIO_STATUS");
    /* iphlpapi functions: a Win32 DWORD in both flavours. */
    CHECK_IN(_Generic(GetBestInterfaceEx((struct sockaddr *)&dst, &index), DWORD: 1, default: 0),
             "GetBestInterfaceEx returns DWORD");
#endif
    rcb(NULL, &route, MibParameterNotification);
    (void)routes;
}

/* The neighbour functions, checked against their prototypes inside sizeof. */
static void neigh_calls(void)
{
    MIB_IPNET_ROW2 neigh = {0};
    const MIB_IPNET_ROW2 *cneigh = &neigh;
    PMIB_IPNET_TABLE2 neighs = NULL;
    SOCKADDR_INET src = {0};
    CHECK_IN(sizeof(GetIpNetTable2(AF_UNSPEC, &neighs)) == 4, "GetIpNetTable2");
    CHECK_IN(sizeof(GetIpNetEntry2(&neigh)) == 4, "GetIpNetEntry2");
    CHECK_IN(sizeof(CreateIpNetEntry2(cneigh)) == 4, "CreateIpNetEntry2");
    CHECK_IN(sizeof(SetIpNetEntry2(&neigh)) == 4, "SetIpNetEntry2");
    CHECK_IN(sizeof(DeleteIpNetEntry2(cneigh)) == 4, "DeleteIpNetEntry2");
    CHECK_IN(sizeof(FlushIpNetTable2(AF_INET6, 0)) == 4, "FlushIpNetTable2");
    CHECK_IN(sizeof(ResolveIpNetEntry2(&neigh, &src)) == 4, "ResolveIpNetEntry2");
    CHECK_IN(sizeof(ResolveIpNetEntry2(&neigh, NULL)) == 4, "ResolveIpNetEntry2 NULL source");
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
    CHECK_IN(_Generic(GetIpNetTable2(AF_INET, &neighs), NETIO_STATUS: 1, default: 0),
             "GetIpNetTable2 returns NETIO_STATUS");
    CHECK_IN(_Generic(ResolveIpNetEntry2(&neigh, &src), NETIO_STATUS: 1, default: 0),
             "ResolveIpNetEntry2 returns NETIO_STATUS");
    CHECK_IN(_Generic(FlushIpNetTable2(AF_INET, 1), NETIO_STATUS: 1, default: 0),
             "FlushIpNetTable2 returns NETIO_STATUS");
#endif
    neigh.State = NlnsReachable;
    neigh.IsRouter = TRUE;
    neigh.IsUnreachable = FALSE;
    neigh.ReachabilityTime.LastUnreachable = 0;
    (void)neighs;
    (void)src;
}

int main(void)
{
    MIB_IPINTERFACE_ROW row = {0};
    PMIB_IPINTERFACE_TABLE table = NULL;
    NET_LUID luid = {0};
    NET_IFINDEX index = 0;
    GUID guid = {0};
    CHAR name[NDIS_IF_MAX_STRING_SIZE + 1] = {0};
    WCHAR wname[NDIS_IF_MAX_STRING_SIZE + 1] = {0};
    PIPINTERFACE_CHANGE_CALLBACK cb = on_change;
    HANDLE handle = NULL;

    /* Each call inside sizeof: checked against its prototype, never
     * evaluated, so nothing needs linking. */
    CHECK_IN(sizeof(GetIpInterfaceEntry(&row)) == sizeof(NETIO_STATUS), "Get");
    CHECK_IN(sizeof(GetIpInterfaceTable(AF_INET6, &table)) == sizeof(NETIO_STATUS), "Table");
    CHECK_IN(sizeof(SetIpInterfaceEntry(&row)) == sizeof(NETIO_STATUS), "Set");
    CHECK_IN(sizeof(NotifyIpInterfaceChange(AF_UNSPEC, cb, NULL, TRUE, &handle)) == 4, "Notify");
    CHECK_IN(sizeof(CancelMibChangeNotify2(handle)) == 4, "Cancel");
    CHECK_IN(sizeof(ConvertInterfaceIndexToLuid(index, &luid)) == 4, "IndexToLuid");
    CHECK_IN(sizeof(ConvertInterfaceLuidToIndex(&luid, &index)) == 4, "LuidToIndex");
    CHECK_IN(sizeof(ConvertInterfaceLuidToNameA(&luid, name, sizeof(name))) == 4, "LuidToNameA");
    CHECK_IN(sizeof(ConvertInterfaceLuidToNameW(&luid, wname, 257)) == 4, "LuidToNameW");
    CHECK_IN(sizeof(ConvertInterfaceNameToLuidA(name, &luid)) == 4, "NameToLuidA");
    CHECK_IN(sizeof(ConvertInterfaceNameToLuidW(wname, &luid)) == 4, "NameToLuidW");
    CHECK_IN(sizeof(ConvertInterfaceLuidToGuid(&luid, &guid)) == 4, "LuidToGuid");
    CHECK_IN(sizeof(ConvertInterfaceGuidToLuid(&guid, &luid)) == 4, "GuidToLuid");
    CHECK_IN(sizeof(ConvertInterfaceLuidToAlias(&luid, wname, 257)) == 4, "LuidToAlias");
    CHECK_IN(sizeof(ConvertInterfaceAliasToLuid(wname, &luid)) == 4, "AliasToLuid");
    CHECK_IN(sizeof(&FreeMibTable) == sizeof(void (*)(void)), "FreeMibTable");
    CHECK_IN(sizeof(&InitializeIpInterfaceEntry) == sizeof(void (*)(void)), "Initialize");
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
    CHECK_IN(_Generic(GetIpInterfaceEntry(&row), NETIO_STATUS: 1, default: 0),
          "Get returns NETIO_STATUS");
    CHECK_IN(_Generic(ConvertInterfaceAliasToLuid(wname, &luid), NETIO_STATUS: 1, default: 0),
          "AliasToLuid returns NETIO_STATUS");
    {
        const WCHAR *alias = u"eth0"; /* ported code writes L"" as u"" */
        (void)alias;
    }
#endif

    luid.Info.IfType = IF_TYPE_SOFTWARE_LOOPBACK;
    luid.Info.NetLuidIndex = 1;
    row.Family = AF_INET;
    row.InterfaceLuid = luid;
    row.RouterDiscoveryBehavior = RouterDiscoveryUnchanged;
    row.LinkLocalAddressBehavior = LinkLocalUnchanged;
    row.ZoneIndices[ScopeLevelLink] = 1;
    row.TransmitOffload.NlChecksumSupported = TRUE;
    cb(NULL, &row, MibInitialNotification);
    route_calls();
    neigh_calls();
    return luid.Value == 0x18000001000000ull && table == NULL && name[0] == 0 && handle == NULL
               ? 0
               : 1;
}
