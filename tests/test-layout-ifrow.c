/* test-layout-ifrow.c - MIB_IF_ROW2, MIB_IF_TABLE2, MIB_IPFORWARD_ROW2,
 * MIB_IPFORWARD_TABLE2, IP_ADDRESS_PREFIX and PIPFORWARD_CHANGE_CALLBACK
 * against the Windows x64 layout, field by field.  The
 * offsets below were printed by a program built with mingw-w64's
 * netioapi.h (x86_64-w64-mingw32-gcc, run under Wine), so rows can be
 * exchanged with Windows code byte for byte; the enumerator values are
 * those of Windows' ifdef.h, ntddndis.h and nldef.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netioapi_compat.h"
#include "layout-check.h"

static void test_if_row2(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(MIB_IF_ROW2, InterfaceLuid, 0, 8),
        FIELD(MIB_IF_ROW2, InterfaceIndex, 8, 4),
        FIELD(MIB_IF_ROW2, InterfaceGuid, 12, 16),
        FIELD(MIB_IF_ROW2, Alias, 28, 514),
        FIELD(MIB_IF_ROW2, Description, 542, 514),
        FIELD(MIB_IF_ROW2, PhysicalAddressLength, 1056, 4),
        FIELD(MIB_IF_ROW2, PhysicalAddress, 1060, 32),
        FIELD(MIB_IF_ROW2, PermanentPhysicalAddress, 1092, 32),
        FIELD(MIB_IF_ROW2, Mtu, 1124, 4),
        FIELD(MIB_IF_ROW2, Type, 1128, 4),
        FIELD(MIB_IF_ROW2, TunnelType, 1132, 4),
        FIELD(MIB_IF_ROW2, MediaType, 1136, 4),
        FIELD(MIB_IF_ROW2, PhysicalMediumType, 1140, 4),
        FIELD(MIB_IF_ROW2, AccessType, 1144, 4),
        FIELD(MIB_IF_ROW2, DirectionType, 1148, 4),
        FIELD(MIB_IF_ROW2, InterfaceAndOperStatusFlags, 1152, 1),
        FIELD(MIB_IF_ROW2, OperStatus, 1156, 4),
        FIELD(MIB_IF_ROW2, AdminStatus, 1160, 4),
        FIELD(MIB_IF_ROW2, MediaConnectState, 1164, 4),
        FIELD(MIB_IF_ROW2, NetworkGuid, 1168, 16),
        FIELD(MIB_IF_ROW2, ConnectionType, 1184, 4),
        FIELD(MIB_IF_ROW2, TransmitLinkSpeed, 1192, 8),
        FIELD(MIB_IF_ROW2, ReceiveLinkSpeed, 1200, 8),
        FIELD(MIB_IF_ROW2, InOctets, 1208, 8),
        FIELD(MIB_IF_ROW2, InUcastPkts, 1216, 8),
        FIELD(MIB_IF_ROW2, InNUcastPkts, 1224, 8),
        FIELD(MIB_IF_ROW2, InDiscards, 1232, 8),
        FIELD(MIB_IF_ROW2, InErrors, 1240, 8),
        FIELD(MIB_IF_ROW2, InUnknownProtos, 1248, 8),
        FIELD(MIB_IF_ROW2, InUcastOctets, 1256, 8),
        FIELD(MIB_IF_ROW2, InMulticastOctets, 1264, 8),
        FIELD(MIB_IF_ROW2, InBroadcastOctets, 1272, 8),
        FIELD(MIB_IF_ROW2, OutOctets, 1280, 8),
        FIELD(MIB_IF_ROW2, OutUcastPkts, 1288, 8),
        FIELD(MIB_IF_ROW2, OutNUcastPkts, 1296, 8),
        FIELD(MIB_IF_ROW2, OutDiscards, 1304, 8),
        FIELD(MIB_IF_ROW2, OutErrors, 1312, 8),
        FIELD(MIB_IF_ROW2, OutUcastOctets, 1320, 8),
        FIELD(MIB_IF_ROW2, OutMulticastOctets, 1328, 8),
        FIELD(MIB_IF_ROW2, OutBroadcastOctets, 1336, 8),
        FIELD(MIB_IF_ROW2, OutQLen, 1344, 8),
    };
    assert_int_equal(sizeof(MIB_IF_ROW2), 1352);
    check_fields(f, sizeof(f) / sizeof(f[0]));
}

static void test_if_table2(void **state)
{
    (void)state;
    assert_int_equal(offsetof(MIB_IF_TABLE2, NumEntries), 0);
    assert_int_equal(offsetof(MIB_IF_TABLE2, Table), 8);
    assert_int_equal(sizeof(MIB_IF_TABLE2), 8 + 1352);
}

/* The flags byte: HardwareInterface is bit 0, EndPointInterface bit 7. */
static void test_if_row2_flags(void **state)
{
    (void)state;
    MIB_IF_ROW2 row;
    unsigned char byte;
    memset(&row, 0, sizeof(row));
    row.InterfaceAndOperStatusFlags.HardwareInterface = 1;
    row.InterfaceAndOperStatusFlags.NotMediaConnected = 1;
    row.InterfaceAndOperStatusFlags.EndPointInterface = 1;
    memcpy(&byte, (const char *)&row + offsetof(MIB_IF_ROW2, InterfaceAndOperStatusFlags), 1);
    assert_int_equal(byte, 0x01 | 0x10 | 0x80);
}

static void test_ipforward_row2(void **state)
{
    (void)state;
    static const struct field f[] = {
        FIELD(MIB_IPFORWARD_ROW2, InterfaceLuid, 0, 8),
        FIELD(MIB_IPFORWARD_ROW2, InterfaceIndex, 8, 4),
        FIELD(MIB_IPFORWARD_ROW2, DestinationPrefix, 12, 32),
        FIELD(MIB_IPFORWARD_ROW2, NextHop, 44, 28),
        FIELD(MIB_IPFORWARD_ROW2, SitePrefixLength, 72, 1),
        FIELD(MIB_IPFORWARD_ROW2, ValidLifetime, 76, 4),
        FIELD(MIB_IPFORWARD_ROW2, PreferredLifetime, 80, 4),
        FIELD(MIB_IPFORWARD_ROW2, Metric, 84, 4),
        FIELD(MIB_IPFORWARD_ROW2, Protocol, 88, 4),
        FIELD(MIB_IPFORWARD_ROW2, Loopback, 92, 1),
        FIELD(MIB_IPFORWARD_ROW2, AutoconfigureAddress, 93, 1),
        FIELD(MIB_IPFORWARD_ROW2, Publish, 94, 1),
        FIELD(MIB_IPFORWARD_ROW2, Immortal, 95, 1),
        FIELD(MIB_IPFORWARD_ROW2, Age, 96, 4),
        FIELD(MIB_IPFORWARD_ROW2, Origin, 100, 4),
        FIELD(IP_ADDRESS_PREFIX, Prefix, 0, 28),
        FIELD(IP_ADDRESS_PREFIX, PrefixLength, 28, 1),
    };
    assert_int_equal(sizeof(MIB_IPFORWARD_ROW2), 104);
    assert_int_equal(sizeof(IP_ADDRESS_PREFIX), 32);
    check_fields(f, sizeof(f) / sizeof(f[0]));
}

static void test_ipforward_table2(void **state)
{
    (void)state;
    assert_int_equal(offsetof(MIB_IPFORWARD_TABLE2, NumEntries), 0);
    assert_int_equal(offsetof(MIB_IPFORWARD_TABLE2, Table), 8);
    assert_int_equal(sizeof(MIB_IPFORWARD_TABLE2), 8 + 104);
    /* Row i sits at 8 + 104 * i, as Windows code walks it. */
    assert_int_equal(offsetof(MIB_IPFORWARD_TABLE2, Table[2]), 8 + 2 * 104);
}

/* The route callback: mingw-w64 declares it with Windows' signature; here
 * a call through it must carry the three arguments unchanged. */
static PVOID seen_ctx;
static PMIB_IPFORWARD_ROW2 seen_row;
static MIB_NOTIFICATION_TYPE seen_type;

static VOID NETIOAPI_API_ on_route(PVOID ctx, PMIB_IPFORWARD_ROW2 row, MIB_NOTIFICATION_TYPE type)
{
    seen_ctx = ctx;
    seen_row = row;
    seen_type = type;
}

static void test_ipforward_callback(void **state)
{
    (void)state;
    MIB_IPFORWARD_ROW2 row;
    int ctx;
    PIPFORWARD_CHANGE_CALLBACK cb = on_route;
    assert_int_equal(sizeof(cb), 8);
    cb(&ctx, &row, MibDeleteInstance);
    assert_ptr_equal(seen_ctx, &ctx);
    assert_ptr_equal(seen_row, &row);
    assert_int_equal(seen_type, MibDeleteInstance);
    assert_int_equal(MibDeleteInstance, 2);
}

/* Enums are int-sized, as on Windows, and carry Windows' values. */
static void test_enums(void **state)
{
    (void)state;
    assert_int_equal(sizeof(IF_OPER_STATUS), 4);
    assert_int_equal(sizeof(NDIS_MEDIUM), 4);
    assert_int_equal(sizeof(NL_ROUTE_PROTOCOL), 4);
    assert_int_equal(sizeof(MIB_IF_TABLE_LEVEL), 4);
    assert_int_equal(IfOperStatusUp, 1);
    assert_int_equal(IfOperStatusDormant, 5);
    assert_int_equal(IfOperStatusLowerLayerDown, 7);
    assert_int_equal(NET_IF_ADMIN_STATUS_DOWN, 2);
    assert_int_equal(MediaConnectStateDisconnected, 2);
    assert_int_equal(NET_IF_ACCESS_POINT_TO_POINT, 3);
    assert_int_equal(NET_IF_CONNECTION_DEMAND, 3);
    assert_int_equal(NET_IF_DIRECTION_RECEIVEONLY, 2);
    assert_int_equal(TUNNEL_TYPE_DIRECT, 2);
    assert_int_equal(TUNNEL_TYPE_TEREDO, 14);
    assert_int_equal(NdisMediumTunnel, 15);
    assert_int_equal(NdisMediumLoopback, 17);
    assert_int_equal(NdisMediumIP, 19);
    assert_int_equal(NdisPhysicalMediumNative802_11, 9);
    assert_int_equal(NdisPhysicalMedium802_3, 14);
    assert_int_equal(NdisPhysicalMediumOther, 19);
    assert_int_equal(MibIfEntryNormalWithoutStatistics, 2);
    assert_int_equal(MibIfTableRaw, 1);
    assert_int_equal(MibIfTableNormalWithoutStatistics, 2);
    assert_int_equal(RouteProtocolNetMgmt, 3);
    assert_int_equal(RouteProtocolBgp, 14);
    assert_int_equal(RouteProtocolDhcp, 19);
    assert_int_equal(MIB_IPPROTO_NT_STATIC, 10006);
    assert_int_equal(NlroRouterAdvertisement, 3);
    assert_int_equal(Nlro6to4, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_if_row2),
        cmocka_unit_test(test_if_table2),
        cmocka_unit_test(test_if_row2_flags),
        cmocka_unit_test(test_ipforward_row2),
        cmocka_unit_test(test_ipforward_table2),
        cmocka_unit_test(test_ipforward_callback),
        cmocka_unit_test(test_enums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
